//! A session in a container from the loop's side: the screen handed to it and taken back, the
//! engine's reports taken in meanwhile (nothing is drawn), and a command's last output held
//! until a key. The session itself (bytes both ways, resizes) is `crate::shell`.

use std::io::{self, Write};

use tokio::sync::mpsc;
use tracing::info;

use super::{Workers, handle};
use crate::app::{App, Msg};
use crate::engine::Report;
use crate::engine::exec::{Ended, Run};
use crate::ids::{ContainerId, HostId};
use crate::sanitize::clean;
use crate::terminal::TerminalGuard;

/// A session the app asked for ([`crate::app::Effect::Shell`]), run by the loop.
pub(crate) struct ShellJob {
    pub host: HostId,
    pub container: ContainerId,
    pub name: String,
    pub run: Run,
    pub hold: bool,
}

/// What the end message calls the session: `shell`, the command's program, or `attached`.
pub(crate) fn what(run: &Run) -> String {
    match run {
        Run::Shell => "shell".to_string(),
        Run::Command { words, .. } => words.first().cloned().unwrap_or_default(),
        Run::Attach { .. } => "attached".to_string(),
    }
}

/// Runs a session with the terminal, then takes the screen back. Engine reports that arrive
/// meanwhile go to the app; their effects are carried out, except another session.
pub(crate) async fn run(
    guard: &mut TerminalGuard,
    app: &mut App,
    workers: &mut Workers,
    reports: &mut mpsc::Receiver<(HostId, Report)>,
    job: &ShellJob,
) -> Result<Ended, String> {
    let Some(engine) = workers.running.get(&job.host).and_then(|w| w.engine()) else {
        return Err("not connected to its engine".to_string());
    };
    info!(container = %job.container, run = ?job.run, "session in a container");
    if let Err(e) = guard.suspend() {
        let _ = guard.resume();
        return Err(format!("cannot hand the terminal over: {e}"));
    }
    let host = app
        .host_by_id(job.host)
        .map_or("", |h| h.label())
        .to_string();
    banner(&job.run, &clean(&job.name), &clean(&host));
    let session = crate::shell::session(&engine, job.container.as_str(), &job.run);
    tokio::pin!(session);
    let result = loop {
        tokio::select! {
            r = &mut session => break r,
            Some((h, r)) = reports.recv() => {
                let mut ignored = None;
                handle(app, workers, Msg::Engine(h, r), &mut ignored);
            }
        }
    };
    // A command's last output is read before the screen comes back; a shell's prompt, or a
    // detach, needs no wait.
    if let (Run::Command { words, .. }, true) = (&job.run, job.hold) {
        let program = words.first().map_or("the command", String::as_str);
        let ended = match &result {
            Ok(Ended::Exited(Some(code))) => format!("{program} ended with exit code {code}"),
            Ok(_) => format!("{program} ended"),
            Err(e) => format!("{program}: {e}"),
        };
        let ended = clean(&ended).into_owned();
        let wait = crate::shell::press_a_key(&ended);
        tokio::pin!(wait);
        loop {
            tokio::select! {
                _ = &mut wait => break,
                Some((h, r)) = reports.recv() => {
                    let mut ignored = None;
                    handle(app, workers, Msg::Engine(h, r), &mut ignored);
                }
            }
        }
    }
    if let Err(e) = guard.resume() {
        return Err(format!("cannot take the terminal back: {e}"));
    }
    result
}

/// The line that says what runs where, and how to come back.
fn banner(run: &Run, name: &str, host: &str) {
    let line = match run {
        Run::Shell => {
            format!("a shell in {name} on {host}: exit (or ctrl-d) comes back to dockhand")
        }
        Run::Command { words, user } => format!(
            "{} in {name} on {host}{}",
            clean(&shown(words)),
            user.as_ref()
                .map(|u| format!(" as {}", clean(u)))
                .unwrap_or_default(),
        ),
        Run::Attach { detach_keys } => format!(
            "attached to {name}'s main process on {host}: {} detaches (it keeps running); \
             its exit ends the session",
            clean(&detach_keys.replace(',', " "))
        ),
    };
    let mut out = io::stdout();
    let _ = write!(out, "\r\n[dockhand] {line}\r\n");
    let _ = out.flush();
}

/// A command as it could be typed again: words with spaces (or nothing) in single quotes.
fn shown(cmd: &[String]) -> String {
    cmd.iter()
        .map(|w| {
            if w.is_empty() || w.chars().any(char::is_whitespace) {
                format!("'{w}'")
            } else {
                w.clone()
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}
