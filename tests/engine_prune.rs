//! Disk usage and the exact-preview prune against a real, private engine.
//!
//! Other tests use the same engine at the same time, so:
//! - previews are whole-engine, but every assertion looks only at the test's own objects,
//!   and `prune_apply` is only ever given items filtered down to the test's own objects;
//! - comparisons with docker's own prune use a label unique to the test
//!   (`docker … prune --filter label=…`), so docker only ever removes the test's objects;
//! - the disk usage comparison retries until the engine holds still between two readings.

// A test may unwrap, expect and panic: that is how it fails, with the reason.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::collections::BTreeSet;
use std::sync::Mutex;
use std::time::Duration;

use common::{Cleanup, Cli, IMAGE, setup, unique};
use dockhand::app::wording::prune_skip;
use dockhand::engine::Engine;
use dockhand::engine::objects::{DiskUsage, PruneItem, PruneKind, PruneObject, UsageLine};

/// Docker 20.10 runs one container/network/volume prune at a time and refuses the others
/// ("a prune operation is already running"): this binary's docker prunes take turns.
static DOCKER_PRUNE: Mutex<()> = Mutex::new(());

const STATE_TIMEOUT: Duration = Duration::from_secs(20);

/// Runs a docker prune command (under [`DOCKER_PRUNE`]); returns its output.
fn docker_prune(cli: &Cli, env: &[(&str, &str)], args: &[&str]) -> String {
    let _turn = DOCKER_PRUNE.lock().unwrap_or_else(|e| e.into_inner());
    cli.ok_env(env, args)
}

/// The lines of a prune's output between its heading and the blank line before the total.
fn pruned(output: &str) -> BTreeSet<String> {
    output
        .lines()
        .skip_while(|l| !l.starts_with("Deleted"))
        .skip(1)
        .take_while(|l| !l.trim().is_empty())
        .map(|l| l.trim().to_string())
        .collect()
}

async fn preview(engine: &Engine, kind: PruneKind) -> Vec<PruneItem> {
    engine
        .prune_preview(kind)
        .await
        .unwrap_or_else(|e| panic!("prune_preview({kind:?}): {e}"))
}

/// The preview's items that are one of `mine` (by id or name).
fn only(items: &[PruneItem], mine: &[&str]) -> Vec<PruneItem> {
    items
        .iter()
        .filter(|i| mine.contains(&i.id.as_str()) || mine.contains(&i.name.as_str()))
        .cloned()
        .collect()
}

fn names(items: &[PruneItem]) -> BTreeSet<String> {
    items.iter().map(|i| i.name.clone()).collect()
}

fn ids(items: &[PruneItem]) -> BTreeSet<String> {
    items.iter().map(|i| i.id.clone()).collect()
}

fn set(xs: &[&str]) -> BTreeSet<String> {
    xs.iter().map(|s| s.to_string()).collect()
}

/// A container that wrote `bytes` bytes into its writable layer and exited.
fn exited(cli: &Cli, clean: &Cleanup, tag: &str, extra: &[&str], bytes: usize) -> String {
    let name = clean.container(&unique(tag));
    let script = format!("head -c {bytes} /dev/zero > /junk");
    let mut args = vec!["run", "--network", "none", "--name", name.as_str()];
    args.extend_from_slice(extra);
    args.extend_from_slice(&[IMAGE, "sh", "-c", &script]);
    cli.ok(&args);
    name
}

/// A named volume holding `bytes` bytes, written by a container that is then removed.
fn filled_volume(cli: &Cli, clean: &Cleanup, name: &str, labels: &[&str], bytes: usize) {
    clean.volume(name);
    let mut args = vec!["volume", "create"];
    for l in labels {
        args.extend_from_slice(&["--label", l]);
    }
    args.push(name);
    cli.ok(&args);
    let writer = unique("prune-fill");
    let script = format!("head -c {bytes} /dev/zero > /v/data");
    cli.ok(&[
        "run",
        "--rm",
        "--network",
        "none",
        "--name",
        &writer,
        "-v",
        &format!("{name}:/v"),
        IMAGE,
        "sh",
        "-c",
        &script,
    ]);
}

