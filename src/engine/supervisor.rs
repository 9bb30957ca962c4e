//! The engine's workers: the connection supervisor (connect, follow events, reconnect with
//! backoff), here, and the executor of the app's requests, [`EngineWorker::execute`], whose
//! one dispatch over the requests is in `dispatch.rs`, with the log tasks in `log_stream.rs`
//! and the pull task in `pull_task.rs`. Both report through one channel.

use std::collections::HashMap;
use std::sync::Mutex;

use futures_util::StreamExt;
use tokio::sync::{mpsc, watch};
use tracing::{debug, info, warn};

use super::backoff::Backoff;
use super::connect::{Engine, connect_first};
use super::host::Resolution;
use super::protocol::Report;
use super::sampler::Sampler;

mod dispatch;
mod log_stream;
mod pull_task;
mod service_logs;

pub use log_stream::LogSource;

/// Handle held by the runtime: send requests, and the engine's reports arrive on the channel
/// given to [`spawn`]. Dropping it aborts the connection supervisor (no more connecting,
/// events or reconnecting); requests already started (engine calls, pulls, the log stream)
/// run on in their own tasks until they end or the runtime shuts down.
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

impl EngineWorker {
    /// The engine, while connected.
    pub fn engine(&self) -> Option<Engine> {
        self.engine.borrow().clone()
    }
}

/// Follows containers of several engines as one log stream, merged by time (the all-hosts
/// list's log view); its reports go to `reports`. Aborting the handle stops it.
pub fn follow_across(
    followed: Vec<LogSource>,
    stream: u64,
    req: super::logs::LogRequest,
    render: LogRender,
    reports: mpsc::Sender<Report>,
) -> tokio::task::AbortHandle {
    tokio::spawn(log_stream::run_logs(followed, stream, req, render, reports)).abort_handle()
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
        // The engine's clock when the handshake listed (read at the same time as the list,
        // in whole seconds; a second earlier to be sure): events from then on, so nothing
        // that happened after the list was taken is missed, and a replayed one only
        // refreshes its row.
        let mut since = engine.clock.map(|t| t - 1);
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
                let next = tokio::select! {
                    next = stream.next() => next,
                    // A request could not reach the engine: its stream may stay open for
                    // seconds while it shuts down; ask it now.
                    () = engine.alarm.rung() => match engine.ping().await {
                        Ok(()) => continue,
                        Err(e) => break e,
                    },
                };
                match next {
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
                Err(e) => {
                    debug!(%end, "event stream ended; the engine does not answer");
                    break e;
                }
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
