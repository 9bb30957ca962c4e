//! Prune with an exact preview: [`Engine::prune_preview`] lists exactly what the matching
//! docker prune would remove, computed from the engine's lists (never by calling a prune), and
//! [`Engine::prune_apply`] removes exactly those objects, one by one and by id, after checking
//! again that each is still unused. What became used in between is skipped and reported.
//!
//! The rules follow the engine's own prune code (moby `daemon/prune.go`, `image_prune.go`)
//! and were checked against Docker 20.10 (API 1.41) and 26.1 (API 1.45):
//! - stopped containers: every container whose processes do not exist (exited, created,
//!   dead); paused and restarting ones count as running;
//! - dangling images: untagged images that no other image builds on and no container uses;
//! - unused images: every image no container uses, except untagged intermediate layers (they
//!   go with the image built on them) and images that a kept image builds on (the engine
//!   would only untag those, leaving them in place);
//! - unused networks: custom networks with no running container. Like the engine, a network
//!   that only stopped containers are attached to is removed, and those containers can no
//!   longer start: the item's detail says so. Swarm-scoped networks are left out: the
//!   services that use them are not visible from containers;
//! - anonymous volumes: unused volumes with the engine's anonymous label or a random 64-hex
//!   name (Docker 23+ `volume prune` looks at the label only; older engines set none, and
//!   their `volume prune` removes every unused volume, named ones too);
//! - all unused volumes: every volume no container (running or not) mounts;
//! - build cache: records no build uses, not shared with an image, and not the builder's
//!   internal or frontend records (`docker builder prune` without `-a`).

use std::collections::{HashMap, HashSet};

use bollard::models::{ImageSummary, Network as BollardNetwork};
use bollard::query_parameters::{
    ListImagesOptions, ListNetworksOptions, PruneBuildOptions, RemoveContainerOptions,
};

