//! `auto`: which built-in theme suits the terminal, from the colour of its background.
//!
//! The terminal is asked with OSC 11 (`ESC ] 11 ; ? ESC \`), which xterm and most terminals
//! since answer with `ESC ] 11 ; rgb:RRRR/GGGG/BBBB` ended by BEL or `ESC \`. A primary device
//! attributes request (DA1, `ESC [ c`) goes right after it: every terminal answers that one,
//! and in order, so its answer says the exchange is over. A terminal that knows OSC 11 has
//! answered by then, and one that does not costs no wait; only a terminal that answers
//! neither makes dockhand wait the whole [`TIMEOUT`]. What arrives within it is read here and
//! never reaches the key reader (which would take `ESC ]` for alt-] and the rest for typing).
//!
//! The reading is done on a handle of the terminal opened without blocking, in short sleeps:
//! the wait happens once, at start, and needs no `poll(2)` (which the crate would have to call
//! through unsafe code).

use std::io::{self, Read, Write};
use std::path::Path;
use std::time::{Duration, Instant};

use super::Builtin;
use super::contrast::{Rgb, relative_luminance};

/// How long the terminal has to answer. A local terminal answers in a millisecond or two and
/// one over ssh in a round trip; the whole wait is only spent when the terminal answers
/// neither request.
pub const TIMEOUT: Duration = Duration::from_millis(200);

/// OSC 11 asked, ended by ST, then DA1.
pub const QUERY: &[u8] = b"\x1b]11;?\x1b\\\x1b[c";

/// Above this relative luminance dark text contrasts more with the background than light text
/// does (where (L + 0.05) / 0.05 = 1.05 / (L + 0.05)): the background is light. Mid grey
/// (#808080, 0.22) counts as light, #707070 (0.16) as dark.
pub const LIGHT_ABOVE: f64 = 0.179;

/// Whether a background of this colour calls for the light theme.
pub fn is_light(bg: Rgb) -> bool {
    relative_luminance(bg) > LIGHT_ABOVE
}

/// The theme for a background: the terminal's answer if it gave one, else the `COLORFGBG`
/// hint some terminals set (rxvt, Konsole: `fg;bg` in palette numbers), else dark.
pub fn choose(answer: Option<Rgb>, colorfgbg: Option<&str>) -> Builtin {
    match (answer, colorfgbg.and_then(from_colorfgbg)) {
        (Some(bg), _) if is_light(bg) => Builtin::Light,
        (Some(_), _) => Builtin::Dark,
        (None, Some(hint)) => hint,
        (None, None) => Builtin::Dark,
    }
}

/// `COLORFGBG`'s background: its last field, a palette number; 7 (white) and 9–15 (the
/// bright ones but 8, bright black) are light. `default` or anything else: no hint.
pub fn from_colorfgbg(v: &str) -> Option<Builtin> {
    let bg: u8 = v.rsplit(';').next()?.trim().parse().ok()?;
    match bg {
        7 | 9..=15 => Some(Builtin::Light),
        0..=6 | 8 => Some(Builtin::Dark),
        _ => None,
    }
}

/// The background colour in a terminal's answer, wherever it is in `bytes` (other answers or
/// keys typed meanwhile may be around it): `ESC ] 11 ; rgb:R/G/B` with 1 to 4 hex digits per
/// channel (`rgba:R/G/B/A` too, the alpha ignored), ended by BEL or `ESC \`. Anything else,
/// or an answer cut short: `None`.
pub fn parse_background(bytes: &[u8]) -> Option<Rgb> {
    const START: &[u8] = b"\x1b]11;";
    let at = find(bytes, START)? + START.len();
    let rest = &bytes[at..];
    let end = rest.iter().position(|&b| b == 0x07 || b == 0x1b)?;
    if rest[end] == 0x1b && rest.get(end + 1) != Some(&b'\\') {
        return None;
    }
    let body = std::str::from_utf8(&rest[..end]).ok()?;
    let (channels, count) = match body.strip_prefix("rgba:") {
        Some(c) => (c, 4),
        None => (body.strip_prefix("rgb:")?, 3),
    };
    let parts: Vec<&str> = channels.split('/').collect();
    if parts.len() != count {
        return None;
    }
    Some((channel(parts[0])?, channel(parts[1])?, channel(parts[2])?))
}

