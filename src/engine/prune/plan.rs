//! The preview of a prune: exactly what the matching docker prune would remove, computed
//! from one snapshot of the engine's lists (never by calling a prune), by the rules in the
//! parent module's documentation. [`plan`] is pure, so the rules are tested without an engine.

use std::collections::{HashMap, HashSet};

use bollard::models::{ImageSummary, Network as BollardNetwork};
use bollard::query_parameters::{ListImagesOptions, ListNetworksOptions};

use super::is_stopped;
use crate::engine::connect::Engine;
use crate::engine::disk::{Df, DfContainer};
use crate::engine::errors::describe;
use crate::engine::networks::convert as convert_network;
use crate::engine::objects::{PruneItem, PruneKind, PruneObject};
use crate::engine::reference::real_tags;
use crate::engine::volumes::is_anonymous;

impl Engine {
    /// Everything a prune of `kind` would remove now, in the order it would be removed.
    pub async fn prune_preview(&self, kind: PruneKind) -> Result<Vec<PruneItem>, String> {
        let df = self.raw_df().await?;
        let images = if needs_images(kind) {
            self.docker
                .list_images(Some(ListImagesOptions {
                    // With intermediate layers: they decide which images others build on.
                    all: true,
                    ..Default::default()
                }))
                .await
                .map_err(|e| describe(&e))?
        } else {
            Vec::new()
        };
        let networks = if matches!(kind, PruneKind::UnusedNetworks | PruneKind::All) {
            self.docker
                .list_networks(None::<ListNetworksOptions>)
                .await
                .map_err(|e| describe(&e))?
        } else {
            Vec::new()
        };
        Ok(plan(kind, &df, &images, &networks))
    }
}

fn needs_images(kind: PruneKind) -> bool {
    matches!(
        kind,
        PruneKind::DanglingImages | PruneKind::UnusedImages | PruneKind::All
    )
}

/// The preview, from one snapshot of the engine: its disk usage (containers, image sizes,
/// volumes, build cache), every image with intermediate layers, and the networks.
pub(super) fn plan(
    kind: PruneKind,
    df: &Df,
    images: &[ImageSummary],
    networks: &[BollardNetwork],
) -> Vec<PruneItem> {
    let stopped: Vec<&DfContainer> = df
        .containers()
        .iter()
        .filter(|c| is_stopped(&c.container_state()))
        .collect();
    // Under `All` the stopped containers are removed first, so only the others count as users.
    let users: Vec<&DfContainer> = if kind == PruneKind::All {
        df.containers()
            .iter()
            .filter(|c| !is_stopped(&c.container_state()))
            .collect()
    } else {
        df.containers().iter().collect()
    };
    let mut items = Vec::new();
    let wants = |k: PruneKind| kind == k || kind == PruneKind::All;
    if wants(PruneKind::StoppedContainers) {
        items.extend(stopped.iter().map(|c| PruneItem {
            object: PruneObject::Container,
            rule: PruneKind::StoppedContainers,
            id: c.id.clone(),
            name: c.name(),
            size: c.writable_size(),
            detail: c.container_state().to_string(),
            named_volume: false,
        }));
    }
    if wants(PruneKind::UnusedNetworks) {
        items.extend(unused_networks(networks, &users));
    }
    if kind == PruneKind::DanglingImages {
        items.extend(unused_images(df, images, &users, true));
    }
    if wants(PruneKind::UnusedImages) {
        items.extend(unused_images(df, images, &users, false));
    }
    if kind == PruneKind::AnonymousVolumes {
        items.extend(unused_volumes(df, &users, true));
    }
    if wants(PruneKind::AllUnusedVolumes) {
        items.extend(unused_volumes(df, &users, false));
    }
    if wants(PruneKind::BuildCache) {
        items.extend(
            df.build_cache()
                .iter()
                .filter(|b| !b.in_use && !b.shared)
                .filter(|b| !matches!(b.typ.as_deref(), Some("internal" | "frontend")))
                .map(|b| PruneItem {
                    object: PruneObject::BuildCache,
                    rule: PruneKind::BuildCache,
                    id: b.id.clone(),
                    name: b
                        .description
                        .clone()
                        .filter(|d| !d.is_empty())
                        .unwrap_or_else(|| b.id.clone()),
                    size: Some(b.size),
                    detail: b.typ.clone().unwrap_or_default(),
                    named_volume: false,
                }),
        );
    }
    items
}

/// An image id's first 12 hex digits, without `sha256:`.
fn short_id(id: &str) -> &str {
    let id = id.strip_prefix("sha256:").unwrap_or(id);
    id.get(..12).unwrap_or(id)
}

