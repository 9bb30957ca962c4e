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

use std::fmt::Write;

use unicode_width::UnicodeWidthChar;

/// Tab stops are every this many columns, as in a terminal.
pub const TAB_WIDTH: usize = 8;

/// What a tab expands to, at most.
const SPACES: &str = "        ";
const _: () = assert!(SPACES.len() == TAB_WIDTH);

/// How many characters of an OSC/DCS/APC/PM/SOS payload are shown before `…`: enough to tell a
/// title from a clipboard write or a link, too few to flood the line.
const PREVIEW_CHARS: usize = 24;

/// How many parameter characters of a non-SGR CSI are shown before `…`.
const CSI_SHOWN_MAX: usize = 32;

/// A colour as SGR names it; the UI maps it to its own type.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Color {
    Black,
    Red,
    Green,
    Yellow,
    Blue,
    Magenta,
    Cyan,
    White,
    BrightBlack,
    BrightRed,
    BrightGreen,
    BrightYellow,
    BrightBlue,
    BrightMagenta,
    BrightCyan,
    BrightWhite,
    /// `38;5;n`: the 256-colour palette (0–15 are the named colours, kept as given).
    Indexed(u8),
    /// `38;2;r;g;b`: true colour.
    Rgb(u8, u8, u8),
}

impl Color {
    /// The named colour for 0–15 (30–37 map to 0–7, 90–97 to 8–15).
    fn named(i: u32) -> Option<Color> {
        use Color::*;
        const ALL: [Color; 16] = [
            Black,
            Red,
            Green,
            Yellow,
            Blue,
            Magenta,
            Cyan,
            White,
            BrightBlack,
            BrightRed,
            BrightGreen,
            BrightYellow,
            BrightBlue,
            BrightMagenta,
            BrightCyan,
            BrightWhite,
        ];
        ALL.get(usize::try_from(i).ok()?).copied()
    }
}

/// A styled byte range `start..end` of [`StyledText::text`].
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct StyleSpan {
    pub start: usize,
    pub end: usize,
    pub fg: Option<Color>,
    pub bg: Option<Color>,
    pub bold: bool,
    pub dim: bool,
    pub italic: bool,
    pub underline: bool,
    pub reverse: bool,
    /// The range was written by dockhand, not by the container: a control or escape sequence
    /// shown visibly, an invalid byte, or the truncation marker.
    pub escape: bool,
}

impl StyleSpan {
    /// True when both spans draw the same way (their ranges aside).
    pub fn same_style(&self, other: &StyleSpan) -> bool {
        (self.fg, self.bg, self.escape) == (other.fg, other.bg, other.escape)
            && (
                self.bold,
                self.dim,
                self.italic,
                self.underline,
                self.reverse,
            ) == (
                other.bold,
                other.dim,
                other.italic,
                other.underline,
                other.reverse,
            )
    }
}

/// Safe text (no control characters of any kind) and its styling.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct StyledText {
    pub text: String,
    /// Sorted, non-overlapping byte ranges of `text`; see the module documentation.
    pub spans: Vec<StyleSpan>,
}

