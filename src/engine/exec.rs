//! Running a command in a container through the engine's exec API: finding a shell, and an
//! interactive session with a TTY (the bytes both ways, resizes, the exit code). The user's
//! terminal side of a session is `crate::shell`.
//!
//! Measured engine behaviour (Docker 20.10 and 26.1):
//! - `POST /containers/{id}/exec` succeeds whatever the command: a missing program is only
//!   found when the exec starts. So a shell is looked for by running each candidate with
//!   `-c 'exit 0'` and no TTY first: exit code 0 means it is there (126/127 and the runtime's
//!   "executable file not found" mean it is not).
//! - With a TTY the output is one raw stream (no stdout/stderr framing) and the input is the
//!   same hijacked connection; the stream ends when the process exits, and `GET /exec/{id}/json`
//!   then gives its exit code.
//! - An exec in a container that is not running is refused at creation ("is not running").
//! - A dockerd that dies ends the session's stream; one that restarts has forgotten its execs
//!   (`GET /exec/{id}/json` answers 404), so the session's end says the engine restarted.

use bollard::exec::{CreateExecOptions, ResizeExecOptions, StartExecOptions, StartExecResults};
use bollard::query_parameters::{
    AttachContainerOptions, InspectContainerOptions, ResizeContainerTTYOptions,
};
use futures_util::{Stream, StreamExt};

use super::connect::Engine;
use super::errors::{describe, is_not_found};

/// The shells tried, in order, when no command is given.
pub const SHELLS: [&str; 3] = ["bash", "ash", "sh"];

/// What a session runs in the container.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Run {
    /// The first of [`SHELLS`] the container has.
    Shell,
    /// A command of its own, as `user` when given.
    Command {
        words: Vec<String>,
        user: Option<String>,
    },
    /// The container's main process, until `detach_keys` (docker's `ctrl-p,ctrl-q` form).
    Attach { detach_keys: String },
}

/// How a session ended.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Ended {
    /// Its command exited, with this code when the engine says.
    Exited(Option<i64>),
    /// The detach keys left an attached container running.
    Detached,
}

/// A session: its output, its input, and what it is (to resize it and learn how it ended).
pub struct Session {
    /// The exec's id, or the container's when attached.
    pub id: String,
    pub attached: bool,
    pub output: std::pin::Pin<Box<dyn Stream<Item = Result<Vec<u8>, String>> + Send>>,
    pub input: std::pin::Pin<Box<dyn tokio::io::AsyncWrite + Send>>,
}