fn unused_networks(networks: &[BollardNetwork], users: &[&DfContainer]) -> Vec<PruneItem> {
    let mut out = Vec::new();
    for n in networks {
        let (Some(id), Some(name)) = (n.id.as_deref(), n.name.as_deref()) else {
            continue;
        };
        let builtin = convert_network(n.clone()).builtin() || n.ingress.unwrap_or(false);
        if builtin || n.scope.as_deref() == Some("swarm") {
            continue;
        }
        let attached: Vec<&&DfContainer> = users
            .iter()
            .filter(|c| {
                c.networks()
                    .iter()
                    .any(|(key, nid)| nid.map_or(*key == name, |nid| nid == id))
            })
            .collect();
        if attached.iter().any(|c| c.active()) {
            continue;
        }
        let detail = if attached.is_empty() {
            String::new()
        } else {
            let names: Vec<String> = attached.iter().map(|c| c.name()).collect();
            format!(
                "stopped containers attached ({}) cannot start without it",
                names.join(", ")
            )
        };
        out.push(PruneItem {
            object: PruneObject::Network,
            rule: PruneKind::UnusedNetworks,
            id: id.to_string(),
            name: name.to_string(),
            size: None,
            detail,
            named_volume: false,
        });
    }
    out
}

fn unused_images(
    df: &Df,
    images: &[ImageSummary],
    users: &[&DfContainer],
    dangling_only: bool,
) -> Vec<PruneItem> {
    let used: HashSet<&str> = users.iter().filter_map(|c| c.image_id.as_deref()).collect();
    let mut children: HashMap<&str, Vec<&str>> = HashMap::new();
    for i in images {
        if !i.parent_id.is_empty() {
            children
                .entry(i.parent_id.as_str())
                .or_default()
                .push(i.id.as_str());
        }
    }
    let tags_of = |i: &ImageSummary| real_tags(&i.repo_tags);
    // An image goes when nothing uses it and every image built on it goes too (the engine
    // only untags an image that others build on).
    let mut removable: HashMap<&str, bool> = HashMap::new();
    fn check<'a>(
        id: &'a str,
        used: &HashSet<&str>,
        children: &HashMap<&'a str, Vec<&'a str>>,
        memo: &mut HashMap<&'a str, bool>,
    ) -> bool {
        if let Some(v) = memo.get(id) {
            return *v;
        }
        // Provisional answer guards against a (corrupt) cycle.
        memo.insert(id, false);
        let ok = !used.contains(id)
            && children
                .get(id)
                .is_none_or(|cs| cs.iter().all(|c| check(c, used, children, memo)));
        memo.insert(id, ok);
        ok
    }
    let sizes: HashMap<&str, i64> = df
        .images()
        .iter()
        .map(|i| (i.id.as_str(), i.unique_size()))
        .collect();
    let mut out = Vec::new();
    for i in images {
        let tags = tags_of(i);
        let has_children = children.contains_key(i.id.as_str());
        if tags.is_empty() && has_children {
            // An intermediate layer: it goes with the image built on it.
            continue;
        }
        let selected = if dangling_only {
            tags.is_empty() && !has_children && !used.contains(i.id.as_str())
        } else {
            check(i.id.as_str(), &used, &children, &mut removable)
        };
        if !selected {
            continue;
        }
        let size = sizes.get(i.id.as_str()).copied().or_else(|| {
            Some(if i.shared_size >= 0 {
                (i.size - i.shared_size).max(0)
            } else {
                i.size
            })
        });
        out.push(PruneItem {
            object: PruneObject::Image,
            rule: if dangling_only {
                PruneKind::DanglingImages
            } else {
                PruneKind::UnusedImages
            },
            id: i.id.clone(),
            // A dangling image has no name: its short id tells it from the others, as the
            // images pane shows it.
            name: if tags.is_empty() {
                format!("<none> ({})", short_id(&i.id))
            } else {
                tags.join(", ")
            },
            size,
            detail: if tags.is_empty() {
                "dangling"
            } else {
                "unused"
            }
            .to_string(),
            named_volume: false,
        });
    }
    out
}

