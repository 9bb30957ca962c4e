//! The engine's workers: the connection supervisor (connect, follow events, reconnect with
//! backoff) and the executor of the app's requests. Both report through one channel.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Duration;

use futures_util::StreamExt;
use tokio::sync::{mpsc, watch};
use tracing::{debug, info, warn};

use super::backoff::Backoff;
use super::connect::{Engine, connect_first};
use super::host::Resolution;
use super::logs::{LogEvent, LogRequest};
use super::protocol::{Report, Request};
use super::pull::{PullProgress, apply};
use super::sampler::Sampler;
use crate::clock::unix_now;
use crate::logs::merge::Merger;
use crate::logs::{LogLine, ansi};

/// Handle held by the runtime: send requests, and the engine's reports arrive on the channel
/// given to [`spawn`]. Dropping it stops nothing by itself; the runtime aborts the tasks on exit.
pub struct EngineWorker {
    engine: watch::Receiver<Option<Engine>>,
    /// Pulls in progress, so a cancel can stop them.
    pulls: Mutex<HashMap<u64, tokio::task::AbortHandle>>,
    /// The one log stream followed (the log pane shows one at a time).
    log_task: Mutex<Option<(u64, tokio::task::AbortHandle)>>,
    /// How log lines are rendered (colours kept, line length).
    log_render: LogRender,
    /// Where each container's stats are read (cgroup files or the API).
    sampler: Sampler,
    reconnect: mpsc::Sender<()>,
    reports: mpsc::Sender<Report>,
    supervisor: tokio::task::JoinHandle<()>,
}

impl Drop for EngineWorker {
    fn drop(&mut self) {
        self.supervisor.abort();
    }
}

/// How log lines are made safe: colours kept or not, and where a long line is cut.
#[derive(Clone, Copy, Debug)]
pub struct LogRender {
    pub colors: bool,
    pub max_chars: usize,
}

impl Default for LogRender {
    fn default() -> Self {
        Self {
            colors: true,
            max_chars: 4096,
        }
    }
}

pub fn spawn(resolution: Resolution, reports: mpsc::Sender<Report>) -> EngineWorker {
    spawn_with(resolution, reports, LogRender::default())
}

pub fn spawn_with(
    resolution: Resolution,
    reports: mpsc::Sender<Report>,
    log_render: LogRender,
) -> EngineWorker {
    let (engine_tx, engine_rx) = watch::channel(None);
    let (reconnect_tx, reconnect_rx) = mpsc::channel(1);
    let supervisor = tokio::spawn(supervise(
        resolution,
        engine_tx,
        reports.clone(),
        reconnect_rx,
    ));
    EngineWorker {
        engine: engine_rx,
        pulls: Mutex::new(HashMap::new()),
        log_task: Mutex::new(None),
        log_render,
        sampler: Sampler::default(),
        reconnect: reconnect_tx,
        reports,
        supervisor,
    }
}

