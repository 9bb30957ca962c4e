//! The compose CLI, run on a project's files: `up -d`, `down`, `pull`.
//!
//! Compose is not part of the engine's API: projects are containers with labels, which
//! dockhand acts on through the API itself (stop, start, remove...). What needs the project's
//! files (creating what is missing, pulling its images, removing its networks) is left to the
//! compose CLI, run on this machine and pointed at the engine dockhand talks to, when:
//! - a compose CLI is installed: the `docker compose` plugin, else the standalone
//!   `docker-compose` (v1 or v2), found on `PATH`;
//! - the project's labels name its files (`com.docker.compose.project.config_files`, and the
//!   working folder `com.docker.compose.project.working_dir`): nothing is guessed, and each
//!   file must be readable here (a remote host's projects usually live on that host);
//! - the engine can be named to the CLI: its address in `DOCKER_HOST` (unix, tcp, ssh), and
//!   for TLS a `DOCKER_CERT_PATH` folder holding `ca.pem`, `cert.pem`, `key.pem`.
//!
//! When one of these does not hold, the run fails at once with a sentence that says which.
//! The CLI's environment is cleared of what could point it elsewhere (`DOCKER_CONTEXT`,
//! `COMPOSE_FILE`, `COMPOSE_PROJECT_NAME`...). `down` never passes `-v`: volumes stay.

use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::Duration;

use super::connect::Engine;
use super::tls::TlsFiles;

/// What compose is asked to do.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ComposeVerb {
    Up,
    Down,
    Pull,
}

impl ComposeVerb {
    /// As the user reads it (`up -d`).
    pub fn words(self) -> &'static str {
        match self {
            ComposeVerb::Up => "up -d",
            ComposeVerb::Down => "down",
            ComposeVerb::Pull => "pull",
        }
    }

    fn args(self) -> &'static [&'static str] {
        match self {
            ComposeVerb::Up => &["up", "-d"],
            ComposeVerb::Down => &["down"],
            ComposeVerb::Pull => &["pull"],
        }
    }
}

/// One run of compose on one project, as its labels describe it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ComposeCall {
    pub project: String,
    pub verb: ComposeVerb,
    pub working_dir: Option<String>,
    pub files: Vec<String>,
}

impl ComposeCall {
    /// The config files, those named relative to the working folder (as compose v1 labels
    /// them) joined to it.
    pub fn resolved_files(&self) -> Vec<String> {
        self.files
            .iter()
            .map(|f| match &self.working_dir {
                Some(dir) if Path::new(f).is_relative() => {
                    Path::new(dir).join(f).display().to_string()
                }
                _ => f.clone(),
            })
            .collect()
    }

    /// The arguments after `compose` (or `docker-compose`).
    pub fn args(&self) -> Vec<String> {
        let mut out = vec!["-p".to_string(), self.project.clone()];
        if let Some(dir) = &self.working_dir {
            out.extend(["--project-directory".to_string(), dir.clone()]);
        }
        for f in self.resolved_files() {
            out.extend(["-f".to_string(), f]);
        }
        out.extend(self.verb.args().iter().map(|a| a.to_string()));
        out
    }
}

/// Which compose CLI runs: the plugin (`docker compose`) or the standalone program.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ComposeCli {
    Plugin(PathBuf),
    Standalone(PathBuf),
}

impl ComposeCli {
    fn command(&self, call: &ComposeCall) -> tokio::process::Command {
        let (program, first) = match self {
            ComposeCli::Plugin(docker) => (docker, Some("compose")),
            ComposeCli::Standalone(p) => (p, None),
        };
        let mut cmd = tokio::process::Command::new(program);
        cmd.args(first).args(call.args());
        cmd
    }
}

/// Longest a compose run may take (`up` may build or pull).
const RUN_TIMEOUT: Duration = Duration::from_secs(600);
/// Longest the check for a compose CLI may take.
const PROBE_TIMEOUT: Duration = Duration::from_secs(10);

/// Variables that would point compose at another engine, project or file.
const CLEARED: &[&str] = &[
    "DOCKER_HOST",
    "DOCKER_CONTEXT",
    "DOCKER_TLS_VERIFY",
    "DOCKER_CERT_PATH",
    "COMPOSE_FILE",
    "COMPOSE_PROJECT_NAME",
    "COMPOSE_PROFILES",
];

