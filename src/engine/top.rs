//! The processes running in a container, as the engine's `top` lists them (`docker top`).

use bollard::query_parameters::TopOptions;

use super::connect::Engine;
use super::errors::describe;

/// The engine's table: column titles (`UID`, `PID`, `CMD`, …) and one row per process.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Top {
    pub titles: Vec<String>,
    pub processes: Vec<Vec<String>>,
}

impl Engine {
    /// `GET /containers/{id}/top` with the engine's default `ps` arguments (`-ef`), which every
    /// engine (and podman) accepts. A stopped container is an error in the engine's words.
    pub async fn top(&self, id: &str) -> Result<Top, String> {
        let r = self
            .docker
            .top_processes(id, None::<TopOptions>)
            .await
            .map_err(|e| describe(&e))?;
        Ok(Top {
            titles: r.titles.unwrap_or_default(),
            processes: r.processes.unwrap_or_default(),
        })
    }
}
