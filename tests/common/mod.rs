//! Shared helpers for the tests that run against a real, private Docker engine.
//!
//! The engine is the one `scripts/test.sh` starts: its address is in `DOCKHAND_TEST_HOST` and its
//! data root in `DOCKHAND_TEST_ROOT`. Without them these tests fail (never skip). Before anything
//! else a test proves that the engine is one `scripts/engine.sh start` started ([`setup`]): the
//! engine at that address, asked through dockhand's own `connect`, reports that data root, and
//! the folder above it holds the marker engine.sh writes only for an engine it started and
//! checked, naming that socket, that data root and a live dockerd started with both. Two
//! environment variables that merely agree (the machine's own engine and its data root) do not
//! pass. The docker CLI wrapper ([`Cli`]) is only handed out after that check.
//!
//! Tests run in parallel, within one binary and across binaries, against the same engine: every
//! container gets a unique name from [`unique`], nothing asserts on global counts, and each test
//! removes what it created through a [`Cleanup`] guard (also when it fails).

// Each test binary uses a different part of this module.
#![allow(dead_code)]

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use dockhand::engine::Engine;
use dockhand::engine::connect::connect;
use dockhand::engine::host::HostCandidate;

mod cli;
pub mod hosts;
pub mod podman;

#[allow(unused_imports)]
pub use cli::{Cleanup, Cli};
#[allow(unused_imports)]
pub use hosts::{Registry, SshHost, TlsEngine};

/// The image `scripts/engine.sh image` imports.
pub const IMAGE: &str = "local/busybox:test";

/// Longest a single docker CLI call may take (a `docker stop` waits for the grace period).
const CLI_TIMEOUT: Duration = Duration::from_secs(90);
/// Poll interval of every wait loop.
pub const POLL: Duration = Duration::from_millis(100);

const HOW_TO: &str = "the engine tests need a private Docker engine: run `scripts/test.sh`, or \
start one with `bash scripts/engine.sh start DIR && bash scripts/engine.sh image DIR` and export \
DOCKHAND_TEST_HOST=unix://DIR/docker.sock and DOCKHAND_TEST_ROOT=DIR/root";

fn required_var(name: &str) -> String {
    match std::env::var(name) {
        Ok(v) if !v.trim().is_empty() => v,
        _ => panic!("{name} is not set: {HOW_TO}"),
    }
}

/// The test engine's address (`unix://DIR/docker.sock`). Panics when unset.
pub fn test_host() -> String {
    required_var("DOCKHAND_TEST_HOST")
}

/// The test engine's data root (`DIR/root`). Panics when unset.
pub fn test_root() -> String {
    required_var("DOCKHAND_TEST_ROOT")
}

/// The candidate dockhand connects to in these tests.
pub fn candidate() -> HostCandidate {
    HostCandidate {
        uri: test_host(),
        source: "test".into(),
        tls: None,
    }
}

/// The file `scripts/engine.sh start` writes into an engine's folder (DIR, above DIR/root) once
/// it has checked the engine it started there (`write_marker` in that script).
const MARKER: &str = "dockhand-test-engine";

/// Which dockerd serves an engine (see scripts/engine.sh): A is Debian's 20.10, B trixie's 26.1.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EngineKind {
    A,
    B,
}

impl EngineKind {
    /// The value of `scripts/engine.sh start --engine`.
    pub fn as_str(self) -> &'static str {
        match self {
            EngineKind::A => "a",
            EngineKind::B => "b",
        }
    }
}

/// What an engine's marker says, once checked.
#[derive(Clone, Debug)]
pub struct Marker {
    pub sock: String,
    pub root: String,
    pub kind: EngineKind,
    pub pid: u32,
}