// ------------------------------------------------------------------------- disk usage --

/// go-units `HumanSize` as docker prints sizes: "1.982MB", "307.2kB", "2B". Returns the
/// value in bytes and half the step of its last shown digit (4 significant digits).
fn parse_docker_size(s: &str) -> (f64, f64) {
    let s = s.split_whitespace().next().unwrap_or(s); // "2B (100%)"
    let split = s
        .find(|c: char| c.is_ascii_alphabetic())
        .unwrap_or_else(|| panic!("no unit in {s:?}"));
    let (num, unit) = s.split_at(split);
    let mantissa: f64 = num.parse().unwrap_or_else(|_| panic!("bad size {s:?}"));
    let scale = match unit {
        "B" => 1.0,
        "kB" => 1e3,
        "MB" => 1e6,
        "GB" => 1e9,
        "TB" => 1e12,
        other => panic!("unknown unit {other:?} in {s:?}"),
    };
    let step = if mantissa == 0.0 {
        0.5
    } else {
        0.5 * 10f64.powf(mantissa.abs().log10().floor() - 3.0)
    };
    (mantissa * scale, (step * scale).max(0.5))
}

/// Compares our figures with one line of `docker system df --format '{{json .}}'`.
fn compare_line(ours: &UsageLine, docker: &serde_json::Value) -> Result<(), String> {
    let field = |k: &str| docker[k].as_str().unwrap_or("").to_string();
    let what = field("Type");
    let count: usize = field("TotalCount").parse().map_err(|e| format!("{e}"))?;
    let active: usize = field("Active").parse().map_err(|e| format!("{e}"))?;
    let mut problems = Vec::new();
    if ours.count != count {
        problems.push(format!("count {} vs docker {count}", ours.count));
    }
    if ours.active != active {
        problems.push(format!("active {} vs docker {active}", ours.active));
    }
    for (name, value, text) in [
        ("size", ours.size, field("Size")),
        ("reclaimable", ours.reclaimable, field("Reclaimable")),
    ] {
        let (theirs, tolerance) = parse_docker_size(&text);
        if (value as f64 - theirs).abs() > tolerance {
            problems.push(format!("{name} {value} vs docker {text}"));
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(format!("{what}: {}", problems.join("; ")))
    }
}

fn compare_df(ours: &DiskUsage, docker: &str) -> Result<(), String> {
    let mut problems = Vec::new();
    let mut seen = 0;
    for line in docker.lines().filter(|l| !l.trim().is_empty()) {
        let v: serde_json::Value = serde_json::from_str(line).map_err(|e| e.to_string())?;
        let ours = match v["Type"].as_str() {
            Some("Images") => &ours.images,
            Some("Containers") => &ours.containers,
            Some("Local Volumes") => &ours.volumes,
            Some("Build Cache") => &ours.build_cache,
            other => return Err(format!("unknown line type {other:?}")),
        };
        seen += 1;
        if let Err(e) = compare_line(ours, &v) {
            problems.push(e);
        }
    }
    if seen != 4 {
        problems.push(format!("docker printed {seen} lines, not 4"));
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems.join(" | "))
    }
}

#[test]
fn docker_sizes_parse_with_their_rounding() {
    assert_eq!(parse_docker_size("1.982MB"), (1_982_000.0, 500.0));
    let (v, step) = parse_docker_size("307.2kB");
    assert!((v - 307_200.0).abs() < 1e-6 && (step - 50.0).abs() < 1e-6);
    assert_eq!(parse_docker_size("2B (100%)"), (2.0, 0.5));
    assert_eq!(parse_docker_size("0B"), (0.0, 0.5));
    let (v, step) = parse_docker_size("2MB");
    assert!(
        (v - 2e6).abs() < 1e-6 && (step - 500.0).abs() < 1e-6,
        "{step}"
    );
}