/// The first of `names` found in the folders of `path` (a `PATH` value).
fn on_path(path: &str, name: &str) -> Option<PathBuf> {
    std::env::split_paths(path)
        .map(|d| d.join(name))
        .find(|p| p.is_file())
}

/// Whether `cmd` runs and exits 0 within [`PROBE_TIMEOUT`].
async fn answers(mut cmd: tokio::process::Command) -> bool {
    cmd.stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .kill_on_drop(true);
    matches!(
        tokio::time::timeout(PROBE_TIMEOUT, cmd.status()).await,
        Ok(Ok(s)) if s.success()
    )
}

/// The compose CLI on `path`: the docker CLI's plugin, else `docker-compose`.
pub async fn find_cli(path: &str) -> Option<ComposeCli> {
    if let Some(docker) = on_path(path, "docker") {
        let mut probe = tokio::process::Command::new(&docker);
        probe.args(["compose", "version"]);
        if answers(probe).await {
            return Some(ComposeCli::Plugin(docker));
        }
    }
    let standalone = on_path(path, "docker-compose")?;
    let mut probe = tokio::process::Command::new(&standalone);
    probe.arg("version");
    answers(probe)
        .await
        .then_some(ComposeCli::Standalone(standalone))
}

/// The environment that points compose at the engine at `uri`.
pub fn engine_env(uri: &str, tls: Option<&TlsFiles>) -> Result<Vec<(String, String)>, String> {
    let mut env = vec![("DOCKER_HOST".to_string(), uri.to_string())];
    if let Some(t) = tls {
        let dir = t.ca.parent().unwrap_or(Path::new(""));
        let standard = TlsFiles::in_dir(dir);
        if (&t.ca, &t.cert, &t.key) != (&standard.ca, &standard.cert, &standard.key) {
            return Err(format!(
                "this host's TLS files are not one folder's ca.pem, cert.pem and key.pem, \
                 which is how compose is told them (DOCKER_CERT_PATH): {}",
                t.ca.display()
            ));
        }
        env.push(("DOCKER_CERT_PATH".into(), dir.display().to_string()));
        if t.verify {
            env.push(("DOCKER_TLS_VERIFY".into(), "1".into()));
        }
    }
    Ok(env)
}

/// The last line worth showing of what compose printed (it reports on stderr).
fn last_line(out: &[u8]) -> String {
    let text = String::from_utf8_lossy(out);
    let line = text
        .lines()
        .map(str::trim)
        .rfind(|l| !l.is_empty())
        .unwrap_or("");
    crate::sanitize::clean(line).into_owned()
}

/// Runs `call` with the compose CLI found on `path`, against the engine `env` names. The last
/// line compose printed, or why it could not run or what it said when it failed.
pub async fn run(
    call: &ComposeCall,
    env: Vec<(String, String)>,
    path: &str,
) -> Result<String, String> {
    for f in call.resolved_files() {
        if Path::new(&f).is_relative() {
            return Err(format!(
                "the project's labels name {f} but no working folder to find it in"
            ));
        }
        if let Err(e) = std::fs::File::open(&f) {
            return Err(format!(
                "{f} cannot be read here ({e}); compose runs on this machine and needs the \
                 project's files"
            ));
        }
    }
    let Some(cli) = find_cli(path).await else {
        return Err(
            "no compose CLI on this machine: neither the `docker compose` plugin nor \
                    `docker-compose` was found on PATH"
                .into(),
        );
    };
    let mut cmd = cli.command(call);
    for v in CLEARED {
        cmd.env_remove(v);
    }
    cmd.envs(env)
        .env("PATH", path)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true);
    if let Some(dir) = &call.working_dir
        && Path::new(dir).is_dir()
    {
        cmd.current_dir(dir);
    }
    let out = match tokio::time::timeout(RUN_TIMEOUT, cmd.output()).await {
        Err(_) => {
            return Err(format!(
                "no end within {} minutes (stopped)",
                RUN_TIMEOUT.as_secs() / 60
            ));
        }
        Ok(Err(e)) => return Err(format!("could not run compose: {e}")),
        Ok(Ok(out)) => out,
    };
    let said = match last_line(&out.stderr) {
        s if s.is_empty() => last_line(&out.stdout),
        s => s,
    };
    if out.status.success() {
        Ok(said)
    } else {
        let code = out
            .status
            .code()
            .map_or_else(|| "a signal".to_string(), |c| format!("exit code {c}"));
        Err(if said.is_empty() {
            code
        } else {
            format!("{said} ({code})")
        })
    }
}

