//! The terminal: raw mode and the alternate screen, and their restoration on every way out
//! (normal exit, error, panic, SIGTERM); and, for `theme = "auto"`, the question of its
//! background colour, asked before anything else reads it. Nothing else touches terminal modes.

use std::io::{self, Stdout, Write};
use std::sync::atomic::{AtomicBool, Ordering};

use crossterm::event::{
    DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
};
use crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use crossterm::{cursor, execute};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;

pub type Term = Terminal<CrosstermBackend<Stdout>>;

/// Set while the terminal is in dockhand's modes, so restoring twice is harmless.
static ACTIVE: AtomicBool = AtomicBool::new(false);

/// Why dockhand cannot run its interface here, if it cannot: it draws on its standard output,
/// which must be a terminal, and reads keys from the terminal it was started in (stdin, or the
/// controlling terminal when stdin is redirected). Asked before anything touches the terminal,
/// so a refusal leaves it as it was.
pub fn unavailable() -> Option<String> {
    use std::io::IsTerminal;
    if !io::stdout().is_terminal() {
        return Some(
            "dockhand needs a terminal: its output is not one (it draws a full-screen \
             interface; run it in a terminal, not with its output piped or redirected)"
                .into(),
        );
    }
    // Without a terminal on stdin, crossterm reads keys from /dev/tty; a process started
    // without a controlling terminal (a service, cron, setsid) has none: the open fails with
    // "No such device or address".
    if !io::stdin().is_terminal() && std::fs::File::open("/dev/tty").is_err() {
        return Some(
            "dockhand needs a terminal: there is none to read keys from (it was started \
             without one, as by a service or cron)"
                .into(),
        );
    }
    None
}

/// Enters raw mode and the alternate screen; the guard restores them when dropped.
pub struct TerminalGuard {
    /// Always there until dropped (see the `Drop`).
    terminal: Option<Term>,
    /// Whether mouse events were asked for (asked again after a shell session).
    mouse: bool,
}

impl TerminalGuard {
    /// `mouse`: take mouse events too (clicks and the wheel).
    pub fn enter(mouse: bool) -> io::Result<Self> {
        install_panic_hook();
        enable_raw_mode()?;
        ACTIVE.store(true, Ordering::SeqCst);
        let mut out = io::stdout();
        if let Err(e) = execute!(
            out,
            EnterAlternateScreen,
            EnableBracketedPaste,
            cursor::Hide
        ) {
            restore();
            return Err(e);
        }
        if mouse {
            if let Err(e) = execute!(out, EnableMouseCapture) {
                restore();
                return Err(e);
            }
        }
        match Terminal::new(CrosstermBackend::new(out)) {
            Ok(terminal) => Ok(Self {
                terminal: Some(terminal),
                mouse,
            }),
            Err(e) => {
                restore();
                Err(e)
            }
        }
    }
}

impl TerminalGuard {
    /// Hands the terminal over to a session in a container: dockhand's screen is left (the
    /// user's own comes back, where the session runs), the mouse is given back and the cursor
    /// shown; the terminal stays raw, as the session's TTY needs it.
    pub fn suspend(&mut self) -> io::Result<()> {
        let mut out = io::stdout();
        execute!(
            out,
            DisableMouseCapture,
            DisableBracketedPaste,
            LeaveAlternateScreen,
            cursor::Show
        )?;
        out.flush()
    }

    /// Takes the terminal back after a session: raw (a session may have changed it), the
    /// alternate screen, and a full redraw on the next frame.
    pub fn resume(&mut self) -> io::Result<()> {
        enable_raw_mode()?;
        let mut out = io::stdout();
        execute!(
            out,
            EnterAlternateScreen,
            crossterm::terminal::Clear(crossterm::terminal::ClearType::All),
            EnableBracketedPaste,
            cursor::Hide
        )?;
        if self.mouse {
            execute!(out, EnableMouseCapture)?;
        }
        // Both of ratatui's buffers empty, so the next frame is drawn whole. (Its `clear`
        // would ask the terminal where the cursor is, which nothing reads at this point.)
        if let Some(t) = &mut self.terminal {
            t.swap_buffers();
            t.swap_buffers();
        }
        Ok(())
    }