#[tokio::test]
async fn disk_usage_matches_docker_system_df() {
    let (engine, cli) = setup().await;
    let clean = cli.cleanup();
    // Something of every kind with known sizes: an exited container with 3000 bytes in its
    // writable layer mounting a volume with 5000 bytes, and an unused volume of 7000 bytes.
    let used = unique("df-used");
    let idle = unique("df-idle");
    filled_volume(&cli, &clean, &used, &[], 5000);
    filled_volume(&cli, &clean, &idle, &[], 7000);
    let c = exited(&cli, &clean, "df-c", &["-v", &format!("{used}:/v")], 3000);
    let c_id = cli.inspect(&c, "{{.Id}}").expect("exists");

    let mut last = String::new();
    let mut matched = None;
    for _ in 0..30 {
        let before = engine.disk_usage().await.expect("disk_usage");
        let docker = cli.run(&["system", "df", "--format", "{{json .}}"]);
        let after = engine.disk_usage().await.expect("disk_usage");
        if !docker.success {
            // Docker 20.10 refuses a second disk usage while one runs (another test's preview).
            last = docker.stderr;
        } else if before != after {
            last = "the engine changed between two readings".into();
        } else {
            match compare_df(&before, &docker.stdout) {
                Ok(()) => {
                    matched = Some(before);
                    break;
                }
                Err(e) => last = format!("{e}\nours: {before:?}\ndocker: {}", docker.stdout),
            }
        }
        tokio::time::sleep(Duration::from_millis(300)).await;
    }
    let usage = matched.unwrap_or_else(|| panic!("never matched docker system df: {last}"));

    let volume = |n: &str| {
        usage
            .volume_sizes
            .iter()
            .find(|(v, _)| v == n)
            .map(|(_, s)| *s)
    };
    assert!(
        volume(&used).is_some_and(|s| s >= 5000),
        "{:?}",
        usage.volume_sizes
    );
    assert!(
        volume(&idle).is_some_and(|s| s >= 7000),
        "{:?}",
        usage.volume_sizes
    );
    let rw = usage
        .container_sizes
        .iter()
        .find(|(id, _)| *id == c_id)
        .map(|(_, s)| *s);
    assert!(rw.is_some_and(|s| s >= 3000), "{:?}", usage.container_sizes);
    assert!(usage.images.size > 0 && usage.images.count >= 1);
    assert!(usage.volumes.reclaimable >= 7000, "{:?}", usage.volumes);
}

// -------------------------------------------------------------------------- containers --

#[tokio::test]
async fn stopped_containers_preview_is_what_docker_container_prune_removes() {
    let (engine, cli) = setup().await;
    let clean = cli.cleanup();
    let label = format!("dh.prune={}", unique("ctr"));
    let l = ["--label", label.as_str()];
    let done = exited(&cli, &clean, "pr-exited", &l, 4000);
    let created = clean.container(&unique("pr-created"));
    cli.create(&created, &l, &["true"]);
    let running = clean.container(&unique("pr-running"));
    cli.run_detached(&running, &l, &["sleep", "300"]);
    let paused = clean.container(&unique("pr-paused"));
    cli.run_detached(&paused, &l, &["sleep", "300"]);
    cli.ok(&["pause", &paused]);
    let all = [
        done.as_str(),
        created.as_str(),
        running.as_str(),
        paused.as_str(),
    ];

    let items = only(&preview(&engine, PruneKind::StoppedContainers).await, &all);
    assert_eq!(names(&items), set(&[&done, &created]));
    let item = items
        .iter()
        .find(|i| i.name == done)
        .expect("exited listed");
    assert_eq!(item.object, PruneObject::Container);
    assert_eq!(item.detail, "exited");
    assert!(item.size.is_some_and(|s| s >= 4000), "{item:?}");
    // A container that wrote nothing has a size too: 0, which the engine leaves out of its
    // answer (it was shown as `?` while the total said 0B).
    let untouched = items
        .iter()
        .find(|i| i.name == created)
        .expect("created listed");
    assert_eq!(untouched.size, Some(0), "{untouched:?}");

    let out = docker_prune(
        &cli,
        &[],
        &[
            "container",
            "prune",
            "-f",
            "--filter",
            &format!("label={label}"),
        ],
    );
    assert_eq!(pruned(&out), ids(&items), "docker removed: {out}");
    cli.ok(&["unpause", &paused]);
}

