//! The worker's one dispatch: [`EngineWorker::execute`] handles every [`Request`] in one arm
//! of one `match`, so a new request is added in one place.
//!
//! Reconnecting, stopping a log stream and cancelling a pull need no engine and act at once.
//! Every other request needs the connected engine: while there is none it is dropped (with a
//! debug line); otherwise it runs in a task of its own and answers with a [`Report`]. A log
//! stream and a pull report as they go and can be stopped; the rest answer once.

use std::future::Future;

use tracing::{debug, info};

use super::EngineWorker;
use super::log_stream::{LogSource, run_logs, save_lines, save_log};
use super::pull_task::run_pull;
use super::service_logs::run_service_logs;
use crate::clock::unix_now;
use crate::engine::connect::Engine;
use crate::engine::logs::LogRequest;
use crate::engine::model::ObjectAction;
use crate::engine::protocol::{Report, Request};
use crate::engine::reference::split_tag;

impl EngineWorker {
    /// Starts a request in the background; its outcome arrives as a [`Report`].
    pub fn execute(&self, req: Request) {
        let engine = self.engine.borrow().clone();
        // Only to say which request was dropped, when there is no engine.
        let dropped = engine.is_none().then(|| format!("{req:?}"));
        // The engine for a request that needs one; `None` (and a debug line) when there is none.
        let connected = move || {
            if let Some(req) = dropped {
                debug!(req = %req, "no engine: request dropped");
            }
            engine
        };
        match req {
            Request::ListServices { seq } => self.answer(connected(), move |engine| async move {
                Report::Services {
                    seq,
                    result: engine.list_services().await,
                }
            }),
            Request::ListTasks { seq, service } => {
                self.answer(connected(), move |engine| async move {
                    Report::Tasks {
                        seq,
                        result: engine.list_tasks(service.as_deref()).await,
                        service,
                    }
                })
            }
            Request::ListNodes { seq } => self.answer(connected(), move |engine| async move {
                Report::Nodes {
                    seq,
                    result: engine.list_nodes().await,
                }
            }),
            Request::Service { op, id, name } => {
                self.answer(connected(), move |engine| async move {
                    let result = engine.service_op(op, &id).await;
                    info!(?op, %id, ok = result.is_ok(), "service operation");
                    Report::ServiceDone {
                        op,
                        id,
                        name,
                        result,
                    }
                })
            }
            Request::NodeAvailability {
                id,
                name,
                availability,
            } => self.answer(connected(), move |engine| async move {
                let result = engine.set_node_availability(&id, availability).await;
                info!(?availability, %id, ok = result.is_ok(), "node availability");
                Report::NodeDone {
                    availability,
                    id,
                    name,
                    result,
                }
            }),
            Request::FollowServiceLogs {
                stream,
                service,
                tail,
            } => {
                let Some(engine) = connected() else {
                    return;
                };
                let alarm = engine.alarm.clone();
                let task = tokio::spawn(alarm.watch(run_service_logs(
                    engine,
                    stream,
                    service,
                    tail,
                    self.log_render,
                    self.reports.clone(),
                )));
                self.replace_log_task(stream, task.abort_handle());
            }
            Request::Reconnect => {
                let _ = self.reconnect.try_send(());
            }
            Request::StopLogs { stream } => {
                if let Ok(mut task) = self.log_task.lock() {
                    if task.as_ref().is_some_and(|(s, _)| *s == stream) {
                        if let Some((_, h)) = task.take() {
                            h.abort();
                        }
                    }
                }
            }
            Request::CancelPull { pull } => {
                let handle = self.pulls.lock().ok().and_then(|mut p| p.remove(&pull));
                if let Some(h) = handle {
                    // Dropping the engine's stream is what stops the pull.
                    h.abort();
                    let tx = self.reports.clone();
                    tokio::spawn(async move {
                        let _ = tx
                            .send(Report::PullDone {
                                pull,
                                result: Err("cancelled".into()),
                            })
                            .await;
                    });
                }
            }
            Request::FollowLogs {
                stream,
                containers,
                tail,
                since,
                until,
            } => {
                let Some(engine) = connected() else {
                    return;
                };
                let req = LogRequest {
                    // A window replaces the tail: everything from its start.
                    tail: if since.is_some() { None } else { Some(tail) },
                    since,
                    until,
                    follow: true,
                };
                let alarm = engine.alarm.clone();
                let followed = containers
                    .into_iter()
                    .enumerate()
                    .map(|(i, id)| LogSource {
                        engine: engine.clone(),
                        id,
                        index: u16::try_from(i).unwrap_or(u16::MAX),
                    })
                    .collect();
                let task = tokio::spawn(alarm.watch(run_logs(
                    followed,
                    stream,
                    req,
                    self.log_render,
                    self.reports.clone(),
                )));
                self.replace_log_task(stream, task.abort_handle());
            }
            Request::Stats { ids, source } => {
                let sampler = self.sampler.clone();
                self.answer(connected(), move |engine| async move {
                    let start = std::time::Instant::now();
                    let samples = sampler.sample_all(&engine, ids, source).await;
                    let failed = samples.iter().filter(|(_, r)| r.is_err()).count();
                    debug!(
                        n = samples.len(),
                        failed,
                        ms = start.elapsed().as_millis() as u64,
                        "stats samples"
                    );
                    Report::Stats { samples }
                });
            }
            Request::Pull { pull, reference } => {
                let Some(engine) = connected() else {
                    return;
                };
                let alarm = engine.alarm.clone();
                let task = tokio::spawn(alarm.watch(run_pull(
                    engine,
                    pull,
                    reference,
                    self.reports.clone(),
                )));
                if let Ok(mut pulls) = self.pulls.lock() {
                    pulls.retain(|_, h| !h.is_finished());
                    pulls.insert(pull, task.abort_handle());
                }
            }
            Request::ListContainers { seq } => self.answer(connected(), move |engine| async move {
                // The app's first ask after connecting: the handshake listed already.
                let result = match engine.take_first_list() {
                    Some(list) => list,
                    None => engine.list_containers(unix_now()).await,
                };
                Report::Containers { seq, result }
            }),
            Request::RefreshContainer { seq, id } => {
                self.answer(connected(), move |engine| async move {
                    Report::Container {
                        seq,
                        result: engine.container_row(id.as_str()).await,
                        id,
                    }
                })
            }
            Request::Container {
                op,
                id,
                name,
                remove,
            } => self.answer(connected(), move |engine| async move {
                let result = engine.container_op(op, id.as_str(), remove).await;
                info!(?op, %id, ok = result.is_ok(), "container operation");
                Report::OpDone {
                    op,
                    id,
                    name,
                    result,
                }
            }),
            Request::ListImages { seq } => self.answer(connected(), move |engine| async move {
                Report::Images {
                    seq,
                    result: engine.list_images().await,
                }
            }),
            Request::ListVolumes { seq } => self.answer(connected(), move |engine| async move {
                Report::Volumes {
                    seq,
                    result: engine.list_volumes().await,
                }
            }),
            Request::ListNetworks { seq } => self.answer(connected(), move |engine| async move {
                Report::Networks {
                    seq,
                    result: engine.list_networks().await,
                }
            }),
            Request::RemoveImage { key, label, force } => {
                self.answer(connected(), move |engine| async move {
                    let (layers_deleted, result) = match engine.remove_image(&key, force).await {
                        Ok(r) => (r.deleted.len(), Ok(())),
                        Err(e) => (0, Err(e)),
                    };
                    Report::ObjectDone {
                        action: ObjectAction::RemoveImage { layers_deleted },
                        target: label,
                        result,
                    }
                })
            }
            Request::RemoveVolume { name } => self.answer(connected(), move |engine| async move {
                Report::ObjectDone {
                    action: ObjectAction::RemoveVolume,
                    result: engine.remove_volume(&name, false).await,
                    target: name,
                }
            }),
            Request::RemoveNetwork { id, label } => {
                self.answer(connected(), move |engine| async move {
                    Report::ObjectDone {
                        action: ObjectAction::RemoveNetwork,
                        target: label,
                        result: engine.remove_network(id.as_str()).await,
                    }
                })
            }
            Request::CreateVolume { name } => self.answer(connected(), move |engine| async move {
                // Once created, the volume goes by the name the engine gave it.
                let (target, result) = match engine.create_volume(&name, "", &[]).await {
                    Ok(v) => (v.name, Ok(())),
                    Err(e) => (name, Err(e)),
                };
                Report::ObjectDone {
                    action: ObjectAction::CreateVolume,
                    target,
                    result,
                }
            }),
            Request::CreateNetwork { name } => self.answer(connected(), move |engine| async move {
                Report::ObjectDone {
                    action: ObjectAction::CreateNetwork { internal: true },
                    result: engine
                        .create_network(&name, "", true, None)
                        .await
                        .map(|_| ()),
                    target: name,
                }
            }),
            Request::WritableLayer { id } => self.answer(connected(), move |engine| async move {
                Report::WritableLayer {
                    result: engine.writable_layer(id.as_str()).await,
                    id,
                }
            }),
            Request::TagImage { id, reference } => {
                self.answer(connected(), move |engine| async move {
                    let (repo, tag) = split_tag(&reference);
                    let result = engine
                        .tag_image(id.as_str(), repo, tag.unwrap_or("latest"))
                        .await;
                    Report::ObjectDone {
                        action: ObjectAction::TagImage,
                        target: reference,
                        result,
                    }
                })
            }
            Request::ImageHistory { seq, id } => {
                self.answer(connected(), move |engine| async move {
                    Report::ImageHistory {
                        seq,
                        result: engine.image_history(id.as_str()).await,
                    }
                })
            }
            Request::EventHistory { seq, from } => {
                self.answer(connected(), move |engine| async move {
                    Report::EventHistory {
                        seq,
                        result: engine.event_history(from).await,
                    }
                })
            }
            Request::InspectContainers { seq, ids } => {
                self.answer(connected(), move |engine| async move {
                    Report::ContainerDocs {
                        seq,
                        docs: engine.inspect_containers(ids).await,
                    }
                })
            }
            Request::Compose { call } => self.answer(connected(), move |engine| async move {
                Report::ComposeDone {
                    result: engine.compose(&call).await,
                    call,
                }
            }),
            Request::Inspect { seq, kind, id } => {
                self.answer(connected(), move |engine| async move {
                    Report::Inspected {
                        seq,
                        kind,
                        result: engine.inspect(kind, &id).await,
                        id,
                    }
                })
            }
            Request::ConnectNetwork { network, container } => {
                self.answer(connected(), move |engine| async move {
                    Report::ObjectDone {
                        action: ObjectAction::ConnectNetwork,
                        result: engine.connect_network(network.as_str(), &container).await,
                        target: container,
                    }
                })
            }
            Request::DisconnectNetwork { network, container } => {
                self.answer(connected(), move |engine| async move {
                    Report::ObjectDone {
                        action: ObjectAction::DisconnectNetwork,
                        result: engine
                            .disconnect_network(network.as_str(), &container, false)
                            .await,
                        target: container,
                    }
                })
            }
            // A local file: written off the loop, whether or not an engine is there.
            Request::SaveLines { path, lines } => {
                let tx = self.reports.clone();
                tokio::spawn(async move {
                    let result = save_lines(&path, &lines).await;
                    let _ = tx.send(Report::LinesSaved { path, result }).await;
                });
            }
            Request::ListDir {
                seq,
                container,
                path,
            } => self.answer(connected(), move |engine| async move {
                // A trailing slash: the folder itself, a link to one followed.
                let dir = if path.ends_with('/') {
                    path.clone()
                } else {
                    format!("{path}/")
                };
                let result = engine
                    .list_dir(container.as_str(), &dir, crate::engine::copy::LIST_BUDGET)
                    .await
                    .map(|mut l| {
                        l.path = path;
                        l
                    });
                Report::Listed { seq, result }
            }),
            Request::CopyOut {
                container,
                path,
                dest,
                what,
            } => {
                let progress = self.copy_progress(&what);
                self.answer(connected(), move |engine| async move {
                    let dest = std::path::Path::new(&dest);
                    let result = engine.copy_out(container.as_str(), &path, dest, progress);
                    Report::Copied {
                        result: result.await,
                        what,
                    }
                })
            }
            Request::CopyChanges {
                container,
                dest,
                what,
            } => {
                let progress = self.copy_progress(&what);
                self.answer(connected(), move |engine| async move {
                    let dest = std::path::Path::new(&dest);
                    let result = engine.copy_changes(container.as_str(), dest, progress);
                    Report::Copied {
                        result: result.await,
                        what,
                    }
                })
            }
            Request::CopyIn {
                container,
                local,
                dir,
                what,
            } => {
                let progress = self.copy_progress(&what);
                self.answer(connected(), move |engine| async move {
                    let local = std::path::Path::new(&local);
                    let result = engine.copy_in(container.as_str(), local, &dir, progress);
                    Report::Copied {
                        result: result.await,
                        what,
                    }
                })
            }
            Request::SaveLog { container, path } => {
                self.answer(connected(), move |engine| async move {
                    Report::LogSaved {
                        result: save_log(&engine, container.as_str(), &path).await,
                        path,
                    }
                })
            }
            Request::DiskUsage { seq } => self.answer(connected(), move |engine| async move {
                Report::DiskUsage {
                    seq,
                    result: engine.disk_usage().await,
                }
            }),
            Request::PrunePreview { seq, kind } => {
                self.answer(connected(), move |engine| async move {
                    Report::PrunePreview {
                        seq,
                        result: engine.prune_preview(kind).await,
                    }
                })
            }
            Request::PruneApply { kind, items } => {
                self.answer(connected(), move |engine| async move {
                    let outcome = engine.prune_apply(&items).await;
                    info!(
                        ?kind,
                        removed = outcome.removed.len(),
                        skipped = outcome.skipped.len(),
                        failed = outcome.failed.len(),
                        "prune"
                    );
                    Report::PruneDone { kind, outcome }
                })
            }
            Request::Top { seq, id } => self.answer(connected(), move |engine| async move {
                Report::Top {
                    seq,
                    result: engine.top(id.as_str()).await,
                    id,
                }
            }),
        }
    }