/// True for characters that must never reach the terminal: C0, DEL, C1, and bidirectional
/// overrides and isolates (they make text read differently than it is).
pub fn is_unsafe(c: char) -> bool {
    c.is_control() || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// The SGR state in force: what the next character is drawn with.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
struct Pen {
    fg: Option<Color>,
    bg: Option<Color>,
    bold: bool,
    dim: bool,
    italic: bool,
    underline: bool,
    reverse: bool,
}

impl Pen {
    fn span(&self, start: usize, end: usize, escape: bool) -> StyleSpan {
        StyleSpan {
            start,
            end,
            fg: self.fg,
            bg: self.bg,
            bold: self.bold,
            dim: self.dim,
            italic: self.italic,
            underline: self.underline,
            reverse: self.reverse,
            escape,
        }
    }

    fn is_plain(&self) -> bool {
        *self == Pen::default()
    }
}

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

/// Writes the visible form of an unsafe character.
fn escape_char(c: char, out: &mut String) {
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
fn decode(bytes: &[u8], i: usize) -> Option<(char, usize)> {
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
fn preview(payload: &[u8], out: &mut String) {
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

/// What an ESC at some position starts.
enum Seq<'a> {
    /// A complete CSI: parameter bytes, intermediate bytes, final byte; `end` is past it.
    Csi {
        params: &'a [u8],
        inter: &'a [u8],
        fin: u8,
        end: usize,
    },
    /// A complete OSC/DCS/SOS/PM/APC string: its introducer, payload and terminator.
    Str {
        intro: u8,
        payload: &'a [u8],
        bel: bool,
        end: usize,
    },
    /// Nothing complete: the ESC stands alone and what follows is read as text.
    Lone,
}

/// Reads the sequence that the ESC at `bytes[i]` starts. Scans stop at the next ESC at the
/// latest (except for the ST `ESC \` that ends a string), which keeps the whole parse O(n).
fn sequence(bytes: &[u8], i: usize) -> Seq<'_> {
    let Some(&intro) = bytes.get(i + 1) else {
        return Seq::Lone;
    };
    match intro {
        b'[' => {
            let start = i + 2;
            let mut j = start;
            while bytes.get(j).is_some_and(|b| (0x30..=0x3f).contains(b)) {
                j += 1;
            }
            let p_end = j;
            while bytes.get(j).is_some_and(|b| (0x20..=0x2f).contains(b)) {
                j += 1;
            }
            match bytes.get(j) {
                Some(&fin) if (0x40..=0x7e).contains(&fin) => Seq::Csi {
                    params: &bytes[start..p_end],
                    inter: &bytes[p_end..j],
                    fin,
                    end: j + 1,
                },
                _ => Seq::Lone,
            }
        }
        b']' | b'P' | b'X' | b'^' | b'_' => {
            let start = i + 2;
            let mut j = start;
            while let Some(&b) = bytes.get(j) {
                match b {
                    // Only OSC may end with BEL (xterm's form); in the others BEL is payload.
                    0x07 if intro == b']' => {
                        return Seq::Str {
                            intro,
                            payload: &bytes[start..j],
                            bel: true,
                            end: j + 1,
                        };
                    }
                    0x1b => {
                        return if bytes.get(j + 1) == Some(&b'\\') {
                            Seq::Str {
                                intro,
                                payload: &bytes[start..j],
                                bel: false,
                                end: j + 2,
                            }
                        } else {
                            Seq::Lone
                        };
                    }
                    // CAN and SUB abort a sequence in a terminal.
                    0x18 | 0x1a => return Seq::Lone,
                    _ => j += 1,
                }
            }
            Seq::Lone
        }
        _ => Seq::Lone,
    }
}

/// True when a CSI is SGR as terminals apply it: final `m`, no intermediates, and parameters
/// of digits, `;` and `:` only (a private marker like `ESC[>4m` is something else).
fn is_sgr(params: &[u8], inter: &[u8], fin: u8) -> bool {
    fin == b'm'
        && inter.is_empty()
        && params
            .iter()
            .all(|b| matches!(b, b'0'..=b'9' | b';' | b':'))
}

/// A decimal parameter; empty means 0, and huge values saturate rather than wrap.
fn number(digits: &[u8]) -> u32 {
    digits.iter().fold(0u32, |n, d| {
        n.saturating_mul(10)
            .saturating_add(u32::from(d.wrapping_sub(b'0')))
    })
}

fn byte(n: u32) -> Option<u8> {
    u8::try_from(n).ok()
}

/// The colour of `38;5;n` / `38;2;r;g;b` (semicolon form), consuming its parameters from
/// `groups` even when they are out of range, as a terminal does.
fn extended_semi<'a>(groups: &mut impl Iterator<Item = &'a [u8]>) -> Option<Color> {
    match groups.next().map(number)? {
        5 => groups.next().map(number).and_then(byte).map(Color::Indexed),
        2 => {
            let r = groups.next().map(number);
            let g = groups.next().map(number);
            let b = groups.next().map(number);
            Some(Color::Rgb(byte(r?)?, byte(g?)?, byte(b?)?))
        }
        _ => None,
    }
}

/// The colour of `38:5:n` / `38:2:r:g:b` / `38:2:cs:r:g:b` (colon form, ITU T.416).
fn extended_colon<'a>(subs: impl Iterator<Item = &'a [u8]>) -> Option<Color> {
    // At most five arguments matter; a fixed array keeps a long run of these allocation-free.
    let mut args = [0u32; 5];
    let mut n = 0;
    for (slot, sub) in args.iter_mut().zip(subs) {
        *slot = number(sub);
        n += 1;
    }
    match args.get(..n)? {
        [5, i, ..] => byte(*i).map(Color::Indexed),
        [2, _, r, g, b] | [2, r, g, b] => Some(Color::Rgb(byte(*r)?, byte(*g)?, byte(*b)?)),
        _ => None,
    }
}

