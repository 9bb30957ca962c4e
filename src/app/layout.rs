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

/// With the log pane open below the list, the list keeps this share of the body (percent).
pub const SPLIT_LIST_PERCENT: u16 = 40;

/// Lines the body has (the terminal less the header and footer).
pub fn body_rows(height: u16) -> u16 {
    height.saturating_sub(HEADER_LINES + FOOTER_LINES)
}

/// The list's and the log pane's heights when split.
pub fn split(height: u16) -> (u16, u16) {
    let body = body_rows(height);
    let list = (body * SPLIT_LIST_PERCENT / 100)
        .max(LIST_CHROME + 1)
        .min(body);
    (list, body - list)
}

/// Rows of the list when the log pane is below it.
pub fn split_list_rows(height: u16) -> usize {
    split(height).0.saturating_sub(LIST_CHROME) as usize
}

/// Rows of log lines: the log pane less its border.
pub fn log_rows(height: u16, full: bool) -> usize {
    let pane = if full {
        body_rows(height)
    } else {
        split(height).1
    };
    pane.saturating_sub(2) as usize
}

/// Rows of the inspect view: the body less its border.
pub fn inspect_rows(height: u16) -> usize {
    body_rows(height).saturating_sub(2) as usize
}

/// Rows of a list that fit in a terminal of this height.
pub fn list_rows(height: u16) -> usize {
    height.saturating_sub(HEADER_LINES + FOOTER_LINES + LIST_CHROME) as usize
}