impl Engine {
    /// The first of [`SHELLS`] the container has, or `None` when it has none of them.
    pub async fn find_shell(&self, container: &str) -> Result<Option<&'static str>, String> {
        for shell in SHELLS {
            if self.runs(container, &[shell, "-c", "exit 0"]).await? == Some(0) {
                return Ok(Some(shell));
            }
        }
        Ok(None)
    }

    /// Runs `cmd` without a TTY, discarding its output, and gives its exit code.
    async fn runs(&self, container: &str, cmd: &[&str]) -> Result<Option<i64>, String> {
        self.output_of(container, cmd, 0)
            .await
            .map(|(_, code)| code)
    }

    /// Runs `cmd` without a TTY and gives its standard output (its first `keep` bytes; the
    /// rest is read and dropped, so the command is never blocked) and its exit code.
    pub async fn output_of(
        &self,
        container: &str,
        cmd: &[&str],
        keep: usize,
    ) -> Result<(Vec<u8>, Option<i64>), String> {
        let exec = self
            .docker
            .create_exec(
                container,
                CreateExecOptions {
                    attach_stdout: Some(true),
                    attach_stderr: Some(true),
                    cmd: Some(cmd.iter().map(|s| s.to_string()).collect()),
                    ..Default::default()
                },
            )
            .await
            .map_err(|e| describe(&e))?;
        let mut out = Vec::new();
        match self
            .docker
            .start_exec(&exec.id, None)
            .await
            .map_err(|e| describe(&e))?
        {
            StartExecResults::Attached { mut output, .. } => {
                // Bounded by the command, which ends on its own.
                while let Some(chunk) = output.next().await {
                    match chunk {
                        Ok(bollard::container::LogOutput::StdOut { message }) => {
                            let room = keep.saturating_sub(out.len());
                            out.extend_from_slice(&message[..message.len().min(room)]);
                        }
                        Ok(_) => {}
                        Err(_) => break,
                    }
                }
            }
            StartExecResults::Detached => {}
        }
        Ok((out, self.exit_code(&exec.id).await?))
    }

    /// Starts `cmd` (as `user`, when given) in the container with a TTY of `width` x `height`.
    pub async fn open_session(
        &self,
        container: &str,
        cmd: &[String],
        user: Option<&str>,
        (width, height): (u16, u16),
    ) -> Result<Session, String> {
        let exec = self
            .docker
            .create_exec(
                container,
                CreateExecOptions {
                    attach_stdin: Some(true),
                    attach_stdout: Some(true),
                    attach_stderr: Some(true),
                    tty: Some(true),
                    cmd: Some(cmd.to_vec()),
                    user: user.map(str::to_string),
                    // What a terminal that can show colours says it is.
                    env: Some(vec!["TERM=xterm-256color".to_string()]),
                    ..Default::default()
                },
            )
            .await
            .map_err(|e| describe(&e))?;
        let started = self
            .docker
            .start_exec(
                &exec.id,
                Some(StartExecOptions {
                    detach: false,
                    tty: true,
                    output_capacity: Some(64 * 1024),
                }),
            )
            .await
            .map_err(|e| describe(&e))?;
        let StartExecResults::Attached { output, input } = started else {
            return Err("the engine did not attach to the command".to_string());
        };
        // Sized before the first prompt is drawn; a failure here only leaves the default.
        let _ = self.resize_session(&exec.id, width, height).await;
        let output = output.map(|r| match r {
            Ok(o) => Ok(o.into_bytes().to_vec()),
            Err(e) => Err(describe(&e)),
        });
        Ok(Session {
            id: exec.id,
            attached: false,
            output: Box::pin(output),
            input,
        })
    }

    /// Attaches to the container's main process (its TTY, or its open stdin), until
    /// `detach_keys`; a container started with neither reads nothing that is typed, and is
    /// refused with why.
    pub async fn attach_session(
        &self,
        container: &str,
        detach_keys: &str,
        (width, height): (u16, u16),
    ) -> Result<Session, String> {
        let c = self
            .docker
            .inspect_container(container, None::<InspectContainerOptions>)
            .await
            .map_err(|e| describe(&e))?;
        if !c.state.as_ref().and_then(|s| s.running).unwrap_or(false) {
            return Err("the container is not running".to_string());
        }
        let config = c.config.unwrap_or_default();
        let tty = config.tty.unwrap_or(false);
        if !tty && !config.open_stdin.unwrap_or(false) {
            return Err(
                "its main process was started without a TTY or open stdin (docker run -it): \
                 it reads nothing typed; a shell (e) or a command (E) can run beside it"
                    .to_string(),
            );
        }
        let attached = self
            .docker
            .attach_container(
                container,
                Some(AttachContainerOptions {
                    detach_keys: Some(detach_keys.to_string()),
                    logs: false,
                    stream: true,
                    stdin: true,
                    stdout: true,
                    stderr: true,
                }),
            )
            .await
            .map_err(|e| describe(&e))?;
        if tty {
            let _ = self.resize_attached(container, width, height).await;
        }
        let output = attached.output.map(|r| match r {
            Ok(o) => Ok(o.into_bytes().to_vec()),
            Err(e) => Err(describe(&e)),
        });
        Ok(Session {
            id: container.to_string(),
            attached: true,
            output: Box::pin(output),
            input: attached.input,
        })
    }

    /// Tells a session's TTY its new size (the exec's, or the attached container's).
    pub async fn resize(&self, s: &Session, width: u16, height: u16) -> Result<(), String> {
        if s.attached {
            self.resize_attached(&s.id, width, height).await
        } else {
            self.resize_session(&s.id, width, height).await
        }
    }

    async fn resize_attached(
        &self,
        container: &str,
        width: u16,
        height: u16,
    ) -> Result<(), String> {
        self.docker
            .resize_container_tty(
                container,
                ResizeContainerTTYOptions {
                    h: i32::from(height),
                    w: i32::from(width),
                },
            )
            .await
            .map_err(|e| describe(&e))
    }

    /// How a session whose output has ended ended: an exec's exit code (the engine records it
    /// a moment after), or whether an attached container still runs (detached) or exited.
    pub async fn ended(&self, s: &Session) -> Result<Ended, String> {
        if s.attached {
            let c = self
                .docker
                .inspect_container(&s.id, None::<InspectContainerOptions>)
                .await
                .map_err(|e| {
                    if is_not_found(&e) {
                        "the container is gone".to_string()
                    } else {
                        describe(&e)
                    }
                })?;
            let state = c.state.unwrap_or_default();
            return Ok(if state.running.unwrap_or(false) {
                Ended::Detached
            } else {
                Ended::Exited(state.exit_code)
            });
        }
        for _ in 0..20 {
            if let Some(code) = self.exit_code(&s.id).await? {
                return Ok(Ended::Exited(Some(code)));
            }
            tokio::time::sleep(std::time::Duration::from_millis(25)).await;
        }
        Ok(Ended::Exited(None))
    }

    /// Tells the session's TTY its new size.
    pub async fn resize_session(&self, exec: &str, width: u16, height: u16) -> Result<(), String> {
        self.docker
            .resize_exec(exec, ResizeExecOptions { height, width })
            .await
            .map_err(|e| describe(&e))
    }

    /// The exit code of an exec that has ended (`None` while it runs, or when the engine does
    /// not say).
    pub async fn exit_code(&self, exec: &str) -> Result<Option<i64>, String> {
        // An engine that restarted has forgotten its execs (and their exit codes).
        let r = self.docker.inspect_exec(exec).await.map_err(|e| {
            if is_not_found(&e) {
                "the engine no longer knows it: it restarted while it ran".to_string()
            } else {
                describe(&e)
            }
        })?;
        Ok(if r.running == Some(true) {
            None
        } else {
            r.exit_code
        })
    }
}
