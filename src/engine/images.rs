//! Image calls: list, remove (refused while containers use the image), tag, layer history,
//! and which containers use an image.
//!
//! What the engine does with a *forced* removal of an image in use (checked on Docker 20.10
//! and 26.1, see tests/engine_images.rs):
//! - by id, while a running container uses it: refused anyway, "conflict: unable
//!   to delete … (cannot be forced) - image is being used by running container …";
//! - by id, when only stopped containers use it: the image is deleted; the containers stay and
//!   keep the id of an image that no longer exists;
//! - by its last tag, while any container uses it: the tag is removed and the image stays,
//!   untagged ("dangling"), and the containers keep running.
//!
//! So forcing never kills a container; it can leave stopped containers without their image.

use bollard::models::{ImageHistoryResponseItem, ImageSummary};
use bollard::query_parameters::{ListImagesOptions, RemoveImageOptions, TagImageOptions};

use super::connect::Engine;
use super::errors::describe;
use super::objects::{Image, ImageRemoval, Layer, UsedBy};
use super::reference::{normalise, real_tags};
use crate::clock::unix_now;

impl Engine {
    /// The images `docker images` lists (intermediate build layers are left out).
    pub async fn list_images(&self) -> Result<Vec<Image>, String> {
        let opts = ListImagesOptions {
            all: false,
            // Honoured from API 1.42 on; older engines answer -1, which becomes `None`.
            shared_size: true,
            // Not `digests`: it only adds the manifests list (API 1.47), which dockhand does
            // not read (RepoDigests come without it), and podman 4.3 answers it with an
            // empty body, which broke the images pane there.
            ..Default::default()
        };
        let rows = self
            .docker
            .list_images(Some(opts))
            .await
            .map_err(|e| describe(&e))?;
        Ok(rows.into_iter().map(convert).collect())
    }

    /// The containers (running or not) created from the image `image_id` (`sha256:…`).
    pub async fn containers_using_image(&self, image_id: &str) -> Result<Vec<UsedBy>, String> {
        let containers = self.list_containers(unix_now()).await?;
        Ok(containers
            .into_iter()
            .filter(|c| same_image_id(c.image_id.as_str(), image_id))
            .map(|c| UsedBy {
                running: c.state.is_up(),
                id: c.id,
                name: c.name,
            })
            .collect())
    }

    /// Removes an image by id or reference. A reference that is one of several tags only
    /// untags; an id, or an image's last tag, deletes the image (and its untagged parents).
    ///
    /// Without `force`, a removal that would delete an image some container uses is refused
    /// here, naming every such container (the engine's own conflict names just one id). With
    /// `force` the engine decides: see the module documentation for what it does.
    pub async fn remove_image(&self, id_or_ref: &str, force: bool) -> Result<ImageRemoval, String> {
        if !force {
            let image = self
                .docker
                .inspect_image(id_or_ref)
                .await
                .map_err(|e| describe(&e))?;
            let id = image.id.unwrap_or_default();
            let tags = real_tags(image.repo_tags.iter().flatten());
            if deletes_image(id_or_ref, &id, &tags) {
                let users = self.containers_using_image(&id).await?;
                if !users.is_empty() {
                    return Err(in_use_message(id_or_ref, &users));
                }
            }
        }
        self.delete_image(id_or_ref, force).await
    }

    /// The engine's removal, no questions asked here (`noprune` is false: untagged parents go
    /// with the image, as with `docker rmi`).
    pub(crate) async fn delete_image(
        &self,
        id_or_ref: &str,
        force: bool,
    ) -> Result<ImageRemoval, String> {
        let opts = RemoveImageOptions {
            force,
            noprune: false,
            ..Default::default()
        };
        let items = self
            .docker
            .remove_image(id_or_ref, Some(opts), None)
            .await
            .map_err(|e| describe(&e))?;
        let mut out = ImageRemoval::default();
        for item in items {
            out.untagged.extend(item.untagged);
            out.deleted.extend(item.deleted);
        }
        Ok(out)
    }

    /// Tags image `id` (an id or an existing reference) as `repo:tag`.
    pub async fn tag_image(&self, id: &str, repo: &str, tag: &str) -> Result<(), String> {
        if repo.trim().is_empty() {
            return Err("a repository name is needed to tag an image".into());
        }
        let opts = TagImageOptions {
            repo: Some(repo.to_string()),
            tag: Some(tag.to_string()).filter(|t| !t.is_empty()),
        };
        self.docker
            .tag_image(id, Some(opts))
            .await
            .map_err(|e| describe(&e))
    }

    /// The image's layers, newest first, as `docker history` lists them.
    pub async fn image_history(&self, id: &str) -> Result<Vec<Layer>, String> {
        let rows = self
            .docker
            .image_history(id)
            .await
            .map_err(|e| describe(&e))?;
        Ok(rows.into_iter().map(convert_layer).collect())
    }
}