    /// Draws one frame.
    pub fn draw(&mut self, render: impl FnOnce(&mut ratatui::Frame)) -> io::Result<()> {
        match &mut self.terminal {
            Some(t) => t.draw(render).map(|_| ()),
            None => Ok(()),
        }
    }

    /// The terminal's size.
    pub fn size(&self) -> io::Result<ratatui::layout::Size> {
        match &self.terminal {
            Some(t) => t.size(),
            None => Ok(ratatui::layout::Size::default()),
        }
    }
}

impl Drop for TerminalGuard {
    fn drop(&mut self) {
        restore();
        // ratatui's own drop shows the cursor again and, when it cannot, prints that to
        // stderr, which panics when the terminal is gone (a closed window: SIGHUP, then EIO).
        // The cursor is shown above already; a terminal that cannot take it is not dropped,
        // only left behind as the process ends.
        if let Some(mut t) = self.terminal.take()
            && t.show_cursor().is_err()
        {
            std::mem::forget(t);
        }
    }
}

/// Puts the terminal back as the shell had it. Safe to call from anywhere, any number of times.
pub fn restore() {
    if !ACTIVE.swap(false, Ordering::SeqCst) {
        return;
    }
    let mut out = io::stdout();
    let _ = execute!(
        out,
        DisableMouseCapture,
        DisableBracketedPaste,
        LeaveAlternateScreen,
        cursor::Show
    );
    let _ = disable_raw_mode();
    let _ = out.flush();
}

/// A panic restores the terminal before the message is printed, so the message is readable
/// and the shell is usable.
fn install_panic_hook() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore();
        // Where it happened, for the log file (the message alone rarely says).
        let trace = std::backtrace::Backtrace::force_capture();
        tracing::error!(%info, %trace, "panic");
        previous(info);
    }));
}

/// The built-in theme `auto` settles to here: asks the terminal for its background (OSC 11,
/// see `config::theme::osc`), in raw mode for the time of the question (so the answer can be
/// read before a newline and is not echoed), which is given back as it was. Called before the
/// key reader exists, so the answer cannot be taken for keys. Dark, without a word on the
/// screen, when the terminal cannot be asked (`TERM=dumb`, the Linux console, which reads
/// `ESC ]` as its own palette commands, stdin or stdout not a terminal) or says nothing within
/// the timeout; `COLORFGBG` is the hint then.
pub fn background_theme() -> crate::config::Builtin {
    use crate::config::theme::osc;
    use std::io::IsTerminal;
    let started = std::time::Instant::now();
    let term = std::env::var("TERM").unwrap_or_default();
    let askable = term != "dumb"
        && term != "linux"
        && io::stdin().is_terminal()
        && io::stdout().is_terminal();
    let answer = if askable { ask_background() } else { None };
    let hint = std::env::var("COLORFGBG").ok();
    let chosen = osc::choose(answer, hint.as_deref());
    tracing::info!(
        askable,
        ?answer,
        colorfgbg = ?hint,
        theme = chosen.name(),
        took_ms = started.elapsed().as_millis(),
        "theme auto"
    );
    chosen
}

/// The exchange itself, on a handle of the terminal of its own.
fn ask_background() -> Option<crate::config::theme::contrast::Rgb> {
    use crate::config::theme::osc;
    let was_raw = crossterm::terminal::is_raw_mode_enabled().unwrap_or(false);
    if !was_raw {
        enable_raw_mode().ok()?;
    }
    let answer = osc::open(std::path::Path::new("/dev/tty"))
        .ok()
        .and_then(|mut tty| osc::query(&mut tty, osc::TIMEOUT));
    if !was_raw {
        let _ = disable_raw_mode();
    }
    answer
}
