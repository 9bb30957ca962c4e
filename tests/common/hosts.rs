//! The other engines and hosts a test may start for itself: a private image registry, an
//! engine listening on TCP with TLS, an ssh host that reaches the test engine. Each is stopped
//! and its folder removed when dropped.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use super::{Cli, MARKER, proven_marker};
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

/// Runs `bash scripts/NAME ARGS`, without the caller's docker settings; panics with its stderr
/// when it fails; returns its stdout.
pub(super) fn script(name: &str, args: &[&str]) -> String {
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
pub(super) fn printed(stdout: &str, key: &str) -> String {
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
