//! `auto`'s question to the terminal (OSC 11 then DA1), on a real pty: a terminal that never
//! answers costs the timeout and gives dark; one that answers with a light background gives
//! light at once; one that answers only DA1 (it does not know OSC 11) gives dark at once.

// A test may unwrap, expect and panic: that is how it fails, with the reason.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::io::{Read, Write};
use std::process::Command;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use dockhand::config::Builtin;
use dockhand::config::theme::osc;
use portable_pty::{MasterPty, PtySize, SlavePty, native_pty_system};

/// A pty whose terminal side is raw, as dockhand makes it, opened the way dockhand opens
/// `/dev/tty` (without blocking); the pair is kept so that neither side closes.
struct Pty {
    master: Box<dyn MasterPty + Send>,
    _slave: Box<dyn SlavePty + Send>,
    tty: std::fs::File,
}

fn pty() -> Pty {
    let pair = native_pty_system()
        .openpty(PtySize {
            rows: 24,
            cols: 80,
            pixel_width: 0,
            pixel_height: 0,
        })
        .expect("a pty");
    let path = pair.master.tty_name().expect("the pty's name");
    // Raw: otherwise the line discipline holds the answer until a newline that never comes.
    let ok = Command::new("stty")
        .arg("-F")
        .arg(&path)
        .args(["raw", "-echo"])
        .status()
        .expect("stty runs");
    assert!(ok.success(), "stty raw on {path:?}");
    let tty = osc::open(&path).expect("the terminal side opens");
    Pty {
        master: pair.master,
        _slave: pair.slave,
        tty,
    }
}

/// The terminal: reads what dockhand writes until the whole question has come, tells the
/// test, then answers `answer` (nothing when empty).
fn terminal(master: &dyn MasterPty, answer: &'static [u8]) -> mpsc::Receiver<Vec<u8>> {
    let mut reader = master.try_clone_reader().expect("reader");
    let mut writer = master.take_writer().expect("writer");
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let mut got = Vec::new();
        let mut buf = [0u8; 64];
        while !got.ends_with(osc::QUERY) {
            match reader.read(&mut buf) {
                Ok(0) | Err(_) => return,
                Ok(n) => got.extend_from_slice(&buf[..n]),
            }
        }
        let _ = tx.send(got);
        if !answer.is_empty() {
            let _ = writer.write_all(answer);
            let _ = writer.flush();
        }
    });
    rx
}

#[test]
fn a_terminal_that_never_answers_gives_dark_after_the_timeout() {
    let mut p = pty();
    let asked = terminal(p.master.as_ref(), b"");
    let start = Instant::now();
    let answer = osc::query(&mut p.tty, osc::TIMEOUT);
    let waited = start.elapsed();
    assert_eq!(answer, None);
    assert_eq!(osc::choose(answer, None), Builtin::Dark);
    assert!(waited >= osc::TIMEOUT, "waited {waited:?}");
    assert!(
        waited < osc::TIMEOUT + Duration::from_millis(150),
        "the timeout holds: {waited:?}"
    );
    let q = asked.recv_timeout(Duration::from_secs(2)).expect("asked");
    assert_eq!(q, osc::QUERY, "OSC 11 then DA1, nothing else");
}

#[test]
fn a_light_background_gives_light_without_waiting() {
    let mut p = pty();
    let _asked = terminal(
        p.master.as_ref(),
        b"\x1b]11;rgb:fdfd/f6f6/e3e3\x1b\\\x1b[?62;22c",
    );
    let start = Instant::now();
    let answer = osc::query(&mut p.tty, osc::TIMEOUT);
    let took = start.elapsed();
    assert_eq!(answer, Some((0xfd, 0xf6, 0xe3)));
    assert_eq!(osc::choose(answer, None), Builtin::Light);
    assert!(took < osc::TIMEOUT, "ended by the DA1 answer: {took:?}");
    // Nothing of the answers is left for the key reader.
    let mut rest = [0u8; 64];
    let left = p.tty.read(&mut rest);
    assert!(
        matches!(&left, Err(e) if e.kind() == std::io::ErrorKind::WouldBlock),
        "left in the input: {left:?}"
    );
}

#[test]
fn a_terminal_without_osc_11_gives_dark_at_once() {
    let mut p = pty();
    let _asked = terminal(p.master.as_ref(), b"\x1b[?1;2c");
    let start = Instant::now();
    let answer = osc::query(&mut p.tty, osc::TIMEOUT);
    assert_eq!(answer, None);
    assert!(start.elapsed() < osc::TIMEOUT, "{:?}", start.elapsed());
    // A dark answer, BEL-ended, on another pty.
    let mut p = pty();
    let _asked = terminal(p.master.as_ref(), b"\x1b]11;rgb:1e/1e/1e\x07\x1b[?1;2c");
    let answer = osc::query(&mut p.tty, osc::TIMEOUT);
    assert_eq!(osc::choose(answer, Some("0;15")), Builtin::Dark);
}
