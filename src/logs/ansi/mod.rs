//! Raw log bytes to safe styled text: what a terminal would show for colours, and a visible,
//! harmless stand-in for everything else.
//!
//! Container output is untrusted. [`render`] reads the bytes the way a terminal's parser would,
//! so that an escape sequence is recognised as one unit, and then:
//!
//! - SGR (`ESC [ … m`: colours, bold, …) becomes [`StyleSpan`]s when colours are kept, and is
//!   dropped silently when they are not;
//! - every other CSI sequence (cursor moves, `ESC[2J`, …) is shown as text: `\x1b[2J`; a very
//!   long one is shortened (`\x1b[1;2;3…H`);
//! - OSC, DCS, SOS, PM and APC strings (window title, OSC 52 clipboard, OSC 8 hyperlinks, …) are
//!   shown as a short escaped preview: `\x1b]52;c;aGVsbG8…\x07`, never their raw bytes;
//! - an ESC that starts no complete sequence (alone, at the end, or with an unterminated string)
//!   is shown as `\x1b` and what follows it is read as ordinary text;
//! - C0 controls and DEL are shown as `\xNN`, except: a TAB becomes spaces up to the next
//!   multiple of [`TAB_WIDTH`] columns (so columns stay aligned); a CR is shown as `\r` unless it
//!   ends the line or comes right before an LF (the CRLF ending of TTY containers), where it is
//!   dropped; an LF (a line given unsplit) is shown as `\n`;
//! - C1 controls (U+0080–U+009F) and bidirectional overrides/isolates (U+202A–U+202E,
//!   U+2066–U+2069) are shown as `\x9b` / `\u{202e}`, as [`crate::sanitize`] does. The C1 bytes
//!   of 8-bit terminals are invalid UTF-8 and so are shown as `\x9b` too: never interpreted;
//! - invalid UTF-8 is shown byte by byte as `\xNN` (not U+FFFD, so that the bytes stay readable);
//! - at most `max_chars` characters are produced; the rest is replaced by `… [N more bytes]`.
//!
//! Everything that dockhand wrote itself (escapes, previews, the truncation marker) is covered by
//! a span with [`StyleSpan::escape`] set, so the UI can draw it dimmed and a reader can tell it
//! from the container's own text, even when colours are off.
//!
//! Spans are **byte** ranges of [`StyledText::text`] (always on char boundaries), sorted, never
//! overlapping; text outside every span has the default style. Byte ranges are what string
//! slicing and [`super::search`] use.
//!
//! Time is O(n) in the input: every byte is looked at a bounded number of times (a sequence is
//! scanned only up to the next ESC, and bytes after a rejected ESC are read once more as text),
//! and output stops at `max_chars`.
//!
//! The pieces, one file each: `sequence` finds where an escape sequence starts and ends, `sgr`
//! turns SGR parameters into the pen that styles the text, `escape` writes the visible stand-in
//! of anything unsafe, `style` holds the result's types, and `renderer` walks the bytes once and
//! puts them together under the character budget.

mod escape;
mod renderer;
mod sequence;
mod sgr;
mod style;
#[cfg(test)]
mod tests;

pub use escape::is_unsafe;
pub use renderer::{TAB_WIDTH, render};
pub use style::{Color, StyleSpan, StyledText};