/// Applies SGR parameters to the pen. Unknown codes are ignored; blink and conceal are
/// ignored on purpose (concealed text would hide what the container printed).
fn apply_sgr(params: &[u8], pen: &mut Pen) {
    let mut groups = params.split(|&b| b == b';');
    while let Some(group) = groups.next() {
        let mut subs = group.split(|&b| b == b':');
        let code = subs.next().map(number).unwrap_or(0);
        match code {
            0 => *pen = Pen::default(),
            1 => pen.bold = true,
            2 => pen.dim = true,
            3 => pen.italic = true,
            // `4:0` is "no underline"; other `4:n` are underline styles.
            4 => pen.underline = subs.next().map(number) != Some(0),
            7 => pen.reverse = true,
            21 => pen.underline = true,
            22 => {
                pen.bold = false;
                pen.dim = false;
            }
            23 => pen.italic = false,
            24 => pen.underline = false,
            27 => pen.reverse = false,
            30..=37 => pen.fg = Color::named(code - 30),
            39 => pen.fg = None,
            40..=47 => pen.bg = Color::named(code - 40),
            49 => pen.bg = None,
            90..=97 => pen.fg = Color::named(code - 90 + 8),
            100..=107 => pen.bg = Color::named(code - 100 + 8),
            // 58 (underline colour) is parsed only so that its arguments are not read as codes.
            38 | 48 | 58 => {
                let color = if group.contains(&b':') {
                    extended_colon(subs)
                } else {
                    extended_semi(&mut groups)
                };
                if let Some(color) = color {
                    match code {
                        38 => pen.fg = Some(color),
                        48 => pen.bg = Some(color),
                        _ => {}
                    }
                }
            }
            _ => {}
        }
    }
}

/// Renders one line's bytes as safe styled text; see the module documentation for what each
/// kind of byte becomes. `text` holds at most `max_chars` characters plus the truncation marker.
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

#[cfg(test)]
mod tests {
    use super::*;

    fn plain(bytes: &[u8]) -> String {
        render(bytes, false, 10_000).text
    }

    fn assert_safe(t: &StyledText) {
        assert!(
            !t.text.chars().any(is_unsafe),
            "unsafe char in {:?}",
            t.text
        );
    }

    #[test]
    fn plain_text_passes_through_without_spans() {
        let t = render("web-1 ünïcödé 🚢 ready".as_bytes(), true, 100);
        assert_eq!(t.text, "web-1 ünïcödé 🚢 ready");
        assert!(t.spans.is_empty());
    }

    #[test]
    fn sgr_colours_become_spans() {
        let t = render(b"a\x1b[31mred\x1b[0m b \x1b[1;4mbu\x1b[m", true, 100);
        assert_eq!(t.text, "ared b bu");
        assert_eq!(t.spans.len(), 2);
        assert_eq!((t.spans[0].start, t.spans[0].end), (1, 4));
        assert_eq!(t.spans[0].fg, Some(Color::Red));
        assert!(!t.spans[0].escape);
        assert_eq!((t.spans[1].start, t.spans[1].end), (7, 9));
        assert!(t.spans[1].bold && t.spans[1].underline);
        assert_eq!(t.spans[1].fg, None);
    }

    #[test]
    fn extended_colours_in_both_forms() {
        let t = render(
            b"\x1b[38;5;208ma\x1b[48;2;1;2;3mb\x1b[38:2::9:8:7mc\x1b[38:5:12md",
            true,
            100,
        );
        assert_eq!(t.text, "abcd");
        assert_eq!(t.spans[0].fg, Some(Color::Indexed(208)));
        assert_eq!(t.spans[1].bg, Some(Color::Rgb(1, 2, 3)));
        assert_eq!(t.spans[2].fg, Some(Color::Rgb(9, 8, 7)));
        assert_eq!(t.spans[3].fg, Some(Color::Indexed(12)));
        assert_eq!(t.spans[3].bg, Some(Color::Rgb(1, 2, 3)));
    }

