//! `ssh://[user@]host[:port]` engines, through the system's `ssh`.
//!
//! bollard 0.21.1's ssh transport hands `user@host:port` to ssh as a host name (the port is
//! lost) and accepts unknown host keys without asking (its ssh library's default). So dockhand
//! brings its own transport, as the docker CLI does: each connection runs
//! `ssh -o BatchMode=yes [-p PORT] [-l USER] -- HOST docker system dial-stdio`, and HTTP goes
//! over that child's stdin and stdout; bollard takes it as a custom transport, and hyper-util's
//! pool keeps idle connections (ssh processes) for the next request.
//!
//! - `ssh` reads the user's `~/.ssh/config`, keys and agent as usual (from the passwd home,
//!   not `$HOME`: measured with OpenSSH 9.2). `DOCKHAND_SSH_CONFIG` names another config
//!   file, passed as `-F` (then ssh reads neither `~/.ssh/config` nor `/etc/ssh/ssh_config`).
//! - `BatchMode=yes`: ssh never prompts (no password, no passphrase, no "accept this host
//!   key?"), and it never sees the terminal: stdin and stdout are the HTTP pipes, stderr is
//!   kept (the last 8 KiB) to say why a connection failed.
//! - A connection that ends before the engine said a word gives ssh's own reason
//!   ([`SshFailure`]) instead of hyper's "connection closed".
//!
//! Measured against sshd.sh's sshd on 127.0.0.1 (OpenSSH 9.2) in front of a Docker 20.10
//! engine, 2 cores shared with builds: `ssh … true` alone takes 0.4 to 0.9 s, and connect +
//! list over a new connection 0.7 to 0.8 s, nearly all of it ssh's handshake. dockhand then
//! keeps two connections (the event stream, and requests over the pooled one): no new ssh
//! login in the following seconds.

use std::ffi::OsString;
use std::future::Future;
use std::io;
use std::path::PathBuf;
use std::pin::Pin;
use std::process::{ExitStatus, Stdio};
use std::sync::Arc;
use std::task::{Context, Poll, ready};
use std::time::Duration;

use bollard::{API_DEFAULT_VERSION, BollardRequest, Docker};
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::{Connected, Connection};
use hyper_util::rt::{TokioExecutor, TokioIo};
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, ReadBuf};
use tokio::process::{Child, ChildStdin, ChildStdout, Command};
use tokio::sync::oneshot;

/// Where an `ssh://` address points.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SshTarget {
    pub user: Option<String>,
    /// Without brackets for IPv6 (`::1`): the form ssh takes.
    pub host: String,
    pub port: Option<u16>,
}

impl SshTarget {
    /// Parses `ssh://[user@]host[:port]` (IPv6 in brackets), as the docker CLI accepts it.
    pub fn parse(uri: &str) -> Result<SshTarget, String> {
        let rest = uri
            .strip_prefix("ssh://")
            .ok_or_else(|| format!("not an ssh:// address: {uri}"))?;
        let (authority, path) = rest.split_once('/').unwrap_or((rest, ""));
        if !path.is_empty() {
            return Err(format!(
                "an ssh address names a host only, not a path: \"/{path}\" in {uri}"
            ));
        }
        let (user, hostport) = match authority.rsplit_once('@') {
            Some((u, h)) => (Some(u.to_string()), h),
            None => (None, authority),
        };
        let (host, port) = if let Some(inner) = hostport.strip_prefix('[') {
            let (host, after) = inner
                .split_once(']')
                .ok_or_else(|| format!("unclosed [ in {uri}"))?;
            match after {
                "" => (host, None),
                p => (
                    host,
                    Some(
                        p.strip_prefix(':')
                            .ok_or_else(|| format!("bad port in {uri}"))?,
                    ),
                ),
            }
        } else {
            match hostport.rsplit_once(':') {
                Some((h, p)) => (h, Some(p)),
                None => (hostport, None),
            }
        };
        let port = port
            .map(|p| match p.parse::<u16>() {
                Ok(n) if n > 0 => Ok(n),
                _ => Err(format!("bad port \"{p}\" in {uri} (1 to 65535)")),
            })
            .transpose()?;
        if host.is_empty() {
            return Err(format!("no host in {uri}"));
        }
        // ssh would take a leading dash as an option.
        let bad =
            |s: &str| s.starts_with('-') || s.chars().any(|c| c.is_whitespace() || c.is_control());
        if bad(host) {
            return Err(format!("not a host name: \"{host}\" in {uri}"));
        }
        if let Some(u) = &user {
            if u.is_empty() || bad(u) {
                return Err(format!("not a user name: \"{u}\" in {uri}"));
            }
        }
        Ok(SshTarget {
            user,
            host: host.to_string(),
            port,
        })
    }