/// One channel of 1 to 4 hex digits, scaled to 0–255 (`f` and `ffff` are both 255).
fn channel(hex: &str) -> Option<u8> {
    if hex.is_empty() || hex.len() > 4 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    let v = u32::from_str_radix(hex, 16).ok()?;
    let max = (1u32 << (4 * hex.len())) - 1;
    u8::try_from((v * 255 + max / 2) / max).ok()
}

/// Whether `bytes` hold a whole DA1 answer (`ESC [ ?` digits and `;` then `c`).
fn has_da1_answer(bytes: &[u8]) -> bool {
    let mut from = 0;
    while let Some(i) = find(&bytes[from..], b"\x1b[?") {
        let start = from + i + 3;
        let tail = &bytes[start..];
        let params = tail
            .iter()
            .take_while(|b| b.is_ascii_digit() || **b == b';')
            .count();
        if tail.get(params) == Some(&b'c') {
            return true;
        }
        from = start;
    }
    false
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// Opens the terminal at `path` (`/dev/tty`) for reading and writing without blocking. A
/// handle of its own, so stdin keeps blocking as the key reader wants it.
pub fn open(path: &Path) -> io::Result<std::fs::File> {
    use std::os::unix::fs::OpenOptionsExt;
    std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY)
        .open(path)
}

