//! Pictures of the screens: a drawn ratatui [`Buffer`] as an SVG image, cell for cell with its
//! colours and styles, for the README's screenshots (`assets/*.svg`, made by tests/pictures.rs
//! from the same fixtures the snapshot tests use; `scripts/pictures.sh` writes them anew).
//!
//! Pure and deterministic: the same buffer gives the same bytes, so a test can tell when a
//! picture is out of date. Only the tests and tools need it (the `testing` feature).
//!
//! The picture is a grid of cells `CELL_W` x `CELL_H` pixels. Each row's background is one
//! `<rect>` per run of cells of the same colour (the picture's own background left out); its
//! text is one `<text>` per run of cells of the same style, stretched with `textLength` to the
//! exact width of its cells, so that a fallback font's glyphs (box drawing, arrows) keep the
//! columns aligned. Colours are those of a dark terminal ([`Palette::DARK`], VS Code's
//! terminal colours), `Indexed` by the xterm 256-colour table, `Rgb` as it is.

use std::fmt::Write as _;

use ratatui::buffer::Buffer;
use ratatui::style::{Color, Modifier};
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// Width of a cell in pixels: the advance of a 15 px monospace font (0.6 em), rounded.
pub const CELL_W: u32 = 9;
/// Height of a cell in pixels: enough for box-drawing lines to meet from row to row.
pub const CELL_H: u32 = 18;
const FONT_SIZE: u32 = 15;
/// From the top of a cell to the text's baseline.
const BASELINE: u32 = 14;
/// Margin around the grid, inside the window.
const PAD: u32 = 10;
/// Height of the window's title bar (when there is one).
const BAR: u32 = 28;

/// The colours of a terminal: its default text and background, and the 16 named ANSI colours
/// (black, red, green, yellow, blue, magenta, cyan, white, then their bright forms).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Palette {
    pub fg: (u8, u8, u8),
    pub bg: (u8, u8, u8),
    pub ansi: [(u8, u8, u8); 16],
}

impl Palette {
    /// The dark terminal the pictures are taken in: VS Code's integrated terminal (Dark+), a
    /// palette many people see every day, whose blue and dark gray stay readable on its
    /// background (xterm's blue, 0 0 238, hardly does).
    pub const DARK: Palette = Palette {
        fg: (0xcc, 0xcc, 0xcc),
        bg: (0x1e, 0x1e, 0x1e),
        ansi: [
            (0x00, 0x00, 0x00),
            (0xcd, 0x31, 0x31),
            (0x0d, 0xbc, 0x79),
            (0xe5, 0xe5, 0x10),
            (0x24, 0x72, 0xc8),
            (0xbc, 0x3f, 0xbc),
            (0x11, 0xa8, 0xcd),
            (0xe5, 0xe5, 0xe5),
            (0x66, 0x66, 0x66),
            (0xf1, 0x4c, 0x4c),
            (0x23, 0xd1, 0x8b),
            (0xf5, 0xf5, 0x43),
            (0x3b, 0x8e, 0xea),
            (0xd6, 0x70, 0xd6),
            (0x29, 0xb8, 0xdb),
            (0xff, 0xff, 0xff),
        ],
    };

    /// The colour a terminal with this palette shows for `c`; `Reset` is `default` (the
    /// palette's text or background colour, whichever the cell asks for).
    pub fn rgb(&self, c: Color, default: (u8, u8, u8)) -> (u8, u8, u8) {
        let named = |i: usize| self.ansi[i];
        match c {
            Color::Reset => default,
            Color::Black => named(0),
            Color::Red => named(1),
            Color::Green => named(2),
            Color::Yellow => named(3),
            Color::Blue => named(4),
            Color::Magenta => named(5),
            Color::Cyan => named(6),
            Color::Gray => named(7),
            Color::DarkGray => named(8),
            Color::LightRed => named(9),
            Color::LightGreen => named(10),
            Color::LightYellow => named(11),
            Color::LightBlue => named(12),
            Color::LightMagenta => named(13),
            Color::LightCyan => named(14),
            Color::White => named(15),
            Color::Rgb(r, g, b) => (r, g, b),
            Color::Indexed(n) => self.indexed(n),
        }
    }

    /// xterm's 256 colours: the 16 named ones (this palette's, as terminals do), a 6x6x6 cube,
    /// then 24 grays.
    fn indexed(&self, n: u8) -> (u8, u8, u8) {
        const LEVELS: [u8; 6] = [0, 95, 135, 175, 215, 255];
        match n {
            0..=15 => self.ansi[usize::from(n)],
            16..=231 => {
                let i = n - 16;
                (
                    LEVELS[usize::from(i / 36)],
                    LEVELS[usize::from(i / 6 % 6)],
                    LEVELS[usize::from(i % 6)],
                )
            }
            _ => {
                let v = 8 + 10 * (n - 232);
                (v, v, v)
            }
        }
    }
}

