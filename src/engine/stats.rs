//! One stats sample of a container from the engine API.
//!
//! Every API sample costs the engine about 4 ms of CPU (see engines.md), so dockhand asks
//! for one sample at a time (`one-shot`), never a stream, and computes rates from two of its
//! own samples ([`crate::stats::rates`]). On a local engine `super::cgroup` reads the same
//! counters for free.

use super::connect::Engine;
use crate::stats::{Sample, parse_api};

impl Engine {
    /// One sample of container `id` (a running container; a stopped one is an error):
    /// `GET /containers/{id}/stats?stream=false&one-shot=true`. One-shot answers at the
    /// engine's next collection (up to 1 s) without the previous sample, so `pre_cpu` is
    /// usually `None` and CPU % needs two calls. Errors are in the engine's words.
    pub async fn stats_api(&self, id: &str) -> Result<Sample, String> {
        // An id or name goes into the path: nothing that could address another endpoint.
        let plain = |c: char| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-');
        if id.is_empty() || !id.chars().all(plain) {
            return Err(format!("not a container id or name: {id:?}"));
        }
        let body = self
            .get_raw(&format!(
                "/containers/{id}/stats?stream=false&one-shot=true"
            ))
            .await?;
        parse_api(&body)
    }
}