    /// Runs `call` on the engine in a task of its own and sends its report; nothing when
    /// there is no engine.
    /// Reports a copy's progress under `what`; a report is dropped when the app is behind
    /// (the next one says more).
    fn copy_progress(&self, what: &str) -> impl FnMut(u64) + Send + 'static {
        let (tx, what) = (self.reports.clone(), what.to_string());
        move |bytes| {
            let what = what.clone();
            let _ = tx.try_send(Report::CopyProgress { what, bytes });
        }
    }

    /// Makes `task` the one log stream followed: a new stream replaces the old one, whose
    /// lines are of no use any more.
    fn replace_log_task(&self, stream: u64, task: tokio::task::AbortHandle) {
        if let Ok(mut current) = self.log_task.lock() {
            if let Some((_, old)) = current.replace((stream, task)) {
                old.abort();
            }
        }
    }

    fn answer<F, Fut>(&self, engine: Option<Engine>, call: F)
    where
        F: FnOnce(Engine) -> Fut + Send + 'static,
        Fut: Future<Output = Report> + Send + 'static,
    {
        let Some(engine) = engine else {
            return;
        };
        let tx = self.reports.clone();
        let alarm = engine.alarm.clone();
        tokio::spawn(alarm.watch(async move {
            let report = call(engine).await;
            let _ = tx.send(report).await;
        }));
    }
}
