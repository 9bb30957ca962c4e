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
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use dockhand::engine::Engine;
use dockhand::engine::connect::connect;
use dockhand::engine::host::HostCandidate;

pub mod podman;

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

/// The docker CLI, pointed at the test engine only. Obtained from [`setup`], after the check.
#[derive(Clone, Debug)]
pub struct Cli {
    host: String,
}

impl Cli {
    pub fn host(&self) -> &str {
        &self.host
    }

    /// Runs `docker -H HOST ARGS`, bounded in time; a command that fails is an `Output`, not a
    /// panic. Panics only when docker cannot be run or takes too long.
    pub fn run(&self, args: &[&str]) -> Output {
        self.try_run(args).unwrap_or_else(|e| panic!("{e}"))
    }

    /// [`Cli::run`] that never panics (for drop guards).
    pub fn try_run(&self, args: &[&str]) -> Result<Output, String> {
        self.try_run_env(&[], args)
    }

    /// [`Cli::run`] with extra environment variables (`DOCKER_BUILDKIT`, `DOCKER_API_VERSION`).
    pub fn run_env(&self, env: &[(&str, &str)], args: &[&str]) -> Output {
        self.try_run_env(env, args)
            .unwrap_or_else(|e| panic!("{e}"))
    }

    /// [`Cli::ok`] with extra environment variables.
    pub fn ok_env(&self, env: &[(&str, &str)], args: &[&str]) -> String {
        let o = self.run_env(env, args);
        if !o.success {
            panic!(
                "`{env:?} docker {}` failed ({:?}): {}{}",
                args.join(" "),
                o.code,
                o.stderr.trim(),
                o.stdout.trim()
            );
        }
        o.stdout.trim().to_string()
    }

    /// [`Cli::try_run`] with extra environment variables.
    pub fn try_run_env(&self, env: &[(&str, &str)], args: &[&str]) -> Result<Output, String> {
        let mut cmd = Command::new(docker_binary());
        cmd.arg("-H")
            .arg(&self.host)
            .args(args)
            .envs(env.iter().copied())
            .env_remove("DOCKER_HOST")
            .env_remove("DOCKER_CONTEXT")
            .env_remove("DOCKER_TLS_VERIFY")
            .env_remove("DOCKER_CERT_PATH")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let mut child = cmd
            .spawn()
            .map_err(|e| format!("cannot run {:?}: {e}", docker_binary()))?;
        // Drain the pipes on threads so a large output cannot block the child.
        let mut out = child.stdout.take().ok_or("no stdout pipe")?;
        let mut err = child.stderr.take().ok_or("no stderr pipe")?;
        let out_t = std::thread::spawn(move || {
            let mut s = String::new();
            let _ = out.read_to_string(&mut s);
            s
        });
        let err_t = std::thread::spawn(move || {
            let mut s = String::new();
            let _ = err.read_to_string(&mut s);
            s
        });
        let deadline = Instant::now() + CLI_TIMEOUT;
        let status = loop {
            match child.try_wait() {
                Ok(Some(st)) => break st,
                Ok(None) if Instant::now() < deadline => {
                    std::thread::sleep(Duration::from_millis(20))
                }
                Ok(None) => {
                    let _ = child.kill();
                    let _ = child.wait();
                    return Err(format!(
                        "`docker {}` took longer than {CLI_TIMEOUT:?}",
                        args.join(" ")
                    ));
                }
                Err(e) => {
                    let _ = child.kill();
                    return Err(format!("waiting for `docker {}`: {e}", args.join(" ")));
                }
            }
        };
        Ok(Output {
            success: status.success(),
            code: status.code(),
            stdout: out_t.join().unwrap_or_default(),
            stderr: err_t.join().unwrap_or_default(),
        })
    }

    /// Runs a docker command that must succeed; returns its trimmed stdout.
    pub fn ok(&self, args: &[&str]) -> String {
        let o = self.run(args);
        if !o.success {
            panic!(
                "`docker {}` failed ({:?}): {}{}",
                args.join(" "),
                o.code,
                o.stderr.trim(),
                o.stdout.trim()
            );
        }
        o.stdout.trim().to_string()
    }