    /// How ssh would be asked to connect, for messages: `ssh -p 2222 me@box`.
    pub fn ssh_command(&self) -> String {
        let mut s = String::from("ssh ");
        if let Some(p) = self.port {
            s.push_str(&format!("-p {p} "));
        }
        if let Some(u) = &self.user {
            s.push_str(u);
            s.push('@');
        }
        s.push_str(&self.host);
        s
    }
}

/// How dockhand runs ssh.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SshOptions {
    /// The ssh program (`ssh` from PATH).
    pub program: PathBuf,
    /// An ssh config file to read instead of the user's (`-F`).
    pub config: Option<PathBuf>,
}

impl Default for SshOptions {
    fn default() -> Self {
        SshOptions {
            program: PathBuf::from("ssh"),
            config: None,
        }
    }
}

impl SshOptions {
    /// From the environment: `DOCKHAND_SSH_CONFIG`.
    pub fn from_process() -> Self {
        SshOptions {
            config: std::env::var_os("DOCKHAND_SSH_CONFIG")
                .filter(|v| !v.is_empty())
                .map(PathBuf::from),
            ..SshOptions::default()
        }
    }
}

/// ssh gives up on a host that does not answer after this long: before the handshake's own
/// limit (10 s, src/engine/connect.rs), so that ssh's words come first.
const CONNECT_TIMEOUT_SECS: u32 = 8;
/// How long a failed connection waits for ssh to exit and say why.
const WHY_TIMEOUT: Duration = Duration::from_secs(5);
/// How long ssh may take to end after its connection was dropped before it is killed.
const END_GRACE: Duration = Duration::from_secs(2);
/// How much of ssh's stderr is kept (the end of it).
const STDERR_KEEP: usize = 8 * 1024;

/// The arguments given to ssh for one connection.
pub fn ssh_args(target: &SshTarget, opts: &SshOptions) -> Vec<OsString> {
    let mut a: Vec<OsString> = Vec::new();
    if let Some(cfg) = &opts.config {
        a.push("-F".into());
        a.push(cfg.clone().into_os_string());
    }
    for o in [
        "BatchMode=yes".to_string(),
        format!("ConnectTimeout={CONNECT_TIMEOUT_SECS}"),
        // A link that died silently is noticed in about 30 s rather than never.
        "ServerAliveInterval=10".to_string(),
        "ServerAliveCountMax=3".to_string(),
    ] {
        a.push("-o".into());
        a.push(o.into());
    }
    // No terminal on the remote side: the pipes carry HTTP.
    a.push("-T".into());
    if let Some(p) = target.port {
        a.push("-p".into());
        a.push(p.to_string().into());
    }
    if let Some(u) = &target.user {
        a.push("-l".into());
        a.push(u.into());
    }
    a.push("--".into());
    a.push(target.host.clone().into());
    for w in ["docker", "system", "dial-stdio"] {
        a.push(w.into());
    }
    a
}

/// Why an ssh connection ended before the engine answered, in words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SshFailure(pub String);

impl std::fmt::Display for SshFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for SshFailure {}

/// Words for ssh's end: its exit code (`None`: killed) and what it wrote on stderr.
pub fn word_failure(target: &SshTarget, code: Option<i32>, stderr: &str) -> String {
    let host = &target.host;
    let lines: Vec<&str> = stderr
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with("Warning: Permanently added"))
        .collect();
    let has = |needle: &str| lines.iter().any(|l| l.contains(needle));
    if has("REMOTE HOST IDENTIFICATION HAS CHANGED") {
        return format!(
            "the host key of {host} has CHANGED since it was accepted: check with its owner, then fix known_hosts"
        );
    }
    if has("Host key verification failed") || has("No ") && has("host key is known") {
        return format!(
            "the host key of {host} is not known: connect once with ssh to check and accept it ({})",
            target.ssh_command()
        );
    }
    if has("Permission denied") {
        let user = target.user.as_deref().unwrap_or("your user");
        return format!(
            "{host} refused the ssh login of {user}: no key it accepts was offered (load it into ssh-agent, or name it with IdentityFile in ~/.ssh/config)"
        );
    }
    if has("Could not resolve hostname") {
        return format!("ssh cannot find the host {host} (unknown name)");
    }
    if has("Connection refused") {
        let port = target.port.unwrap_or(22);
        return format!("{host} refuses ssh connections on port {port}");
    }
    if has("timed out") {
        return format!("{host} did not answer ssh in time");
    }
    // The remote shell could not run `docker`: 127 is "command not found".
    if code == Some(127)
        || lines.iter().any(|l| {
            l.contains("docker") && (l.contains("not found") || l.contains("No such file"))
        })
    {
        return format!(
            "there is no docker CLI on {host}: dockhand runs `docker system dial-stdio` there over ssh; install the docker CLI on {host}"
        );
    }
    if has("Cannot connect to the Docker daemon") {
        return format!(
            "the docker CLI on {host} cannot reach its engine: {}",
            lines.last().copied().unwrap_or_default()
        );
    }
    let why = lines.last().copied().unwrap_or("no message");
    let why: String = why.chars().filter(|c| !c.is_control()).take(300).collect();
    match code {
        Some(c) => format!("ssh to {host} failed (exit {c}): {why}"),
        None => format!("ssh to {host} ended: {why}"),
    }
}

