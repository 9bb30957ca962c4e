//! The worker's service log task: one swarm service's log (`docker service logs -f -t`), its
//! tasks' lines told apart as sources.
//!
//! The engine merges the tasks' lines itself, in the order they reach the manager, each line
//! naming its task in its details (see `engine::swarm::logs`). Each task becomes a source
//! (`u16`, in the order first seen), announced with [`Report::LogSourceNamed`] before its first
//! line, labelled `web.2@node-1` from the service's tasks and the swarm's nodes, which are
//! listed when the stream starts and again when a task not yet known writes (a replica
//! replaced, the service scaled). Lines are then rendered and batched as a container's
//! ([`run_logs`](super::log_stream::run_logs)'s rules); the engine's order is kept (no merge by
//! stamp) but in the first batch, the tail, which is put in time order ([`order_tail`]). When the stream ends (the service removed, the engine gone) one
//! [`Report::LogEnded`] with source 0 says why; there is no reconnect.

use std::collections::HashMap;

use futures_util::StreamExt;
use tokio::sync::mpsc;

use super::LogRender;
use super::log_stream::{LOG_BATCH_LINES, LOG_BATCH_TIME, OpenLines, send_batch};
use crate::engine::connect::Engine;
use crate::engine::logs::LogEnd;
use crate::engine::protocol::Report;
use crate::engine::swarm::logs::{split_details, task_label};
use crate::engine::swarm::{ServiceMode, TaskSource};
use crate::logs::LogLine;

/// The first batch holds the tail, which the engine sends task by task (measured on 20.10 and
/// 26.1: all of web.1's lines, then web.2's): it is put in time order, as `docker service logs`
/// reads best and as the merged logs of containers are. Only whole lines are moved (a partial
/// line and its rest must stay together), and only in that first batch; the engine's order
/// is kept after it.
fn order_tail(batch: &mut [LogLine], tail_sent: &mut bool) {
    if std::mem::replace(tail_sent, true) || batch.is_empty() {
        return;
    }
    if batch.iter().all(|l| !l.partial && !l.continues) {
        batch.sort_by_key(|l| l.ts);
    }
}

/// Follows `service`'s log from the last `tail` lines of each task, until the engine ends it.
pub async fn run_service_logs(
    engine: Engine,
    stream: u64,
    service: String,
    tail: u64,
    render: LogRender,
    tx: mpsc::Sender<Report>,
) {
    let mut names = Names::learn(&engine, &service).await;
    let mut lines = engine.service_logs(&service, tail);
    let mut sources: HashMap<String, u16> = HashMap::new();
    let mut open = OpenLines::default();
    let mut batch: Vec<LogLine> = Vec::new();
    let mut deadline: Option<tokio::time::Instant> = None;
    let mut tail_sent = false;
    let reason = loop {
        let next = match deadline {
            Some(d) => match tokio::time::timeout_at(d, lines.next()).await {
                Ok(item) => item,
                Err(_) => {
                    order_tail(&mut batch, &mut tail_sent);
                    if !send_batch(&tx, stream, &mut batch).await {
                        return;
                    }
                    deadline = None;
                    continue;
                }
            },
            None => lines.next().await,
        };
        let raw = match next {
            None => break LogEnd::StreamEnded,
            Some(Err(end)) => break end,
            Some(Ok(raw)) => raw,
        };
        let (source, text) = match split_details(&raw.bytes) {
            Some((origin, text)) => {
                let known = sources.len();
                let source = match sources.get(&origin.task_id) {
                    Some(s) => *s,
                    None => {
                        let source = u16::try_from(known).unwrap_or(u16::MAX);
                        sources.insert(origin.task_id.clone(), source);
                        if !names.knows(&origin.task_id) {
                            names = Names::learn(&engine, &service).await;
                        }
                        let task = TaskSource {
                            label: names.label(&origin.task_id, &origin.node_id),
                            task_id: origin.task_id,
                        };
                        // Named before its first line reaches the app; the lines waiting in the
                        // batch are of sources named before, so they need not go first.
                        if tx
                            .send(Report::LogSourceNamed {
                                stream,
                                source,
                                task,
                            })
                            .await
                            .is_err()
                        {
                            return;
                        }
                        source
                    }
                };
                (source, text.to_vec())
            }
            // Not a task's line (details missing): kept as it came, under source 0.
            None => (0, raw.bytes.clone()),
        };
        batch.push(open.line(source, &raw, &text, &render));
        deadline.get_or_insert_with(|| tokio::time::Instant::now() + LOG_BATCH_TIME);
        if batch.len() >= LOG_BATCH_LINES {
            order_tail(&mut batch, &mut tail_sent);
            if !send_batch(&tx, stream, &mut batch).await {
                return;
            }
        }
    };
    order_tail(&mut batch, &mut tail_sent);
    if send_batch(&tx, stream, &mut batch).await {
        let _ = tx
            .send(Report::LogEnded {
                stream,
                source: 0,
                reason,
            })
            .await;
    }
}

/// What names a service's tasks: the service's name and mode, each task's slot and node, and
/// each node's hostname. Empty where a listing failed (the label then falls back to ids).
#[derive(Default)]
struct Names {
    service: String,
    global: bool,
    /// Task id to (slot, node id).
    tasks: HashMap<String, (Option<u64>, String)>,
    /// Node id to hostname.
    hosts: HashMap<String, String>,
}

impl Names {
    async fn learn(engine: &Engine, service: &str) -> Names {
        let (services, tasks, nodes) = futures_util::join!(
            engine.list_services(),
            engine.list_tasks(Some(service)),
            engine.list_nodes()
        );
        let found = services
            .ok()
            .and_then(|l| l.into_iter().find(|s| s.id == service || s.name == service));
        Names {
            service: found
                .as_ref()
                .map(|s| s.name.clone())
                .unwrap_or_else(|| service.to_string()),
            global: found
                .is_some_and(|s| matches!(s.mode, ServiceMode::Global | ServiceMode::GlobalJob)),
            tasks: tasks
                .unwrap_or_default()
                .into_iter()
                .map(|t| (t.id, (t.slot, t.node_id)))
                .collect(),
            hosts: nodes
                .unwrap_or_default()
                .into_iter()
                .map(|n| (n.id, n.hostname))
                .collect(),
        }
    }

    fn knows(&self, task: &str) -> bool {
        self.tasks.contains_key(task)
    }

    /// `web.2@node-1`; the node from the line's details when the task is not (yet) listed.
    fn label(&self, task: &str, node_from_line: &str) -> String {
        let (slot, node) = match self.tasks.get(task) {
            Some((slot, node)) => (*slot, node.as_str()),
            None => (None, node_from_line),
        };
        let slot = if self.global { None } else { slot };
        let host = self.hosts.get(node).map(String::as_str).unwrap_or("");
        task_label(&self.service, slot, node, host)
    }
}