/// How the picture looks around the grid.
#[derive(Debug, Clone)]
pub struct Options {
    pub palette: Palette,
    /// A window around the screen: rounded corners and a title bar with this title. None: the
    /// bare grid on the terminal's background.
    pub window: Option<String>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            palette: Palette::DARK,
            window: None,
        }
    }
}

/// `#rrggbb`.
pub fn hex((r, g, b): (u8, u8, u8)) -> String {
    format!("#{r:02x}{g:02x}{b:02x}")
}

/// `s` made safe inside an XML element or a quoted attribute.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Control characters are not allowed in XML 1.0; a cell should never hold one, but
            // a picture must stay a valid file whatever the buffer holds.
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// What a cell looks like, with `Reset` and `REVERSED` resolved: cells that look alike share
/// one run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Look {
    fg: (u8, u8, u8),
    bg: (u8, u8, u8),
    bold: bool,
    italic: bool,
    underline: bool,
    crossed: bool,
    dim: bool,
}

fn look(palette: &Palette, fg: Color, bg: Color, m: Modifier) -> Look {
    let mut fg = palette.rgb(fg, palette.fg);
    let mut bg = palette.rgb(bg, palette.bg);
    if m.contains(Modifier::REVERSED) {
        std::mem::swap(&mut fg, &mut bg);
    }
    Look {
        fg,
        bg,
        bold: m.contains(Modifier::BOLD),
        italic: m.contains(Modifier::ITALIC),
        underline: m.contains(Modifier::UNDERLINED),
        crossed: m.contains(Modifier::CROSSED_OUT),
        dim: m.contains(Modifier::DIM),
    }
}

/// A run of cells on one row that look alike: the first column, how many cells, their text.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Run {
    x: u16,
    cells: u16,
    text: String,
    look: Look,
}

/// Row `y` of `buf` as runs of cells that look alike. A wide symbol (two cells) takes the cell
/// after it, which ratatui leaves blank; a hidden cell shows nothing.
fn runs(buf: &Buffer, y: u16, palette: &Palette) -> Vec<Run> {
    let area = buf.area;
    let mut out: Vec<Run> = Vec::new();
    let mut x = 0;
    while x < area.width {
        let cell = &buf[(area.x + x, area.y + y)];
        let m = cell.modifier;
        let mut symbol = cell.symbol();
        if m.contains(Modifier::HIDDEN) || symbol.is_empty() {
            symbol = " ";
        }
        let width = (symbol.width().max(1) as u16).min(area.width - x);
        let l = look(palette, cell.fg, cell.bg, m);
        match out.last_mut() {
            Some(run) if run.look == l => {
                run.cells += width;
                run.text.push_str(symbol);
            }
            _ => out.push(Run {
                x,
                cells: width,
                text: symbol.to_string(),
                look: l,
            }),
        }
        x += width;
    }
    out
}

/// Whether a run's text is only spaces: its background is drawn, its text is not (unless a
/// line through or under it shows).
fn blank(run: &Run) -> bool {
    run.text.chars().all(|c| c == ' ') && !run.look.underline && !run.look.crossed
}

