//! SGR (`ESC [ … m`) interpretation: which CSI sequences count as SGR, and how their parameters
//! change the [`Pen`] that the following text is drawn with.
//!
//! Unknown codes and out-of-range colour arguments are ignored, but their arguments are still
//! consumed, as a terminal does, so they are never read as codes of their own. Nothing here
//! allocates, however long the parameter list.

use super::style::{Color, StyleSpan};

/// The SGR state in force: what the next character is drawn with.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub(super) struct Pen {
    fg: Option<Color>,
    bg: Option<Color>,
    bold: bool,
    dim: bool,
    italic: bool,
    underline: bool,
    reverse: bool,
}

impl Pen {
    pub(super) fn span(&self, start: usize, end: usize, escape: bool) -> StyleSpan {
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

    pub(super) fn is_plain(&self) -> bool {
        *self == Pen::default()
    }
}

/// True when a CSI is SGR as terminals apply it: final `m`, no intermediates, and parameters
/// of digits, `;` and `:` only (a private marker like `ESC[>4m` is something else).
pub(super) fn is_sgr(params: &[u8], inter: &[u8], fin: u8) -> bool {
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
pub(super) fn apply_sgr(params: &[u8], pen: &mut Pen) {
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
