//! Applying a prune: the previewed items removed one by one and by id, each only after
//! checking again that it is still unused, in the order containers, networks, images,
//! volumes, build cache. What became used since the preview is skipped and reported; the
//! whole never fails, every item ends up removed, skipped or failed.

use std::collections::{HashMap, HashSet};

use bollard::query_parameters::{PruneBuildOptions, RemoveContainerOptions};

use super::is_stopped;
use crate::engine::connect::Engine;
use crate::engine::disk::{BUSY_RETRY, is_busy};
use crate::engine::errors::{describe, is_not_found};
use crate::engine::networks::attached;
use crate::engine::objects::{
    PruneFailure, PruneItem, PruneKind, PruneObject, PruneOutcome, SkipReason,
};
use crate::engine::reference::real_tags;

impl Engine {
    /// Removes the listed items (containers first, then networks, images, volumes and build
    /// cache), each by id and each only after checking it is still unused. Never fails as a
    /// whole: every item ends up removed, skipped (with why) or failed (with the engine's
    /// message).
    pub async fn prune_apply(&self, items: &[PruneItem]) -> PruneOutcome {
        let mut ordered: Vec<&PruneItem> = items.iter().collect();
        ordered.sort_by_key(|i| i.object);
        let mut out = PruneOutcome::default();
        // Image ids the engine reported deleted, including parents that went along.
        let mut deleted_images: HashSet<String> = HashSet::new();
        // Images whose tags went but which stayed, because an image still built on them.
        let mut only_untagged: Vec<&PruneItem> = Vec::new();
        for item in ordered {
            let result = match item.object {
                PruneObject::Container => self.apply_container(item).await,
                PruneObject::Network => self.apply_network(item).await,
                PruneObject::Image => {
                    if deleted_images.contains(&item.id) {
                        ItemOutcome::Removed(None)
                    } else {
                        match self.apply_image(item, &mut deleted_images).await {
                            ItemOutcome::UntaggedOnly => {
                                only_untagged.push(item);
                                continue;
                            }
                            s => s,
                        }
                    }
                }
                PruneObject::Volume => self.apply_volume(item).await,
                PruneObject::BuildCache => self.apply_build_cache(item).await,
            };
            record(&mut out, item, result);
        }
        // Their children may be gone now: one more try, by id.
        for item in only_untagged {
            let result = if deleted_images.contains(&item.id) {
                ItemOutcome::Removed(None)
            } else {
                match self.delete_image(&item.id, false).await {
                    Ok(r) if r.deleted.iter().any(|d| d == &item.id) => ItemOutcome::Removed(None),
                    Ok(_) => ItemOutcome::Failed(PruneFailure::OnlyUntagged(None)),
                    Err(e) => ItemOutcome::Failed(PruneFailure::OnlyUntagged(Some(e))),
                }
            };
            record(&mut out, item, result);
        }
        out
    }

    async fn apply_container(&self, item: &PruneItem) -> ItemOutcome {
        match self.container_row(&item.id).await {
            Ok(None) => return ItemOutcome::Skipped(SkipReason::Gone),
            Ok(Some(c)) if !is_stopped(&c.state) => {
                return ItemOutcome::Skipped(SkipReason::NotStopped { state: c.state });
            }
            Ok(Some(_)) => {}
            Err(e) => return failed(e),
        }
        // Not forced: should it start right now, the engine refuses instead of killing it.
        let opts = RemoveContainerOptions {
            v: false,
            force: false,
            link: false,
        };
        match self.docker.remove_container(&item.id, Some(opts)).await {
            Ok(()) => ItemOutcome::Removed(None),
            Err(e) if is_not_found(&e) => ItemOutcome::Skipped(SkipReason::Gone),
            Err(e) => failed(describe(&e)),
        }
    }

    async fn apply_network(&self, item: &PruneItem) -> ItemOutcome {
        let containers = match self.raw_containers().await {
            Ok(c) => c,
            Err(e) => return failed(e),
        };
        // Like the engine (and the preview), only running containers keep a network.
        let running: Vec<_> = attached(&containers, &item.id, &item.name)
            .into_iter()
            .filter(|u| u.running)
            .collect();
        if !running.is_empty() {
            return ItemOutcome::Skipped(SkipReason::NowUsedBy(running));
        }
        match self.delete_network(&item.id).await {
            Ok(()) => ItemOutcome::Removed(None),
            Err(e) if e.contains("not found") || e.contains("No such network") => {
                ItemOutcome::Skipped(SkipReason::Gone)
            }
            Err(e) => failed(e),
        }
    }

    async fn apply_image(&self, item: &PruneItem, deleted: &mut HashSet<String>) -> ItemOutcome {
        let image = match self.docker.inspect_image(&item.id).await {
            Ok(i) => i,
            Err(e) if is_not_found(&e) => return ItemOutcome::Skipped(SkipReason::Gone),
            Err(e) => return failed(describe(&e)),
        };
        let tags = real_tags(image.repo_tags.iter().flatten());
        if item.rule == PruneKind::DanglingImages && !tags.is_empty() {
            return ItemOutcome::Skipped(SkipReason::TaggedSince(tags));
        }
        match self.containers_using_image(&item.id).await {
            Ok(users) if !users.is_empty() => {
                return ItemOutcome::Skipped(SkipReason::NowUsedBy(users));
            }
            Ok(_) => {}
            Err(e) => return failed(e),
        }
        // By id: the engine deletes it only if no container uses it and no image builds on
        // it. It refuses an id with several tags, so those go one by one first (an untag
        // never deletes anything while another tag remains), and the last step is by id.
        for tag in tags.iter().skip(1) {
            match self.delete_image(tag, false).await {
                Ok(r) => deleted.extend(r.deleted),
                Err(e) => return failed(e),
            }
        }
        match self.delete_image(&item.id, false).await {
            Ok(r) => {
                deleted.extend(r.deleted);
                if deleted.contains(&item.id) {
                    ItemOutcome::Removed(None)
                } else {
                    ItemOutcome::UntaggedOnly
                }
            }
            Err(e) => failed(e),
        }
    }