fn unused_volumes(df: &Df, users: &[&DfContainer], anonymous_only: bool) -> Vec<PruneItem> {
    let mounted: HashSet<&str> = users.iter().flat_map(|c| c.volume_names()).collect();
    let empty = HashMap::new();
    df.volumes()
        .iter()
        .filter(|v| !mounted.contains(v.name.as_str()))
        .filter_map(|v| {
            let anonymous = is_anonymous(&v.name, v.labels.as_ref().unwrap_or(&empty));
            if anonymous_only && !anonymous {
                return None;
            }
            Some(PruneItem {
                object: PruneObject::Volume,
                rule: if anonymous_only {
                    PruneKind::AnonymousVolumes
                } else {
                    PruneKind::AllUnusedVolumes
                },
                id: v.name.clone(),
                name: v.name.clone(),
                size: v.usage.as_ref().map(|u| u.size).filter(|s| *s >= 0),
                detail: if anonymous {
                    "anonymous volume"
                } else {
                    "named volume"
                }
                .to_string(),
                named_volume: !anonymous,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::prune::fixtures::{HEX, preview};

    fn ids(items: &[PruneItem]) -> Vec<&str> {
        items.iter().map(|i| i.id.as_str()).collect()
    }

    #[test]
    fn stopped_containers_are_exited_created_and_dead_only() {
        let items = preview(PruneKind::StoppedContainers);
        assert_eq!(ids(&items), ["c-exit", "c-new"]);
        assert_eq!(items[0].name, "job");
        assert_eq!(items[0].size, Some(40));
        assert_eq!(items[0].detail, "exited");
        // The engine leaves SizeRw out when it is 0 (it sent SizeRootFs: it did count).
        assert_eq!(items[1].size, Some(0), "{:?}", items[1]);
    }

    #[test]
    fn dangling_images_are_untagged_leaves_no_container_uses() {
        let items = preview(PruneKind::DanglingImages);
        // `mid` is untagged but `top` builds on it; `dangling-used` is used by a container.
        assert_eq!(ids(&items), ["old"]);
        assert_eq!(items[0].name, "<none> (old)", "with its short id");
        assert_eq!(items[0].size, Some(30), "unique bytes from the disk usage");
        assert_eq!(items[0].rule, PruneKind::DanglingImages);
    }

    #[test]
    fn unused_images_leave_used_ones_and_the_images_they_build_on() {
        let items = preview(PruneKind::UnusedImages);
        // base: used (paused and created containers) and app builds on it. tool: top builds
        // on it through mid, and top is unused: the whole chain goes.
        assert_eq!(ids(&items), ["old", "tool", "top"]);
        assert_eq!(items[1].name, "tool:1");
        assert_eq!(items[1].detail, "unused");
    }

    #[test]
    fn networks_with_a_running_container_stay_and_builtin_or_swarm_ones_are_never_listed() {
        let items = preview(PruneKind::UnusedNetworks);
        assert_eq!(ids(&items), ["n-back", "n-spare"]);
        // `back` only has a stopped container (matched by name: it never started).
        assert!(items[0].detail.contains("job"), "{:?}", items[0].detail);
        assert_eq!(items[1].detail, "");
    }

    #[test]
    fn volumes_in_use_by_any_container_stay() {
        let anon = preview(PruneKind::AnonymousVolumes);
        assert_eq!(ids(&anon), ["anon"], "labelled; the 64-hex one is mounted");
        assert!(!anon[0].named_volume);
        let all = preview(PruneKind::AllUnusedVolumes);
        assert_eq!(ids(&all), ["spare", "anon"]);
        assert!(all[0].named_volume);
        assert_eq!(all[0].detail, "named volume");
        assert_eq!(all[0].size, Some(16));
    }

    #[test]
    fn build_cache_is_what_builder_prune_removes() {
        let items = preview(PruneKind::BuildCache);
        assert_eq!(ids(&items), ["b1"]);
        assert_eq!(items[0].name, "mount / from exec");
        assert_eq!(items[0].size, Some(300));
    }

    #[test]
    fn all_counts_only_the_containers_that_stay_as_users() {
        let items = preview(PruneKind::All);
        let by_kind = |o: PruneObject| -> Vec<&str> {
            items
                .iter()
                .filter(|i| i.object == o)
                .map(|i| i.id.as_str())
                .collect()
        };
        assert_eq!(by_kind(PruneObject::Container), ["c-exit", "c-new"]);
        assert_eq!(by_kind(PruneObject::Network), ["n-back", "n-spare"]);
        // `dangling-used` was only used by the exited container, which goes first.
        assert_eq!(
            by_kind(PruneObject::Image),
            ["old", "tool", "top", "dangling-used"]
        );
        assert_eq!(by_kind(PruneObject::Volume), [HEX, "logs", "spare", "anon"]);
        assert_eq!(by_kind(PruneObject::BuildCache), ["b1"]);
        // Removal order: containers, networks, images, volumes, build cache.
        let order: Vec<PruneObject> = items.iter().map(|i| i.object).collect();
        let mut sorted = order.clone();
        sorted.sort();
        assert_eq!(order, sorted);
        assert!(items.iter().all(|i| i.rule != PruneKind::All));
    }
}