impl EngineWorker {
    /// Starts a request in the background; its outcome arrives as a [`Report`].
    pub fn execute(&self, req: Request) {
        if req == Request::Reconnect {
            let _ = self.reconnect.try_send(());
            return;
        }
        if let Request::StopLogs { stream } = req {
            if let Ok(mut task) = self.log_task.lock() {
                if task.as_ref().is_some_and(|(s, _)| *s == stream) {
                    if let Some((_, h)) = task.take() {
                        h.abort();
                    }
                }
            }
            return;
        }
        if let Request::CancelPull { pull } = req {
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
            return;
        }
        let Some(engine) = self.engine.borrow().clone() else {
            debug!(?req, "no engine: request dropped");
            return;
        };
        let tx = self.reports.clone();
        if let Request::FollowLogs {
            stream,
            containers,
            tail,
            since,
            until,
        } = req
        {
            let req = LogRequest {
                // A window replaces the tail: everything from its start.
                tail: if since.is_some() { None } else { Some(tail) },
                since,
                until,
                follow: true,
            };
            let task = tokio::spawn(run_logs(
                engine,
                stream,
                containers,
                req,
                self.log_render,
                tx,
            ));
            if let Ok(mut current) = self.log_task.lock() {
                // A new stream replaces the old one: its lines are of no use any more.
                if let Some((_, old)) = current.replace((stream, task.abort_handle())) {
                    old.abort();
                }
            }
            return;
        }
        if let Request::Stats { ids, source } = req {
            let sampler = self.sampler.clone();
            tokio::spawn(async move {
                let start = std::time::Instant::now();
                let samples = sampler.sample_all(&engine, ids, source).await;
                let failed = samples.iter().filter(|(_, r)| r.is_err()).count();
                debug!(
                    n = samples.len(),
                    failed,
                    ms = start.elapsed().as_millis() as u64,
                    "stats samples"
                );
                let _ = tx.send(Report::Stats { samples }).await;
            });
            return;
        }
        if let Request::Pull { pull, reference } = req {
            let task = tokio::spawn(run_pull(engine, pull, reference, tx));
            if let Ok(mut pulls) = self.pulls.lock() {
                pulls.retain(|_, h| !h.is_finished());
                pulls.insert(pull, task.abort_handle());
            }
            return;
        }
        tokio::spawn(async move {
            let report = run(&engine, req).await;
            if let Some(r) = report {
                let _ = tx.send(r).await;
            }
        });
    }
}

async fn run(engine: &Engine, req: Request) -> Option<Report> {
    Some(match req {
        Request::ListContainers { seq } => Report::Containers {
            seq,
            result: engine.list_containers(unix_now()).await,
        },
        Request::RefreshContainer { seq, id } => Report::Container {
            seq,
            result: engine.container_row(&id).await,
            id,
        },
        Request::Container {
            op,
            id,
            name,
            remove,
        } => {
            let result = engine.container_op(op, &id, remove).await;
            info!(?op, %id, ok = result.is_ok(), "container operation");
            Report::OpDone {
                op,
                id,
                name,
                result,
            }
        }
        Request::ListImages { seq } => Report::Images {
            seq,
            result: engine.list_images().await,
        },
        Request::ListVolumes { seq } => Report::Volumes {
            seq,
            result: engine.list_volumes().await,
        },
        Request::ListNetworks { seq } => Report::Networks {
            seq,
            result: engine.list_networks().await,
        },
        Request::RemoveImage { key, label, force } => Report::ObjectDone {
            result: match engine.remove_image(&key, force).await {
                Ok(r) if r.deleted.is_empty() => Ok(format!("untagged {label}")),
                Ok(r) => Ok(format!(
                    "removed image {label} ({} layer{} deleted)",
                    r.deleted.len(),
                    if r.deleted.len() == 1 { "" } else { "s" }
                )),
                Err(e) => Err(format!("could not remove image {label}: {e}")),
            },
        },
        Request::RemoveVolume { name } => Report::ObjectDone {
            result: engine
                .remove_volume(&name, false)
                .await
                .map(|()| format!("removed volume {name}"))
                .map_err(|e| format!("could not remove volume {name}: {e}")),
        },
        Request::RemoveNetwork { id, label } => Report::ObjectDone {
            result: engine
                .remove_network(&id)
                .await
                .map(|()| format!("removed network {label}"))
                .map_err(|e| format!("could not remove network {label}: {e}")),
        },
        Request::CreateVolume { name } => Report::ObjectDone {
            result: engine
                .create_volume(&name, "", &[])
                .await
                .map(|v| format!("created volume {}", v.name))
                .map_err(|e| format!("could not create volume {name}: {e}")),
        },
        Request::CreateNetwork { name } => Report::ObjectDone {
            result: engine
                .create_network(&name, "", true, None)
                .await
                .map(|_| format!("created internal network {name}"))
                .map_err(|e| format!("could not create network {name}: {e}")),
        },
        Request::WritableLayer { id } => Report::WritableLayer {
            result: engine.writable_layer(&id).await,
            id,
        },
        Request::TagImage { id, reference } => Report::ObjectDone {
            result: {
                let (repo, tag) = super::containers::split_reference(&reference);
                engine
                    .tag_image(&id, repo, tag.unwrap_or("latest"))
                    .await
                    .map(|()| format!("tagged {reference}"))
                    .map_err(|e| format!("could not tag {reference}: {e}"))
            },
        },
        Request::ImageHistory { seq, id } => Report::ImageHistory {
            seq,
            result: engine.image_history(&id).await,
        },
        Request::Inspect { seq, kind, id } => Report::Inspected {
            seq,
            kind,
            result: engine.inspect(kind, &id).await,
            id,
        },
        Request::ConnectNetwork { network, container } => Report::ObjectDone {
            result: engine
                .connect_network(&network, &container)
                .await
                .map(|()| format!("connected {container}"))
                .map_err(|e| format!("could not connect {container}: {e}")),
        },
        Request::DisconnectNetwork { network, container } => Report::ObjectDone {
            result: engine
                .disconnect_network(&network, &container, false)
                .await
                .map(|()| format!("disconnected {container}"))
                .map_err(|e| format!("could not disconnect {container}: {e}")),
        },
        Request::SaveLog { container, path } => Report::LogSaved {
            result: save_log(engine, &container, &path).await,
            path,
        },
        Request::DiskUsage { seq } => Report::DiskUsage {
            seq,
            result: engine.disk_usage().await,
        },
        Request::PrunePreview { seq, kind } => Report::PrunePreview {
            seq,
            result: engine.prune_preview(kind).await,
        },
        Request::PruneApply { kind, items } => {
            let outcome = engine.prune_apply(&items).await;
            info!(
                ?kind,
                removed = outcome.removed.len(),
                skipped = outcome.skipped.len(),
                failed = outcome.failed.len(),
                "prune"
            );
            Report::PruneDone { kind, outcome }
        }
        Request::Top { seq, id } => Report::Top {
            seq,
            result: engine.top(&id).await,
            id,
        },
        Request::Reconnect
        | Request::Stats { .. }
        | Request::Pull { .. }
        | Request::CancelPull { .. }
        | Request::FollowLogs { .. }
        | Request::StopLogs { .. } => return None,
    })
}