impl Engine {
    /// Runs compose on this engine's project (see the module docs).
    pub async fn compose(&self, call: &ComposeCall) -> Result<String, String> {
        let env = engine_env(&self.info.host, self.tls.as_ref())?;
        let path = std::env::var("PATH").unwrap_or_default();
        run(call, env, &path).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arguments_name_the_project_its_folder_and_each_file() {
        let call = ComposeCall {
            project: "shop".into(),
            verb: ComposeVerb::Up,
            working_dir: Some("/srv/shop".into()),
            files: vec![
                "/srv/shop/compose.yaml".into(),
                "/srv/shop/prod.yaml".into(),
            ],
        };
        assert_eq!(
            call.args(),
            [
                "-p",
                "shop",
                "--project-directory",
                "/srv/shop",
                "-f",
                "/srv/shop/compose.yaml",
                "-f",
                "/srv/shop/prod.yaml",
                "up",
                "-d"
            ]
        );
        let down = ComposeCall {
            verb: ComposeVerb::Down,
            working_dir: None,
            ..call
        };
        // Never `-v`: volumes stay.
        assert_eq!(down.args().last().map(String::as_str), Some("down"));
        assert!(!down.args().iter().any(|a| a == "-v" || a == "--volumes"));
    }

    #[test]
    fn tls_files_become_a_cert_path_only_when_they_are_one_folder() {
        let files = TlsFiles::in_dir(Path::new("/certs/prod"));
        let env = engine_env("tcp://prod:2376", Some(&files)).expect("one folder");
        assert!(env.contains(&("DOCKER_CERT_PATH".into(), "/certs/prod".into())));
        assert!(env.contains(&("DOCKER_TLS_VERIFY".into(), "1".into())));
        let scattered = TlsFiles {
            cert: PathBuf::from("/elsewhere/client.pem"),
            ..files
        };
        let e = engine_env("tcp://prod:2376", Some(&scattered)).expect_err("not one folder");
        assert!(e.contains("DOCKER_CERT_PATH"), "{e}");
    }

    #[tokio::test]
    async fn says_plainly_when_no_compose_cli_is_installed() {
        let dir = tempfile::tempdir().expect("temp dir");
        let file = dir.path().join("compose.yaml");
        std::fs::write(&file, "services: {}\n").expect("write");
        let call = ComposeCall {
            project: "p".into(),
            verb: ComposeVerb::Up,
            working_dir: None,
            files: vec![file.display().to_string()],
        };
        // A PATH with nothing on it: no docker, no docker-compose.
        let empty = dir.path().join("bin");
        std::fs::create_dir(&empty).expect("mkdir");
        let e = run(&call, vec![], &empty.display().to_string())
            .await
            .expect_err("no CLI");
        assert!(e.contains("no compose CLI on this machine"), "{e}");
    }

    #[tokio::test]
    async fn an_unreadable_file_is_named_before_anything_runs() {
        let call = ComposeCall {
            project: "p".into(),
            verb: ComposeVerb::Down,
            working_dir: None,
            files: vec!["/nonexistent/dockhand/compose.yaml".into()],
        };
        let relative = ComposeCall {
            files: vec!["compose.yaml".into()],
            working_dir: Some("/srv/shop".into()),
            ..call.clone()
        };
        assert_eq!(relative.resolved_files(), ["/srv/shop/compose.yaml"]);
        let nowhere = ComposeCall {
            working_dir: None,
            ..relative
        };
        let e = run(&nowhere, vec![], "")
            .await
            .expect_err("relative, no folder");
        assert!(e.contains("no working folder"), "{e}");
        let e = run(&call, vec![], "").await.expect_err("unreadable");
        assert!(
            e.starts_with("/nonexistent/dockhand/compose.yaml cannot be read here"),
            "{e}"
        );
    }
}