use super::connect::Engine;
use super::disk::{BUSY_RETRY, Df, DfContainer, is_busy};
use super::errors::{describe, is_not_found};
use super::model::ContainerState;
use super::networks::{attached, convert as convert_network};
use super::objects::{PruneItem, PruneKind, PruneObject, PruneOutcome, UsedBy};
use super::volumes::is_anonymous;

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
                        Step::Removed(None)
                    } else {
                        match self.apply_image(item, &mut deleted_images).await {
                            Step::UntaggedOnly => {
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
                Step::Removed(None)
            } else {
                match self.delete_image(&item.id, false).await {
                    Ok(r) if r.deleted.iter().any(|d| d == &item.id) => Step::Removed(None),
                    Ok(_) => Step::Failed(
                        "only its tags were removed: another image is built on it".into(),
                    ),
                    Err(e) => Step::Failed(format!("only its tags were removed: {e}")),
                }
            };
            record(&mut out, item, result);
        }
        out
    }

    async fn apply_container(&self, item: &PruneItem) -> Step {
        match self.container_row(&item.id).await {
            Ok(None) => return Step::Skipped(GONE.into()),
            Ok(Some(c)) if !is_stopped(&c.state) => {
                return Step::Skipped(format!("it is {} now", c.state));
            }
            Ok(Some(_)) => {}
            Err(e) => return Step::Failed(e),
        }
        // Not forced: should it start right now, the engine refuses instead of killing it.
        let opts = RemoveContainerOptions {
            v: false,
            force: false,
            link: false,
        };
        match self.docker.remove_container(&item.id, Some(opts)).await {
            Ok(()) => Step::Removed(None),
            Err(e) if is_not_found(&e) => Step::Skipped(GONE.into()),
            Err(e) => Step::Failed(describe(&e)),
        }
    }

    async fn apply_network(&self, item: &PruneItem) -> Step {
        let containers = match self.raw_containers().await {
            Ok(c) => c,
            Err(e) => return Step::Failed(e),
        };
        // Like the engine (and the preview), only running containers keep a network.
        let running: Vec<UsedBy> = attached(&containers, &item.id, &item.name)
            .into_iter()
            .filter(|u| u.running)
            .collect();
        if !running.is_empty() {
            return Step::Skipped(now_used(&running));
        }
        match self.delete_network(&item.id).await {
            Ok(()) => Step::Removed(None),
            Err(e) if e.contains("not found") || e.contains("No such network") => {
                Step::Skipped(GONE.into())
            }
            Err(e) => Step::Failed(e),
        }
    }

    async fn apply_image(&self, item: &PruneItem, deleted: &mut HashSet<String>) -> Step {
        let image = match self.docker.inspect_image(&item.id).await {
            Ok(i) => i,
            Err(e) if is_not_found(&e) => return Step::Skipped(GONE.into()),
            Err(e) => return Step::Failed(describe(&e)),
        };
        let tags: Vec<String> = image
            .repo_tags
            .unwrap_or_default()
            .into_iter()
            .filter(|t| t != "<none>:<none>")
            .collect();
        if item.rule == PruneKind::DanglingImages && !tags.is_empty() {
            return Step::Skipped(format!(
                "it was tagged since the preview ({})",
                tags.join(", ")
            ));
        }
        match self.containers_using_image(&item.id).await {
            Ok(users) if !users.is_empty() => return Step::Skipped(now_used(&users)),
            Ok(_) => {}
            Err(e) => return Step::Failed(e),
        }
        // By id: the engine deletes it only if no container uses it and no image builds on
        // it. It refuses an id with several tags, so those go one by one first (an untag
        // never deletes anything while another tag remains), and the last step is by id.
        for tag in tags.iter().skip(1) {
            match self.delete_image(tag, false).await {
                Ok(r) => deleted.extend(r.deleted),
                Err(e) => return Step::Failed(e),
            }
        }
        match self.delete_image(&item.id, false).await {
            Ok(r) => {
                deleted.extend(r.deleted);
                if deleted.contains(&item.id) {
                    Step::Removed(None)
                } else {
                    Step::UntaggedOnly
                }
            }
            Err(e) => Step::Failed(e),
        }
    }

    async fn apply_volume(&self, item: &PruneItem) -> Step {
        match self.containers_using_volume(&item.id).await {
            Ok(users) if !users.is_empty() => return Step::Skipped(now_used(&users)),
            Ok(_) => {}
            Err(e) => return Step::Failed(e),
        }
        // Not forced: should a container mount it right now, the engine refuses.
        match self.delete_volume(&item.id, false).await {
            Ok(()) => Step::Removed(None),
            Err(e) if e.contains("no such volume") || e.contains("No such volume") => {
                Step::Skipped(GONE.into())
            }
            Err(e) => Step::Failed(e),
        }
    }

    /// The engine prunes by record id (a filter since API 1.39, one id per request; BuildKit
    /// matches it as a pattern, which a whole 25-character id only matches in itself). Without
    /// `all` it keeps records in use, shared or internal: the check is the engine's own, done
    /// in the same step as the removal. Older engines ignore filters and would prune every
    /// unused record: they are not asked.
    async fn apply_build_cache(&self, item: &PruneItem) -> Step {
        if !api_at_least(&self.info.api_version, 1, 39) {
            return Step::Skipped(format!(
                "this engine (API {}) cannot remove a single build cache record",
                self.info.api_version
            ));
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
                    Step::Removed(r.space_reclaimed)
                } else {
                    Step::Skipped(
                        "the engine kept it: a build uses it now, an image shares it, or it is gone"
                            .into(),
                    )
                }
            }
            Err(e) => Step::Failed(describe(&e)),
        }
    }
}

const GONE: &str = "it no longer exists";
/// How many times to wait for another prune of the engine (about a minute in all).
const BUSY_TRIES: u32 = 240;

enum Step {
    /// Removed; the engine's own figure of bytes freed when it gives one.
    Removed(Option<i64>),
    Skipped(String),
    Failed(String),
    /// An image lost its tags but stayed: another image still builds on it. Tried again by
    /// id once the other images are done.
    UntaggedOnly,
}

