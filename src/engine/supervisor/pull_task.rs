//! The worker's pull task: follows one pull's progress messages, folds them and reports the
//! progress at a bounded rate, then the outcome. Aborting the task drops the engine's
//! stream, which stops the pull (see [`crate::engine::pull`]).

use std::time::Duration;

use futures_util::StreamExt;
use tokio::sync::mpsc;
use tracing::info;

use crate::engine::connect::Engine;
use crate::engine::protocol::Report;
use crate::engine::pull::{PullProgress, apply};

/// Progress is folded here and sent at most this often: a pull of many layers sends hundreds
/// of messages a second.
const PULL_REPORT_EVERY: Duration = Duration::from_millis(100);

pub(super) async fn run_pull(
    engine: Engine,
    pull: u64,
    reference: String,
    tx: mpsc::Sender<Report>,
) {
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