    #[test]
    fn bright_colours_resets_and_attribute_offs() {
        let t = render(b"\x1b[92;104;2;3;7mx\x1b[22;23;27;39;49my", true, 100);
        assert_eq!(t.text, "xy");
        assert_eq!(t.spans.len(), 1);
        let s = &t.spans[0];
        assert_eq!(s.fg, Some(Color::BrightGreen));
        assert_eq!(s.bg, Some(Color::BrightBlue));
        assert!(s.dim && s.italic && s.reverse);
    }

    #[test]
    fn out_of_range_colour_arguments_are_consumed_not_applied() {
        // 300 is no palette index; its argument must not be read as code 300 or as bold (1).
        let t = render(b"\x1b[38;5;300;1mx\x1b[38;2;1;2mz", true, 100);
        assert_eq!(t.text, "xz");
        assert_eq!(t.spans[0].fg, None);
        assert!(t.spans[0].bold);
    }

    #[test]
    fn colours_can_be_stripped() {
        let t = render(b"\x1b[1;31mERROR\x1b[0m done", false, 100);
        assert_eq!(t.text, "ERROR done");
        assert!(t.spans.is_empty());
    }

    #[test]
    fn other_csi_sequences_are_shown() {
        let t = render(b"a\x1b[2Jb\x1b[10;5Hc\x1b[?25l", true, 100);
        assert_eq!(t.text, "a\\x1b[2Jb\\x1b[10;5Hc\\x1b[?25l");
        assert!(t.spans.iter().all(|s| s.escape));
        assert_eq!(t.spans.len(), 3);
        // A private-marker `m` is not SGR.
        assert_eq!(plain(b"\x1b[>4;1m"), "\\x1b[>4;1m");
    }

    #[test]
    fn a_huge_csi_is_shortened() {
        let mut line = b"\x1b[".to_vec();
        line.extend(std::iter::repeat_n(b'1', 10_000));
        line.push(b'H');
        let t = plain(&line);
        assert_eq!(t, format!("\\x1b[{}…H", "1".repeat(CSI_SHOWN_MAX)));
    }

    #[test]
    fn osc_strings_are_previewed_never_raw() {
        assert_eq!(plain(b"\x1b]0;pwned\x07x"), "\\x1b]0;pwned\\x07x");
        assert_eq!(
            plain(b"\x1b]52;c;SGVsbG8gd29ybGQgZnJvbSB0aGUgY29udGFpbmVy\x1b\\"),
            "\\x1b]52;c;SGVsbG8gd29ybGQgZnJ…\\x1b\\"
        );
        assert_eq!(
            plain(b"\x1b]8;;http://e.vil/\x1b\\link\x1b]8;;\x1b\\"),
            "\\x1b]8;;http://e.vil/\\x1b\\link\\x1b]8;;\\x1b\\"
        );
    }

    #[test]
    fn dcs_apc_pm_sos_strings_are_previewed() {
        assert_eq!(plain(b"\x1bP1$r\x07q\x1b\\z"), "\\x1bP1$r\\x07q\\x1b\\z");
        assert_eq!(plain(b"\x1b_Gi=1\x1b\\"), "\\x1b_Gi=1\\x1b\\");
        assert_eq!(plain(b"\x1b^pm\x1b\\"), "\\x1b^pm\\x1b\\");
        assert_eq!(plain(b"\x1bXsos\x1b\\"), "\\x1bXsos\\x1b\\");
    }

    #[test]
    fn previews_escape_their_own_controls() {
        let t = plain(b"\x1b]0;a\tb\xe2\x80\xaec\xff\x1b\\");
        assert_eq!(t, "\\x1b]0;a\\x09b\\u{202e}c\\xff\\x1b\\");
    }

    #[test]
    fn unterminated_strings_show_their_content_as_text() {
        assert_eq!(plain(b"\x1b]0;title"), "\\x1b]0;title");
        // Aborted by another ESC: both are shown, the second starts its own sequence.
        assert_eq!(plain(b"\x1b]0;t\x1b[1mx"), "\\x1b]0;tx");
        assert_eq!(plain(b"\x1bPq\x18z"), "\\x1bPq\\x18z");
    }

    #[test]
    fn lone_and_other_escapes_are_shown() {
        assert_eq!(plain(b"\x1b"), "\\x1b");
        assert_eq!(plain(b"a\x1bcb"), "a\\x1bcb");
        assert_eq!(plain(b"\x1b7\x1b8"), "\\x1b7\\x1b8");
        assert_eq!(plain(b"\x1b\x1b[31m"), "\\x1b");
        assert_eq!(plain(b"\x1b[12"), "\\x1b[12");
    }