/// Log lines are sent in batches: at most this long after the first line of a batch...
const LOG_BATCH_TIME: Duration = Duration::from_millis(50);
/// ...or as soon as this many lines are waiting. A flood thus costs one report (and at most one
/// frame) per batch, and the channel's bound slows the reader instead of growing memory.
const LOG_BATCH_LINES: usize = 2000;

/// Follows one or more containers' logs; several are interleaved by time (a quiet container
/// holds the others back at most [`MERGE_GRACE_NANOS`]).
async fn run_logs(
    engine: Engine,
    stream: u64,
    containers: Vec<String>,
    req: LogRequest,
    render: LogRender,
    tx: mpsc::Sender<Report>,
) {
    let sources = containers.iter().enumerate().map(|(i, id)| {
        engine
            .follow_logs(id, &req)
            .map(move |ev| (i as u16, ev))
            .boxed()
    });
    let mut all = futures_util::stream::select_all(sources);
    let mut merger: Merger<LogLine> = Merger::new(MERGE_GRACE_NANOS, LOG_BATCH_LINES * 4);
    for _ in 0..containers.len() {
        merger.add_source(0);
    }
    let merging = containers.len() > 1;
    // The bytes of each source's line still open (shown as partial), so that its rest can be
    // shown as one line with it. Bounded by the engine's line cap.
    let mut open: HashMap<(u16, bool), Vec<u8>> = HashMap::new();
    let mut batch: Vec<LogLine> = Vec::new();
    let mut deadline: Option<tokio::time::Instant> = None;
    loop {
        let next = match deadline {
            Some(d) => match tokio::time::timeout_at(d, all.next()).await {
                Ok(item) => item,
                Err(_) => {
                    // The batch is due: send what is there.
                    if !flush(&tx, stream, &mut batch, &mut merger, merging).await {
                        return;
                    }
                    deadline = None;
                    continue;
                }
            },
            None => all.next().await,
        };
        let Some((source, ev)) = next else {
            let _ = flush(&tx, stream, &mut batch, &mut merger, merging).await;
            return;
        };
        match ev {
            LogEvent::Line(raw) => {
                let key = (source, raw.stream == crate::logs::Stream::Stderr);
                let mut bytes = if raw.continued {
                    open.remove(&key).unwrap_or_default()
                } else {
                    open.remove(&key);
                    Vec::new()
                };
                bytes.extend_from_slice(&raw.bytes);
                if raw.dropped > 0 {
                    bytes.extend_from_slice(format!(" … [{} more bytes]", raw.dropped).as_bytes());
                }
                let line = LogLine {
                    ts: raw.ts,
                    stream: raw.stream,
                    source,
                    text: ansi::render(&bytes, render.colors, render.max_chars),
                    partial: raw.partial,
                    continues: raw.continued,
                };
                if raw.partial {
                    open.insert(key, bytes);
                }
                if merging {
                    merger.push(usize::from(source), line.ts, line, unix_nanos());
                } else {
                    batch.push(line);
                }
                deadline.get_or_insert_with(|| tokio::time::Instant::now() + LOG_BATCH_TIME);
                if batch.len() + merger.held() >= LOG_BATCH_LINES
                    && !flush(&tx, stream, &mut batch, &mut merger, merging).await
                {
                    return;
                }
            }
            LogEvent::Ended { reason, .. } => {
                if !flush(&tx, stream, &mut batch, &mut merger, merging).await {
                    return;
                }
                if tx.send(Report::LogEnded { stream, reason }).await.is_err() {
                    return;
                }
            }
            LogEvent::Resumed => {
                if tx.send(Report::LogResumed { stream }).await.is_err() {
                    return;
                }
            }
        }
    }
}

