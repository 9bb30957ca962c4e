//! A shell (or any command) in a container, in the user's own terminal: the session's bytes go
//! both ways at full speed, window resizes are passed on, and its exit code comes back.
//!
//! The runtime leaves dockhand's screen before and takes it back after (`TerminalGuard::
//! suspend` / `resume`); the terminal stays raw throughout, as the container's TTY needs it.
//! Keys are read from a handle of our own on the terminal (`/dev/tty` opened afresh,
//! non-blocking, so tokio waits on it without a thread): nothing goes on reading, and
//! stealing, keys once the session is over. crossterm's reader is stopped meanwhile (the
//! runtime drops its event stream before and makes a new one after).

use std::io::Read;
use std::os::unix::fs::OpenOptionsExt;

use futures_util::StreamExt;
use tokio::io::AsyncWriteExt;
use tokio::io::unix::AsyncFd;
use tokio::signal::unix::{SignalKind, signal};

use crate::engine::Engine;
use crate::engine::exec::{Ended, Run};

/// Says how a command ended and waits for a key, so that its last output can be read before
/// dockhand's screen comes back (a shell's own prompt makes that wait needless).
pub async fn press_a_key(ended: &str) -> Result<(), String> {
    let mut out = tokio::io::stdout();
    let line = format!("\r\n[dockhand] {ended}: press a key to go back\r\n");
    let _ = out.write_all(line.as_bytes()).await;
    let _ = out.flush().await;
    let tty = open_tty()?;
    let mut buf = [0u8; 64];
    // Bounded by the user; the terminal closing ends it too.
    loop {
        let mut guard = tty
            .readable()
            .await
            .map_err(|e| format!("the terminal could not be read: {e}"))?;
        match guard.try_io(|fd| fd.get_ref().read(&mut buf)) {
            Ok(Ok(_)) => return Ok(()),
            Ok(Err(e)) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Ok(Err(e)) => return Err(format!("the terminal could not be read: {e}")),
            Err(_would_block) => {}
        }
    }
}

/// The terminal, opened afresh for reading without blocking, registered with tokio.
fn open_tty() -> Result<AsyncFd<std::fs::File>, String> {
    let tty = std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK)
        .open("/dev/tty")
        .map_err(|e| format!("cannot read the terminal (/dev/tty): {e}"))?;
    wait_on(tty).map_err(|e| format!("cannot wait on the terminal: {e}"))
}

/// Registers the terminal handle with tokio, to wait until it can be read.
// tokio asks the caller to promise that the descriptor stays open and the same while
// registered; the `File` is owned by the `AsyncFd` and only closed when it is dropped, which
// keeps that promise, so this block is sound.
#[allow(unsafe_code)]
fn wait_on(tty: std::fs::File) -> std::io::Result<AsyncFd<std::fs::File>> {
    // SAFETY: see above.
    unsafe { AsyncFd::register(tty) }.map_err(std::io::Error::from)
}

/// Runs `run` in `container` with the terminal as its TTY, until it ends (or, attached, until
/// the detach keys). Says how it ended, or why it could not run or ended early, in words.
pub async fn session(engine: &Engine, container: &str, run: &Run) -> Result<Ended, String> {
    let size = crossterm::terminal::size().unwrap_or((80, 24));
    let mut s = match run {
        Run::Attach { detach_keys } => engine.attach_session(container, detach_keys, size).await?,
        Run::Command { words, user } => {
            engine
                .open_session(container, words, user.as_deref(), size)
                .await?
        }
        Run::Shell => match engine.find_shell(container).await? {
            Some(shell) => {
                engine
                    .open_session(container, &[shell.to_string()], None, size)
                    .await?
            }
            None => {
                return Err(format!(
                    "the container has no shell (none of {}): give a command to run instead",
                    crate::engine::exec::SHELLS.join(", ")
                ));
            }
        },
    };
    let tty = open_tty()?;
    let mut winch =
        signal(SignalKind::window_change()).map_err(|e| format!("cannot follow resizes: {e}"))?;
    let mut out = tokio::io::stdout();
    let mut buf = vec![0u8; 16 * 1024];
    // Once the container stops reading (its input closed), keys are dropped, and the output
    // still runs to its end.
    let mut input_open = true;
    let failure = loop {
        tokio::select! {
            chunk = s.output.next() => match chunk {
                Some(Ok(bytes)) => {
                    if out.write_all(&bytes).await.is_err() || out.flush().await.is_err() {
                        break Some("the terminal could not be written".to_string());
                    }
                }
                Some(Err(e)) => break Some(e),
                None => break None,
            },
            ready = tty.readable(), if input_open => {
                let Ok(mut guard) = ready else {
                    break Some("the terminal could not be read".to_string());
                };
                match guard.try_io(|fd| fd.get_ref().read(&mut buf)) {
                    Ok(Ok(0)) => input_open = false,
                    Ok(Ok(n)) => {
                        if s.input.write_all(&buf[..n]).await.is_err() {
                            input_open = false;
                        }
                    }
                    Ok(Err(e)) if e.kind() == std::io::ErrorKind::Interrupted => {}
                    Ok(Err(e)) => break Some(format!("the terminal could not be read: {e}")),
                    Err(_would_block) => {}
                }
            }
            _ = winch.recv() => {
                if let Ok((w, h)) = crossterm::terminal::size() {
                    let _ = engine.resize(&s, w, h).await;
                }
            }
        }
    };
    if let Some(why) = failure {
        return Err(why);
    }
    engine.ended(&s).await
}