#[tokio::test]
async fn applying_removes_stopped_containers_and_skips_one_started_since() {
    let (engine, cli) = setup().await;
    let clean = cli.cleanup();
    let done = exited(&cli, &clean, "ap-exited", &[], 6000);
    let later = clean.container(&unique("ap-later"));
    cli.create(&later, &[], &["sleep", "300"]);
    let items = only(
        &preview(&engine, PruneKind::StoppedContainers).await,
        &[&done, &later],
    );
    assert_eq!(names(&items), set(&[&done, &later]));

    // Between the preview and the confirmation, someone starts one of them.
    cli.ok(&["start", &later]);
    let out = engine.prune_apply(&items).await;
    assert_eq!(names(&out.removed), set(&[&done]));
    assert_eq!(out.skipped.len(), 1, "{out:?}");
    assert_eq!(out.skipped[0].0.name, later);
    assert!(
        prune_skip(&out.skipped[0].1).contains("running"),
        "{:?}",
        out.skipped
    );
    assert!(out.failed.is_empty(), "{:?}", out.failed);
    assert!(!cli.exists(&done));
    assert_eq!(cli.state(&later).as_deref(), Some("running"));
    let size = out.removed[0].size.expect("a size");
    assert!(size >= 6000);
    assert_eq!(out.reclaimed, size);
}

// ------------------------------------------------------------------------------ images --

/// Which of `mine` an image prune's output says it deleted. (Its `deleted:` lines also name
/// the layers that were freed.)
fn deleted_images(output: &str, mine: &[&str]) -> BTreeSet<String> {
    pruned(output)
        .into_iter()
        .filter_map(|l| l.strip_prefix("deleted: ").map(String::from))
        .filter(|id| mine.contains(&id.as_str()))
        .collect()
}

/// Commits `container` as `tag` with the test's `label` in the image config.
fn commit_labelled(cli: &Cli, clean: &Cleanup, container: &str, tag: &str, label: &str) -> String {
    clean.image(tag);
    let change = format!("LABEL {label}");
    let id = cli.commit(container, tag, &["--change", &change]);
    clean.image(&id);
    id
}

#[tokio::test]
async fn dangling_images_preview_is_what_docker_image_prune_removes() {
    let (engine, cli) = setup().await;
    let clean = cli.cleanup();
    let label = format!("dh.prune={}", unique("dangling"));
    let tag = format!("{}:t", unique("dh-dangling"));
    // Three commits to the same tag: the first two end up untagged. Each from its own
    // container with its own content: identical layers would be shared, and free nothing.
    let commit = |bytes| {
        let src = exited(&cli, &clean, "dg-src", &[], bytes);
        commit_labelled(&cli, &clean, &src, &tag, &label)
    };
    let d1 = commit(20_000);
    let d2 = commit(20_001);
    let top = commit(20_002);
    // The second one is still used by a container.
    let user = clean.container(&unique("dg-user"));
    cli.ok(&["create", "--network", "none", "--name", &user, &d2]);

    let docker_dangling = cli.ok(&["images", "-q", "--no-trunc", "-f", "dangling=true"]);
    for d in [&d1, &d2] {
        assert!(docker_dangling.lines().any(|l| l == d), "{d} dangling");
    }
    let items = only(
        &preview(&engine, PruneKind::DanglingImages).await,
        &[&d1, &d2, &top],
    );
    assert_eq!(ids(&items), set(&[&d1]), "the used one stays: {items:?}");
    // Dangling, so nameless: its short id tells it from the others.
    let short = d1.trim_start_matches("sha256:").get(..12).unwrap_or(&d1);
    assert_eq!(items[0].name, format!("<none> ({short})"));
    assert!(items[0].size.is_some_and(|s| s >= 20_000), "{items:?}");

    let out = docker_prune(
        &cli,
        &[],
        &[
            "image",
            "prune",
            "-f",
            "--filter",
            &format!("label={label}"),
        ],
    );
    assert_eq!(
        deleted_images(&out, &[&d1, &d2, &top]),
        ids(&items),
        "docker removed: {out}"
    );
    assert!(cli.image_exists(&d2) && cli.image_exists(&top));
}

