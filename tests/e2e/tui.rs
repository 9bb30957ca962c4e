//! The harness of the end-to-end tests: dockhand built and run in a pseudo-terminal with its
//! own HOME and config, read through a terminal emulator (vt100) as a person would see it.

// Each test binary uses a different part of this module.
#![allow(dead_code)]

use super::common;
use std::io::{Read, Write};
use std::num::NonZeroU16;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use portable_pty::{CommandBuilder, ExitStatus, MasterPty, PtySize, native_pty_system};

use common::{Cli, POLL};

pub const BIN: &str = env!("CARGO_BIN_EXE_dockhand");
pub const ROWS: u16 = 40;
pub const COLS: u16 = 160;

/// What the reader thread collects from the pty.
pub struct Output {
    pub parser: vt100::Parser,
    /// Every byte dockhand wrote, to check the escape sequences themselves.
    pub raw: Vec<u8>,
    /// The pty reached end of file: every holder of the terminal (dockhand) is gone.
    pub eof: bool,
}

/// dockhand running in a pseudo-terminal, with its own HOME and config in a temp dir.
pub struct Tui {
    pub child: Box<dyn portable_pty::Child + Send + Sync>,
    pub writer: Box<dyn Write + Send>,
    pub out: Arc<Mutex<Output>>,
    pub _master: Box<dyn MasterPty + Send>,
    pub dir: tempfile::TempDir,
    /// The filter text typed so far (the filter keeps its text between edits).
    pub filter: String,
}

/// A temp dir standing in for the user's home, with a config file holding `config`.
pub fn home_with_config(config: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::Builder::new()
        .prefix("dh-e2e")
        .tempdir()
        .expect("a temp dir");
    let path = dir.path().join("config.toml");
    std::fs::write(&path, config).expect("write the config file");
    (dir, path)
}

impl Tui {
    /// Starts `dockhand --host HOST --config CONFIG` in a 160x40 pty.
    pub fn start(host: &str, config: &str) -> Tui {
        Self::start_prepared(host, config, |_| {})
    }

