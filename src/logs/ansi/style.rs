//! The result of [`super::render`]: safe text and the styled byte ranges over it, and the
//! colours SGR names.
//!
//! Invariants (kept by the renderer, relied on by the UI and [`crate::logs::search`]):
//! [`StyledText::text`] holds no character for which [`super::is_unsafe`] is true, and its spans
//! are sorted, non-overlapping byte ranges on char boundaries.

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
    pub(super) fn named(i: u32) -> Option<Color> {
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
    /// Sorted, non-overlapping byte ranges of `text`; see the [module documentation](super).
    pub spans: Vec<StyleSpan>,
}