fn record(out: &mut PruneOutcome, item: &PruneItem, step: Step) {
    match step {
        Step::Removed(engine_bytes) => {
            out.reclaimed += engine_bytes.or(item.size).unwrap_or(0).max(0);
            out.removed.push(item.clone());
        }
        Step::Skipped(why) => out.skipped.push((item.clone(), why)),
        Step::Failed(why) => out.failed.push((item.clone(), why)),
        Step::UntaggedOnly => out.failed.push((
            item.clone(),
            "only its tags were removed: another image is built on it".into(),
        )),
    }
}

fn now_used(users: &[UsedBy]) -> String {
    let names: Vec<String> = users.iter().map(UsedBy::describe).collect();
    format!("now used by {}", names.join(", "))
}

/// What `docker container prune` removes: containers whose processes do not exist. A
/// container being removed is the engine's business already.
fn is_stopped(state: &ContainerState) -> bool {
    matches!(
        state,
        ContainerState::Exited | ContainerState::Created | ContainerState::Dead
    )
}

/// Whether an API version text (`1.41`) is at least `major.minor`.
fn api_at_least(version: &str, major: u32, minor: u32) -> bool {
    let mut parts = version.trim().split('.').map(|p| p.parse::<u32>().ok());
    match (parts.next().flatten(), parts.next().flatten()) {
        (Some(a), Some(b)) => (a, b) >= (major, minor),
        _ => false,
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
fn plan(
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
            size: c.size_rw,
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
    let tags_of = |i: &ImageSummary| -> Vec<String> {
        i.repo_tags
            .iter()
            .filter(|t| t.as_str() != "<none>:<none>")
            .cloned()
            .collect()
    };
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
            name: if tags.is_empty() {
                "<none>".to_string()
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

    const HEX: &str = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    fn df() -> Df {
        let body = format!(
            r#"{{"LayersSize":10,
            "Images":[
              {{"Id":"base","RepoTags":["local/busybox:test"],"Size":100,"SharedSize":100,"Containers":1}},
              {{"Id":"app","ParentId":"base","RepoTags":["app:1"],"Size":150,"SharedSize":100,"Containers":1}},
              {{"Id":"old","ParentId":"base","RepoTags":["<none>:<none>"],"Size":130,"SharedSize":100,"Containers":0}},
              {{"Id":"tool","ParentId":"base","RepoTags":["tool:1"],"Size":120,"SharedSize":100,"Containers":0}},
              {{"Id":"dangling-used","RepoTags":[],"Size":7,"SharedSize":0,"Containers":1}}
            ],
            "Containers":[
              {{"Id":"c-run","Names":["/web"],"ImageID":"app","State":"running","SizeRw":5,
                "Mounts":[{{"Type":"volume","Name":"data"}}],
                "NetworkSettings":{{"Networks":{{"front":{{"NetworkID":"n-front"}}}}}}}},
              {{"Id":"c-exit","Names":["/job"],"ImageID":"dangling-used","State":"exited","SizeRw":40,
                "Mounts":[{{"Type":"volume","Name":"{HEX}"}},{{"Type":"volume","Name":"logs"}}],
                "NetworkSettings":{{"Networks":{{"back":{{"NetworkID":""}}}}}}}},
              {{"Id":"c-paused","Names":["/p"],"ImageID":"base","State":"paused","SizeRw":1}},
              {{"Id":"c-new","Names":["/new"],"ImageID":"base","State":"created","SizeRw":0}}
            ],
            "Volumes":[
              {{"Name":"data","UsageData":{{"Size":1000,"RefCount":1}}}},
              {{"Name":"{HEX}","UsageData":{{"Size":64,"RefCount":1}}}},
              {{"Name":"logs","UsageData":{{"Size":32,"RefCount":1}}}},
              {{"Name":"spare","UsageData":{{"Size":16,"RefCount":0}}}},
              {{"Name":"anon","Labels":{{"com.docker.volume.anonymous":""}},"UsageData":{{"Size":8,"RefCount":0}}}}
            ],
            "BuildCache":[
              {{"ID":"b1","Type":"regular","Description":"mount / from exec","InUse":false,"Shared":false,"Size":300}},
              {{"ID":"b2","Type":"regular","InUse":false,"Shared":true,"Size":900}},
              {{"ID":"b3","Type":"regular","InUse":true,"Shared":false,"Size":50}},
              {{"ID":"b4","Type":"frontend","InUse":false,"Shared":false,"Size":5}}
            ]}}"#
        );
        Df::parse(&body).expect("fixture parses")
    }

    fn images() -> Vec<ImageSummary> {
        let rows = r#"[
          {"Id":"base","ParentId":"","RepoTags":["local/busybox:test"],"RepoDigests":[],"Created":1,"Size":100,"SharedSize":-1,"Labels":{},"Containers":-1},
          {"Id":"app","ParentId":"base","RepoTags":["app:1"],"RepoDigests":[],"Created":2,"Size":150,"SharedSize":-1,"Labels":{},"Containers":-1},
          {"Id":"old","ParentId":"base","RepoTags":["<none>:<none>"],"RepoDigests":[],"Created":3,"Size":130,"SharedSize":-1,"Labels":{},"Containers":-1},
          {"Id":"tool","ParentId":"base","RepoTags":["tool:1"],"RepoDigests":[],"Created":4,"Size":120,"SharedSize":-1,"Labels":{},"Containers":-1},
          {"Id":"mid","ParentId":"tool","RepoTags":[],"RepoDigests":[],"Created":5,"Size":125,"SharedSize":-1,"Labels":{},"Containers":-1},
          {"Id":"top","ParentId":"mid","RepoTags":["top:1"],"RepoDigests":[],"Created":6,"Size":126,"SharedSize":-1,"Labels":{},"Containers":-1},
          {"Id":"dangling-used","ParentId":"","RepoTags":null,"RepoDigests":null,"Created":7,"Size":7,"SharedSize":-1,"Labels":null,"Containers":-1}
        ]"#;
        serde_json::from_str(rows).expect("images parse")
    }

    fn networks() -> Vec<BollardNetwork> {
        let rows = r#"[
          {"Name":"none","Id":"n-none","Driver":"null","Scope":"local"},
          {"Name":"host","Id":"n-host","Driver":"host","Scope":"local"},
          {"Name":"front","Id":"n-front","Driver":"bridge","Scope":"local"},
          {"Name":"back","Id":"n-back","Driver":"bridge","Scope":"local"},
          {"Name":"spare","Id":"n-spare","Driver":"bridge","Scope":"local"},
          {"Name":"mesh","Id":"n-mesh","Driver":"overlay","Scope":"swarm"}
        ]"#;
        serde_json::from_str(rows).expect("networks parse")
    }

    fn ids(items: &[PruneItem]) -> Vec<&str> {
        items.iter().map(|i| i.id.as_str()).collect()
    }

    fn preview(kind: PruneKind) -> Vec<PruneItem> {
        plan(kind, &df(), &images(), &networks())
    }

    #[test]
    fn stopped_containers_are_exited_created_and_dead_only() {
        let items = preview(PruneKind::StoppedContainers);
        assert_eq!(ids(&items), ["c-exit", "c-new"]);
        assert_eq!(items[0].name, "job");
        assert_eq!(items[0].size, Some(40));
        assert_eq!(items[0].detail, "exited");
    }

    #[test]
    fn dangling_images_are_untagged_leaves_no_container_uses() {
        let items = preview(PruneKind::DanglingImages);
        // `mid` is untagged but `top` builds on it; `dangling-used` is used by a container.
        assert_eq!(ids(&items), ["old"]);
        assert_eq!(items[0].name, "<none>");
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
        record(&mut out, &item, Step::Removed(None));
        record(&mut out, &item, Step::Removed(Some(7)));
        record(
            &mut out,
            &item,
            Step::Skipped("now used by x (running)".into()),
        );
        assert_eq!(out.reclaimed, 47);
        assert_eq!(out.removed.len(), 2);
        assert_eq!(out.skipped.len(), 1);
    }
}