    #[test]
    fn c0_del_and_nul_are_escaped() {
        assert_eq!(
            plain(b"a\0b\x07c\x08d\x7fe\x0bf"),
            "a\\x00b\\x07c\\x08d\\x7fe\\x0bf"
        );
        assert_eq!(plain(b"x\ny"), "x\\ny");
    }

    #[test]
    fn c1_controls_are_escaped_in_both_encodings() {
        // 8-bit CSI as a raw byte (invalid UTF-8) and as the UTF-8 encoding of U+009B.
        assert_eq!(plain(b"\x9b2J"), "\\x9b2J");
        assert_eq!(plain("\u{9b}2J\u{85}".as_bytes()), "\\x9b2J\\x85");
    }

    #[test]
    fn bidi_overrides_are_escaped() {
        let t = render("a\u{202e}b\u{2066}c\u{2069}".as_bytes(), true, 100);
        assert_eq!(t.text, "a\\u{202e}b\\u{2066}c\\u{2069}");
        assert_safe(&t);
    }

    #[test]
    fn lone_cr_is_visible_and_crlf_is_a_line_end() {
        assert_eq!(plain(b"10%\r20%\r30%"), "10%\\r20%\\r30%");
        assert_eq!(plain(b"done\r"), "done");
        assert_eq!(plain(b"a\r\nb"), "a\\nb");
        assert_eq!(plain(b"a\r\r"), "a\\r");
    }

    #[test]
    fn tabs_expand_to_the_next_stop() {
        assert_eq!(plain(b"a\tb"), "a       b");
        assert_eq!(plain(b"abcdefgh\tx"), "abcdefgh        x");
        assert_eq!(plain(b"\t|"), "        |");
        // Wide characters count two columns; escapes count as what they show.
        assert_eq!(plain("日本\tx".as_bytes()), "日本    x");
        assert_eq!(plain(b"\0\tx"), "\\x00    x");
    }

    #[test]
    fn invalid_utf8_is_shown_as_hex_bytes() {
        assert_eq!(plain(b"a\xffb\xc3(\xe2\x82"), "a\\xffb\\xc3(\\xe2\\x82");
        // Overlong and surrogate encodings are invalid too.
        assert_eq!(plain(b"\xc0\xaf\xed\xa0\x80"), "\\xc0\\xaf\\xed\\xa0\\x80");
    }

    #[test]
    fn long_lines_are_cut_with_a_marker() {
        let t = render(&[b'x'; 1_000], false, 10);
        assert_eq!(t.text, "xxxxxxxxxx… [990 more bytes]");
        assert_eq!(t.spans.len(), 1);
        assert!(t.spans[0].escape);
        assert_eq!(t.spans[0].end, t.text.len());
        // An escape is never cut in half: it goes whole into the marker's count.
        let t = render(b"abc\x1b[2Jdef", false, 5);
        assert_eq!(t.text, "abc… [7 more bytes]");
        // Exactly full, nothing more to show: no marker.
        assert_eq!(render(b"abcde\r", false, 5).text, "abcde");
        assert_eq!(render(b"", false, 0).text, "");
        assert_eq!(render(b"a", false, 0).text, "… [1 more bytes]");
    }

    #[test]
    fn a_megabyte_line_is_cut_fast() {
        let line: Vec<u8> = b"\x1b[31mred\x1b[0m \xff\x1b]0;x\x07 "
            .iter()
            .copied()
            .cycle()
            .take(1 << 20)
            .collect();
        let start = std::time::Instant::now();
        let t = render(&line, true, 1 << 22);
        let full = start.elapsed();
        assert_safe(&t);
        assert!(!t.text.contains('…'));
        let t = render(&line, true, 4_000);
        assert!(t.text.contains("more bytes]"));
        assert!(t.text.chars().count() < 4_000 + 32);
        // Linear time: generous bound for a debug build on a busy machine.
        assert!(full.as_secs() < 5, "{full:?}");
    }

    #[test]
    fn styles_span_escapes_inside_colour() {
        let t = render(b"\x1b[31ma\x07b", true, 100);
        assert_eq!(t.text, "a\\x07b");
        assert_eq!(t.spans.len(), 3);
        assert!(t.spans.iter().all(|s| s.fg == Some(Color::Red)));
        assert_eq!(
            t.spans.iter().map(|s| s.escape).collect::<Vec<_>>(),
            [false, true, false]
        );
    }
}