    /// As [`Tui::start`], after `prepare` has put what it likes in the home folder (a state
    /// file of an earlier run).
    pub fn start_prepared(host: &str, config: &str, prepare: impl FnOnce(&Path)) -> Tui {
        let (dir, config_path) = home_with_config(config);
        prepare(dir.path());
        let log = dir.path().join("dockhand.log");
        let pair = native_pty_system()
            .openpty(PtySize {
                rows: ROWS,
                cols: COLS,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("open a pty");
        let mut cmd = CommandBuilder::new(BIN);
        cmd.args([
            "--host",
            host,
            "--config",
            &config_path.display().to_string(),
            "--log-file",
            &log.display().to_string(),
            "--log-level",
            "debug",
        ]);
        cmd.cwd(dir.path());
        isolate_env(&mut cmd, dir.path());
        let child = pair.slave.spawn_command(cmd).expect("spawn dockhand");
        // Only dockhand holds the terminal now, so the reader sees end of file when it exits.
        drop(pair.slave);
        let mut reader = pair.master.try_clone_reader().expect("pty reader");
        let writer = pair.master.take_writer().expect("pty writer");
        let out = Arc::new(Mutex::new(Output {
            parser: vt100::Parser::new(
                NonZeroU16::new(ROWS).expect("rows"),
                NonZeroU16::new(COLS).expect("cols"),
                0,
            ),
            raw: Vec::new(),
            eof: false,
        }));
        let shared = Arc::clone(&out);
        std::thread::spawn(move || {
            let mut buf = [0u8; 16 * 1024];
            loop {
                match reader.read(&mut buf) {
                    Ok(0) => break,
                    Ok(n) => {
                        let mut o = shared.lock().expect("output lock");
                        o.parser.process(&buf[..n]);
                        o.raw.extend_from_slice(&buf[..n]);
                    }
                    Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                    // EIO: the other side of the pty is closed.
                    Err(_) => break,
                }
            }
            if let Ok(mut o) = shared.lock() {
                o.eof = true;
            }
        });
        Tui {
            child,
            writer,
            out,
            _master: pair.master,
            dir,
            filter: String::new(),
        }
    }

    pub fn screen(&self) -> String {
        self.out
            .lock()
            .expect("output lock")
            .parser
            .screen()
            .contents()
    }

    pub fn raw_len(&self) -> usize {
        self.out.lock().expect("output lock").raw.len()
    }

    pub fn raw_since(&self, mark: usize) -> Vec<u8> {
        self.out.lock().expect("output lock").raw[mark..].to_vec()
    }

    /// The screen and the end of dockhand's log, for failure messages.
    pub fn diagnostics(&self) -> String {
        let log = std::fs::read_to_string(self.dir.path().join("dockhand.log")).unwrap_or_default();
        let tail: Vec<&str> = log.lines().rev().take(25).collect();
        let tail: Vec<&str> = tail.into_iter().rev().collect();
        format!(
            "--- screen ---\n{}\n--- end of dockhand.log ---\n{}",
            self.screen(),
            tail.join("\n")
        )
    }

    pub fn send(&mut self, keys: &str) {
        self.writer
            .write_all(keys.as_bytes())
            .and_then(|()| self.writer.flush())
            .expect("write to the pty");
    }

    /// Polls the screen every 100 ms until `pred` holds, for at most `timeout`.
    pub fn wait_screen(
        &mut self,
        what: &str,
        timeout: Duration,
        pred: impl Fn(&str) -> bool,
    ) -> String {
        let start = Instant::now();
        let max_polls = timeout.as_millis() / POLL.as_millis() + 1;
        for _ in 0..max_polls {
            let s = self.screen();
            if pred(&s) {
                return s;
            }
            if let Ok(Some(status)) = self.child.try_wait() {
                panic!(
                    "dockhand exited ({status:?}) while waiting for {what}\n{}",
                    self.diagnostics()
                );
            }
            if start.elapsed() >= timeout {
                break;
            }
            std::thread::sleep(POLL);
        }
        panic!(
            "timed out after {timeout:?} waiting for {what}\n{}",
            self.diagnostics()
        );
    }

    pub fn wait_for(&mut self, text: &str, timeout: Duration) -> String {
        self.wait_screen(&format!("{text:?} on screen"), timeout, |s| {
            s.contains(text)
        })
    }

    /// Waits for a screen line holding every one of `parts` (a table row, a dialog line).
    pub fn wait_line(&mut self, parts: &[&str], timeout: Duration) -> String {
        let s = self.wait_screen(&format!("a line with {parts:?}"), timeout, |s| {
            s.lines().any(|l| parts.iter().all(|p| l.contains(p)))
        });
        s.lines()
            .find(|l| parts.iter().all(|p| l.contains(p)))
            .unwrap_or_default()
            .to_string()
    }

    /// Waits until dockhand is connected and has listed the containers.
    pub fn wait_loaded(&mut self) {
        self.wait_screen("the container list", Duration::from_secs(15), |s| {
            // The pane's title is drawn only once connected.
            s.contains(" Containers ") && !s.contains("Loading containers")
        });
    }

    /// Replaces the filter with `text` (`/`, erase the old text, type, Enter).
    pub fn set_filter(&mut self, text: &str) {
        let erase = "\x7f".repeat(self.filter.chars().count());
        self.send(&format!("/{erase}{text}\r"));
        self.filter = text.to_string();
        self.wait_for(&format!("· filter \"{text}\""), Duration::from_secs(5));
    }

    /// Waits (bounded) for dockhand to exit.
    pub fn wait_exit(&mut self, timeout: Duration) -> ExitStatus {
        let start = Instant::now();
        let max_polls = timeout.as_millis() / POLL.as_millis() + 1;
        for _ in 0..max_polls {
            match self.child.try_wait() {
                Ok(Some(status)) => return status,
                Ok(None) if start.elapsed() < timeout => std::thread::sleep(POLL),
                Ok(None) => break,
                Err(e) => panic!("waiting for dockhand: {e}"),
            }
        }
        panic!(
            "dockhand did not exit within {timeout:?}\n{}",
            self.diagnostics()
        );
    }

    /// Waits (bounded) until the reader has seen everything dockhand wrote.
    pub fn wait_eof(&self, timeout: Duration) {
        let start = Instant::now();
        let max_polls = timeout.as_millis() / POLL.as_millis() + 1;
        for _ in 0..max_polls {
            if self.out.lock().expect("output lock").eof {
                return;
            }
            if start.elapsed() >= timeout {
                break;
            }
            std::thread::sleep(POLL);
        }
        panic!("the pty did not reach end of file within {timeout:?} after dockhand exited");
    }

    /// Quits with `q` and checks the exit status and that the terminal was put back.
    pub fn quit_and_check_restored(&mut self) {
        let mark = self.raw_len();
        self.send("q");
        self.check_exit_restored(mark);
    }

    /// Checks that dockhand exits with 0 and that what it wrote after `mark` restores the
    /// terminal.
    pub fn check_exit_restored(&mut self, mark: usize) {
        let status = self.wait_exit(Duration::from_secs(5));
        assert!(
            status.success() && status.exit_code() == 0,
            "dockhand exited with {status:?}\n{}",
            self.diagnostics()
        );
        self.wait_eof(Duration::from_secs(5));
        let after = self.raw_since(mark);
        let has = |seq: &[u8]| after.windows(seq.len()).any(|w| w == seq);
        assert!(
            has(b"\x1b[?1049l"),
            "leaving the alternate screen after quit: {:?}",
            String::from_utf8_lossy(&after)
        );
        assert!(
            has(b"\x1b[?25h"),
            "showing the cursor after quit: {:?}",
            String::from_utf8_lossy(&after)
        );
    }
}

impl Tui {
    pub fn pid(&self) -> i32 {
        self.child.process_id().expect("dockhand's pid") as i32
    }

    /// Starts dockhand on the test engine with the list filtered down to container `name`,
    /// and waits for its row in `state`.
    pub fn on_container(cli: &Cli, name: &str, state: &str) -> Tui {
        let mut tui = Tui::start(cli.host(), "");
        tui.wait_loaded();
        tui.set_filter(name);
        tui.wait_line(&[name, state], Duration::from_secs(10));
        tui
    }

    pub fn resize(&self, cols: u16, rows: u16) {
        // The emulator first: what dockhand draws once it learns the new size must be read
        // at that size (it redraws whole on a resize, so output for the old size read at the
        // new one does no harm).
        self.out.lock().expect("output lock").parser.set_size(
            NonZeroU16::new(rows).expect("rows"),
            NonZeroU16::new(cols).expect("cols"),
        );
        self._master
            .resize(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("resize the pty");
    }
}

impl Drop for Tui {
    fn drop(&mut self) {
        // A failed test must not leave dockhand running.
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            for _ in 0..50 {
                if !matches!(self.child.try_wait(), Ok(None)) {
                    break;
                }
                std::thread::sleep(POLL);
            }
        }
    }
}

/// Points everything dockhand (or the docker CLI code it shares paths with) might read at `dir`.
pub fn isolate_env(cmd: &mut CommandBuilder, dir: &Path) {
    cmd.env("HOME", dir);
    cmd.env("XDG_CONFIG_HOME", dir.join("config"));
    cmd.env("XDG_STATE_HOME", dir.join("state"));
    cmd.env("XDG_CACHE_HOME", dir.join("cache"));
    cmd.env("XDG_DATA_HOME", dir.join("data"));
    cmd.env("TERM", "xterm-256color");
    for k in [
        "DOCKER_HOST",
        "DOCKER_CONTEXT",
        "DOCKER_CONFIG",
        "DOCKER_TLS_VERIFY",
        "DOCKER_CERT_PATH",
        "XDG_RUNTIME_DIR",
        "NO_COLOR",
    ] {
        cmd.env_remove(k);
    }
}

/// Runs the binary without a terminal, bounded in time.
pub fn run_plain(args: &[&str], home: &Path) -> (Option<i32>, String, String) {
    let mut child = Command::new(BIN)
        .args(args)
        .current_dir(home)
        .env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_STATE_HOME", home.join("state"))
        .env_remove("DOCKER_HOST")
        .env_remove("DOCKER_CONTEXT")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run dockhand");
    let timeout = Duration::from_secs(10);
    let start = Instant::now();
    let status = loop {
        match child.try_wait().expect("wait for dockhand") {
            Some(s) => break s,
            None if start.elapsed() < timeout => std::thread::sleep(Duration::from_millis(20)),
            None => {
                let _ = child.kill();
                let _ = child.wait();
                panic!("dockhand {args:?} did not exit within {timeout:?}");
            }
        }
    };
    let mut stdout = String::new();
    let mut stderr = String::new();
    if let Some(mut o) = child.stdout.take() {
        let _ = o.read_to_string(&mut stdout);
    }
    if let Some(mut e) = child.stderr.take() {
        let _ = e.read_to_string(&mut stderr);
    }
    (status.code(), stdout, stderr)
}
