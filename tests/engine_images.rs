//! The image calls of the engine layer against a real, private engine: listing with tags and
//! dangling images, removal (untag vs delete, refusals naming every container that uses the
//! image, what forcing does), tagging and layer history. Images are made with `docker commit`
//! and `docker tag` under unique names; other tests use the same engine at the same time.

// A test may unwrap, expect and panic: that is how it fails, with the reason.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::{Cli, IMAGE, setup, unique};
use dockhand::engine::Engine;
use dockhand::engine::objects::Image;

/// A new image: a container that wrote `/marker` (`bytes` of zeros), committed as `tag`.
/// Returns the image id. The container is registered for cleanup, the image too.
fn committed(cli: &Cli, clean: &common::Cleanup, tag: &str, bytes: usize) -> String {
    let c = clean.container(&unique("img-src"));
    let script = format!("head -c {bytes} /dev/zero > /marker");
    cli.ok(&[
        "run",
        "--network",
        "none",
        "--name",
        &c,
        IMAGE,
        "sh",
        "-c",
        &script,
    ]);
    clean.image(tag);
    let id = cli.commit(&c, tag, &["-m", "dockhand test layer"]);
    clean.image(&id);
    id
}

async fn listed(engine: &Engine, id: &str) -> Option<Image> {
    engine
        .list_images()
        .await
        .expect("list_images")
        .into_iter()
        .find(|i| i.id.as_str() == id)
}

#[tokio::test]
async fn list_shows_tags_sizes_and_dangling_images() {
    let (engine, cli) = setup().await;
    let clean = cli.cleanup();
    let repo = unique("dh-img-ls");
    let tag = format!("{repo}:one");
    let first = committed(&cli, &clean, &tag, 1000);
    // Committing again to the same tag moves it: the first image has no tag left, dangling.
    let moved = committed(&cli, &clean, &tag, 2000);
    let second_tag = clean.image(&format!("{repo}:two"));
    cli.ok(&["tag", &tag, &second_tag]);

    let base = cli.image_id(IMAGE).expect("the test image");
    let img = listed(&engine, &moved)
        .await
        .expect("the new image is listed");
    let mut tags = img.tags.clone();
    tags.sort();
    assert_eq!(tags, [tag.clone(), second_tag.clone()]);
    assert!(!img.dangling());
    assert_eq!(
        img.parent.as_deref(),
        Some(base.as_str()),
        "commit sets the parent"
    );
    let size: i64 = cli
        .ok(&["image", "inspect", "-f", "{{.Size}}", &moved])
        .parse()
        .expect("a size");
    assert_eq!(img.size, size, "the size docker inspect reports");
    assert!(img.created > 0);

    let old = listed(&engine, &first)
        .await
        .expect("the untagged image is still listed");
    assert!(old.tags.is_empty(), "{old:?}");
    assert!(old.dangling());
    let docker_dangling = cli.ok(&["images", "-q", "--no-trunc", "-f", "dangling=true"]);
    assert!(
        docker_dangling.lines().any(|l| l.trim() == first),
        "docker agrees {first} is dangling: {docker_dangling}"
    );
    // The shared-size figure: engines from API 1.42 on compute it, older ones do not.
    let api: f64 = engine.info.api_version.parse().unwrap_or(0.0);
    if api >= 1.42 {
        assert!(img.shared_size.is_some(), "API {api}: {img:?}");
    } else {
        assert_eq!(img.shared_size, None, "API {api}: {img:?}");
    }
}

#[tokio::test]
async fn removing_an_image_in_use_is_refused_with_every_container_named() {
    let (engine, cli) = setup().await;
    let clean = cli.cleanup();
    let tag = format!("{}:v1", unique("dh-img-use"));
    let id = committed(&cli, &clean, &tag, 100);
    let running = clean.container(&unique("img-run"));
    let stopped = clean.container(&unique("img-new"));
    cli.ok(&[
        "run",
        "-d",
        "--network",
        "none",
        "--name",
        &running,
        &tag,
        "sleep",
        "300",
    ]);
    cli.ok(&["create", "--network", "none", "--name", &stopped, &tag]);

    let mut users = engine
        .containers_using_image(&id)
        .await
        .expect("containers_using_image");
    users.sort_by(|a, b| a.name.cmp(&b.name));
    let mut want = vec![(running.clone(), true), (stopped.clone(), false)];
    want.sort();
    assert_eq!(
        users
            .iter()
            .map(|u| (u.name.clone(), u.running))
            .collect::<Vec<_>>(),
        want
    );

    for target in [tag.as_str(), id.as_str(), &id[7..19]] {
        let err = engine
            .remove_image(target, false)
            .await
            .expect_err("an image in use must be refused");
        assert!(
            err.contains(&format!("{running} (running)"))
                && err.contains(&format!("{stopped} (stopped)")),
            "{target}: the refusal names both containers: {err}"
        );
        assert!(cli.image_exists(&id), "{target}: the image must remain");
        assert_eq!(cli.image_tags(&id), [tag.as_str()], "{target}: the tag too");
    }

    // Once the containers are gone the same call removes the tag and the image.
    cli.ok(&["rm", "-f", &running, &stopped]);
    let removed = engine
        .remove_image(&tag, false)
        .await
        .expect("now removable");
    assert_eq!(removed.untagged, [tag.as_str()]);
    assert_eq!(removed.deleted.first(), Some(&id), "{removed:?}");
    assert!(!cli.image_exists(&id));
}