#[tokio::test]
async fn unused_images_preview_is_what_docker_image_prune_all_removes() {
    let (engine, cli) = setup().await;
    let clean = cli.cleanup();
    let label = format!("dh.prune={}", unique("unused"));
    let src = exited(&cli, &clean, "ui-src", &[], 1000);
    let free = commit_labelled(
        &cli,
        &clean,
        &src,
        &format!("{}:a", unique("dh-free")),
        &label,
    );
    let second = clean.image(&format!("{}:b", unique("dh-free2")));
    cli.ok(&["tag", &free, &second]);
    let stopped_tag = format!("{}:s", unique("dh-stopped"));
    let for_stopped = commit_labelled(&cli, &clean, &src, &stopped_tag, &label);
    let running_tag = format!("{}:r", unique("dh-running"));
    let for_running = commit_labelled(&cli, &clean, &src, &running_tag, &label);
    let s = clean.container(&unique("ui-stopped"));
    cli.ok(&["create", "--network", "none", "--name", &s, &stopped_tag]);
    let r = clean.container(&unique("ui-running"));
    cli.ok(&[
        "run",
        "-d",
        "--network",
        "none",
        "--name",
        &r,
        &running_tag,
        "sleep",
        "300",
    ]);

    let mine = [free.as_str(), for_stopped.as_str(), for_running.as_str()];
    let items = only(&preview(&engine, PruneKind::UnusedImages).await, &mine);
    assert_eq!(ids(&items), set(&[&free]));
    assert_eq!(items[0].detail, "unused");
    assert!(items[0].name.contains(&second), "{:?}", items[0].name);
    // Dangling-only previews leave tagged images alone.
    assert!(only(&preview(&engine, PruneKind::DanglingImages).await, &mine).is_empty());

    let out = docker_prune(
        &cli,
        &[],
        &[
            "image",
            "prune",
            "-a",
            "-f",
            "--filter",
            &format!("label={label}"),
        ],
    );
    assert_eq!(
        deleted_images(&out, &mine),
        ids(&items),
        "docker removed: {out}"
    );
}

#[tokio::test]
async fn applying_removes_unused_images_with_all_their_tags_and_skips_one_used_since() {
    let (engine, cli) = setup().await;
    let clean = cli.cleanup();
    let a = format!("{}:1", unique("dh-apply-a"));
    let a2 = clean.image(&format!("{}:2", unique("dh-apply-a2")));
    let b = format!("{}:1", unique("dh-apply-b"));
    clean.image(&a);
    clean.image(&b);
    // Different content, so that neither image's layer is shared with the other.
    let a_id = cli.commit(&exited(&cli, &clean, "ai-src", &[], 30_000), &a, &[]);
    let b_id = cli.commit(&exited(&cli, &clean, "ai-src", &[], 30_001), &b, &[]);
    clean.image(&a_id);
    clean.image(&b_id);
    cli.ok(&["tag", &a, &a2]);
    let items = only(
        &preview(&engine, PruneKind::UnusedImages).await,
        &[&a_id, &b_id],
    );
    assert_eq!(ids(&items), set(&[&a_id, &b_id]));

    // A container of `b` appears before the confirmation.
    let user = clean.container(&unique("ai-user"));
    cli.ok(&["create", "--network", "none", "--name", &user, &b]);
    let out = engine.prune_apply(&items).await;
    assert_eq!(ids(&out.removed), set(&[&a_id]), "{out:?}");
    assert_eq!(out.skipped.len(), 1, "{out:?}");
    assert!(
        prune_skip(&out.skipped[0].1).contains(&user),
        "{:?}",
        out.skipped
    );
    assert!(out.failed.is_empty(), "{:?}", out.failed);
    assert!(!cli.image_exists(&a_id), "removed with both tags");
    assert!(!cli.image_exists(&a2));
    assert_eq!(cli.image_tags(&b_id), [b.as_str()], "kept, tag and all");
    let size = out.removed[0].size.expect("a size");
    assert!(size >= 30_000, "{size}");
    assert_eq!(out.reclaimed, size);
}

// ----------------------------------------------------------------------------- volumes --

