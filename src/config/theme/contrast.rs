//! Contrast, as WCAG 2.x measures it: the relative luminance of a colour, the ratio of two,
//! and the RGB of the colours the built-in themes use (256-colour indices 16–255). Its test
//! holds every pair the interface paints, in both built-in themes, to 4.5:1 (WCAG AA for
//! text); `osc` uses the luminance to call a terminal's background light or dark.

use ratatui::style::Color;

use super::{Builtin, Theme};

/// An sRGB colour.
pub type Rgb = (u8, u8, u8);

/// The RGB of a colour whose value is known: `#rrggbb`, or a 256-colour index from 16 (the
/// xterm cube's 6 levels per channel, then its 24 greys). Palette colours 0–15 and named
/// colours are the terminal's own: `None`.
pub fn rgb_of(c: Color) -> Option<Rgb> {
    const LEVELS: [u8; 6] = [0, 95, 135, 175, 215, 255];
    match c {
        Color::Rgb(r, g, b) => Some((r, g, b)),
        Color::Indexed(i @ 232..=255) => {
            let v = 8 + 10 * (i - 232);
            Some((v, v, v))
        }
        Color::Indexed(i @ 16..=231) => {
            let i = usize::from(i - 16);
            Some((LEVELS[i / 36], LEVELS[(i / 6) % 6], LEVELS[i % 6]))
        }
        _ => None,
    }
}

/// WCAG 2.x relative luminance: 0 for black, 1 for white.
pub fn relative_luminance((r, g, b): Rgb) -> f64 {
    let lin = |v: u8| {
        let s = f64::from(v) / 255.0;
        if s <= 0.04045 {
            s / 12.92
        } else {
            ((s + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b)
}

/// WCAG 2.x contrast ratio, from 1 (the same) to 21 (black and white); order does not matter.
pub fn contrast_ratio(a: Rgb, b: Rgb) -> f64 {
    let (la, lb) = (relative_luminance(a), relative_luminance(b));
    let (hi, lo) = if la > lb { (la, lb) } else { (lb, la) };
    (hi + 0.05) / (lo + 0.05)
}

/// The terminal backgrounds a built-in theme is made for: the plain one and a common tinted
/// one (dark: black and #1e1e1e, the background of many dark schemes; light: white and
/// Solarized Light's #fdf6e3).
pub fn assumed_backgrounds(which: Builtin) -> [(&'static str, Rgb); 2] {
    match which {
        Builtin::Dark => [("#000000", (0, 0, 0)), ("#1e1e1e", (0x1e, 0x1e, 0x1e))],
        Builtin::Light => [
            ("#ffffff", (0xff, 0xff, 0xff)),
            ("#fdf6e3", (0xfd, 0xf6, 0xe3)),
        ],
    }
}

/// Keys painted on a background of the theme's own rather than the terminal's: they are
/// checked against it alone (see [`painted_pairs`]).
const OWN_BACKGROUND: [&str; 5] = [
    "header_bg",
    "header_fg",
    "selection_bg",
    "selection_fg",
    "match_fg",
];

/// Every (foreground, background) pair of colour keys dockhand paints, besides text on the
/// terminal's own background: the header, the selected row (whose cells keep their colours,
/// a running state or a dim id, so every text colour is painted on it too) and search matches.
pub fn painted_pairs() -> Vec<(&'static str, &'static str)> {
    let mut pairs = vec![
        ("header_fg", "header_bg"),
        ("selection_fg", "selection_bg"),
        ("match_fg", "accent"),
        ("match_fg", "warning"),
    ];
    pairs.extend(text_keys().map(|k| (k, "selection_bg")));
    pairs
}

/// Keys of text painted on the terminal's own background.
pub fn text_keys() -> impl Iterator<Item = &'static str> {
    Theme::KEYS
        .iter()
        .map(|k| k.0)
        .filter(|k| !OWN_BACKGROUND.contains(k))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// WCAG AA for normal text.
    const AA: f64 = 4.5;

    #[test]
    fn luminance_and_ratio_match_wcag() {
        assert!((relative_luminance((255, 255, 255)) - 1.0).abs() < 1e-9);
        assert!(relative_luminance((0, 0, 0)).abs() < 1e-9);
        assert!((contrast_ratio((0, 0, 0), (255, 255, 255)) - 21.0).abs() < 1e-9);
        // WebAIM's checker: #767676 on white is 4.54:1, the lightest grey that passes AA.
        let r = contrast_ratio((0x76, 0x76, 0x76), (255, 255, 255));
        assert!((r - 4.54).abs() < 0.01, "{r}");
        assert_eq!(rgb_of(Color::Indexed(16)), Some((0, 0, 0)));
        assert_eq!(rgb_of(Color::Indexed(231)), Some((255, 255, 255)));
        assert_eq!(rgb_of(Color::Indexed(208)), Some((255, 135, 0)));
        assert_eq!(rgb_of(Color::Indexed(244)), Some((128, 128, 128)));
        assert_eq!(rgb_of(Color::Red), None, "the terminal's own red");
    }

    #[test]
    fn every_pair_of_both_built_in_themes_reaches_aa() {
        let mut failures = Vec::new();
        let mut checked = 0;
        for which in Builtin::ALL {
            let t = Theme::built_in(which);
            let rgb = |key: &str| {
                t.get(key).and_then(rgb_of).unwrap_or_else(|| {
                    panic!(
                        "{}: `{key}` must be a colour of known RGB (16-255 or #rrggbb)",
                        which.name()
                    )
                })
            };
            let mut check = |fg: &str, fg_rgb: Rgb, bg: &str, bg_rgb: Rgb| {
                checked += 1;
                let r = contrast_ratio(fg_rgb, bg_rgb);
                if r < AA {
                    failures.push(format!("{}: {fg} on {bg}: {r:.2}:1", which.name()));
                }
            };
            for fg in text_keys() {
                for (name, bg) in assumed_backgrounds(which) {
                    check(fg, rgb(fg), &format!("terminal {name}"), bg);
                }
            }
            for (fg, bg) in painted_pairs() {
                check(fg, rgb(fg), bg, rgb(bg));
            }
        }
        assert!(
            failures.is_empty(),
            "below {AA}:1 (WCAG AA):\n{}",
            failures.join("\n")
        );
        // 15 text keys x (2 backgrounds + the selection) + 4 pairs, in each theme.
        assert_eq!(checked, 2 * (15 * 3 + 4));
    }
}
