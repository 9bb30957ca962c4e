//! The visible, harmless stand-ins for what must not reach the terminal: which characters are
//! unsafe, how one is written (`\x1b`, `\r`, `\u{202e}`), how a string payload is previewed, and
//! UTF-8 decoding that reports invalid bytes instead of replacing them.
//!
//! Everything written here is itself safe (ASCII escapes, or characters [`is_unsafe`] accepts)
//! and bounded: a preview never shows more than [`PREVIEW_CHARS`] characters of its payload.

use std::fmt::Write;

/// How many characters of an OSC/DCS/APC/PM/SOS payload are shown before `…`: enough to tell a
/// title from a clipboard write or a link, too few to flood the line.
const PREVIEW_CHARS: usize = 24;

/// True for characters that must never reach the terminal: C0, DEL, C1, and bidirectional
/// overrides and isolates (they make text read differently than it is).
pub fn is_unsafe(c: char) -> bool {
    c.is_control() || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// Writes the visible form of an unsafe character.
pub(super) fn escape_char(c: char, out: &mut String) {
    let n = u32::from(c);
    let _ = match c {
        '\r' => write!(out, "\\r"),
        '\n' => write!(out, "\\n"),
        _ if n <= 0xff => write!(out, "\\x{n:02x}"),
        _ => write!(out, "\\u{{{n:x}}}"),
    };
}

/// One UTF-8 character at `bytes[i..]` and its length, or `None` when the bytes there are not
/// valid UTF-8 (then the caller shows one byte and moves on).
pub(super) fn decode(bytes: &[u8], i: usize) -> Option<(char, usize)> {
    let len = match *bytes.get(i)? {
        0x00..=0x7f => 1,
        0xc2..=0xdf => 2,
        0xe0..=0xef => 3,
        0xf0..=0xf4 => 4,
        _ => return None,
    };
    let s = std::str::from_utf8(bytes.get(i..i + len)?).ok()?;
    s.chars().next().map(|c| (c, len))
}

/// Appends a visible, bounded rendering of a sequence's payload: at most [`PREVIEW_CHARS`]
/// characters, unsafe ones and invalid bytes escaped, `…` when there was more.
pub(super) fn preview(payload: &[u8], out: &mut String) {
    let mut i = 0;
    let mut shown = 0;
    while i < payload.len() {
        if shown == PREVIEW_CHARS {
            out.push('…');
            return;
        }
        match decode(payload, i) {
            Some((c, len)) => {
                if is_unsafe(c) {
                    escape_char(c, out);
                } else {
                    out.push(c);
                }
                i += len;
            }
            None => {
                let _ = write!(out, "\\x{:02x}", payload[i]);
                i += 1;
            }
        }
        shown += 1;
    }
}