#[tokio::test]
async fn volume_previews_are_what_docker_volume_prune_removes() {
    let (engine, cli) = setup().await;
    let clean = cli.cleanup();
    let label = format!("dh.prune={}", unique("vol"));
    let anon_label = "com.docker.volume.anonymous=";
    // As engines from Docker 23 on label their anonymous volumes.
    let anon = unique("pv-anon");
    filled_volume(&cli, &clean, &anon, &[&label, anon_label], 100);
    let named = unique("pv-named");
    filled_volume(&cli, &clean, &named, &[&label], 200);
    let used = unique("pv-used");
    filled_volume(&cli, &clean, &used, &[&label], 300);
    let user = clean.container(&unique("pv-user"));
    cli.create(&user, &["-v", &format!("{used}:/u")], &["true"]);
    // A real anonymous volume, left behind by a container removed without `-v`.
    let tmp = unique("pv-tmp");
    cli.create(&tmp, &["-v", "/scratch"], &["true"]);
    let hex = clean.volume(&cli.volume_at(&tmp, "/scratch"));
    cli.ok(&["rm", &tmp]);
    let mine = [anon.as_str(), named.as_str(), used.as_str(), hex.as_str()];

    let anonymous = only(&preview(&engine, PruneKind::AnonymousVolumes).await, &mine);
    assert_eq!(names(&anonymous), set(&[&anon, &hex]));
    assert!(
        anonymous
            .iter()
            .all(|i| !i.named_volume && i.detail == "anonymous volume")
    );
    let all = only(&preview(&engine, PruneKind::AllUnusedVolumes).await, &mine);
    assert_eq!(names(&all), set(&[&anon, &named, &hex]));
    let n = all.iter().find(|i| i.name == named).expect("named listed");
    assert!(n.named_volume && n.detail == "named volume", "{n:?}");
    assert!(n.size.is_some_and(|s| s >= 200), "{n:?}");

    // docker's own prune, limited to the labelled volumes (the 64-hex one has no label).
    let filter = format!("label={label}");
    let api = engine.info.api_version.clone();
    let api_num: f64 = api.parse().unwrap_or(0.0);
    if api_num >= 1.42 {
        // Since API 1.42 a plain `volume prune` removes anonymous volumes only, and
        // `all=true` the named ones too.
        let env = [("DOCKER_API_VERSION", api.as_str())];
        let out = docker_prune(&cli, &env, &["volume", "prune", "-f", "--filter", &filter]);
        assert_eq!(pruned(&out), set(&[&anon]), "API {api}: {out}");
        let out = docker_prune(
            &cli,
            &env,
            &[
                "volume", "prune", "-f", "--filter", &filter, "--filter", "all=true",
            ],
        );
        assert_eq!(pruned(&out), set(&[&named]), "API {api}: {out}");
    } else {
        // Older engines remove every unused volume: that is the all-unused preview.
        let out = docker_prune(&cli, &[], &["volume", "prune", "-f", "--filter", &filter]);
        assert_eq!(pruned(&out), set(&[&anon, &named]), "API {api}: {out}");
    }
    assert!(cli.volume_listed(&used));
}

#[tokio::test]
async fn a_volume_mounted_after_the_preview_is_skipped_and_kept() {
    let (engine, cli) = setup().await;
    let clean = cli.cleanup();
    let v1 = unique("race-v1");
    let v2 = unique("race-v2");
    filled_volume(&cli, &clean, &v1, &[], 9000);
    filled_volume(&cli, &clean, &v2, &[], 9000);
    let items = only(
        &preview(&engine, PruneKind::AllUnusedVolumes).await,
        &[&v1, &v2],
    );
    assert_eq!(names(&items), set(&[&v1, &v2]));

    // A new container mounts v2 before the user confirms.
    let late = clean.container(&unique("race-user"));
    cli.run_detached(&late, &["-v", &format!("{v2}:/d")], &["sleep", "300"]);
    let out = engine.prune_apply(&items).await;
    assert_eq!(names(&out.removed), set(&[&v1]), "{out:?}");
    assert_eq!(out.skipped.len(), 1, "{out:?}");
    assert_eq!(out.skipped[0].0.name, v2);
    assert!(
        prune_skip(&out.skipped[0].1).contains(&format!("{late} (running)")),
        "{:?}",
        out.skipped
    );
    assert!(!cli.volume_listed(&v1));
    assert!(
        cli.volume_listed(&v2),
        "the volume mounted since the preview is kept"
    );
    assert!(out.reclaimed >= 9000, "{out:?}");
    assert_eq!(Some(out.reclaimed), out.removed[0].size);
}