#[tokio::test]
async fn untagging_one_of_two_tags_is_allowed_while_in_use() {
    let (engine, cli) = setup().await;
    let clean = cli.cleanup();
    let repo = unique("dh-img-2t");
    let one = format!("{repo}:one");
    let two = clean.image(&format!("{repo}:two"));
    let id = committed(&cli, &clean, &one, 100);
    cli.ok(&["tag", &one, &two]);
    let c = clean.container(&unique("img-2t"));
    cli.ok(&[
        "run",
        "-d",
        "--network",
        "none",
        "--name",
        &c,
        &one,
        "sleep",
        "300",
    ]);

    let removed = engine
        .remove_image(&two, false)
        .await
        .expect("untagging one of two tags removes nothing");
    assert_eq!(removed.untagged, [two.as_str()]);
    assert!(removed.deleted.is_empty(), "{removed:?}");
    assert_eq!(cli.image_tags(&id), [one.as_str()]);
    assert_eq!(cli.state(&c).as_deref(), Some("running"));
}

/// The images pane shows one row per tag (`rows_per_tag`); removing a row asks the engine to
/// remove that row's reference. With other tags left that only untags, even while a container
/// runs on the image; the last tag's row removes the image by id, refused while in use.
#[tokio::test]
async fn removing_a_rows_tag_untags_it_and_the_last_row_is_the_image() {
    use dockhand::app::list::Row;
    use dockhand::app::objects::rows_per_tag;
    let (engine, cli) = setup().await;
    let clean = cli.cleanup();
    let repo = unique("dh-img-rows");
    let one = format!("{repo}:one");
    let two = clean.image(&format!("{repo}:two"));
    let three = clean.image(&format!("{repo}:three"));
    let id = committed(&cli, &clean, &one, 100);
    cli.ok(&["tag", &one, &two]);
    cli.ok(&["tag", &one, &three]);
    let c = clean.container(&unique("img-rows"));
    cli.ok(&[
        "run",
        "-d",
        "--network",
        "none",
        "--name",
        &c,
        &two,
        "sleep",
        "300",
    ]);

    let rows = |list: Vec<Image>| -> Vec<Image> {
        rows_per_tag(list)
            .into_iter()
            .filter(|r| r.id.as_str() == id)
            .collect()
    };
    let listed_rows = rows(engine.list_images().await.expect("list"));
    let mut keys: Vec<String> = listed_rows.iter().map(|r| r.key().to_string()).collect();
    keys.sort();
    let mut want = vec![one.clone(), two.clone(), three.clone()];
    want.sort();
    assert_eq!(keys, want, "one row per tag, each keyed by its tag");

    // The row of `two` (the reference the container was started from) goes: an untag.
    let removed = engine
        .remove_image(&two, false)
        .await
        .expect("untagging a row's tag while others remain");
    assert_eq!(removed.untagged, [two.as_str()]);
    assert!(removed.deleted.is_empty(), "{removed:?}");
    assert_eq!(cli.state(&c).as_deref(), Some("running"));
    let mut tags = cli.image_tags(&id);
    tags.sort();
    let mut left = vec![one.clone(), three.clone()];
    left.sort();
    assert_eq!(tags, left);
    let listed_rows = rows(engine.list_images().await.expect("list"));
    assert_eq!(listed_rows.len(), 2, "{listed_rows:?}");
    assert!(
        listed_rows.iter().all(|r| r.id.as_str() == id),
        "the same image"
    );

    // Down to one tag: that row is the image, removed as ever: refused while in use, naming
    // the container.
    engine.remove_image(&three, false).await.expect("untag");
    let err = engine
        .remove_image(&id, false)
        .await
        .expect_err("the last row of an image in use is refused");
    assert!(err.contains(&format!("{c} (running)")), "{err}");
    assert_eq!(cli.image_tags(&id), [one.as_str()]);
}