    /// `docker run -d --network none --name NAME EXTRA... IMAGE CMD...`; returns the full id.
    pub fn run_detached(&self, name: &str, extra: &[&str], cmd: &[&str]) -> String {
        let mut args = vec!["run", "-d", "--network", "none", "--name", name];
        args.extend_from_slice(extra);
        args.push(IMAGE);
        args.extend_from_slice(cmd);
        self.ok(&args)
    }

    /// `docker create --network none --name NAME EXTRA... IMAGE CMD...`; returns the full id.
    pub fn create(&self, name: &str, extra: &[&str], cmd: &[&str]) -> String {
        let mut args = vec!["create", "--network", "none", "--name", name];
        args.extend_from_slice(extra);
        args.push(IMAGE);
        args.extend_from_slice(cmd);
        self.ok(&args)
    }

    /// `.State.Status` of a container, or `None` when it does not exist.
    pub fn state(&self, name_or_id: &str) -> Option<String> {
        self.inspect(name_or_id, "{{.State.Status}}")
    }

    /// `docker container inspect -f FORMAT`, or `None` when the container does not exist.
    pub fn inspect(&self, name_or_id: &str, format: &str) -> Option<String> {
        let o = self.run(&["container", "inspect", "-f", format, name_or_id]);
        if o.success {
            return Some(o.stdout.trim().to_string());
        }
        if o.stderr.contains("No such container") || o.stderr.contains("No such object") {
            return None;
        }
        panic!("docker inspect {name_or_id} failed: {}", o.stderr.trim());
    }

    pub fn exists(&self, name_or_id: &str) -> bool {
        self.state(name_or_id).is_some()
    }

    /// Whether `docker ps -a` lists a container of that exact name.
    pub fn listed(&self, name: &str) -> bool {
        self.ok(&["ps", "-a", "--format", "{{.Names}}"])
            .lines()
            .any(|l| l.trim() == name)
    }

    /// Whether `docker volume ls` lists a volume of that exact name.
    pub fn volume_listed(&self, name: &str) -> bool {
        self.ok(&["volume", "ls", "-q"])
            .lines()
            .any(|l| l.trim() == name)
    }

    /// The name of the volume mounted at `destination` in a container.
    pub fn volume_at(&self, container: &str, destination: &str) -> String {
        let format = format!(
            "{{{{range .Mounts}}}}{{{{if eq .Destination \"{destination}\"}}}}{{{{.Name}}}}{{{{end}}}}{{{{end}}}}"
        );
        let name = self
            .inspect(container, &format)
            .unwrap_or_else(|| panic!("container {container} does not exist"));
        assert!(
            !name.is_empty(),
            "container {container} has no volume at {destination}"
        );
        name
    }

    /// Waits (bounded) until the container's state is `want`; for async tests.
    pub async fn wait_state(&self, name_or_id: &str, want: &str, timeout: Duration) {
        wait_until_async(
            &format!("container {name_or_id} to be {want}"),
            timeout,
            || self.state_is(name_or_id, want),
        )
        .await;
    }

    /// [`Cli::wait_state`] for tests without an async runtime (the e2e tests).
    pub fn wait_state_blocking(&self, name_or_id: &str, want: &str, timeout: Duration) {
        wait_until(
            &format!("container {name_or_id} to be {want}"),
            timeout,
            || self.state_is(name_or_id, want),
        );
    }

    fn state_is(&self, name_or_id: &str, want: &str) -> Result<(), Option<String>> {
        match self.state(name_or_id) {
            Some(s) if s == want => Ok(()),
            other => Err(other),
        }
    }

    /// Waits (bounded) until the container no longer exists; for async tests.
    pub async fn wait_gone(&self, name_or_id: &str, timeout: Duration) {
        wait_until_async(
            &format!("container {name_or_id} to be removed"),
            timeout,
            || match self.state(name_or_id) {
                None => Ok(()),
                Some(s) => Err(s),
            },
        )
        .await;
    }

