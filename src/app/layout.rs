//! Screen geometry the state needs to know (how many rows a page holds). The drawing code uses
//! the same numbers, so scrolling and drawing agree.

/// Lines above the panes: the header.
pub const HEADER_LINES: u16 = 1;
/// Lines below the panes: the status line and the key hints.
pub const FOOTER_LINES: u16 = 2;
/// Lines a list pane spends on its border (2) and its column titles (1).
pub const LIST_CHROME: u16 = 3;

/// Below this the screen says it is too small instead of drawing a broken layout.
pub const MIN_WIDTH: u16 = 50;
pub const MIN_HEIGHT: u16 = 10;

/// Rows of a list that fit in a terminal of this height.
pub fn list_rows(height: u16) -> usize {
    height.saturating_sub(HEADER_LINES + FOOTER_LINES + LIST_CHROME) as usize
}