/// Whether removing `id_or_ref` deletes the image rather than untagging one of its tags.
fn deletes_image(id_or_ref: &str, id: &str, tags: &[String]) -> bool {
    if is_id_of(id_or_ref, id) {
        return true;
    }
    // A reference: only the image's last tag takes the image with it. The engine matches
    // `name` as `name:latest`, so compare the normalised forms.
    let wanted = normalise(id_or_ref);
    let others = tags.iter().filter(|t| normalise(t) != wanted).count();
    others == 0
}

/// `abc123`, `sha256:abc123…` or the full id all name the image `id`.
fn is_id_of(s: &str, id: &str) -> bool {
    let hex = id.strip_prefix("sha256:").unwrap_or(id);
    let s = s.strip_prefix("sha256:").unwrap_or(s);
    !s.is_empty()
        && s.len() <= hex.len()
        && s.bytes().all(|b| b.is_ascii_hexdigit())
        && hex.starts_with(s)
}

fn same_image_id(a: &str, b: &str) -> bool {
    a.strip_prefix("sha256:").unwrap_or(a) == b.strip_prefix("sha256:").unwrap_or(b)
}

/// "`ref` is used by 2 containers: web (running), old (stopped)…".
pub(crate) fn in_use_message(what: &str, users: &[UsedBy]) -> String {
    let names: Vec<String> = users.iter().map(UsedBy::describe).collect();
    let n = users.len();
    let noun = if n == 1 { "container" } else { "containers" };
    format!("{what} is used by {n} {noun}: {}", names.join(", "))
}

fn convert(s: ImageSummary) -> Image {
    Image {
        id: s.id.into(),
        tags: real_tags(&s.repo_tags),
        digests: s
            .repo_digests
            .into_iter()
            .filter(|d| d != "<none>@<none>")
            .collect(),
        size: s.size,
        shared_size: (s.shared_size >= 0).then_some(s.shared_size),
        created: s.created,
        parent: Some(s.parent_id).filter(|p| !p.is_empty()),
    }
}

fn convert_layer(h: ImageHistoryResponseItem) -> Layer {
    Layer {
        id: h.id,
        created: h.created,
        created_by: h.created_by,
        size: h.size,
        comment: h.comment,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_row_from_engine_a_converts() {
        let row = r#"{"Containers":-1,"Created":1795978330,"Id":"sha256:d519","Labels":null,"ParentId":"","RepoDigests":null,"RepoTags":["local/busybox:test","local/busybox:old"],"SharedSize":-1,"Size":1982365,"VirtualSize":1982365}"#;
        let s: ImageSummary = serde_json::from_str(row).expect("parses");
        let i = convert(s);
        assert_eq!(i.tags, ["local/busybox:test", "local/busybox:old"]);
        assert_eq!(i.shared_size, None);
        assert_eq!(i.parent, None);
        assert!(i.digests.is_empty());
        let dangling = r#"{"Containers":-1,"Created":1,"Id":"sha256:x","Labels":{},"ParentId":"sha256:d519","RepoDigests":["<none>@<none>"],"RepoTags":["<none>:<none>"],"SharedSize":0,"Size":5}"#;
        let i = convert(serde_json::from_str(dangling).expect("parses"));
        assert!(i.tags.is_empty() && i.dangling());
        assert!(i.digests.is_empty());
        assert_eq!(i.parent.as_deref(), Some("sha256:d519"));
        assert_eq!(i.shared_size, Some(0));
    }

    #[test]
    fn which_removals_delete_the_image() {
        let id = "sha256:d51956c19983314fc7fc6be7644ec92e1ce588927cc50bd52426778f422b29d6";
        let two = [
            "local/busybox:test".to_string(),
            "local/busybox:old".to_string(),
        ];
        let one = ["busybox:latest".to_string()];
        assert!(deletes_image("d51956c19983", id, &two), "a short id");
        assert!(deletes_image(id, id, &two), "the full id");
        assert!(
            !deletes_image("local/busybox:old", id, &two),
            "one tag of two"
        );
        assert!(
            deletes_image("busybox", id, &one),
            "`busybox` is busybox:latest"
        );
        assert!(deletes_image("docker.io/library/busybox:latest", id, &one));
        assert!(deletes_image("x:1", id, &[]), "no tags left");
    }

    #[test]
    fn refusal_names_every_container() {
        let users = [
            UsedBy {
                id: "1".into(),
                name: "web".into(),
                running: true,
            },
            UsedBy {
                id: "2".into(),
                name: "old".into(),
                running: false,
            },
        ];
        assert_eq!(
            in_use_message("app:1", &users),
            "app:1 is used by 2 containers: web (running), old (stopped)"
        );
    }
}
