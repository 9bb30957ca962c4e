//! The one loop: the only place where the terminal, the engine's channel and the [`App`] meet.
//!
//! Input, engine reports and a 1 Hz tick become messages; effects go to the engine workers,
//! one per host dockhand has shown (started when the app first asks to connect it), whose
//! reports arrive tagged with their host.
//! Drawing happens only when something changed: at once after a quiet spell, at most once per
//! frame budget during a burst (`pacing`), so a burst of events costs one frame, not one per
//! event; a key is drawn at once.

use std::collections::HashMap;
use std::io;
use std::time::{Duration, Instant};

use crossterm::event::{Event, EventStream, KeyEventKind};
use futures_util::StreamExt;
use tokio::signal::unix::{SignalKind, signal};
use tokio::sync::mpsc;
use tracing::{debug, info};

use crate::app::{App, Effect, Folders, Msg};
use crate::clock::unix_now;
use crate::engine::host::Resolution;
use crate::engine::{Report, supervisor};
use crate::ids::HostId;
use crate::terminal::TerminalGuard;
use crate::ui;

mod pacing;
mod session;

/// Messages handled before a frame is forced, so a flood cannot starve the screen.
const MAX_BATCH: usize = 512;

/// The engine workers, by host; a host's worker is started the first time the app asks for it.
pub(crate) struct Workers {
    /// What to try for each host, by id.
    resolutions: Vec<Resolution>,
    pub(crate) running: HashMap<HostId, supervisor::EngineWorker>,
    reports: mpsc::Sender<(HostId, Report)>,
    log_render: supervisor::LogRender,
    /// The all-hosts list's log stream, across engines.
    across: Option<(u64, tokio::task::AbortHandle)>,
}

impl Workers {
    fn connect(&mut self, host: HostId) {
        if self.running.contains_key(&host) {
            return;
        }
        let Some(resolution) = self.resolutions.get(host.0).cloned() else {
            return;
        };
        // Each worker reports on a channel of its own, tagged with its host on the way.
        let tx = self.tagged(host);
        info!(host = host.0, "starting the engine worker");
        let worker = supervisor::spawn_with(resolution, tx, self.log_render);
        self.running.insert(host, worker);
    }

    /// A channel whose reports reach the loop tagged with `host`.
    fn tagged(&self, host: HostId) -> mpsc::Sender<Report> {
        let (tx, mut rx) = mpsc::channel::<Report>(1024);
        let out = self.reports.clone();
        tokio::spawn(async move {
            while let Some(r) = rx.recv().await {
                if out.send((host, r)).await.is_err() {
                    break;
                }
            }
        });
        tx
    }

    /// Follows containers of several hosts as one log (replacing the one running); a
    /// container whose host is not connected is left out.
    fn follow_across(
        &mut self,
        stream: u64,
        containers: Vec<(HostId, crate::ids::ContainerId)>,
        tail: u64,
        since: Option<crate::time::Nanos>,
        until: Option<crate::time::Nanos>,
    ) {
        if let Some((_, old)) = self.across.take() {
            old.abort();
        }
        let followed: Vec<supervisor::LogSource> = containers
            .into_iter()
            .enumerate()
            .filter_map(|(i, (h, id))| {
                let engine = self.running.get(&h)?.engine()?;
                Some(supervisor::LogSource {
                    engine,
                    id,
                    index: u16::try_from(i).unwrap_or(u16::MAX),
                })
            })
            .collect();
        let req = crate::engine::logs::LogRequest {
            tail: if since.is_some() { None } else { Some(tail) },
            since,
            until,
            follow: true,
        };
        let tx = self.tagged(HostId::EVERYWHERE);
        let task = supervisor::follow_across(followed, stream, req, self.log_render, tx);
        self.across = Some((stream, task));
    }
}

