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

use bollard::exec::{CreateExecOptions, ResizeExecOptions, StartExecOptions, StartExecResults};
use futures_util::{Stream, StreamExt};

use super::connect::Engine;
use super::errors::describe;

/// The shells tried, in order, when no command is given.
pub const SHELLS: [&str; 3] = ["bash", "ash", "sh"];

/// An exec started with a TTY: its output, its input, and its id (to resize it and read its
/// exit code).
pub struct Session {
    pub id: String,
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
        match self
            .docker
            .start_exec(&exec.id, None)
            .await
            .map_err(|e| describe(&e))?
        {
            StartExecResults::Attached { mut output, .. } => {
                // Bounded by the command: `exit 0` or a failure to start it.
                while let Some(chunk) = output.next().await {
                    if chunk.is_err() {
                        break;
                    }
                }
            }
            StartExecResults::Detached => {}
        }
        self.exit_code(&exec.id).await
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
            output: Box::pin(output),
            input,
        })
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
        let r = self
            .docker
            .inspect_exec(exec)
            .await
            .map_err(|e| describe(&e))?;
        Ok(if r.running == Some(true) {
            None
        } else {
            r.exit_code
        })
    }
}
