//! A private podman answering Docker's API (`scripts/podman.sh`), started by a test and stopped
//! (its folder removed) when dropped. Proven before use like the Docker engines: its marker
//! names its socket, the data root podman reports, `engine=podman` and the live
//! `podman system service` started with that root on that socket ([`proven_podman`]).

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use dockhand::engine::Engine;
use dockhand::engine::connect::{ConnectOptions, connect_with};
use dockhand::engine::host::HostCandidate;

use super::hosts::{printed, script};
use super::{Cli, MARKER};

pub struct PodmanEngine {
    pub dir: PathBuf,
    /// The docker CLI against podman's socket (to set things up "outside").
    pub cli: Cli,
}

/// Checks the marker `scripts/podman.sh start` writes in `dir` against `host` and the data root
/// `root`, and the process it names: a `podman … --root ROOT … system service … HOST`.
pub fn proven_podman(dir: &Path, host: &str, root: &str) -> Result<u32, String> {
    let path = dir.join(MARKER);
    let text = std::fs::read_to_string(&path)
        .map_err(|e| format!("{} cannot be read ({e})", path.display()))?;
    let field = |key: &str| {
        text.lines()
            .find_map(|l| l.strip_prefix(key)?.strip_prefix('='))
            .map(str::to_string)
            .ok_or_else(|| format!("{} has no {key}= line:\n{text}", path.display()))
    };
    let sock = host
        .strip_prefix("unix://")
        .ok_or_else(|| format!("{host} is not a unix socket"))?;
    if field("engine")? != "podman" || field("sock")? != sock || field("root")? != root {
        return Err(format!(
            "{} is not podman's marker for {host} with {root}:\n{text}",
            path.display()
        ));
    }
    let pid: u32 = field("pid")?
        .parse()
        .map_err(|e| format!("{}: pid: {e}", path.display()))?;
    let cmdline = std::fs::read(format!("/proc/{pid}/cmdline"))
        .map_err(|e| format!("the podman service (pid {pid}) is gone: {e}"))?;
    let args: Vec<String> = cmdline
        .split(|b| *b == 0)
        .map(|a| String::from_utf8_lossy(a).into_owned())
        .collect();
    let root_flag = args.windows(2).any(|w| w[0] == "--root" && w[1] == root);
    let service = args
        .windows(2)
        .any(|w| w[0] == "system" && w[1] == "service");
    if !root_flag || !service || !args.iter().any(|a| a == host) {
        return Err(format!(
            "pid {pid} is not a podman service with --root {root} on {host}: {args:?}"
        ));
    }
    Ok(pid)
}

impl PodmanEngine {
    /// Starts one in a fresh /tmp/dhpXXXX (installing podman first when it is missing and this
    /// is root) and proves it is the one started.
    pub fn start() -> PodmanEngine {
        let dir = tempfile::Builder::new()
            .prefix("dhp")
            .tempdir_in("/tmp")
            .expect("a temp dir for podman")
            .keep();
        let d = dir.display().to_string();
        // The guard exists before podman starts: a failed start is still cleaned up.
        let engine = PodmanEngine {
            cli: Cli {
                host: format!("unix://{d}/podman.sock"),
            },
            dir,
        };
        let out = script("podman.sh", &["start", &d]);
        assert_eq!(
            printed(&out, "PODMAN_HOST"),
            engine.cli.host(),
            "podman.sh start printed another address"
        );
        proven_podman(&engine.dir, engine.cli.host(), &engine.root())
            .unwrap_or_else(|e| panic!("the test's own podman: {e}"));
        engine
    }

    /// `unix://DIR/podman.sock`
    pub fn host(&self) -> &str {
        self.cli.host()
    }

    /// The data root podman reports (`DockerRootDir` in /info): DIR/root.
    pub fn root(&self) -> String {
        format!("{}/root", self.dir.display())
    }

    /// Imports local/busybox:test (podman names it docker.io/local/busybox:test).
    pub fn import_image(&self) {
        script("podman.sh", &["image", &self.dir.display().to_string()]);
    }

    /// Connects with dockhand's own code and checks the data root it reports is this one's.
    pub async fn connect(&self) -> Engine {
        let c = HostCandidate {
            uri: self.host().to_string(),
            source: "test".into(),
            tls: None,
        };
        let engine = connect_with(&c, &ConnectOptions::default())
            .await
            .unwrap_or_else(|e| panic!("cannot connect to the test's podman at {}: {e}", c.uri));
        assert_eq!(
            engine.info.root_dir.as_deref(),
            Some(self.root().as_str()),
            "the engine at {} is not the test's own podman",
            c.uri
        );
        engine
    }
}

impl Drop for PodmanEngine {
    fn drop(&mut self) {
        let _ = Command::new("bash")
            .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/podman.sh"))
            .arg("stop")
            .arg(&self.dir)
            .stdin(Stdio::null())
            .output();
    }
}