/// Runs dockhand: `resolutions` says where each host of the app is (by id); `start`'s worker
/// starts at once.
pub async fn run(
    mut app: App,
    resolutions: Vec<Resolution>,
    start: HostId,
    log_render: supervisor::LogRender,
    mouse: bool,
) -> io::Result<()> {
    // Found once, here, so that the app proposes full paths without doing I/O itself.
    app.settings.folders = folders();
    let mut guard = TerminalGuard::enter(mouse)?;
    let (report_tx, mut reports) = mpsc::channel(1024);
    let mut workers = Workers {
        resolutions,
        running: HashMap::new(),
        reports: report_tx,
        log_render,
        across: None,
    };
    workers.connect(start);
    let mut input = EventStream::new();
    let mut ticks = tokio::time::interval(Duration::from_secs(1));
    ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
    let mut sigterm = signal(SignalKind::terminate())?;
    let mut sighup = signal(SignalKind::hangup())?;
    let mut sigint = signal(SignalKind::interrupt())?;

    let size = guard.size()?;
    app.update(Msg::Resize {
        width: size.width,
        height: size.height,
    });
    let mut dirty = true;
    let mut pacer = pacing::Pacer::new();
    // The steady clock of clicks (a double click is two within a few hundred ms).
    let started = Instant::now();

    loop {
        let next_frame = pacer.next_frame();
        if dirty && Instant::now() >= next_frame {
            app.prepare_frame();
            guard.draw(|f| ui::draw(f, &app))?;
            dirty = false;
            pacer.drawn(Instant::now());
        }
        let msg = tokio::select! {
            ev = input.next() => match ev {
                Some(Ok(Event::Key(k))) if k.kind != KeyEventKind::Release => Some(Msg::Key(k)),
                Some(Ok(Event::Resize(width, height))) => Some(Msg::Resize { width, height }),
                Some(Ok(Event::Mouse(m))) => {
                    // What is under the mouse is found in the state as it is drawn.
                    app.prepare_frame();
                    let millis = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);
                    ui::hit::message(&app, m, millis)
                }
                Some(Ok(_)) => None,
                Some(Err(e)) => return Err(e),
                None => break,
            },
            r = reports.recv() => r.map(|(h, r)| Msg::Engine(h, r)),
            _ = ticks.tick() => Some(Msg::Tick { now: unix_now() }),
            _ = tokio::time::sleep_until(next_frame.into()), if dirty => None,
            _ = sigterm.recv() => { info!("SIGTERM"); break }
            _ = sighup.recv() => { info!("SIGHUP"); break }
            _ = sigint.recv() => { info!("SIGINT"); break }
        };
        let Some(msg) = msg else { continue };
        // A key is answered on screen at once: the frame budget is for bursts of engine
        // reports, and a person does not type 30 keys a second.
        if matches!(msg, Msg::Key(_)) || awaited(&msg) {
            pacer.now();
        }
        let mut shown = !app.changes_nothing_shown(&msg);
        if routine(&msg) {
            pacer.routine(Instant::now(), dirty);
        } else if shown {
            pacer.urgent();
        }
        let mut shell = None;
        let mut quit = handle(&mut app, &mut workers, msg, &mut shell);
        // Take whatever else is already waiting before drawing: one frame for a burst.
        let mut n = 1;
        while !quit && n < MAX_BATCH && shell.is_none() {
            match reports.try_recv() {
                Ok((h, r)) => {
                    let msg = Msg::Engine(h, r);
                    let seen = !app.changes_nothing_shown(&msg);
                    if seen && !routine(&msg) {
                        pacer.urgent();
                    }
                    if awaited(&msg) {
                        pacer.now();
                    }
                    shown |= seen;
                    quit = handle(&mut app, &mut workers, msg, &mut shell);
                }
                Err(_) => break,
            }
            n += 1;
        }
        if let Some(job) = shell.take() {
            // crossterm's reader stops (a new stream reads nothing until polled), the
            // session has the terminal, and the app takes engine reports meanwhile.
            input = EventStream::new();
            let result = session::run(&mut guard, &mut app, &mut workers, &mut reports, &job).await;
            app.update_at(
                unix_now(),
                Msg::ShellEnded {
                    host: job.host,
                    container: job.container.clone(),
                    what: session::what(&job.run),
                    name: job.name,
                    result,
                },
            );
            pacer.now();
            shown = true;
        }
        dirty |= shown;
        if quit {
            break;
        }
    }
    debug!("leaving");
    drop(workers);
    Ok(())
}

/// Whether a message answers what a person waits for (the first list, a pane's list after its
/// key, an inspect): drawn at once, as a key is. Without this the first list, coming some 50 ms
/// after the first frame and the connected header, waited out a frame budget (37 ms measured
/// with strace on 100 + 100 containers). Each answers one request, so they cannot flood.
fn awaited(msg: &Msg) -> bool {
    use crate::engine::Report as R;
    matches!(
        msg,
        Msg::Engine(
            _,
            R::Connected(_)
                | R::Unavailable { .. }
                | R::Containers { .. }
                | R::Images { .. }
                | R::Volumes { .. }
                | R::Networks { .. }
                | R::Inspected { .. }
                | R::ImageHistory { .. }
                | R::Listed { .. }
                | R::DiskUsage { .. }
                | R::PrunePreview { .. }
                | R::Top { .. }
        )
    )
}

/// Whether a message only moves the clock or the live numbers on (see `pacing.rs`).
fn routine(msg: &Msg) -> bool {
    matches!(
        msg,
        Msg::Tick { .. } | Msg::Engine(_, crate::engine::Report::Stats { .. })
    )
}