// ---------------------------------------------------------------------------- networks --

#[tokio::test]
async fn unused_networks_preview_is_what_docker_network_prune_removes() {
    let (engine, cli) = setup().await;
    let clean = cli.cleanup();
    let label = format!("dh.prune={}", unique("net"));
    let mk = |tag: &str| {
        let n = clean.network(&unique(tag));
        cli.ok(&["network", "create", "--internal", "--label", &label, &n]);
        n
    };
    let empty = mk("pn-empty");
    let with_running = mk("pn-run");
    let with_created = mk("pn-created");
    let r = clean.container(&unique("pn-r"));
    cli.ok(&[
        "run",
        "-d",
        "--network",
        &with_running,
        "--name",
        &r,
        IMAGE,
        "sleep",
        "300",
    ]);
    let c = clean.container(&unique("pn-c"));
    cli.ok(&[
        "create",
        "--network",
        &with_created,
        "--name",
        &c,
        IMAGE,
        "true",
    ]);

    let mine = [empty.as_str(), with_running.as_str(), with_created.as_str()];
    // The preview reads the engine's disk usage, which once (engine B, other tests asking for
    // disk usage at the same moment, a loaded machine) did not yet hold `c`, created a moment
    // before: ask again, a bounded number of times, until it has seen `c`. The assertions
    // below are on that answer.
    let mut items = Vec::new();
    for _ in 0..20 {
        items = only(&preview(&engine, PruneKind::UnusedNetworks).await, &mine);
        if items.iter().any(|i| i.detail.contains(&c)) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
    // Like the engine: a network with only a stopped container goes, with a warning.
    assert_eq!(names(&items), set(&[&empty, &with_created]));
    let warned = items
        .iter()
        .find(|i| i.name == with_created)
        .expect("listed");
    assert!(warned.detail.contains(&c), "{warned:?}");

    let out = docker_prune(
        &cli,
        &[],
        &[
            "network",
            "prune",
            "-f",
            "--filter",
            &format!("label={label}"),
        ],
    );
    assert_eq!(pruned(&out), names(&items), "docker removed: {out}");
    assert!(cli.network_listed(&with_running));
}

#[tokio::test]
async fn applying_removes_unused_networks_and_skips_one_used_since() {
    let (engine, cli) = setup().await;
    let clean = cli.cleanup();
    let n1 = clean.network(&unique("an-1"));
    let n2 = clean.network(&unique("an-2"));
    for n in [&n1, &n2] {
        cli.ok(&["network", "create", "--internal", n]);
    }
    let items = only(
        &preview(&engine, PruneKind::UnusedNetworks).await,
        &[&n1, &n2],
    );
    assert_eq!(names(&items), set(&[&n1, &n2]));
    let late = clean.container(&unique("an-user"));
    cli.ok(&[
        "run",
        "-d",
        "--network",
        &n2,
        "--name",
        &late,
        IMAGE,
        "sleep",
        "300",
    ]);
    let out = engine.prune_apply(&items).await;
    assert_eq!(names(&out.removed), set(&[&n1]), "{out:?}");
    assert_eq!(out.skipped.len(), 1, "{out:?}");
    assert!(
        prune_skip(&out.skipped[0].1).contains(&late),
        "{:?}",
        out.skipped
    );
    assert!(!cli.network_listed(&n1));
    assert!(cli.network_listed(&n2));
    assert_eq!(out.reclaimed, 0);
}

// ------------------------------------------------------------------------- build cache --

#[tokio::test]
async fn build_cache_records_are_removed_by_id() {
    let (engine, cli) = setup().await;
    let clean = cli.cleanup();
    let marker = unique("bc");
    let tag = clean.image(&format!("{}:1", unique("dh-build")));
    let dockerfile =
        format!("FROM {IMAGE}\nRUN echo {marker} > /m && head -c 100000 /dev/zero > /big\n");
    cli.build(&dockerfile, &tag);
    let is_mine = |i: &PruneItem| i.object == PruneObject::BuildCache && i.name.contains(&marker);

    // While the image exists, its layer's record is shared with it: not prunable.
    let items = preview(&engine, PruneKind::BuildCache).await;
    assert!(!items.iter().any(is_mine), "{items:?}");
    cli.ok(&["rmi", &tag]);
    let items: Vec<PruneItem> = preview(&engine, PruneKind::BuildCache)
        .await
        .into_iter()
        .filter(is_mine)
        .collect();
    assert_eq!(items.len(), 1, "the RUN step's record: {items:?}");
    let size = items[0].size.expect("a size");
    assert!(size >= 100_000, "{items:?}");

    let out = engine.prune_apply(&items).await;
    assert_eq!(out.removed.len(), 1, "{out:?}");
    assert!(out.failed.is_empty() && out.skipped.is_empty(), "{out:?}");
    assert_eq!(
        out.reclaimed, size,
        "the engine's figure is the record's size"
    );
    let after = preview(&engine, PruneKind::BuildCache).await;
    assert!(!after.iter().any(is_mine), "gone: {after:?}");

    // Applying it again: nothing left to remove, reported as skipped.
    let again = engine.prune_apply(&items).await;
    assert!(
        again.removed.is_empty() && again.skipped.len() == 1,
        "{again:?}"
    );
}

// --------------------------------------------------------------------------------- all --

#[tokio::test]
async fn all_removes_a_stopped_container_before_what_only_it_used() {
    let (engine, cli) = setup().await;
    let clean = cli.cleanup();
    let src = exited(&cli, &clean, "all-src", &[], 1000);
    let tag = clean.image(&format!("{}:1", unique("dh-all")));
    let image = cli.commit(&src, &tag, &[]);
    clean.image(&image);
    let net = clean.network(&unique("all-net"));
    cli.ok(&["network", "create", "--internal", &net]);
    let vol = unique("all-vol");
    filled_volume(&cli, &clean, &vol, &[], 2000);
    let c = clean.container(&unique("all-c"));
    cli.ok(&[
        "run",
        "--network",
        &net,
        "-v",
        &format!("{vol}:/v"),
        "--name",
        &c,
        &tag,
        "sh",
        "-c",
        "head -c 5000 /dev/zero > /x",
    ]);
    cli.wait_state(&c, "exited", STATE_TIMEOUT).await;
    let c_id = cli.inspect(&c, "{{.Id}}").expect("exists");
    let net_id = cli.ok(&["network", "inspect", "-f", "{{.Id}}", &net]);
    let mine = [c_id.as_str(), net_id.as_str(), image.as_str(), vol.as_str()];

    // Alone, the image and the volume are in use (by the stopped container).
    assert!(only(&preview(&engine, PruneKind::UnusedImages).await, &mine).is_empty());
    assert!(only(&preview(&engine, PruneKind::AllUnusedVolumes).await, &mine).is_empty());

    let items = only(&preview(&engine, PruneKind::All).await, &mine);
    let kinds: Vec<PruneObject> = items.iter().map(|i| i.object).collect();
    assert_eq!(
        kinds,
        [
            PruneObject::Container,
            PruneObject::Network,
            PruneObject::Image,
            PruneObject::Volume
        ],
        "{items:?}"
    );
    assert!(items[3].named_volume);

    // Handed over in any order, they are removed in the safe one.
    let mut shuffled = items.clone();
    shuffled.reverse();
    let out = engine.prune_apply(&shuffled).await;
    assert!(out.failed.is_empty() && out.skipped.is_empty(), "{out:?}");
    let removed: Vec<PruneObject> = out.removed.iter().map(|i| i.object).collect();
    assert_eq!(removed, kinds);
    assert!(!cli.exists(&c_id));
    assert!(!cli.network_listed(&net));
    assert!(!cli.image_exists(&image));
    assert!(!cli.volume_listed(&vol));
    let total: i64 = items.iter().filter_map(|i| i.size).sum();
    assert_eq!(out.reclaimed, total);
    assert!(total >= 5000 + 2000, "{items:?}");
}