    async fn apply_volume(&self, item: &PruneItem) -> ItemOutcome {
        match self.containers_using_volume(&item.id).await {
            Ok(users) if !users.is_empty() => {
                return ItemOutcome::Skipped(SkipReason::NowUsedBy(users));
            }
            Ok(_) => {}
            Err(e) => return failed(e),
        }
        // Not forced: should a container mount it right now, the engine refuses.
        match self.delete_volume(&item.id, false).await {
            Ok(()) => ItemOutcome::Removed(None),
            Err(e) if e.contains("no such volume") || e.contains("No such volume") => {
                ItemOutcome::Skipped(SkipReason::Gone)
            }
            Err(e) => failed(e),
        }
    }

    /// The engine prunes by record id (a filter since API 1.39, one id per request; BuildKit
    /// matches it as a pattern, which a whole 25-character id only matches in itself). Without
    /// `all` it keeps records in use, shared or internal: the check is the engine's own, done
    /// in the same step as the removal. Older engines ignore filters and would prune every
    /// unused record: they are not asked.
    async fn apply_build_cache(&self, item: &PruneItem) -> ItemOutcome {
        if !api_at_least(&self.info.api_version, 1, 39) {
            return ItemOutcome::Skipped(SkipReason::EngineTooOld {
                api: self.info.api_version.clone(),
            });
        }
        let filters = HashMap::from([("id".to_string(), vec![item.id.clone()])]);
        let opts = PruneBuildOptions {
            filters: Some(filters),
            ..Default::default()
        };
        // One prune at a time on some engines: wait for another one to finish.
        let mut tries = 0;
        let answer = loop {
            match self.docker.prune_build(Some(opts.clone())).await {
                Err(e) if is_busy(&describe(&e)) && tries < BUSY_TRIES => {
                    tries += 1;
                    tokio::time::sleep(BUSY_RETRY).await;
                }
                other => break other,
            }
        };
        match answer {
            Ok(r) => {
                let gone = r
                    .caches_deleted
                    .unwrap_or_default()
                    .iter()
                    .any(|id| id == &item.id);
                if gone {
                    ItemOutcome::Removed(r.space_reclaimed)
                } else {
                    ItemOutcome::Skipped(SkipReason::KeptByEngine)
                }
            }
            Err(e) => failed(describe(&e)),
        }
    }
}

/// How many times to wait for another prune of the engine (about a minute in all).
const BUSY_TRIES: u32 = 240;

/// What became of one item.
enum ItemOutcome {
    /// Removed; the engine's own figure of bytes freed when it gives one.
    Removed(Option<i64>),
    Skipped(SkipReason),
    Failed(PruneFailure),
    /// An image lost its tags but stayed: another image still builds on it. Tried again by
    /// id once the other images are done.
    UntaggedOnly,
}

/// The engine refused or failed: its message.
fn failed(message: String) -> ItemOutcome {
    ItemOutcome::Failed(PruneFailure::Engine(message))
}

fn record(out: &mut PruneOutcome, item: &PruneItem, step: ItemOutcome) {
    match step {
        ItemOutcome::Removed(engine_bytes) => {
            out.reclaimed += engine_bytes.or(item.size).unwrap_or(0).max(0);
            out.removed.push(item.clone());
        }
        ItemOutcome::Skipped(why) => out.skipped.push((item.clone(), why)),
        ItemOutcome::Failed(why) => out.failed.push((item.clone(), why)),
        ItemOutcome::UntaggedOnly => out
            .failed
            .push((item.clone(), PruneFailure::OnlyUntagged(None))),
    }
}

/// Whether an API version text (`1.41`) is at least `major.minor`.
fn api_at_least(version: &str, major: u32, minor: u32) -> bool {
    let mut parts = version.trim().split('.').map(|p| p.parse::<u32>().ok());
    match (parts.next().flatten(), parts.next().flatten()) {
        (Some(a), Some(b)) => (a, b) >= (major, minor),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::prune::fixtures::preview;

    #[test]
    fn api_versions_compare_as_numbers() {
        assert!(api_at_least("1.41", 1, 39));
        assert!(api_at_least("1.45", 1, 39));
        assert!(api_at_least("1.39", 1, 39));
        assert!(!api_at_least("1.38", 1, 39));
        assert!(!api_at_least("1.4", 1, 39));
        assert!(!api_at_least("", 1, 39));
    }

    #[test]
    fn the_outcome_adds_the_engine_figure_or_the_item_size() {
        let item = preview(PruneKind::StoppedContainers).remove(0);
        let mut out = PruneOutcome::default();
        record(&mut out, &item, ItemOutcome::Removed(None));
        record(&mut out, &item, ItemOutcome::Removed(Some(7)));
        record(&mut out, &item, ItemOutcome::Skipped(SkipReason::Gone));
        assert_eq!(out.reclaimed, 47);
        assert_eq!(out.removed.len(), 2);
        assert_eq!(out.skipped.len(), 1);
    }
}