    /// A guard that removes what a test registers with it, when dropped.
    pub fn cleanup(&self) -> Cleanup {
        Cleanup {
            cli: self.clone(),
            containers: Mutex::new(Vec::new()),
            volumes: Mutex::new(Vec::new()),
            networks: Mutex::new(Vec::new()),
            images: Mutex::new(Vec::new()),
        }
    }

    /// The full id (`sha256:…`) of an image, or `None` when there is no such image.
    pub fn image_id(&self, reference: &str) -> Option<String> {
        let o = self.run(&["image", "inspect", "-f", "{{.Id}}", reference]);
        if o.success {
            return Some(o.stdout.trim().to_string());
        }
        if o.stderr.contains("No such image") || o.stderr.contains("No such object") {
            return None;
        }
        panic!(
            "docker image inspect {reference} failed: {}",
            o.stderr.trim()
        );
    }

    pub fn image_exists(&self, reference: &str) -> bool {
        self.image_id(reference).is_some()
    }

    /// The `repo:tag`s of an image, sorted (empty for a dangling image).
    pub fn image_tags(&self, reference: &str) -> Vec<String> {
        let out = self.ok(&[
            "image",
            "inspect",
            "-f",
            "{{range .RepoTags}}{{.}} {{end}}",
            reference,
        ]);
        let mut tags: Vec<String> = out.split_whitespace().map(String::from).collect();
        tags.sort();
        tags
    }

    /// `docker commit EXTRA... CONTAINER TAG`; returns the new image's full id.
    pub fn commit(&self, container: &str, tag: &str, extra: &[&str]) -> String {
        let mut args = vec!["commit"];
        args.extend_from_slice(extra);
        args.push(container);
        args.push(tag);
        self.ok(&args)
    }

    /// Whether `docker network ls` lists a network of that exact name.
    pub fn network_listed(&self, name: &str) -> bool {
        self.ok(&["network", "ls", "--format", "{{.Name}}"])
            .lines()
            .any(|l| l.trim() == name)
    }

    /// Names of the networks a container is attached to, sorted.
    pub fn networks_of(&self, container: &str) -> Vec<String> {
        let out = self
            .inspect(
                container,
                "{{range $k, $v := .NetworkSettings.Networks}}{{$k}} {{end}}",
            )
            .unwrap_or_else(|| panic!("container {container} does not exist"));
        let mut names: Vec<String> = out.split_whitespace().map(String::from).collect();
        names.sort();
        names
    }

    /// A BuildKit build of `dockerfile` (its context is an empty folder) tagged `tag`, with no
    /// network for `RUN` steps.
    pub fn build(&self, dockerfile: &str, tag: &str) {
        let dir = tempfile::tempdir().expect("a temp folder for the build context");
        std::fs::write(dir.path().join("Dockerfile"), dockerfile).expect("write Dockerfile");
        let context = dir.path().to_string_lossy().to_string();
        self.ok_env(
            &[("DOCKER_BUILDKIT", "1")],
            &["build", "-q", "--network", "none", "-t", tag, &context],
        );
    }
}

/// Removes the registered containers (with their anonymous volumes), networks, images and
/// volumes when dropped, in that order, best effort: a failure here never hides the test's own
/// result.
pub struct Cleanup {
    cli: Cli,
    containers: Mutex<Vec<String>>,
    volumes: Mutex<Vec<String>>,
    networks: Mutex<Vec<String>>,
    images: Mutex<Vec<String>>,
}

/// Adds `name` to a list of things to remove when the test ends, and gives it back.
fn register(list: &Mutex<Vec<String>>, name: &str) -> String {
    if let Ok(mut l) = list.lock() {
        l.push(name.to_string());
    }
    name.to_string()
}

impl Cleanup {
    /// Registers a container name or id; returns it for convenience.
    pub fn container(&self, name: &str) -> String {
        register(&self.containers, name)
    }

