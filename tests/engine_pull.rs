//! Image pull against real engines and a private registry on 127.0.0.1 (scripts/registry.sh),
//! and the progress fold on streams recorded from Docker 20.10 and 26.1 (tests/fixtures/pull/).
//!
//! Each test that pulls starts its own registry (about 0.3 s) and, when it needs an engine
//! without the image, an engine of its own of the same kind as the test engine. Source images
//! are made on the test engine with a layer of random bytes, so no engine has that layer
//! before the pull. Nothing leaves 127.0.0.1: references are checked before the engine sees
//! them, and every registry is a 127.0.0.1 address.

// A test may unwrap, expect and panic: that is how it fails, with the reason.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use common::{Cleanup, Cli, IMAGE, OwnEngine, Registry, setup, unique};
use dockhand::engine::Engine;
use dockhand::engine::pull::{PullEvent, PullProgress, apply, decode_recorded};
use futures_util::StreamExt;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// Longest a whole pull from the local registry may take.
const PULL_TIMEOUT: Duration = Duration::from_secs(120);
/// Longest an error may take to come back.
const ERROR_TIMEOUT: Duration = Duration::from_secs(30);

// ------------------------------------------------------------------ fixtures --

fn fixture(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/pull")
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The events of a recorded stream that must hold no error, folded.
fn fold_ok(name: &str, reference: &str) -> (Vec<PullEvent>, PullProgress) {
    let events: Vec<PullEvent> = decode_recorded(&fixture(name), reference)
        .into_iter()
        .map(|r| r.unwrap_or_else(|e| panic!("{name}: {e}")))
        .collect();
    let mut p = PullProgress::default();
    for e in &events {
        apply(&mut p, e);
    }
    (events, p)
}

#[test]
fn fold_of_a_fresh_pull_of_two_layers() {
    for name in ["a-fresh-two-layers.json", "b-fresh-two-layers.json"] {
        let (events, p) = fold_ok(name, "127.0.0.1:30269/dh/big:1");
        assert!(events.len() > 10, "{name}");
        assert_eq!(
            p.layers
                .iter()
                .map(|l| (l.id.as_str(), l.status.as_str(), l.total))
                .collect::<Vec<_>>(),
            [
                ("b33b059e44e2", "Pull complete", Some(1_069_239)),
                ("2296ce3b3fa8", "Pull complete", Some(3_001_128)),
            ],
            "{name}"
        );
        assert!(p.done, "{name}");
        assert_eq!(
            p.status, "Status: Downloaded newer image for 127.0.0.1:30269/dh/big:1",
            "{name}"
        );
        assert_eq!(p.fraction(), 1.0, "{name}");
    }
}

#[test]
fn fold_of_a_throttled_pull_moves_forward_only() {
    // One layer already there (no size), one downloaded slowly: many progress messages.
    let events: Vec<PullEvent> =
        decode_recorded(&fixture("a-throttled.json"), "127.0.0.1:30270/dh/broken:1")
            .into_iter()
            .map(|r| r.expect("no error in a-throttled.json"))
            .collect();
    let mut p = PullProgress::default();
    let mut seen = vec![];
    for e in &events {
        apply(&mut p, e);
        seen.push(p.fraction());
    }
    assert!(
        seen.windows(2).all(|w| w[0] <= w[1]),
        "the fraction never goes back: {seen:?}"
    );
    let mut distinct = seen.clone();
    distinct.dedup();
    assert!(distinct.len() >= 15, "{distinct:?}");
    assert!(
        seen.iter().any(|f| *f > 0.2 && *f < 0.5),
        "downloading: {seen:?}"
    );
    assert!(
        seen.iter().any(|f| *f > 0.5 && *f < 1.0),
        "extracting: {seen:?}"
    );
    assert_eq!(*seen.last().expect("events"), 1.0);
    assert_eq!(p.layers.len(), 2);
    assert_eq!(p.layers[0].status, "Already exists");
    assert_eq!(p.layers[0].total, None);
    assert_eq!(p.layers[1].total, Some(2_000_825));
}

#[test]
fn fold_of_pulls_with_nothing_or_little_to_download() {
    for name in ["a-up-to-date.json", "b-up-to-date.json"] {
        let (_, p) = fold_ok(name, "127.0.0.1:30269/dh/big:1");
        assert!(p.layers.is_empty(), "{name}: {p:?}");
        assert!(p.done, "{name}");
        assert_eq!(
            p.status,
            "Status: Image is up to date for 127.0.0.1:30269/dh/big:1"
        );
        assert_eq!(p.fraction(), 1.0);
    }
    for name in ["a-layer-already-exists.json", "b-layer-already-exists.json"] {
        let (_, p) = fold_ok(name, "127.0.0.1:30269/dh/busybox:1");
        assert_eq!(p.layers.len(), 1, "{name}");
        assert_eq!(p.layers[0].status, "Already exists");
        assert!(p.done);
    }
    // By digest, the first message's id is the whole reference: still not a layer.
    let (events, p) = fold_ok(
        "a-by-digest-up-to-date.json",
        "127.0.0.1:30269/dh/big@sha256:e5e10fa67f13b486c47696d0af3f5f79b69494b46b89d31db790197d7a856e4f",
    );
    assert!(events[0].id.as_deref().is_some_and(|i| i.contains('@')));
    assert!(p.layers.is_empty(), "{p:?}");
    assert!(p.done);
}

#[test]
fn an_error_inside_the_stream_ends_it() {
    for name in ["a-corrupt-layer.json", "b-corrupt-layer.json"] {
        let items = decode_recorded(&fixture(name), "127.0.0.1:30269/dh/broken:1");
        let (last, events) = items.split_last().expect("items");
        let err = last.clone().expect_err("the last item is the error");
        assert_eq!(
            err,
            "the pull of 127.0.0.1:30269/dh/broken:1 failed: filesystem layer verification failed for digest sha256:49e672b6a480f1c8e86f4f04b452d04179d4daa1621c5f003449f8a3bef0c377",
            "{name}"
        );
        let mut p = PullProgress::default();
        for e in events {
            apply(&mut p, e.as_ref().expect("events before the error"));
        }
        assert!(!p.done, "{name}");
        assert!(
            p.layers.iter().any(|l| l.id == "49e672b6a480"),
            "{name}: {p:?}"
        );
    }
}

#[test]
fn fold_of_a_cancelled_pull_stops_half_way() {
    for name in ["a-cancelled.json", "b-cancelled.json"] {
        let (_, p) = fold_ok(name, "127.0.0.1:30270/dh/broken:1");
        assert!(!p.done, "{name}");
        let f = p.fraction();
        assert!(f > 0.0 && f < 0.5, "{name}: still downloading, {f}");
        assert_eq!(p.status, "Pulling from dh/broken");
    }
}

// ------------------------------------------------------------------- helpers --

/// Everything a pull yields: its events, and the error it ended with. Panics if it takes
/// longer than `timeout` or yields anything after an error.
async fn collect(
    engine: &Engine,
    reference: &str,
    timeout: Duration,
) -> (Vec<PullEvent>, Option<String>) {
    let mut stream = engine.pull(reference);
    let deadline = tokio::time::Instant::now() + timeout;
    let (mut events, mut error) = (Vec::new(), None);
    loop {
        let item = tokio::time::timeout_at(deadline, stream.next())
            .await
            .unwrap_or_else(|_| {
                panic!("pulling {reference} took longer than {timeout:?}; so far: {events:?}")
            });
        if let Some(e) = &error {
            assert!(
                item.is_none(),
                "the stream went on after the error {e}: {item:?}"
            );
        }
        match item {
            None => break,
            Some(Ok(ev)) => events.push(ev),
            Some(Err(e)) => error = Some(e),
        }
    }
    (events, error)
}

/// The error a pull must end with, and nothing else.
async fn pull_error(engine: &Engine, reference: &str) -> String {
    let (events, error) = collect(engine, reference, ERROR_TIMEOUT).await;
    error.unwrap_or_else(|| panic!("pulling {reference} succeeded: {events:?}"))
}

/// A new image on the test engine: the test image plus a layer of `bytes` random bytes, so no
/// engine has that layer yet. Its container is removed; the image is registered with `clean`.
fn image_with_random_layer(cli: &Cli, clean: &Cleanup, bytes: usize) -> String {
    let name = unique("pullsrc");
    let script = format!("head -c {bytes} /dev/urandom > /random");
    cli.ok(&[
        "run",
        "--network",
        "none",
        "--name",
        &name,
        IMAGE,
        "sh",
        "-c",
        &script,
    ]);
    let tag = clean.image(&format!("local/{name}:1"));
    cli.commit(&name, &tag, &[]);
    cli.ok(&["rm", &name]);
    tag
}

/// The registry's largest blob: the random layer of an image from
/// [`image_with_random_layer`] with more than about 1.1 MB (the test image's own layer).
fn largest_blob(registry: &Registry) -> PathBuf {
    fn walk(dir: &Path, best: &mut Option<(u64, PathBuf)>) {
        for entry in std::fs::read_dir(dir)
            .expect("read the registry's blobs")
            .flatten()
        {
            let path = entry.path();
            if path.is_dir() {
                walk(&path, best);
            } else if path.file_name().is_some_and(|n| n == "data") {
                let len = entry.metadata().map(|m| m.len()).unwrap_or(0);
                if best.as_ref().is_none_or(|(l, _)| len > *l) {
                    *best = Some((len, path));
                }
            }
        }
    }
    let mut best = None;
    walk(&registry.blobs(), &mut best);
    best.expect("the registry holds blobs").1
}

// ------------------------------------------------------------ against engines --

#[tokio::test]
async fn a_pull_reports_progress_and_the_image_appears() {
    let (_, cli) = setup().await;
    let clean = cli.cleanup();
    let registry = Registry::start();
    let source = image_with_random_layer(&cli, &clean, 1_500_000);
    let reference = registry.push(&cli, &source, "dh/busybox:1");
    // An engine that has never seen the image (nor its random layer).
    let own = OwnEngine::start();
    let engine = own.connect().await;
    assert!(
        !own.cli.image_exists(&reference),
        "{reference} before the pull"
    );

    let started = Instant::now();
    let (events, error) = collect(&engine, &reference, PULL_TIMEOUT).await;
    let took = started.elapsed();
    assert_eq!(error, None, "events: {events:?}");
    assert!(
        events
            .iter()
            .any(|e| !e.is_overall() && e.id.is_some() && e.total.is_some_and(|t| t > 0)),
        "a layer with its size: {events:?}"
    );
    assert!(
        events.iter().any(|e| e.status == "Downloading"),
        "a real download: {events:?}"
    );
    let last = events.last().expect("events");
    assert_eq!(
        last.status,
        format!("Status: Downloaded newer image for {reference}")
    );
    let mut p = PullProgress::default();
    for e in &events {
        apply(&mut p, e);
    }
    assert!(p.done);
    assert_eq!(p.fraction(), 1.0);
    assert_eq!(p.layers.len(), 2, "{p:?}");
    assert!(
        p.layers.iter().all(|l| l.status == "Pull complete"),
        "{p:?}"
    );
    eprintln!(
        "pulled {reference}: {} events in {took:?} ({})",
        events.len(),
        engine.info.version
    );

    let listed = own
        .cli
        .ok(&["images", "--format", "{{.Repository}}:{{.Tag}}"]);
    assert!(
        listed.lines().any(|l| l.trim() == reference),
        "docker images lists {reference}:\n{listed}"
    );
    let ours = engine.list_images().await.expect("list images");
    assert!(ours.iter().any(|i| i.tags.contains(&reference)));

    // Again: nothing to download.
    let (events, error) = collect(&engine, &reference, PULL_TIMEOUT).await;
    assert_eq!(error, None);
    assert_eq!(
        events.last().map(|e| e.status.clone()),
        Some(format!("Status: Image is up to date for {reference}"))
    );

    // By digest.
    let digest = own.cli.ok(&[
        "image",
        "inspect",
        "-f",
        "{{index .RepoDigests 0}}",
        &reference,
    ]);
    assert!(digest.contains("@sha256:"), "{digest}");
    let (events, error) = collect(&engine, &digest, PULL_TIMEOUT).await;
    assert_eq!(error, None, "{events:?}");
    assert!(
        events
            .last()
            .is_some_and(|e| e.status.starts_with("Status: ")),
        "{events:?}"
    );
}

#[tokio::test]
async fn a_bad_reference_is_refused_in_words() {
    let (engine, _cli) = setup().await;
    let started = Instant::now();
    let e = pull_error(&engine, "UPPER/case").await;
    assert_eq!(
        e,
        "\"UPPER/case\" is not a valid image reference (repository name must be lowercase); \
         write it like alpine, alpine:3.20 or 127.0.0.1:5000/team/app:1.0"
    );
    assert!(
        started.elapsed() < Duration::from_secs(1),
        "refused at once"
    );
    let e = pull_error(&engine, "127.0.0.1:5000/x/y:").await;
    assert!(e.contains("is not a valid image reference"), "{e}");
    let e = pull_error(&engine, "  ").await;
    assert!(e.starts_with("enter an image reference"), "{e}");
}

#[tokio::test]
async fn an_unreachable_registry_is_named() {
    let (engine, _cli) = setup().await;
    let e = pull_error(&engine, "127.0.0.1:1/dh/busybox:1").await;
    assert_eq!(e, "cannot reach registry 127.0.0.1:1: connection refused");
}

#[tokio::test]
async fn a_missing_image_is_named() {
    let (engine, _cli) = setup().await;
    let registry = Registry::start();
    let reference = format!("{}/dh/nothere:1", registry.addr);
    let e = pull_error(&engine, &reference).await;
    assert_eq!(e, format!("no such image in the registry: {reference}"));
    let reference = format!("{}/dh/nothere", registry.addr);
    let e = pull_error(&engine, &reference).await;
    assert_eq!(
        e,
        format!("no such image in the registry: {reference}:latest")
    );
}

#[tokio::test]
async fn an_error_during_the_download_ends_the_stream() {
    let (engine, cli) = setup().await;
    let clean = cli.cleanup();
    let registry = Registry::start();
    let source = image_with_random_layer(&cli, &clean, 2_000_000);
    let reference = registry.push(&cli, &source, "dh/corrupt:1");
    // The random layer leaves this engine, so the pull must download it again.
    cli.ok(&["rmi", &source]);
    // Spoil the layer in the registry: same size, other bytes.
    let blob = largest_blob(&registry);
    let mut bytes = std::fs::read(&blob).expect("read the blob");
    assert!(
        bytes.len() > 1_500_000,
        "{}: {} bytes",
        blob.display(),
        bytes.len()
    );
    bytes[..65_536].fill(0);
    std::fs::write(&blob, bytes).expect("write the blob");

    let (events, error) = collect(&engine, &reference, PULL_TIMEOUT).await;
    let error = error.unwrap_or_else(|| panic!("the pull succeeded: {events:?}"));
    assert!(
        error.starts_with(&format!("the pull of {reference} failed: ")),
        "{error}"
    );
    assert!(error.contains("verification failed"), "{error}");
    assert!(
        events.iter().any(|e| e.status == "Downloading"),
        "it failed during the download: {events:?}"
    );
    assert!(!cli.image_exists(&reference));
}

// ---------------------------------------------------------------- cancelling --

/// A TCP proxy on 127.0.0.1 in front of the registry that lets `rate` bytes a second through
/// from the registry to the engine, so a pull takes long enough to cancel half way.
struct SlowProxy {
    addr: SocketAddr,
    /// Connections open now.
    open: Arc<AtomicUsize>,
    /// Bytes passed from the registry to the engine.
    down: Arc<AtomicU64>,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for SlowProxy {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl SlowProxy {
    async fn start(upstream: SocketAddr, rate: u64) -> SlowProxy {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let addr = listener.local_addr().expect("address");
        let open = Arc::new(AtomicUsize::new(0));
        let down = Arc::new(AtomicU64::new(0));
        let (o, d) = (open.clone(), down.clone());
        let task = tokio::spawn(async move {
            let mut conns = tokio::task::JoinSet::new();
            while let Ok((client, _)) = listener.accept().await {
                let (o, d) = (o.clone(), d.clone());
                conns.spawn(async move {
                    let Ok(server) = TcpStream::connect(upstream).await else {
                        return;
                    };
                    o.fetch_add(1, Ordering::SeqCst);
                    let (mut cr, mut cw) = client.into_split();
                    let (mut sr, mut sw) = server.into_split();
                    let up = tokio::io::copy(&mut cr, &mut sw);
                    let slow = async {
                        let mut buf = vec![0u8; 8192];
                        loop {
                            let n = match sr.read(&mut buf).await {
                                Ok(0) | Err(_) => break,
                                Ok(n) => n,
                            };
                            if cw.write_all(&buf[..n]).await.is_err() {
                                break;
                            }
                            d.fetch_add(n as u64, Ordering::SeqCst);
                            let pause = Duration::from_secs_f64(n as f64 / rate as f64);
                            tokio::time::sleep(pause).await;
                        }
                    };
                    // Either side closing closes both.
                    tokio::select! {
                        _ = up => {}
                        _ = slow => {}
                    }
                    o.fetch_sub(1, Ordering::SeqCst);
                });
            }
        });
        SlowProxy {
            addr,
            open,
            down,
            task,
        }
    }
}

/// Polls `f` every 50 ms until it holds, for at most `timeout`; false if it never did.
async fn eventually(timeout: Duration, mut f: impl FnMut() -> bool) -> bool {
    let deadline = Instant::now() + timeout;
    loop {
        if f() {
            return true;
        }
        if Instant::now() >= deadline {
            return false;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn dropping_the_stream_cancels_the_pull() {
    let (_, cli) = setup().await;
    let clean = cli.cleanup();
    let registry = Registry::start();
    let layer = 3_000_000;
    let source = image_with_random_layer(&cli, &clean, layer);
    registry.push(&cli, &source, "dh/slow:1");
    let upstream: SocketAddr = registry.addr.parse().expect("registry address");
    // 3 MB at 200 kB/s: 15 s for the whole layer.
    let proxy = SlowProxy::start(upstream, 200_000).await;
    let reference = format!("{}/dh/slow:1", proxy.addr);
    let own = OwnEngine::start();
    let engine = own.connect().await;

    let mut stream = engine.pull(&reference);
    let started = Instant::now();
    let mut seen = Vec::new();
    loop {
        let item = tokio::time::timeout(PULL_TIMEOUT, stream.next())
            .await
            .expect("progress within the time limit")
            .unwrap_or_else(|| panic!("the pull ended before any download: {seen:?}"))
            .unwrap_or_else(|e| panic!("the pull failed: {e}"));
        let downloading = item.status == "Downloading" && item.current.is_some_and(|c| c > 0);
        seen.push(item);
        if downloading {
            break;
        }
    }
    // How long the drop takes is printed, not asserted (a time budget on a shared 2-core
    // machine fails on load): what a drop must do is checked below, the engine stops.
    let t = Instant::now();
    drop(stream);
    let drop_took = t.elapsed();
    let at_drop = proxy.down.load(Ordering::SeqCst);
    eprintln!(
        "cancelled after {:?} and {at_drop} bytes ({}); the drop took {drop_took:?}",
        started.elapsed(),
        engine.info.version
    );

    // The engine stops downloading: its connections to the registry close.
    let closed = eventually(Duration::from_secs(10), || {
        proxy.open.load(Ordering::SeqCst) == 0
    })
    .await;
    let down = proxy.down.load(Ordering::SeqCst);
    assert!(
        closed,
        "the engine still downloads 10 s after the client went away ({down} bytes so far)"
    );
    eprintln!(
        "the engine closed its registry connections {:?} after the drop, at {down} of {layer} bytes",
        t.elapsed()
    );
    assert!(down < layer as u64, "the layer was not fully downloaded");
    tokio::time::sleep(Duration::from_secs(1)).await;
    assert_eq!(
        proxy.down.load(Ordering::SeqCst),
        down,
        "nothing more is downloaded"
    );

    // The engine is usable, has no such image, and pulls it again at full speed.
    tokio::time::timeout(ERROR_TIMEOUT, engine.ping())
        .await
        .expect("ping in time")
        .expect("the engine answers");
    assert!(!own.cli.image_exists(&reference));
    let direct = format!("{}/dh/slow:1", registry.addr);
    let (events, error) = collect(&engine, &direct, PULL_TIMEOUT).await;
    assert_eq!(error, None, "{events:?}");
    assert_eq!(
        events.last().map(|e| e.status.clone()),
        Some(format!("Status: Downloaded newer image for {direct}"))
    );
    assert!(own.cli.image_exists(&direct));
}