/// Where saved logs are proposed: the downloads folder if there is one, else dockhand's state
/// folder (where its diagnostics go), else the current folder, written out.
fn folders() -> Folders {
    let current = std::env::current_dir().ok();
    let downloads = directories::UserDirs::new()
        .and_then(|u| u.download_dir().map(std::path::Path::to_path_buf))
        .filter(|d| d.is_dir());
    let state = directories::ProjectDirs::from("", "", "dockhand")
        .and_then(|d| d.state_dir().map(std::path::Path::to_path_buf))
        .filter(|d| d.is_dir());
    Folders {
        save: downloads.or(state).or_else(|| current.clone()),
        current,
    }
}

/// The OSC 52 sequence that asks the terminal to put `text` on the clipboard. Nothing comes
/// back to say whether it did (tmux with `set-clipboard external` drops it), so the app says
/// the text was sent, never that it was copied.
pub fn osc52(text: &str) -> String {
    use base64::Engine as _;
    let encoded = base64::engine::general_purpose::STANDARD.encode(text.as_bytes());
    format!("\x1b]52;c;{encoded}\x07")
}

/// Feeds one message to the app and carries out its effects; true when the app wants to quit.
/// A shell session asked for is left in `shell` for the loop.
fn handle(
    app: &mut App,
    workers: &mut Workers,
    msg: Msg,
    shell: &mut Option<session::ShellJob>,
) -> bool {
    let now = unix_now();
    if let Msg::Engine(h, r) = &msg {
        tracing::trace!(host = h.0, ?r, "report");
    }
    let mut quit = false;
    for effect in app.update_at(now, msg) {
        tracing::trace!(?effect, "effect");
        match effect {
            Effect::Engine(h, req) => match workers.running.get(&h) {
                Some(w) => w.execute(req),
                None => debug!(
                    host = h.0,
                    ?req,
                    "no worker for this host (never connected)"
                ),
            },
            Effect::Connect(h) => workers.connect(h),
            Effect::FollowAcross {
                stream,
                containers,
                tail,
                since,
                until,
            } => workers.follow_across(stream, containers, tail, since, until),
            Effect::Shell {
                host,
                container,
                name,
                run,
                hold,
            } => {
                *shell = Some(session::ShellJob {
                    host,
                    container,
                    name,
                    run,
                    hold,
                });
            }
            Effect::StopAcross { stream } => {
                if let Some((s, task)) = workers.across.take() {
                    if s == stream {
                        task.abort();
                    } else {
                        workers.across = Some((s, task));
                    }
                }
            }
            Effect::SaveCommands(commands) => {
                if let Some(path) = crate::remembered::commands_file() {
                    // Off the loop: a slow disk must not hold the screen.
                    tokio::task::spawn_blocking(move || {
                        if let Err(e) = crate::remembered::save_commands(&path, &commands) {
                            tracing::warn!(problem = %e, "the commands typed were not saved");
                        }
                    });
                }
            }
            Effect::SaveHistory(history) => {
                if let Some(path) = crate::remembered::history_file() {
                    tokio::task::spawn_blocking(move || {
                        if let Err(e) = crate::remembered::save_history(&path, &history) {
                            tracing::warn!(problem = %e, "the commands run were not saved");
                        }
                    });
                }
            }
            Effect::Clipboard(text) => {
                use std::io::Write;
                let mut out = std::io::stdout();
                let _ = out.write_all(osc52(&text).as_bytes());
                let _ = out.flush();
            }
            Effect::Quit => quit = true,
        }
    }
    quit
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_people_wait_for_are_drawn_at_once_and_routine_ones_held() {
        use crate::engine::Report;
        let list = Msg::Engine(
            crate::ids::HostId::FIRST,
            Report::Containers {
                seq: 1,
                result: Ok(vec![]),
            },
        );
        assert!(awaited(&list) && !routine(&list));
        let stats = Msg::Engine(crate::ids::HostId::FIRST, Report::Stats { samples: vec![] });
        assert!(routine(&stats) && !awaited(&stats));
        let tick = Msg::Tick { now: 0 };
        assert!(routine(&tick) && !awaited(&tick));
        let lines = Msg::Engine(
            crate::ids::HostId::FIRST,
            Report::LogLines {
                stream: 1,
                lines: vec![],
            },
        );
        assert!(!awaited(&lines) && !routine(&lines), "a flood is paced");
    }

    #[test]
    fn osc52_wraps_the_text_for_the_clipboard() {
        assert_eq!(osc52("hi\n"), "\x1b]52;c;aGkK\x07");
    }
}