    /// Registers a volume name; returns it for convenience.
    pub fn volume(&self, name: &str) -> String {
        register(&self.volumes, name)
    }

    /// Registers a network name or id; returns it for convenience.
    pub fn network(&self, name: &str) -> String {
        register(&self.networks, name)
    }

    /// Registers an image reference or id (removed with `rmi -f`); returns it for convenience.
    pub fn image(&self, reference: &str) -> String {
        register(&self.images, reference)
    }
}

impl Drop for Cleanup {
    fn drop(&mut self) {
        let containers = self
            .containers
            .get_mut()
            .map(std::mem::take)
            .unwrap_or_default();
        let volumes = self
            .volumes
            .get_mut()
            .map(std::mem::take)
            .unwrap_or_default();
        let networks = self
            .networks
            .get_mut()
            .map(std::mem::take)
            .unwrap_or_default();
        let images = self
            .images
            .get_mut()
            .map(std::mem::take)
            .unwrap_or_default();
        if !containers.is_empty() {
            let mut args = vec!["rm", "-f", "-v"];
            args.extend(containers.iter().map(String::as_str));
            let _ = self.cli.try_run(&args);
        }
        if !networks.is_empty() {
            let mut args = vec!["network", "rm"];
            args.extend(networks.iter().map(String::as_str));
            let _ = self.cli.try_run(&args);
        }
        // One by one: `rmi` stops at the first reference that is already gone.
        for image in &images {
            let _ = self.cli.try_run(&["rmi", "-f", image]);
        }
        if !volumes.is_empty() {
            let mut args = vec!["volume", "rm", "-f"];
            args.extend(volumes.iter().map(String::as_str));
            let _ = self.cli.try_run(&args);
        }
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

/// A private image registry on 127.0.0.1 (`scripts/registry.sh`), stopped and its folder
/// removed when dropped.
#[allow(dead_code)]
pub struct Registry {
    pub dir: PathBuf,
    /// `127.0.0.1:PORT`
    pub addr: String,
}

#[allow(dead_code)]
impl Registry {
    pub fn start() -> Registry {
        // Installing docker-registry (when missing) once per test binary, not once per test:
        // parallel apt-get runs would fight over the dpkg lock.
        static INSTALLED: std::sync::OnceLock<Result<(), String>> = std::sync::OnceLock::new();
        let installed = INSTALLED.get_or_init(|| {
            let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/registry.sh");
            let out = Command::new("bash")
                .arg(script)
                .arg("ensure")
                .stdin(Stdio::null())
                .output()
                .map_err(|e| format!("cannot run scripts/registry.sh: {e}"))?;
            if out.status.success() {
                Ok(())
            } else {
                Err(String::from_utf8_lossy(&out.stderr).into_owned())
            }
        });
        if let Err(e) = installed {
            panic!("scripts/registry.sh ensure failed (docker-registry is needed):\n{e}");
        }
        let dir = tempfile::Builder::new()
            .prefix("dhr")
            .tempdir_in("/tmp")
            .expect("a temp dir for the registry")
            .keep();
        // From here on the guard stops whatever started.
        let mut registry = Registry {
            dir,
            addr: String::new(),
        };
        let out = registry.script(&["start", &registry.dir.display().to_string()]);
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(
            out.status.success(),
            "scripts/registry.sh start failed:\n{}{stdout}",
            String::from_utf8_lossy(&out.stderr)
        );
        registry.addr = stdout
            .lines()
            .rev()
            .find_map(|l| l.strip_prefix("REGISTRY="))
            .unwrap_or_else(|| {
                panic!("scripts/registry.sh start printed no REGISTRY= line: {stdout}")
            })
            .trim()
            .to_string();
        registry
    }

    fn script(&self, args: &[&str]) -> std::process::Output {
        let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/registry.sh");
        Command::new("bash")
            .arg(script)
            .args(args)
            .env_remove("DOCKER_HOST")
            .stdin(Stdio::null())
            .output()
            .expect("run scripts/registry.sh")
    }

    /// Pushes `image` from the engine `cli` talks to as `ADDR/NAME` (the temporary tag that
    /// takes is removed from that engine again); returns that reference.
    pub fn push(&self, cli: &Cli, image: &str, name: &str) -> String {
        let out = self.script(&[
            "push",
            &self.dir.display().to_string(),
            cli.host(),
            image,
            name,
        ]);
        assert!(
            out.status.success(),
            "scripts/registry.sh push {image} {name} failed:\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
        format!("{}/{name}", self.addr)
    }

    /// The folder holding the registry's blobs (`…/blobs/sha256/XX/DIGEST/data`).
    pub fn blobs(&self) -> PathBuf {
        self.dir.join("data/docker/registry/v2/blobs")
    }
}

impl Drop for Registry {
    fn drop(&mut self) {
        let _ = self.script(&["stop", &self.dir.display().to_string()]);
    }
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

/// Runs `bash scripts/NAME ARGS`, without the caller's docker settings; panics with its stderr
/// when it fails; returns its stdout.
fn script(name: &str, args: &[&str]) -> String {
    let out = Command::new("bash")
        .arg(
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("scripts")
                .join(name),
        )
        .args(args)
        .env_remove("DOCKER_HOST")
        .env_remove("DOCKER_TLS_VERIFY")
        .env_remove("DOCKER_CERT_PATH")
        .stdin(Stdio::null())
        .output()
        .unwrap_or_else(|e| panic!("cannot run scripts/{name}: {e}"));
    assert!(
        out.status.success(),
        "scripts/{name} {args:?} failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The value of the `KEY=value` line a script printed.
fn printed(stdout: &str, key: &str) -> String {
    stdout
        .lines()
        .rev()
        .find_map(|l| l.strip_prefix(key)?.strip_prefix('='))
        .unwrap_or_else(|| panic!("no {key}= line in:\n{stdout}"))
        .trim()
        .to_string()
}

/// A private engine that also listens on `tcp://127.0.0.1:PORT` with `--tlsverify`
/// (`scripts/tls.sh`), started by the test and stopped (its folder removed) when dropped.
/// Proven like [`OwnEngine`]: its marker names its socket, data root, live dockerd and the TLS
/// listener that dockerd was started with.
pub struct TlsEngine {
    pub dir: PathBuf,
    /// The docker CLI over the engine's unix socket (to set things up "outside").
    pub cli: Cli,
    /// `127.0.0.1:PORT`
    pub addr: String,
}

impl TlsEngine {
    pub fn start() -> TlsEngine {
        let dir = tempfile::Builder::new()
            .prefix("dhl")
            .tempdir_in("/tmp")
            .expect("a temp dir for the engine")
            .keep();
        let d = dir.display().to_string();
        // The guard exists before the engine starts: a failed start is still cleaned up.
        let mut engine = TlsEngine {
            cli: Cli {
                host: format!("unix://{d}/docker.sock"),
            },
            dir,
            addr: String::new(),
        };
        let out = script("tls.sh", &["start", &d]);
        let host = printed(&out, "TLS_HOST");
        engine.addr = host
            .strip_prefix("tcp://")
            .unwrap_or_else(|| panic!("TLS_HOST={host} is not tcp://"))
            .to_string();
        proven_marker(engine.cli.host(), &format!("{d}/root"))
            .unwrap_or_else(|e| panic!("the test's own TLS engine: {e}"));
        let marker = std::fs::read_to_string(engine.dir.join(MARKER)).expect("marker");
        assert!(
            marker.lines().any(|l| l == format!("tcp={}", engine.addr)),
            "the marker does not name the TLS listener {}:\n{marker}",
            engine.addr
        );
        engine
    }

    /// Imports the test image (for tests that need containers).
    pub fn import_image(&self) {
        script("engine.sh", &["image", &self.dir.display().to_string()]);
    }

    fn tls(&self) -> PathBuf {
        self.dir.join("tls")
    }

    /// The client's folder: ca.pem, cert.pem, key.pem (a `DOCKER_CERT_PATH`).
    pub fn cert_path(&self) -> PathBuf {
        self.tls().join("client")
    }

    /// The client's files (the right CA, a valid certificate, its key).
    pub fn files(&self) -> dockhand::engine::tls::TlsFiles {
        dockhand::engine::tls::TlsFiles::in_dir(&self.cert_path())
    }

    /// A CA that did not sign the engine's certificate.
    pub fn wrong_ca(&self) -> PathBuf {
        self.tls().join("wrong-ca.pem")
    }

    /// A client certificate for the client's key, signed by the right CA, that expired on
    /// 2020-01-02.
    pub fn expired_cert(&self) -> PathBuf {
        self.tls().join("expired-cert.pem")
    }
}

impl Drop for TlsEngine {
    fn drop(&mut self) {
        let _ = Command::new("bash")
            .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/tls.sh"))
            .arg("stop")
            .arg(&self.dir)
            .stdin(Stdio::null())
            .output();
    }
}

/// A private sshd on 127.0.0.1 (`scripts/sshd.sh`) whose sessions reach one engine, started
/// by the test and stopped (its folder removed) when dropped. Key login only.
pub struct SshHost {
    pub dir: PathBuf,
    pub port: u16,
    /// Who logs in (the user running the tests; sshd.sh authorises its key for that user).
    pub user: String,
}

impl SshHost {
    /// In front of the engine `cli` talks to (a unix socket: a proven engine of the test's).
    pub fn start(cli: &Cli) -> SshHost {
        let sock = cli
            .host()
            .strip_prefix("unix://")
            .expect("an engine on a unix socket")
            .to_string();
        let dir = tempfile::Builder::new()
            .prefix("dhs")
            .tempdir_in("/tmp")
            .expect("a temp dir for sshd")
            .keep();
        let mut host = SshHost {
            dir,
            port: 0,
            user: String::new(),
        };
        let out = script(
            "sshd.sh",
            &["start", &host.dir.display().to_string(), &sock],
        );
        host.port = printed(&out, "SSH_PORT").parse().expect("SSH_PORT");
        let who = Command::new("id").arg("-un").output().expect("id -un");
        host.user = String::from_utf8_lossy(&who.stdout).trim().to_string();
        host
    }

    /// `ssh://USER@127.0.0.1:PORT`
    pub fn uri(&self) -> String {
        format!("ssh://{}@127.0.0.1:{}", self.user, self.port)
    }

    /// The authorised client key.
    pub fn key(&self) -> PathBuf {
        self.dir.join("id_ed25519")
    }

    /// A client key the server does not accept.
    pub fn wrong_key(&self) -> PathBuf {
        self.dir.join("wrong_ed25519")
    }

    /// `[127.0.0.1]:PORT <host key>`
    pub fn known_hosts(&self) -> PathBuf {
        self.dir.join("known_hosts")
    }

    /// Writes an ssh config for 127.0.0.1 with this key and known_hosts file (no agent, no
    /// other key, never a prompt) and returns its path.
    pub fn config(&self, name: &str, key: &Path, known_hosts: &Path) -> PathBuf {
        let path = self.dir.join(name);
        std::fs::write(
            &path,
            format!(
                "Host 127.0.0.1\n  IdentityFile {}\n  IdentitiesOnly yes\n  IdentityAgent none\n  \
                 UserKnownHostsFile {}\n  GlobalKnownHostsFile /dev/null\n  StrictHostKeyChecking yes\n",
                key.display(),
                known_hosts.display()
            ),
        )
        .expect("write an ssh config");
        path
    }
}

impl Drop for SshHost {
    fn drop(&mut self) {
        let _ = Command::new("bash")
            .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/sshd.sh"))
            .arg("stop")
            .arg(&self.dir)
            .stdin(Stdio::null())
            .output();
    }
}
