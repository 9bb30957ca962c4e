//! The renderer: walks a line's bytes once, hands escape sequences to [`super::sequence`] and
//! [`super::sgr`], writes stand-ins from [`super::escape`], and builds the [`StyledText`] under
//! the character budget. What each kind of byte becomes is listed in the [`super`] module
//! documentation.
//!
//! Invariants: output is appended only through [`Out`], which never cuts a unit (an escape, a
//! preview, a character) in half, merges touching spans of the same style, and stops at the
//! budget; once a unit does not fit, the truncation marker is written and rendering stops.

use std::fmt::Write;

use unicode_width::UnicodeWidthChar;

use super::escape::{decode, escape_char, is_unsafe, preview};
use super::sequence::{Seq, sequence};
use super::sgr::{Pen, apply_sgr, is_sgr};
use super::style::{StyleSpan, StyledText};

/// Tab stops are every this many columns, as in a terminal.
pub const TAB_WIDTH: usize = 8;

/// What a tab expands to, at most.
const SPACES: &str = "        ";
const _: () = assert!(SPACES.len() == TAB_WIDTH);

/// How many parameter characters of a non-SGR CSI are shown before `…`.
pub(super) const CSI_SHOWN_MAX: usize = 32;

/// The output being built, with its character budget.
struct Out {
    text: String,
    spans: Vec<StyleSpan>,
    /// Characters in `text` so far (the budget is in characters, not bytes).
    chars: usize,
    max: usize,
    /// Display column, for tab stops.
    col: usize,
}

impl Out {
    fn room(&self) -> usize {
        self.max.saturating_sub(self.chars)
    }

    /// Appends `s` (already safe; `n` characters, `width` columns) whole, or nothing and false
    /// when it does not fit: a unit is never cut in half, so `\x1b` never shows as `\x1`.
    fn push(&mut self, s: &str, n: usize, width: usize, pen: &Pen, escape: bool) -> bool {
        if n > self.room() {
            return false;
        }
        let start = self.text.len();
        self.text.push_str(s);
        self.chars += n;
        self.col += width;
        self.mark(start, pen, escape);
        true
    }

    /// Records the style of `start..` (the end of the text), merging with the previous span
    /// when it has the same style and touches it, so spans stay few.
    fn mark(&mut self, start: usize, pen: &Pen, escape: bool) {
        let end = self.text.len();
        if end == start || (!escape && pen.is_plain()) {
            return;
        }
        let span = pen.span(start, end, escape);
        if let Some(last) = self.spans.last_mut() {
            if last.end == start && last.same_style(&span) {
                last.end = end;
                return;
            }
        }
        self.spans.push(span);
    }

    /// Appends text of dockhand's own (an escape or preview) held in `scratch`.
    fn push_escape(&mut self, scratch: &str, pen: &Pen) -> bool {
        let (n, width) = measure(scratch);
        self.push(scratch, n, width, pen, true)
    }
}

/// Characters and display columns of `s`.
fn measure(s: &str) -> (usize, usize) {
    if s.is_ascii() {
        return (s.len(), s.len());
    }
    s.chars()
        .fold((0, 0), |(n, w), c| (n + 1, w + c.width().unwrap_or(0)))
}
/// Renders one line's bytes as safe styled text; see the [module documentation](super) for
/// what each kind of byte becomes. `text` holds at most `max_chars` characters plus the truncation marker.
pub fn render(bytes: &[u8], keep_colors: bool, max_chars: usize) -> StyledText {
    let mut out = Out {
        // Right for plain ASCII (the common case) and never more than the cap needs, so a line
        // kept in the ring does not carry a megabyte of spare capacity; escapes grow it.
        text: String::with_capacity(bytes.len().min(max_chars) + 16),
        spans: Vec::new(),
        chars: 0,
        max: max_chars,
        col: 0,
    };
    let mut pen = Pen::default();
    let mut scratch = String::new();
    let mut i = 0;
    while i < bytes.len() {
        scratch.clear();
        let b = bytes[i];
        let (next, fitted) = match b {
            0x20..=0x7e => {
                // A run of printable ASCII, copied at once: the common case, and the fast path
                // for a 1 MB line.
                let run = bytes[i..]
                    .iter()
                    .position(|b| !(0x20..=0x7e).contains(b))
                    .unwrap_or(bytes.len() - i);
                let take = run.min(out.room());
                if let Ok(s) = std::str::from_utf8(&bytes[i..i + take]) {
                    out.push(s, take, take, &pen, false);
                }
                (i + take, take == run)
            }
            0x1b => match sequence(bytes, i) {
                Seq::Csi {
                    params,
                    inter,
                    fin,
                    end,
                } => {
                    if is_sgr(params, inter, fin) {
                        if keep_colors {
                            apply_sgr(params, &mut pen);
                        }
                        (end, true)
                    } else {
                        scratch.push_str("\\x1b[");
                        let shown = params.len() + inter.len();
                        let body = params.iter().chain(inter).take(CSI_SHOWN_MAX);
                        scratch.extend(body.map(|&b| char::from(b)));
                        if shown > CSI_SHOWN_MAX {
                            scratch.push('…');
                        }
                        scratch.push(char::from(fin));
                        (end, out.push_escape(&scratch, &pen))
                    }
                }
                Seq::Str {
                    intro,
                    payload,
                    bel,
                    end,
                } => {
                    scratch.push_str("\\x1b");
                    scratch.push(char::from(intro));
                    preview(payload, &mut scratch);
                    scratch.push_str(if bel { "\\x07" } else { "\\x1b\\" });
                    (end, out.push_escape(&scratch, &pen))
                }
                Seq::Lone => (i + 1, out.push_escape("\\x1b", &pen)),
            },
            b'\t' => {
                let spaces = TAB_WIDTH - out.col % TAB_WIDTH;
                let fitted = out.push(&SPACES[..spaces], spaces, spaces, &pen, false);
                (i + 1, fitted)
            }
            // CRLF (TTY containers) or a CR ending the line: the line break itself, not text.
            b'\r' if matches!(bytes.get(i + 1), None | Some(b'\n')) => (i + 1, true),
            0x00..=0x1f | 0x7f => {
                escape_char(char::from(b), &mut scratch);
                (i + 1, out.push_escape(&scratch, &pen))
            }
            _ => match decode(bytes, i) {
                Some((c, len)) if is_unsafe(c) => {
                    escape_char(c, &mut scratch);
                    (i + len, out.push_escape(&scratch, &pen))
                }
                Some((c, len)) => {
                    scratch.push(c);
                    let width = c.width().unwrap_or(0);
                    (i + len, out.push(&scratch, 1, width, &pen, false))
                }
                None => {
                    let _ = write!(scratch, "\\x{b:02x}");
                    (i + 1, out.push_escape(&scratch, &pen))
                }
            },
        };
        if !fitted {
            // `next` may be past part of a run that did fit; count from the first byte not shown.
            let shown_up_to = if (0x20..=0x7e).contains(&b) { next } else { i };
            let more = bytes.len() - shown_up_to;
            let start = out.text.len();
            let _ = write!(out.text, "… [{more} more bytes]");
            out.mark(start, &Pen::default(), true);
            break;
        }
        i = next;
    }
    StyledText {
        text: out.text,
        spans: out.spans,
    }
}