/// A bollard client whose connections are ssh processes.
pub fn client(target: &SshTarget, opts: &SshOptions, timeout_secs: u64) -> Result<Docker, String> {
    let connector = SshConnector {
        target: Arc::new(target.clone()),
        program: opts.program.clone(),
        args: Arc::new(ssh_args(target, opts)),
    };
    let mut builder = Client::builder(TokioExecutor::new());
    // Idle ssh processes are kept a while for the next request, not forever.
    builder
        .pool_idle_timeout(Duration::from_secs(30))
        .pool_max_idle_per_host(8);
    let client = Arc::new(builder.build(connector));
    Docker::connect_with_custom_transport(
        move |req: BollardRequest| {
            let client = Arc::clone(&client);
            async move {
                client
                    .request(req)
                    .await
                    .map_err(bollard::errors::Error::from)
            }
        },
        // Only the Host header sees this name: the ssh command decides where requests go.
        Some("http://docker"),
        timeout_secs,
        API_DEFAULT_VERSION,
    )
    .map_err(|e| e.to_string())
}

#[derive(Clone)]
struct SshConnector {
    target: Arc<SshTarget>,
    program: PathBuf,
    args: Arc<Vec<OsString>>,
}

impl tower_service::Service<http::Uri> for SshConnector {
    type Response = TokioIo<SshStream>;
    type Error = io::Error;
    type Future = Pin<Box<dyn Future<Output = io::Result<Self::Response>> + Send>>;

    fn poll_ready(&mut self, _: &mut Context<'_>) -> Poll<io::Result<()>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, _: http::Uri) -> Self::Future {
        let me = self.clone();
        Box::pin(async move { me.spawn().map(TokioIo::new) })
    }
}

impl SshConnector {
    fn spawn(&self) -> io::Result<SshStream> {
        let mut child = Command::new(&self.program)
            .args(self.args.iter())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            // Its own process group: keys pressed in dockhand's terminal signal nothing to
            // it. It never asks anything there either: BatchMode.
            .process_group(0)
            // A safety net if the task that waits for it is cancelled.
            .kill_on_drop(true)
            .spawn()
            .map_err(|e| {
                let words = if e.kind() == io::ErrorKind::NotFound {
                    format!(
                        "ssh is not installed here ({} not found): dockhand runs the system's ssh for ssh:// hosts (install openssh-client)",
                        self.program.display()
                    )
                } else {
                    format!("cannot run {}: {e}", self.program.display())
                };
                io::Error::other(SshFailure(words))
            })?;
        let (Some(stdin), Some(stdout), Some(stderr)) =
            (child.stdin.take(), child.stdout.take(), child.stderr.take())
        else {
            return Err(io::Error::other("ssh started without its pipes"));
        };
        let (stop_tx, stop_rx) = oneshot::channel::<()>();
        let (why_tx, why_rx) = oneshot::channel::<Option<String>>();
        let target = Arc::clone(&self.target);
        tokio::spawn(async move {
            let (status, stderr) = tokio::join!(wait(&mut child, stop_rx), keep_tail(stderr));
            let failed = match status {
                Some(s) if s.success() => None,
                Some(s) => Some(word_failure(&target, s.code(), &stderr)),
                None => None,
            };
            if let Some(w) = &failed {
                tracing::debug!(host = %target.host, "ssh ended: {w}");
            }
            let _ = why_tx.send(failed);
        });
        Ok(SshStream {
            stdin: Some(stdin),
            stdout,
            why: Some(why_rx),
            why_deadline: None,
            answered: false,
            _stop: stop_tx,
        })
    }
}

