//! The docker CLI pointed at the test engine only ([`Cli`], handed out by `setup` after the
//! engine is proven), and the guard that removes what a test made ([`Cleanup`]).

use std::sync::Mutex;
use std::time::Duration;

use super::*;
/// The docker CLI, pointed at the test engine only. Obtained from [`setup`], after the check.
#[derive(Clone, Debug)]
pub struct Cli {
    pub(super) host: String,
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