/// Writes a container's whole log to a new file, line by line as it arrives.
async fn save_log(engine: &Engine, container: &str, path: &str) -> Result<usize, String> {
    use tokio::io::AsyncWriteExt;
    let file = tokio::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .await
        .map_err(|e| e.to_string())?;
    let mut out = tokio::io::BufWriter::new(file);
    let req = LogRequest {
        tail: None,
        follow: false,
        ..Default::default()
    };
    let mut lines = engine.logs(container, &req);
    let mut n = 0;
    while let Some(line) = lines.next().await {
        let line = line?;
        if let Some(ts) = line.ts.and_then(|t| u64::try_from(t).ok()) {
            let t = std::time::UNIX_EPOCH + Duration::from_nanos(ts);
            out.write_all(format!("{} ", humantime::format_rfc3339_nanos(t)).as_bytes())
                .await
                .map_err(|e| e.to_string())?;
        }
        out.write_all(&line.bytes)
            .await
            .map_err(|e| e.to_string())?;
        out.write_all(b"\n").await.map_err(|e| e.to_string())?;
        n += 1;
    }
    out.flush().await.map_err(|e| e.to_string())?;
    Ok(n)
}

/// How long a merged stream waits for a quiet container before showing later lines of others.
const MERGE_GRACE_NANOS: i64 = 300_000_000;

fn unix_nanos() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos() as i64)
        .unwrap_or_default()
}

/// Sends the waiting lines as one report; false when the app is gone.
async fn flush(
    tx: &mpsc::Sender<Report>,
    stream: u64,
    batch: &mut Vec<LogLine>,
    merger: &mut Merger<LogLine>,
    merging: bool,
) -> bool {
    if merging {
        while let Some(m) = merger.pop(unix_nanos()) {
            batch.push(m.item);
        }
    }
    if batch.is_empty() {
        return true;
    }
    let lines = std::mem::take(batch);
    tx.send(Report::LogLines { stream, lines }).await.is_ok()
}

