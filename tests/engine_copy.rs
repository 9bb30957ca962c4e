//! Files out of and into containers through the archive API, against a real, private engine:
//! a folder out byte for byte, a file in read back through the engine, nothing local
//! overwritten, and the engine's words for a path that is not there.

// A test may unwrap, expect and panic: that is how it fails, with the reason.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use dockhand::engine::copy::{EntryKind, LIST_BUDGET, ListedBy, Listing};
use std::path::Path;

use common::{setup, unique};

/// Every file under `root`, relative, with its bytes.
fn files(root: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for e in std::fs::read_dir(&dir).expect("read a folder") {
            let p = e.expect("an entry").path();
            if p.is_dir() {
                stack.push(p);
            } else {
                let rel = p
                    .strip_prefix(root)
                    .expect("under root")
                    .display()
                    .to_string();
                out.push((rel, std::fs::read(&p).expect("read a file")));
            }
        }
    }
    out.sort();
    out
}

#[tokio::test]
async fn a_folder_comes_out_byte_for_byte_and_nothing_is_overwritten() {
    let (engine, cli) = setup().await;
    let clean = cli.cleanup();
    let name = clean.container(&unique("cpout"));
    // A folder with a nested file, an empty file and 3 MiB of data (progress is told per MiB).
    cli.run_detached(
        &name,
        &[],
        &[
            "sh",
            "-c",
            "mkdir -p /data/sub && echo hello > /data/a.txt && : > /data/sub/empty && \
             head -c 3145728 /dev/urandom > /data/sub/big && sleep 300",
        ],
    );
    cli.wait_state(&name, "running", std::time::Duration::from_secs(10))
        .await;
    // The shell writes its files a moment after it starts: bounded wait.
    for _ in 0..50 {
        if cli
            .try_run(&["exec", &name, "test", "-s", "/data/sub/big"])
            .is_ok_and(|o| o.success)
        {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let dest = tempfile::tempdir().expect("a temp dir");
    let mut told = Vec::new();
    let copied = engine
        .copy_out(&name, "/data", dest.path(), |b| told.push(b))
        .await
        .expect("copy out");
    assert_eq!(copied.to, dest.path().join("data").display().to_string());
    assert!(copied.entries >= 5, "{copied:?}");
    assert!(told.len() >= 3, "progress along the way: {told:?}");
    // Progress counts the archive's bytes; the outcome, the files' own (3 MiB and 6).
    assert!(told.last().is_some_and(|b| *b >= copied.bytes), "{told:?}");
    assert_eq!(copied.bytes, 3_145_728 + 6, "{copied:?}");

    // Byte for byte, against what the engine holds (read back through `docker exec cat`).
    let got = files(&dest.path().join("data"));
    let names: Vec<&str> = got.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["a.txt", "sub/big", "sub/empty"]);
    for (rel, bytes) in &got {
        let out = std::process::Command::new(common::docker_binary())
            .args([
                "-H",
                cli.host(),
                "exec",
                &name,
                "cat",
                &format!("/data/{rel}"),
            ])
            .output()
            .expect("docker exec cat");
        assert!(out.status.success());
        assert_eq!(&out.stdout, bytes, "{rel} differs");
    }
    // No temporary tar is left behind.
    let left: Vec<_> = std::fs::read_dir(dest.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(left, ["data"], "{left:?}");

    // Again into the same folder: refused, and the first copy untouched.
    std::fs::write(dest.path().join("data/a.txt"), "mine").unwrap();
    let err = engine
        .copy_out(&name, "/data", dest.path(), |_| {})
        .await
        .expect_err("would overwrite");
    assert!(err.contains("exists already: nothing was copied"), "{err}");
    assert_eq!(
        std::fs::read_to_string(dest.path().join("data/a.txt")).unwrap(),
        "mine"
    );

    // A path that is not there: the engine's words.
    let err = engine
        .copy_out(&name, "/no/such/path", dest.path(), |_| {})
        .await
        .expect_err("no such path");
    assert!(
        err.to_lowercase().contains("could not find the file"),
        "{err}"
    );
}

#[tokio::test]
async fn a_local_file_and_folder_go_in_and_read_back() {
    let (engine, cli) = setup().await;
    let clean = cli.cleanup();
    let name = clean.container(&unique("cpin"));
    cli.run_detached(&name, &[], &["sleep", "300"]);
    let src = tempfile::tempdir().expect("a temp dir");
    let file = src.path().join("note.txt");
    std::fs::write(&file, "from the host\n").unwrap();
    let copied = engine
        .copy_in(&name, &file, "/tmp", |_| {})
        .await
        .expect("copy in");
    assert_eq!(copied.to, "/tmp");
    assert_eq!((copied.entries, copied.bytes), (1, 14));
    assert_eq!(
        cli.ok(&["exec", &name, "cat", "/tmp/note.txt"]),
        "from the host"
    );

    let folder = src.path().join("conf");
    std::fs::create_dir_all(folder.join("d")).unwrap();
    std::fs::write(folder.join("d/x.ini"), "x=1\n").unwrap();
    engine
        .copy_in(&name, &folder, "/tmp", |_| {})
        .await
        .expect("copy a folder in");
    assert_eq!(cli.ok(&["exec", &name, "cat", "/tmp/conf/d/x.ini"]), "x=1");

    // Into a folder the container does not have: the engine says so.
    let err = engine
        .copy_in(&name, &file, "/no/such/dir", |_| {})
        .await
        .expect_err("no such folder");
    assert!(
        err.to_lowercase().contains("could not find the file"),
        "{err}"
    );
    // A local file that is not there.
    let err = engine
        .copy_in(&name, &src.path().join("missing"), "/tmp", |_| {})
        .await
        .expect_err("no local file");
    assert!(err.contains("cannot read"), "{err}");
}

#[tokio::test]
async fn a_folder_is_listed_through_the_archive_api_running_or_not() {
    let (engine, cli) = setup().await;
    let clean = cli.cleanup();
    let name = clean.container(&unique("ls"));
    // Made while running, listed once stopped: the archive API needs no process.
    cli.run_detached(
        &name,
        &[],
        &[
            "sh",
            "-c",
            "mkdir -p /data/sub/deeper && printf 12345 > /data/five && chmod 640 /data/five && \
             ln -s /data/five /data/link && : > /data/sub/deeper/x",
        ],
    );
    cli.wait_state(&name, "exited", std::time::Duration::from_secs(10))
        .await;
    let l = engine
        .list_dir(&name, "/data/", LIST_BUDGET)
        .await
        .expect("list /data");
    assert!(!l.cut);
    assert_eq!(l.by, ListedBy::Archive);
    let names: Vec<(&str, EntryKind)> = l
        .entries
        .iter()
        .map(|e| (e.name.as_str(), e.kind))
        .collect();
    use EntryKind::*;
    assert_eq!(
        names,
        [("sub", Dir), ("five", File), ("link", Link)],
        "only the direct children, folders first"
    );
    let five = &l.entries[1];
    assert_eq!((five.size, five.mode), (5, 0o640));
    assert_eq!(l.entries[2].target.as_deref(), Some("/data/five"));

    let err = engine
        .list_dir(&name, "/data/five", LIST_BUDGET)
        .await
        .expect_err("a file is not a folder");
    assert!(
        err.contains("is a file, not a folder") || err.to_lowercase().contains("not a directory"),
        "{err}"
    );
    let err = engine
        .list_dir(&name, "/nowhere/", LIST_BUDGET)
        .await
        .expect_err("no such folder");
    assert!(
        err.to_lowercase().contains("could not find the file"),
        "{err}"
    );
}

#[tokio::test]
async fn a_folder_over_the_budget_is_listed_by_stat_while_running_and_cut_once_stopped() {
    let (engine, cli) = setup().await;
    let clean = cli.cleanup();
    let name = clean.container(&unique("big"));
    cli.run_detached(
        &name,
        &[],
        &[
            "sh",
            "-c",
            "mkdir -p /big/sub && dd if=/dev/zero of=/big/blob bs=1024 count=200 2>/dev/null && \
             printf abc > /big/three && chmod 600 /big/three && : > '/big/with space' && \
             : > /big/.hidden && ln -s /big/three /big/link && sleep 300",
        ],
    );
    cli.wait_state(&name, "running", std::time::Duration::from_secs(10))
        .await;
    let ready = std::time::Instant::now();
    // Bounded: the script above takes milliseconds.
    while cli.ok(&["exec", &name, "ls", "/big"]).lines().count() < 6
        && ready.elapsed() < std::time::Duration::from_secs(10)
    {
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    let whole = engine
        .list_dir(&name, "/big/", LIST_BUDGET)
        .await
        .expect("list /big whole");
    assert_eq!((whole.by, whole.cut), (ListedBy::Archive, false));

    // 64 KiB of archive: the 200 KiB file does not fit, so stat lists it, the same entries.
    let by_stat = engine
        .list_dir(&name, "/big/", 64 << 10)
        .await
        .expect("list /big by stat");
    assert_eq!((by_stat.by, by_stat.cut), (ListedBy::Stat, false));
    // Folders' and links' sizes differ between tar and stat; the rest is the same.
    let seen = |l: &Listing| -> Vec<String> {
        l.entries
            .iter()
            .map(|e| {
                let size = (e.kind == EntryKind::File).then_some(e.size);
                format!(
                    "{} {:?} {:o} {:?} {size:?}",
                    e.name, e.kind, e.mode, e.target
                )
            })
            .collect()
    };
    assert_eq!(seen(&by_stat), seen(&whole));
    let names: Vec<&str> = by_stat.entries.iter().map(|e| e.name.as_str()).collect();
    assert_eq!(
        names,
        ["sub", ".hidden", "blob", "link", "three", "with space"]
    );
    assert_eq!(by_stat.entries[2].size, 200 * 1024);
    assert_eq!(by_stat.entries[4].mode, 0o600);
    assert_eq!(by_stat.entries[3].target.as_deref(), Some("/big/three"));
    let mtimes = |l: &Listing| -> Vec<i64> { l.entries.iter().map(|e| e.mtime).collect() };
    assert_eq!(mtimes(&by_stat), mtimes(&whole));

    // Stopped, the archive is the only way: the listing says it is cut.
    cli.ok(&["stop", "-t", "0", &name]);
    let cut = engine
        .list_dir(&name, "/big/", 64 << 10)
        .await
        .expect("list /big cut");
    assert_eq!((cut.by, cut.cut), (ListedBy::Archive, true));
    assert!(cut.entries.len() <= whole.entries.len());
}

#[tokio::test]
async fn the_writable_layers_changes_come_out_at_their_places() {
    let (engine, cli) = setup().await;
    let clean = cli.cleanup();
    let name = clean.container(&unique("changes"));
    cli.run_detached(
        &name,
        &[],
        &[
            "sh",
            "-c",
            "mkdir -p /srv/app && echo one > /srv/app/a && echo conf > /etc/app.conf && \
             rm /etc/hostname 2>/dev/null; sleep 300",
        ],
    );
    for _ in 0..50 {
        if cli
            .try_run(&["exec", &name, "test", "-f", "/etc/app.conf"])
            .is_ok_and(|o| o.success)
        {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let dest = tempfile::tempdir().expect("a temp dir");
    let to = dest.path().join("web-changes");
    let c = engine
        .copy_changes(&name, &to, |_| {})
        .await
        .expect("copy the changes");
    assert_eq!(
        std::fs::read_to_string(to.join("srv/app/a")).unwrap(),
        "one\n"
    );
    assert_eq!(
        std::fs::read_to_string(to.join("etc/app.conf")).unwrap(),
        "conf\n"
    );
    // The folder /etc changed (a file was added to it): not copied whole.
    assert!(!to.join("etc/passwd").exists(), "only what changed");
    assert!(c.entries >= 2, "{c:?}");
}
