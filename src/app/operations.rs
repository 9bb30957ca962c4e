//! Operations in flight, grouped as the user started them: one key on five marked containers is
//! one batch, and ends in one result message ("stopped 5 containers"), not five.

use std::collections::HashMap;

use super::toast::Level;
use super::wording;
use crate::engine::model::ContainerOp;
use crate::ids::ContainerId;

#[derive(Clone, Debug, Default)]
pub struct Operations {
    next_batch: u64,
    /// Container id -> the operation the engine is working on, and the batch it belongs to.
    by_container: HashMap<ContainerId, (ContainerOp, u64)>,
    batches: HashMap<u64, Batch>,
    /// Containers committed to an image before their removal: the image, for the result.
    saved_as: HashMap<ContainerId, String>,
}

/// One operation the user asked for on one container; `name` is for the result message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Job {
    pub op: ContainerOp,
    pub id: ContainerId,
    pub name: String,
}

#[derive(Clone, Debug)]
struct Batch {
    total: usize,
    remaining: usize,
    ok: Vec<(ContainerOp, String)>,
    failed: Vec<(ContainerOp, String, String)>,
    /// Containers removed after a commit, and the image each was saved as.
    saved: Vec<(String, String)>,
}

/// The message a finished batch leaves.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finished {
    pub level: Level,
    pub text: String,
}

impl Operations {
    pub fn begin(&mut self, jobs: Vec<(ContainerOp, ContainerId)>) {
        self.next_batch += 1;
        let b = self.next_batch;
        for (op, id) in &jobs {
            self.by_container.insert(id.clone(), (*op, b));
        }
        self.batches.insert(
            b,
            Batch {
                total: jobs.len(),
                remaining: jobs.len(),
                ok: Vec::new(),
                failed: Vec::new(),
                saved: Vec::new(),
            },
        );
    }

    /// The container is committed to `image` before it is removed: its result names it.
    pub fn saving(&mut self, id: &ContainerId, image: &str) {
        self.saved_as.insert(id.clone(), image.to_string());
    }

    /// The operation the engine is working on for this container, if any.
    pub fn pending(&self, id: &ContainerId) -> Option<ContainerOp> {
        self.by_container.get(id).map(|(op, _)| *op)
    }

    /// The containers an operation is running on.
    pub fn busy(&self) -> impl Iterator<Item = &ContainerId> {
        self.by_container.keys()
    }

    /// How many operations are still running, over how many were started, across batches.
    pub fn progress(&self) -> Option<(usize, usize)> {
        let (done, total) = self
            .batches
            .values()
            .fold((0, 0), |(d, t), b| (d + b.total - b.remaining, t + b.total));
        (total > 0).then_some((done, total))
    }

    /// Drops every operation without a result (the connection was lost: none will come).
    pub fn forget_all(&mut self) {
        let ids: Vec<ContainerId> = self.by_container.keys().cloned().collect();
        for id in ids {
            self.forget(id.as_str());
        }
    }

    /// Drops a container's operation without a result.
    fn forget(&mut self, id: &str) {
        self.saved_as.remove(id);
        if let Some((_, b)) = self.by_container.remove(id) {
            if let Some(batch) = self.batches.get_mut(&b) {
                batch.remaining = batch.remaining.saturating_sub(1);
                batch.total = batch.total.saturating_sub(1);
                if batch.remaining == 0 {
                    self.batches.remove(&b);
                }
            }
        }
    }

    /// Records a result; returns the batch's message once its last operation is done.
    pub fn finish(
        &mut self,
        id: &ContainerId,
        op: ContainerOp,
        name: &str,
        result: Result<(), String>,
    ) -> Option<Finished> {
        let (_, b) = self.by_container.remove(id)?;
        let saved = self.saved_as.remove(id);
        let batch = self.batches.get_mut(&b)?;
        batch.remaining = batch.remaining.saturating_sub(1);
        match result {
            Ok(()) if op == ContainerOp::Remove && saved.is_some() => {
                batch
                    .saved
                    .push((name.to_string(), saved.unwrap_or_default()));
                batch.ok.push((op, name.to_string()));
            }
            Ok(()) => batch.ok.push((op, name.to_string())),
            Err(e) => batch.failed.push((op, name.to_string(), e)),
        }
        if batch.remaining > 0 {
            return None;
        }
        let batch = self.batches.remove(&b)?;
        Some(summarise(&batch))
    }
}

fn summarise(b: &Batch) -> Finished {
    match (b.ok.as_slice(), b.failed.as_slice()) {
        ([_], []) if !b.saved.is_empty() => Finished {
            level: Level::Success,
            text: wording::saved_then_removed(&b.saved[0].0, &b.saved[0].1),
        },
        ([(op, name)], []) => Finished {
            level: Level::Success,
            text: format!("{name} {}", wording::op_done(*op)),
        },
        ([], [(op, name, err)]) => Finished {
            level: Level::Error,
            text: format!("could not {} {name}: {err}", wording::op_verb(*op)),
        },
        (ok, []) => Finished {
            level: Level::Success,
            text: format!(
                "{} {} containers",
                verb_of(ok.iter().map(|o| o.0)),
                ok.len()
            ),
        },
        (ok, failed) => {
            let first = &failed[0];
            Finished {
                level: Level::Error,
                text: format!(
                    "{} of {} failed; could not {} {}: {}{}",
                    failed.len(),
                    ok.len() + failed.len(),
                    wording::op_verb(first.0),
                    first.1,
                    first.2,
                    if failed.len() > 1 {
                        " (and others)"
                    } else {
                        ""
                    }
                ),
            }
        }
    }
}

/// "paused" for a batch of pauses, "paused/unpaused" for a mixed pause toggle.
fn verb_of(ops: impl Iterator<Item = ContainerOp>) -> String {
    let mut verbs: Vec<&str> = ops.map(wording::op_done).collect();
    verbs.sort();
    verbs.dedup();
    verbs.join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_message_per_batch() {
        let mut o = Operations::default();
        o.begin(vec![
            (ContainerOp::Stop, "a".into()),
            (ContainerOp::Stop, "b".into()),
        ]);
        assert_eq!(o.progress(), Some((0, 2)));
        assert_eq!(
            o.finish(&"a".into(), ContainerOp::Stop, "web", Ok(())),
            None
        );
        assert_eq!(o.progress(), Some((1, 2)));
        let done = o
            .finish(&"b".into(), ContainerOp::Stop, "db", Ok(()))
            .expect("batch done");
        assert_eq!(done.text, "stopped 2 containers");
        assert_eq!(o.progress(), None);
    }

    #[test]
    fn a_failure_keeps_the_engine_words() {
        let mut o = Operations::default();
        o.begin(vec![(ContainerOp::Start, "a".into())]);
        let done = o
            .finish(
                &"a".into(),
                ContainerOp::Start,
                "web",
                Err("No such container: a".into()),
            )
            .expect("done");
        assert_eq!(done.level, Level::Error);
        assert_eq!(done.text, "could not start web: No such container: a");
    }

    #[test]
    fn mixed_results_count_failures() {
        let mut o = Operations::default();
        o.begin(vec![
            (ContainerOp::Kill, "a".into()),
            (ContainerOp::Kill, "b".into()),
        ]);
        o.finish(&"a".into(), ContainerOp::Kill, "web", Ok(()));
        let done = o
            .finish(
                &"b".into(),
                ContainerOp::Kill,
                "db",
                Err("is not running".into()),
            )
            .expect("done");
        assert_eq!(
            done.text,
            "1 of 2 failed; could not kill db: is not running"
        );
    }
}