/// `buf` as an SVG document.
pub fn svg(buf: &Buffer, options: &Options) -> String {
    let p = &options.palette;
    let (cols, rows) = (u32::from(buf.area.width), u32::from(buf.area.height));
    let bar = if options.window.is_some() { BAR } else { 0 };
    let (gx, gy) = (PAD, bar + PAD);
    let (w, h) = (cols * CELL_W + 2 * PAD, rows * CELL_H + 2 * PAD + bar);
    let mut s = String::new();
    let _ = writeln!(
        s,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}" font-family="'DejaVu Sans Mono', Menlo, Consolas, 'Liberation Mono', monospace" font-size="{FONT_SIZE}" xml:space="preserve">"#
    );
    let bg = hex(p.bg);
    match &options.window {
        Some(title) => {
            let _ = writeln!(
                s,
                r##"<rect width="{w}" height="{h}" rx="8" fill="{bg}" stroke="#3c3c3c"/>"##
            );
            for (i, c) in ["#ff5f57", "#febc2e", "#28c840"].iter().enumerate() {
                let cx = 18 + 20 * i;
                let _ = writeln!(s, r#"<circle cx="{cx}" cy="14" r="6" fill="{c}"/>"#);
            }
            let _ = writeln!(
                s,
                r##"<text x="{}" y="19" fill="#8c8c8c" text-anchor="middle">{}</text>"##,
                w / 2,
                escape(title)
            );
        }
        None => {
            let _ = writeln!(s, r#"<rect width="{w}" height="{h}" fill="{bg}"/>"#);
        }
    }
    let rows_runs: Vec<Vec<Run>> = (0..buf.area.height).map(|y| runs(buf, y, p)).collect();
    // Backgrounds first, all of them, so that no row's rectangle covers the text of another.
    for (y, row) in rows_runs.iter().enumerate() {
        for run in row.iter().filter(|r| r.look.bg != p.bg) {
            let _ = writeln!(
                s,
                r#"<rect x="{}" y="{}" width="{}" height="{CELL_H}" fill="{}"/>"#,
                gx + u32::from(run.x) * CELL_W,
                gy + y as u32 * CELL_H,
                u32::from(run.cells) * CELL_W,
                hex(run.look.bg)
            );
        }
    }
    for (y, row) in rows_runs.iter().enumerate() {
        for run in row.iter().filter(|r| !blank(r)) {
            text(&mut s, run, gx, gy + y as u32 * CELL_H + BASELINE);
        }
    }
    s.push_str("</svg>\n");
    s
}

/// One run's `<text>`, at its cells' left edge on the baseline `y`.
fn text(s: &mut String, run: &Run, gx: u32, y: u32) {
    let l = &run.look;
    // Spaces at either end show nothing (unless a line runs through or under them): left out,
    // for smaller files; a space is one cell, so the columns stay exact.
    let (mut body, mut x, mut cells) = (run.text.as_str(), u32::from(run.x), u32::from(run.cells));
    if !l.underline && !l.crossed {
        let trimmed = body.trim_start_matches(' ');
        x += (body.len() - trimmed.len()) as u32;
        cells -= (body.len() - trimmed.len()) as u32;
        body = trimmed.trim_end_matches(' ');
        cells -= (trimmed.len() - body.len()) as u32;
    }
    if body.is_ascii() {
        // A monospace font draws ASCII at one advance: textLength only absorbs the difference
        // between that advance and the cell.
        let _ = write!(
            s,
            r#"<text x="{}" y="{y}" textLength="{}" fill="{}""#,
            gx + x * CELL_W,
            cells * CELL_W,
            hex(l.fg)
        );
    } else {
        // Box drawing, arrows and the like may come from another font with another advance,
        // and stretching a run spreads the error unevenly: each glyph is put on its own cell.
        let _ = write!(s, r#"<text x=""#);
        let mut cx = x;
        for (i, c) in body.chars().enumerate() {
            if i > 0 {
                s.push(' ');
            }
            let _ = write!(s, "{}", gx + cx * CELL_W);
            cx += UnicodeWidthChar::width(c).unwrap_or(0) as u32;
        }
        let _ = write!(s, r#"" y="{y}" fill="{}""#, hex(l.fg));
    }
    if l.bold {
        s.push_str(r#" font-weight="bold""#);
    }
    if l.italic {
        s.push_str(r#" font-style="italic""#);
    }
    match (l.underline, l.crossed) {
        (true, true) => s.push_str(r#" text-decoration="underline line-through""#),
        (true, false) => s.push_str(r#" text-decoration="underline""#),
        (false, true) => s.push_str(r#" text-decoration="line-through""#),
        (false, false) => {}
    }
    if l.dim {
        s.push_str(r#" fill-opacity="0.6""#);
    }
    let _ = writeln!(s, ">{}</text>", escape(body));
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::layout::Rect;
    use ratatui::style::Style;

    fn buffer(width: u16, lines: &[(&str, Style)]) -> Buffer {
        let mut buf = Buffer::empty(Rect::new(0, 0, width, 1));
        let mut x = 0;
        for (text, style) in lines {
            buf.set_string(x, 0, text, *style);
            x += text.width() as u16;
        }
        buf
    }

    #[test]
    fn text_is_escaped_for_xml() {
        assert_eq!(
            escape(r#"<a href="x">Tom & 'Jerry'</a>"#),
            "&lt;a href=&quot;x&quot;&gt;Tom &amp; &apos;Jerry&apos;&lt;/a&gt;"
        );
        assert_eq!(escape("bell\u{7}"), "bell ");
        let buf = buffer(10, &[("a<b&c", Style::default())]);
        let svg = svg(&buf, &Options::default());
        assert!(svg.contains(">a&lt;b&amp;c</text>"), "{svg}");
    }

    #[test]
    fn cells_of_one_style_are_one_run_and_a_new_style_starts_another() {
        let red = Style::default().fg(Color::Red);
        let buf = buffer(
            12,
            &[("ab", red), ("cd", red), ("ef", Style::default().bold())],
        );
        let r = runs(&buf, 0, &Palette::DARK);
        let texts: Vec<(u16, u16, &str)> =
            r.iter().map(|r| (r.x, r.cells, r.text.as_str())).collect();
        assert_eq!(texts, [(0, 4, "abcd"), (4, 2, "ef"), (6, 6, "      ")]);
        let svg = svg(&buf, &Options::default());
        // Two texts (the trailing blank run is not drawn), no background rectangles but the
        // picture's own.
        assert_eq!(svg.matches("<text").count(), 2, "{svg}");
        assert_eq!(svg.matches("<rect").count(), 1, "{svg}");
        assert!(
            svg.contains(r##"textLength="36" fill="#cd3131">abcd<"##),
            "{svg}"
        );
        assert!(svg.contains(r#"font-weight="bold">ef<"#), "{svg}");
    }

    #[test]
    fn a_background_is_one_rectangle_per_run_even_across_spaces() {
        let sel = Style::default().bg(Color::DarkGray).fg(Color::White);
        let buf = buffer(10, &[("x", Style::default()), ("ab  cd", sel)]);
        let svg = svg(&buf, &Options::default());
        let rects: Vec<&str> = svg.lines().filter(|l| l.contains("#666666")).collect();
        assert_eq!(
            rects,
            [r##"<rect x="19" y="10" width="54" height="18" fill="#666666"/>"##]
        );
    }

    #[test]
    fn a_wide_symbol_takes_two_cells_and_keeps_the_columns() {
        let buf = buffer(6, &[("日x", Style::default())]);
        let r = runs(&buf, 0, &Palette::DARK);
        assert_eq!(r[0].text, "日x   ");
        assert_eq!(r[0].cells, 6);
        // Each glyph of a run that is not ASCII sits on its own cell.
        let svg = svg(&buf, &Options::default());
        assert!(
            svg.contains(r##"<text x="10 28" y="24" fill="#cccccc">日x</text>"##),
            "{svg}"
        );
    }

    #[test]
    fn colours_map_by_the_palette_the_xterm_table_and_as_they_are() {
        let p = Palette::DARK;
        let d = (1, 2, 3);
        assert_eq!(p.rgb(Color::Reset, d), d);
        assert_eq!(p.rgb(Color::Red, d), (0xcd, 0x31, 0x31));
        assert_eq!(p.rgb(Color::DarkGray, d), p.ansi[8]);
        assert_eq!(p.rgb(Color::White, d), p.ansi[15]);
        assert_eq!(p.rgb(Color::Gray, d), p.ansi[7]);
        assert_eq!(p.rgb(Color::Indexed(1), d), p.ansi[1]);
        assert_eq!(p.rgb(Color::Indexed(16), d), (0, 0, 0));
        assert_eq!(p.rgb(Color::Indexed(208), d), (255, 135, 0));
        assert_eq!(p.rgb(Color::Indexed(231), d), (255, 255, 255));
        assert_eq!(p.rgb(Color::Indexed(232), d), (8, 8, 8));
        assert_eq!(p.rgb(Color::Indexed(255), d), (238, 238, 238));
        assert_eq!(p.rgb(Color::Rgb(0, 255, 0), d), (0, 255, 0));
        assert_eq!(hex((0, 255, 16)), "#00ff10");
    }

    #[test]
    fn reversed_swaps_text_and_background_after_reset_is_resolved() {
        let l = look(
            &Palette::DARK,
            Color::Reset,
            Color::Reset,
            Modifier::REVERSED,
        );
        assert_eq!((l.fg, l.bg), (Palette::DARK.bg, Palette::DARK.fg));
        let buf = buffer(3, &[("r", Style::default().reversed())]);
        let svg = svg(&buf, &Options::default());
        assert!(svg.contains(r##"fill="#cccccc"/>"##), "{svg}");
        assert!(svg.contains(r##"fill="#1e1e1e">r</text>"##), "{svg}");
    }

    #[test]
    fn the_window_has_a_title_and_the_grid_moves_below_its_bar() {
        let buf = buffer(4, &[("ok", Style::default())]);
        let options = Options {
            window: Some("dockhand <demo>".into()),
            ..Options::default()
        };
        let svg = svg(&buf, &options);
        assert!(svg.contains(">dockhand &lt;demo&gt;</text>"), "{svg}");
        assert!(svg.contains(r#"<text x="10" y="52""#), "{svg}");
        assert!(svg.starts_with("<svg ") && svg.ends_with("</svg>\n"));
        // The same buffer, the same bytes.
        assert_eq!(svg, super::svg(&buf, &options));
    }
}