/// Waits for ssh to end; when its connection is dropped first, gives it a moment to end by
/// itself (its stdin closed, `dial-stdio` ends) and then kills it.
async fn wait(child: &mut Child, stop: oneshot::Receiver<()>) -> Option<ExitStatus> {
    tokio::select! {
        s = child.wait() => s.ok(),
        _ = stop => match tokio::time::timeout(END_GRACE, child.wait()).await {
            Ok(s) => s.ok(),
            Err(_) => {
                let _ = child.kill().await;
                None
            }
        },
    }
}

/// Reads ssh's stderr to its end, keeping the last [`STDERR_KEEP`] bytes.
async fn keep_tail(mut stderr: tokio::process::ChildStderr) -> String {
    let mut kept: Vec<u8> = Vec::new();
    let mut buf = [0u8; 4096];
    loop {
        match stderr.read(&mut buf).await {
            Ok(0) | Err(_) => break,
            Ok(n) => {
                kept.extend_from_slice(buf.get(..n).unwrap_or_default());
                if kept.len() > STDERR_KEEP {
                    kept.drain(..kept.len() - STDERR_KEEP);
                }
            }
        }
    }
    String::from_utf8_lossy(&kept).into_owned()
}

/// One connection: ssh's stdout to read from, its stdin to write to.
pub struct SshStream {
    stdin: Option<ChildStdin>,
    stdout: ChildStdout,
    /// Why ssh ended, from the task that waits for it (`None` inside: it ended well).
    why: Option<oneshot::Receiver<Option<String>>>,
    why_deadline: Option<Pin<Box<tokio::time::Sleep>>>,
    /// The engine sent something: an end from now on is an ordinary end.
    answered: bool,
    /// Dropped with the stream: tells the waiting task to end ssh.
    _stop: oneshot::Sender<()>,
}

impl AsyncRead for SshStream {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let me = self.get_mut();
        let before = buf.filled().len();
        ready!(Pin::new(&mut me.stdout).poll_read(cx, buf))?;
        if buf.filled().len() > before || me.answered {
            me.answered = true;
            return Poll::Ready(Ok(()));
        }
        // The end, before any answer: ssh failed. Wait (briefly) for it to say why.
        match ready!(me.poll_why(cx)) {
            Some(failure) => Poll::Ready(Err(failure)),
            None => Poll::Ready(Ok(())),
        }
    }
}

impl SshStream {
    /// Why ssh ended (`None`: it ended well, it was killed, or it said nothing in time).
    fn poll_why(&mut self, cx: &mut Context<'_>) -> Poll<Option<io::Error>> {
        let Some(why) = self.why.as_mut() else {
            return Poll::Ready(None);
        };
        if let Poll::Ready(r) = Pin::new(why).poll(cx) {
            self.why = None;
            return Poll::Ready(match r {
                Ok(Some(words)) => Some(io::Error::other(SshFailure(words))),
                _ => None,
            });
        }
        let deadline = self
            .why_deadline
            .get_or_insert_with(|| Box::pin(tokio::time::sleep(WHY_TIMEOUT)));
        if deadline.as_mut().poll(cx).is_ready() {
            self.why = None;
            return Poll::Ready(None);
        }
        Poll::Pending
    }
}

impl AsyncWrite for SshStream {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        data: &[u8],
    ) -> Poll<io::Result<usize>> {
        let me = self.get_mut();
        let r = match me.stdin.as_mut() {
            Some(w) => ready!(Pin::new(w).poll_write(cx, data)),
            None => Err(io::ErrorKind::BrokenPipe.into()),
        };
        match r {
            // ssh ended before reading the request (it failed at once): say why.
            Err(e) if e.kind() == io::ErrorKind::BrokenPipe && !me.answered => {
                Poll::Ready(Err(ready!(me.poll_why(cx)).unwrap_or(e)))
            }
            r => Poll::Ready(r),
        }
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        match self.get_mut().stdin.as_mut() {
            Some(w) => Pin::new(w).poll_flush(cx),
            None => Poll::Ready(Ok(())),
        }
    }

    /// Closing stdin is how the remote `dial-stdio` learns that we are done writing.
    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let me = self.get_mut();
        if let Some(w) = me.stdin.as_mut() {
            ready!(Pin::new(w).poll_shutdown(cx))?;
        }
        me.stdin = None;
        Poll::Ready(Ok(()))
    }
}

impl Connection for SshStream {
    fn connected(&self) -> Connected {
        Connected::new()
    }
}

#[cfg(test)]
#[path = "ssh_tests.rs"]
mod tests;