/// Progress is folded here and sent at most this often: a pull of many layers sends hundreds
/// of messages a second.
const PULL_REPORT_EVERY: Duration = Duration::from_millis(100);

async fn run_pull(engine: Engine, pull: u64, reference: String, tx: mpsc::Sender<Report>) {
    let mut stream = engine.pull(&reference);
    let mut progress = PullProgress::default();
    let mut last = tokio::time::Instant::now() - PULL_REPORT_EVERY;
    while let Some(item) = stream.next().await {
        match item {
            Ok(ev) => {
                apply(&mut progress, &ev);
                if last.elapsed() >= PULL_REPORT_EVERY {
                    last = tokio::time::Instant::now();
                    let report = Report::PullProgress {
                        pull,
                        progress: progress.clone(),
                    };
                    if tx.send(report).await.is_err() {
                        return;
                    }
                }
            }
            Err(e) => {
                let _ = tx
                    .send(Report::PullDone {
                        pull,
                        result: Err(e),
                    })
                    .await;
                return;
            }
        }
    }
    info!(%reference, "pulled");
    let status = progress.status.clone();
    let _ = tx.send(Report::PullProgress { pull, progress }).await;
    let _ = tx
        .send(Report::PullDone {
            pull,
            result: Ok(status),
        })
        .await;
}

async fn supervise(
    resolution: Resolution,
    engine_tx: watch::Sender<Option<Engine>>,
    reports: mpsc::Sender<Report>,
    mut reconnect: mpsc::Receiver<()>,
) {
    let mut backoff = Backoff::new();
    loop {
        let engine = match connect_first(&resolution).await {
            Ok(engine) => engine,
            Err(attempts) => {
                for a in &attempts {
                    warn!(uri = %a.uri, error = %a.error, "engine not reachable");
                }
                let wait = backoff.next_wait();
                let report = Report::Unavailable {
                    attempts,
                    problems: resolution.problems.clone(),
                    retry_in_secs: wait.as_secs(),
                };
                if reports.send(report).await.is_err() {
                    return;
                }
                // Wait for the backoff, or for the user asking to retry now.
                tokio::select! {
                    _ = tokio::time::sleep(wait) => {}
                    _ = reconnect.recv() => {}
                }
                continue;
            }
        };
        backoff.reset();
        info!(host = %engine.info.host, version = %engine.info.version, "connected");
        let mut since = engine.engine_time().await;
        engine_tx.send_replace(Some(engine.clone()));
        if reports
            .send(Report::Connected(engine.info.clone()))
            .await
            .is_err()
        {
            return;
        }
        // Follow events until the engine goes away. A stream that ends while the engine still
        // answers (a decode error, a proxy closing idle connections) is re-opened at once, and
        // the app lists again to cover what the gap may have hidden.
        let reason = loop {
            let mut stream = Box::pin(engine.events(since));
            let end = loop {
                match stream.next().await {
                    Some(Ok(ev)) => {
                        since = Some(ev.time);
                        if reports.send(Report::Event(ev)).await.is_err() {
                            return;
                        }
                    }
                    Some(Err(e)) => break e,
                    None => break "the event stream ended".to_string(),
                }
            };
            match engine.ping().await {
                Ok(()) => {
                    debug!(%end, "event stream re-opened");
                    since = engine.engine_time().await.or(since);
                    if reports.send(Report::Gap).await.is_err() {
                        return;
                    }
                    tokio::time::sleep(Backoff::START).await;
                }
                Err(e) => break format!("{end}; {e}"),
            }
        };
        warn!(%reason, "engine connection lost");
        engine_tx.send_replace(None);
        if reports.send(Report::Lost { reason }).await.is_err() {
            return;
        }
        tokio::select! {
            _ = tokio::time::sleep(Backoff::START) => {}
            _ = reconnect.recv() => {}
        }
    }
}