/// Asks the terminal behind `tty` (which must not block on reads, and be in raw mode so an
/// answer is readable before a newline) for its background, and reads what it says until its
/// DA1 answer arrives or `timeout` passes. `None`: no answer, or one that is not a colour.
pub fn query<T: Read + Write>(tty: &mut T, timeout: Duration) -> Option<Rgb> {
    let deadline = Instant::now() + timeout;
    tty.write_all(QUERY).ok()?;
    tty.flush().ok()?;
    let mut got = Vec::new();
    let mut buf = [0u8; 256];
    loop {
        match tty.read(&mut buf) {
            // The terminal went away.
            Ok(0) => break,
            Ok(n) => {
                got.extend_from_slice(&buf[..n]);
                // Answers are short; a flood is someone pasting, not a terminal answering.
                if has_da1_answer(&got) || got.len() > 4096 {
                    break;
                }
            }
            Err(e) if e.kind() == io::ErrorKind::WouldBlock => {
                let now = Instant::now();
                if now >= deadline {
                    break;
                }
                std::thread::sleep((deadline - now).min(Duration::from_millis(2)));
            }
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(_) => break,
        }
    }
    parse_background(&got)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_ended_by_bel_or_st_with_two_or_four_digits() {
        assert_eq!(
            parse_background(b"\x1b]11;rgb:ffff/ffff/ffff\x07"),
            Some((255, 255, 255))
        );
        assert_eq!(
            parse_background(b"\x1b]11;rgb:1e1e/1e1e/1e1e\x1b\\"),
            Some((30, 30, 30))
        );
        assert_eq!(
            parse_background(b"\x1b]11;rgb:fd/f6/e3\x1b\\"),
            Some((0xfd, 0xf6, 0xe3))
        );
        assert_eq!(
            parse_background(b"\x1b]11;rgb:0/8/f\x07"),
            Some((0, 136, 255))
        );
        assert_eq!(
            parse_background(b"\x1b]11;rgba:0000/0000/0000/ffff\x07"),
            Some((0, 0, 0))
        );
        // Among other answers and keys typed meanwhile.
        assert_eq!(
            parse_background(b"j\x1b]11;rgb:ffff/ffff/ffff\x1b\\\x1b[?62;22c"),
            Some((255, 255, 255))
        );
    }

    #[test]
    fn garbage_is_no_answer() {
        for bad in [
            &b""[..],
            b"\x1b[?62;22c",
            b"\x1b]11;rgb:ffff/ffff/ffff",     // cut short
            b"\x1b]11;rgb:ffff/ffff\x07",      // two channels
            b"\x1b]11;rgb:fffff/0/0\x07",      // five digits
            b"\x1b]11;rgb:gg/00/00\x07",       // not hex
            b"\x1b]11;rgb:/00/00\x07",         // empty
            b"\x1b]11;#ffffff\x07",            // not xterm's form
            b"\x1b]11;rgb:ff/ff/ff\x1bX",      // ESC not starting ST
            b"\x1b]10;rgb:ffff/ffff/ffff\x07", // the foreground
            b"\x1b]11;rgb:\xff\xfe/00/00\x07", // not text
        ] {
            assert_eq!(parse_background(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn light_and_dark_backgrounds() {
        assert!(is_light((255, 255, 255)));
        assert!(is_light((0xfd, 0xf6, 0xe3)));
        assert!(is_light((0x80, 0x80, 0x80)));
        assert!(!is_light((0x70, 0x70, 0x70)));
        assert!(!is_light((0x1e, 0x1e, 0x1e)));
        assert!(!is_light((0x00, 0x2b, 0x36)), "Solarized Dark");
        assert_eq!(choose(Some((255, 255, 255)), Some("0;0")), Builtin::Light);
        assert_eq!(choose(Some((0, 0, 0)), Some("0;15")), Builtin::Dark);
        assert_eq!(choose(None, Some("0;15")), Builtin::Light);
        assert_eq!(choose(None, Some("15;default;0")), Builtin::Dark);
        assert_eq!(choose(None, Some("15;default")), Builtin::Dark);
        assert_eq!(choose(None, None), Builtin::Dark);
    }

    #[test]
    fn the_da1_answer_ends_the_exchange() {
        assert!(has_da1_answer(b"\x1b[?62;22c"));
        assert!(has_da1_answer(b"\x1b]11;rgb:0/0/0\x07\x1b[?1;2c"));
        assert!(!has_da1_answer(b"\x1b[?62;22"));
        assert!(!has_da1_answer(b"\x1b[?1;2x\x1b[?6"));
    }

    /// A terminal that says nothing, or `answer` once asked.
    struct Fake {
        answer: Vec<u8>,
        asked: bool,
    }

    impl Read for Fake {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            if !self.asked || self.answer.is_empty() {
                return Err(io::ErrorKind::WouldBlock.into());
            }
            let n = self.answer.len().min(buf.len());
            buf[..n].copy_from_slice(&self.answer[..n]);
            self.answer.drain(..n);
            Ok(n)
        }
    }

    impl Write for Fake {
        fn write(&mut self, b: &[u8]) -> io::Result<usize> {
            self.asked = true;
            Ok(b.len())
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn an_answer_ends_the_wait_and_silence_lasts_the_timeout() {
        let mut t = Fake {
            answer: b"\x1b]11;rgb:ffff/ffff/ffff\x07\x1b[?62c".to_vec(),
            asked: false,
        };
        let start = Instant::now();
        assert_eq!(query(&mut t, Duration::from_secs(5)), Some((255, 255, 255)));
        assert!(start.elapsed() < Duration::from_secs(1), "no waiting");
        let mut t = Fake {
            answer: Vec::new(),
            asked: false,
        };
        let start = Instant::now();
        assert_eq!(query(&mut t, Duration::from_millis(50)), None);
        let waited = start.elapsed();
        assert!(waited >= Duration::from_millis(50), "{waited:?}");
        assert!(waited < Duration::from_millis(500), "{waited:?}");
    }
}