/// What the engine does with a forced removal of an image in use (documented in
/// src/engine/images.rs): never kills the container.
#[tokio::test]
async fn forced_removal_of_an_image_in_use_does_what_the_engine_allows() {
    let (engine, cli) = setup().await;
    let clean = cli.cleanup();
    let tag = format!("{}:v1", unique("dh-img-force"));
    let id = committed(&cli, &clean, &tag, 100);
    let c = clean.container(&unique("img-force"));
    cli.ok(&[
        "run",
        "-d",
        "--network",
        "none",
        "--name",
        &c,
        &tag,
        "sleep",
        "300",
    ]);

    // By id, with a running container: the engine refuses even a forced removal.
    let err = engine
        .remove_image(&id, true)
        .await
        .expect_err("the engine refuses to delete an image a running container uses");
    assert!(
        err.contains("cannot be forced") && err.contains("running container"),
        "{err}"
    );
    assert!(cli.image_exists(&id));

    // By its only tag: the tag goes, the image stays (dangling), the container runs on.
    let removed = engine.remove_image(&tag, true).await.expect("forced untag");
    assert_eq!(removed.untagged, [tag.as_str()]);
    assert!(removed.deleted.is_empty(), "{removed:?}");
    assert!(cli.image_exists(&id), "the image stays");
    assert!(cli.image_tags(&id).is_empty(), "now dangling");
    assert_eq!(cli.state(&c).as_deref(), Some("running"));

    // By id, once the container has stopped: the image is deleted, the container stays.
    cli.ok(&["rm", "-f", &c]);
    let stopped = clean.container(&unique("img-force-stopped"));
    cli.ok(&["create", "--network", "none", "--name", &stopped, &id]);
    engine
        .remove_image(&id, false)
        .await
        .expect_err("not forced: refused");
    let removed = engine
        .remove_image(&id, true)
        .await
        .expect("forced removal with only a stopped user");
    assert_eq!(removed.deleted.first(), Some(&id), "{removed:?}");
    assert!(!cli.image_exists(&id));
    assert!(cli.exists(&stopped), "the stopped container is kept");
    assert_eq!(
        cli.inspect(&stopped, "{{.Image}}").as_deref(),
        Some(id.as_str()),
        "and still names the deleted image"
    );
}

#[tokio::test]
async fn tag_then_history_shows_the_committed_layer() {
    let (engine, cli) = setup().await;
    let clean = cli.cleanup();
    let repo = unique("dh-img-tag");
    let id = committed(&cli, &clean, &format!("{repo}:src"), 50_000);
    let new_repo = unique("dh-img-tagged");
    clean.image(&format!("{new_repo}:v2"));
    engine
        .tag_image(&id, &new_repo, "v2")
        .await
        .expect("tag_image");
    assert_eq!(
        cli.image_id(&format!("{new_repo}:v2")).as_deref(),
        Some(id.as_str())
    );
    let err = engine
        .tag_image(&id, "Bad Name", "x")
        .await
        .expect_err("an invalid repository name");
    // The engine's own words, which the user reads: the name is refused as a reference.
    assert!(err.contains("invalid reference format"), "{err}");

    let layers = engine.image_history(&id).await.expect("image_history");
    // docker history lists the same layers, newest first, with sizes in bytes.
    let docker: Vec<(String, i64)> = cli
        .ok(&[
            "history",
            "--no-trunc",
            "-H=false",
            "--format",
            "{{.Size}}|{{.CreatedBy}}",
            &id,
        ])
        .lines()
        .map(|l| {
            let (size, by) = l.split_once('|').expect("size|created by");
            (by.to_string(), size.parse().expect("bytes"))
        })
        .collect();
    let ours: Vec<(String, i64)> = layers
        .iter()
        .map(|l| (l.created_by.clone(), l.size))
        .collect();
    assert_eq!(ours, docker);
    let top = &layers[0];
    assert_eq!(top.id, id);
    assert_eq!(top.comment, "dockhand test layer");
    assert!(
        top.size >= 50_000,
        "the committed layer holds the 50 kB file: {top:?}"
    );
    assert!(top.created_by.contains("head -c 50000"), "{top:?}");
    assert!(layers.len() >= 2, "the base layer too: {layers:?}");
}

#[tokio::test]
async fn errors_for_missing_images_are_the_engines() {
    let (engine, _cli) = setup().await;
    let missing = format!("{}:nope", unique("dh-img-missing"));
    let err = engine
        .remove_image(&missing, false)
        .await
        .expect_err("no such image");
    assert!(err.contains("No such image"), "{err}");
    let err = engine
        .image_history(&missing)
        .await
        .expect_err("no such image");
    assert!(err.contains("No such image"), "{err}");
    let err = engine
        .tag_image(&missing, "x", "y")
        .await
        .expect_err("no such image");
    assert!(err.contains("No such image"), "{err}");
}