/// Reads the marker in the folder above `root` and checks it against `host` and `root` and
/// against the live process it names: a dockerd whose command line has `--data-root ROOT` and
/// `-H HOST`, as engine.sh starts it. Only engine.sh writes the marker, and only after it
/// checked the engine it started, so an engine it did not start fails here.
pub fn proven_marker(host: &str, root: &str) -> Result<Marker, String> {
    let sock = host
        .strip_prefix("unix://")
        .ok_or_else(|| format!("{host} is not a unix socket: engine.sh engines listen on one"))?;
    let folder = Path::new(root)
        .parent()
        .ok_or_else(|| format!("the data root {root:?} has no parent folder"))?;
    let path = folder.join(MARKER);
    let text = std::fs::read_to_string(&path).map_err(|e| {
        format!(
            "{} cannot be read ({e}): the engine with data root {root} was not started by \
             scripts/engine.sh",
            path.display()
        )
    })?;
    let field = |key: &str| {
        text.lines()
            .find_map(|l| l.strip_prefix(key)?.strip_prefix('='))
            .map(str::to_string)
            .ok_or_else(|| format!("{} has no {key}= line:\n{text}", path.display()))
    };
    let marker = Marker {
        sock: field("sock")?,
        root: field("root")?,
        kind: match field("engine")?.as_str() {
            "a" => EngineKind::A,
            "b" => EngineKind::B,
            other => return Err(format!("{}: unknown engine kind {other:?}", path.display())),
        },
        pid: field("pid")?
            .parse()
            .map_err(|e| format!("{}: pid: {e}", path.display()))?,
    };
    if marker.sock != sock || marker.root != root {
        return Err(format!(
            "{} is for the engine at {} with data root {}, not {host} with {root}",
            path.display(),
            marker.sock,
            marker.root
        ));
    }
    let cmdline = std::fs::read(format!("/proc/{}/cmdline", marker.pid)).map_err(|e| {
        format!(
            "the dockerd of {} (pid {}) is gone: {e}",
            path.display(),
            marker.pid
        )
    })?;
    let args: Vec<String> = cmdline
        .split(|b| *b == 0)
        .map(|a| String::from_utf8_lossy(a).into_owned())
        .collect();
    let has = |flag: &str, value: &str| args.windows(2).any(|w| w[0] == flag && w[1] == value);
    if !has("--data-root", root) || !has("-H", host) {
        return Err(format!(
            "pid {} named by {} is not a dockerd with --data-root {root} -H {host}: {args:?}",
            marker.pid,
            path.display()
        ));
    }
    Ok(marker)
}

/// Connects with dockhand's own code and proves the engine is the test engine: it reports
/// `DOCKHAND_TEST_ROOT` as its data root and its folder holds engine.sh's marker for that
/// socket and data root ([`proven_marker`]); panics otherwise. Returns the connection and the
/// docker CLI for it.
pub async fn setup() -> (Engine, Cli) {
    let c = candidate();
    let root = test_root();
    let engine = connect(&c)
        .await
        .unwrap_or_else(|e| panic!("cannot connect to the test engine at {}: {e}", c.uri));
    let reported = engine.info.root_dir.clone().unwrap_or_else(|| {
        panic!(
            "refusing to run: the engine at {} does not report its data root",
            c.uri
        )
    });
    if reported != root {
        panic!(
            "refusing to run: the engine at {} has data root {reported:?}, not \
             DOCKHAND_TEST_ROOT={root:?}; it is not the test engine",
            c.uri
        );
    }
    // The folder checked is the one of the data root the engine itself reports.
    if let Err(e) = proven_marker(&c.uri, &reported) {
        panic!("refusing to run against an engine the tests did not start: {e}");
    }
    let cli = Cli { host: c.uri };
    (engine, cli)
}

/// [`setup`] for tests without an async runtime of their own.
pub fn setup_blocking() -> (Engine, Cli) {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a tokio runtime")
        .block_on(setup())
}

/// A name no other test (in this process or another) uses: `TAG-PID-N-RAND`. Short, so that it
/// fits the name column of a 160-column screen.
pub fn unique(tag: &str) -> String {
    static COUNTER: AtomicUsize = AtomicUsize::new(0);
    let n = COUNTER.fetch_add(1, Ordering::SeqCst);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or_default();
    format!(
        "{tag}-{}-{n}{:03x}",
        std::process::id() % 100_000,
        (nanos >> 10) & 0xfff
    )
}

/// The docker client: Debian's /usr/bin/docker (it matches the test engine), else `docker`.
pub fn docker_binary() -> PathBuf {
    let debian = PathBuf::from("/usr/bin/docker");
    if debian.exists() {
        debian
    } else {
        PathBuf::from("docker")
    }
}

