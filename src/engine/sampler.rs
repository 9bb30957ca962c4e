//! Takes stats samples for the app: from the container's cgroup files when the engine runs on
//! this machine (free for the engine), else through the engine's API (about 4 ms of engine CPU
//! a sample). Where each container's files are is found once (its main process's
//! `/proc/PID/cgroup`, the pid from inspect) and remembered.
//!
//! An engine reached over tcp, https or ssh ([`Engine::on_this_machine`] is false) is sampled
//! through the API only: its containers' files are not looked for at all, rather than looked
//! for in vain (an inspect each) every `RELOCATE_AFTER`.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use bollard::query_parameters::InspectContainerOptions;
use futures_util::future::join_all;

use super::cgroup::{CgroupPaths, locate, read_sample};
use super::connect::Engine;
use super::errors::describe;
use crate::config::StatsSource;
use crate::ids::ContainerId;
use crate::stats::Sample;

/// A container whose files could not be found is looked for again after this long (it may
/// have been starting, or its engine is in a VM: one inspect per container per minute).
const RELOCATE_AFTER: Duration = Duration::from_secs(60);

#[derive(Clone, Debug)]
enum Place {
    Files {
        pid: u32,
        paths: Box<CgroupPaths>,
    },
    /// Not readable here (remote engine, a VM, another pid namespace): the API it is.
    Api {
        since: Instant,
    },
}

/// Inspects at once while looking for containers' files. The first sample of a screenful asks
/// one inspect per row (44 at 200x50); all at once they held some 40 parsed inspect documents
/// together: dockhand's heap peaked at 2.6 MB there (100 + 100 containers), against 0.9-1.5 MB
/// at rest. An inspect answers in milliseconds, so eight at a time
/// delay that first sample by tens of milliseconds, once.
const LOCATING_AT_ONCE: usize = 8;

/// Where each container's numbers are read; shared by the worker's sampling tasks.
#[derive(Clone, Debug)]
pub struct Sampler {
    places: Arc<Mutex<HashMap<String, Place>>>,
    locating: Arc<tokio::sync::Semaphore>,
}

impl Default for Sampler {
    fn default() -> Self {
        Self {
            places: Arc::default(),
            locating: Arc::new(tokio::sync::Semaphore::new(LOCATING_AT_ONCE)),
        }
    }
}

impl Sampler {
    /// One sample of each container, all at once (API samples wait for the engine's next
    /// collection tick, up to a second; files answer at once).
    pub async fn sample_all(
        &self,
        engine: &Engine,
        ids: Vec<ContainerId>,
        source: StatsSource,
    ) -> Vec<(ContainerId, Result<Sample, String>)> {
        let jobs = ids.into_iter().map(|id| async move {
            let r = self.sample(engine, id.as_str(), source).await;
            (id, r)
        });
        join_all(jobs).await
    }

    async fn sample(
        &self,
        engine: &Engine,
        id: &str,
        source: StatsSource,
    ) -> Result<Sample, String> {
        if source == StatsSource::Cgroup && !engine.on_this_machine() {
            return Err(
                "this engine is not on this machine: its containers' cgroup files cannot be read here (stats source is \"cgroup\")"
                    .to_string(),
            );
        }
        if source != StatsSource::Api && engine.on_this_machine() {
            for attempt in 0..2 {
                let place = self.place(engine, id, attempt > 0).await?;
                match place {
                    // A restart keeps the cgroup but changes the pid (whose files give the
                    // network numbers): a pid that is no longer the container's is looked up again.
                    Place::Files { pid, .. } if attempt == 0 && !still_there(pid, id) => continue,
                    Place::Files { pid, paths } => match read_sample(&paths, pid, now_ns()) {
                        Ok(s) => return Ok(s),
                        // A restart changes the pid: look again once.
                        Err(_) if attempt == 0 => continue,
                        Err(e) if source == StatsSource::Cgroup => return Err(e),
                        Err(_) => break,
                    },
                    Place::Api { .. } if source == StatsSource::Cgroup => {
                        return Err(
                            "this container's cgroup files cannot be read here (stats source is \"cgroup\")"
                                .to_string(),
                        );
                    }
                    Place::Api { .. } => break,
                }
            }
        }
        engine.stats_api(id).await
    }

    /// Where a container's numbers are: remembered, or found now (`fresh`: look again).
    async fn place(&self, engine: &Engine, id: &str, fresh: bool) -> Result<Place, String> {
        if !fresh {
            let known = self.places.lock().ok().and_then(|p| p.get(id).cloned());
            match known {
                Some(Place::Api { since }) if since.elapsed() < RELOCATE_AFTER => {
                    return Ok(Place::Api { since });
                }
                Some(p @ Place::Files { .. }) => return Ok(p),
                _ => {}
            }
        }
        let pid = {
            // A closed semaphore cannot happen (it is never closed); go on without it if it did.
            let _turn = self.locating.acquire().await.ok();
            main_pid(engine, id).await?
        };
        let place = match pid.and_then(|pid| locate(pid, id).map(|paths| (pid, paths))) {
            Some((pid, paths)) => Place::Files {
                pid,
                paths: Box::new(paths),
            },
            None => Place::Api {
                since: Instant::now(),
            },
        };
        if let Ok(mut p) = self.places.lock() {
            // Containers come and go; keep the map from growing without bound.
            if p.len() > 4096 {
                p.clear();
            }
            p.insert(id.to_string(), place.clone());
        }
        Ok(place)
    }
}

/// The container's main process id on the engine's host, when it runs.
async fn main_pid(engine: &Engine, id: &str) -> Result<Option<u32>, String> {
    let c = engine
        .docker
        .inspect_container(id, None::<InspectContainerOptions>)
        .await
        .map_err(|e| describe(&e))?;
    Ok(c.state
        .and_then(|s| s.pid)
        .and_then(|p| u32::try_from(p).ok())
        .filter(|p| *p > 0))
}

/// Whether `pid` is still a process of container `id` (its cgroup names the id).
fn still_there(pid: u32, id: &str) -> bool {
    std::fs::read_to_string(format!("/proc/{pid}/cgroup")).is_ok_and(|s| s.contains(id))
}

fn now_ns() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_nanos()).unwrap_or(i64::MAX))
}