/// The outcome of one docker CLI call.
#[derive(Debug)]
pub struct Output {
    pub success: bool,
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

/// How many times a wait of `timeout` polls: bounded in count as well as in time.
/// The bounds of one wait: at most `timeout`, and at most as many polls as fit in it.
struct Polls<L> {
    start: Instant,
    timeout: Duration,
    left: u128,
    /// The last answer that was not yet what was waited for.
    last: Option<L>,
}

impl<L: std::fmt::Debug> Polls<L> {
    fn new(timeout: Duration) -> Self {
        Polls {
            start: Instant::now(),
            timeout,
            left: (timeout.as_millis() / POLL.as_millis()).max(1) + 1,
            last: None,
        }
    }

    /// Whether to poll once more (after a pause of [`POLL`]).
    fn again(&mut self) -> bool {
        self.left = self.left.saturating_sub(1);
        self.left > 0 && self.start.elapsed() < self.timeout
    }

    fn give_up(&self, what: &str) -> ! {
        panic!(
            "timed out after {:?} waiting for {what}; last seen: {:?}",
            self.timeout, self.last
        );
    }
}

/// Polls `f` every [`POLL`] until it returns `Ok`, for at most `timeout`; returns what `Ok`
/// holds, or panics with `what` and the last `Err` seen. Blocks the thread: for tests without
/// an async runtime (the e2e tests); async tests use [`wait_until_async`].
pub fn wait_until<T, L: std::fmt::Debug>(
    what: &str,
    timeout: Duration,
    mut f: impl FnMut() -> Result<T, L>,
) -> T {
    let mut polls = Polls::new(timeout);
    loop {
        match f() {
            Ok(v) => return v,
            Err(l) => polls.last = Some(l),
        }
        if !polls.again() {
            polls.give_up(what);
        }
        std::thread::sleep(POLL);
    }
}

/// [`wait_until`] for async tests: sleeps with `tokio::time::sleep` between polls, so the
/// runtime's other tasks (a follower, a stream being read) go on while it waits.
pub async fn wait_until_async<T, L: std::fmt::Debug>(
    what: &str,
    timeout: Duration,
    mut f: impl FnMut() -> Result<T, L>,
) -> T {
    let mut polls = Polls::new(timeout);
    loop {
        match f() {
            Ok(v) => return v,
            Err(l) => polls.last = Some(l),
        }
        if !polls.again() {
            polls.give_up(what);
        }
        tokio::time::sleep(POLL).await;
    }
}

/// A private engine a single test starts for itself, for tests that act on the whole engine
/// (a prune preview lists everything, so it must not share an engine with other tests). It is
/// stopped and its folder removed when dropped.
pub struct OwnEngine {
    pub dir: PathBuf,
    pub cli: Cli,
}

/// `scripts/engine.sh ARGS`, which must succeed; what it printed on stdout, trimmed.
pub fn run_engine_script(args: &[&str]) -> String {
    let out = Command::new("bash")
        .arg(engine_script())
        .args(args)
        .stdin(Stdio::null())
        .output()
        .expect("run scripts/engine.sh");
    assert!(
        out.status.success(),
        "scripts/engine.sh {args:?} failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

fn engine_script() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/engine.sh")
}

impl OwnEngine {
    /// Starts one with the same dockerd as the test engine ([`test_engine_kind`]), so a test
    /// binary run against engine B also gets a B engine of its own, and imports the test image.
    pub fn start() -> OwnEngine {
        Self::start_kind(test_engine_kind())
    }

    /// Starts one with the dockerd of `kind` (engine B is fetched into its cache when
    /// missing, as `scripts/engine.sh` does), and imports the test image.
    pub fn start_kind(kind: EngineKind) -> OwnEngine {
        let dir = tempfile::Builder::new()
            .prefix("dho")
            .tempdir_in("/tmp")
            .expect("a temp dir for the engine")
            .keep();
        let d = dir.display().to_string();
        // The guard exists before the engine starts, so a failed start or image import still
        // stops whatever started and removes the folder.
        let engine = OwnEngine {
            cli: Cli {
                host: format!("unix://{d}/docker.sock"),
            },
            dir,
        };
        let run = |args: &[&str]| {
            run_engine_script(args);
        };
        run(&["start", &d, "--engine", kind.as_str()]);
        let marker = proven_marker(engine.cli.host(), &format!("{d}/root"))
            .unwrap_or_else(|e| panic!("the test's own engine: {e}"));
        assert_eq!(
            marker.kind, kind,
            "the test's own engine is of the kind asked for"
        );
        run(&["image", &d]);
        engine
    }

    /// An engine outage: dockerd crashes (SIGKILL) and starts again on the same data
    /// (`scripts/engine.sh restart --crash`); the new dockerd stops the containers that were
    /// running before it serves its API, so nobody sees their `die` events.
    pub fn crash_and_restart(&self) {
        let out = Command::new("bash")
            .arg(engine_script())
            .args(["restart", "--crash"])
            .arg(&self.dir)
            .stdin(Stdio::null())
            .output()
            .expect("run scripts/engine.sh");
        assert!(
            out.status.success(),
            "scripts/engine.sh restart failed:\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }

    /// Connects to it with dockhand's own code.
    pub async fn connect(&self) -> Engine {
        let c = HostCandidate {
            uri: self.cli.host.clone(),
            source: "test".into(),
            tls: None,
        };
        connect(&c)
            .await
            .unwrap_or_else(|e| panic!("cannot connect to the test's own engine at {}: {e}", c.uri))
    }
}

impl Drop for OwnEngine {
    fn drop(&mut self) {
        let _ = Command::new("bash")
            .arg(engine_script())
            .arg("stop")
            .arg(&self.dir)
            .stdin(Stdio::null())
            .output();
    }
}

/// Which engine (A or B, see scripts/engine.sh) serves the test engine: what `engine.sh start`
/// wrote in its marker, checked as in [`setup`]. Panics when the marker is missing, does not
/// prove the engine, or names an unknown kind: engine B's tests must never quietly run as A.
pub fn test_engine_kind() -> EngineKind {
    proven_marker(&test_host(), &test_root())
        .unwrap_or_else(|e| panic!("which engine the tests run against is not known: {e}"))
        .kind
}

/// CPU time (user + system, ns) that the kernel counts for process `pid` and all its
/// descendants, from /proc: an account of a container's CPU that owes nothing to the engine
/// or to dockhand's sampler. Processes that end meanwhile drop out (tests use steady ones).
pub fn kernel_cpu_ns(pid: u32) -> u64 {
    let tick_ns = 1_000_000_000 / clock_ticks();
    let mut total = 0;
    let mut todo = vec![pid];
    // Bounded: a test container has a handful of processes.
    for _ in 0..1000 {
        let Some(p) = todo.pop() else { break };
        if let Ok(stat) = std::fs::read_to_string(format!("/proc/{p}/stat")) {
            // Fields after the command (which may hold spaces) in parentheses: utime is the
            // 14th field of the line, stime the 15th.
            let rest = stat.rsplit_once(')').map(|(_, r)| r).unwrap_or_default();
            let f: Vec<&str> = rest.split_whitespace().collect();
            let ticks: u64 = [11, 12]
                .iter()
                .filter_map(|i| f.get(*i).and_then(|v| v.parse::<u64>().ok()))
                .sum();
            total += ticks * tick_ns;
        }
        if let Ok(tasks) = std::fs::read_dir(format!("/proc/{p}/task")) {
            for t in tasks.flatten() {
                let children =
                    std::fs::read_to_string(t.path().join("children")).unwrap_or_default();
                todo.extend(
                    children
                        .split_whitespace()
                        .filter_map(|c| c.parse::<u32>().ok()),
                );
            }
        }
    }
    total
}

/// The kernel's clock ticks per second (`getconf CLK_TCK`, 100 on Linux).
fn clock_ticks() -> u64 {
    Command::new("getconf")
        .arg("CLK_TCK")
        .output()
        .ok()
        .and_then(|o| String::from_utf8(o.stdout).ok())
        .and_then(|s| s.trim().parse().ok())
        .filter(|t| *t > 0)
        .unwrap_or(100)
}
