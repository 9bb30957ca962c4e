//! Colours: two built-in themes, `dark` and `light`, with the config's `[theme]` table on top.
//! Every colour that carries meaning (state, errors) lives here, so a light or a dark terminal
//! can be served by the config alone.
//!
//! The built-in colours are 256-colour indices from 16 to 255 (the xterm colour cube and grey
//! ramp), never the 16 palette colours and never `#rrggbb`: a terminal paints palette colours
//! 0–15 as its own scheme says (so no contrast can be promised for them), while indices 16–255
//! have standard RGB values (xterm's, which nearly every terminal keeps) and also work on
//! terminals without truecolor. `contrast` checks every pair the interface paints against the
//! backgrounds each theme is made for; `osc` asks the terminal for its background, for `auto`.
//!
//! `NO_COLOR` wins over all of it: the theme is then monochrome (bold, reverse, underline).

pub mod contrast;
pub mod osc;

use std::collections::BTreeMap;

use ratatui::style::{Color, Modifier, Style};
use serde::Deserialize;

/// `[general] theme`: which built-in theme the colours start from.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ThemeName {
    /// Light on a terminal whose background is light (asked with OSC 11), dark otherwise.
    #[default]
    Auto,
    Dark,
    Light,
}

impl ThemeName {
    /// The built-in theme this name settles to, with `auto`'s choice given.
    pub fn settle(self, auto: Builtin) -> Builtin {
        match self {
            ThemeName::Auto => auto,
            ThemeName::Dark => Builtin::Dark,
            ThemeName::Light => Builtin::Light,
        }
    }
}

/// One of the built-in themes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Builtin {
    /// For a dark terminal background (and the fallback when the background is not known).
    #[default]
    Dark,
    /// For a light terminal background.
    Light,
}

impl Builtin {
    pub const ALL: [Builtin; 2] = [Builtin::Dark, Builtin::Light];

    pub fn name(self) -> &'static str {
        match self {
            Builtin::Dark => "dark",
            Builtin::Light => "light",
        }
    }
}

/// Colours given in the config's `[theme]` table, by key, already checked.
pub type Overrides = BTreeMap<String, Color>;

macro_rules! theme {
    ($( $field:ident = $dark:literal, $light:literal, $doc:literal; )*) => {
        /// Resolved colours.
        #[derive(Clone, Debug, PartialEq, Eq)]
        pub struct Theme {
            $( #[doc = $doc] pub $field: Color, )*
            /// True when `NO_COLOR` is set: only bold, reverse and underline remain.
            pub monochrome: bool,
        }

        impl Theme {
            /// (name, dark, light, description) of every key, for the example config, the
            /// contrast test and their checks.
            pub const KEYS: &'static [(&'static str, &'static str, &'static str, &'static str)] =
                &[$( (stringify!($field), $dark, $light, $doc) ),*];

            /// A built-in theme, in colour.
            pub fn built_in(which: Builtin) -> Self {
                let pick = |dark: &str, light: &str| {
                    let s = match which {
                        Builtin::Dark => dark,
                        Builtin::Light => light,
                    };
                    parse_color(s).unwrap_or(Color::Reset)
                };
                Self { $( $field: pick($dark, $light), )* monochrome: false }
            }

            fn set(&mut self, key: &str, c: Color) -> bool {
                match key {
                    $( stringify!($field) => { self.$field = c; true } )*
                    _ => false,
                }
            }

            /// The colour named `key`, if there is one.
            pub fn get(&self, key: &str) -> Option<Color> {
                match key {
                    $( stringify!($field) => Some(self.$field), )*
                    _ => None,
                }
            }
        }
    };
}

// name = dark, light, what it colours. The pairs these are painted in, and the backgrounds
// each theme is made for, are in `contrast`; its test holds every pair to 4.5:1.
theme! {
    accent = "80", "24", "Titles, the active sort column and key names in hints";
    header_bg = "24", "25", "Background of the header line";
    header_fg = "231", "231", "Text of the header line";
    selection_bg = "236", "254", "Background of the selected row";
    selection_fg = "231", "16", "Text of the selected row";
    match_fg = "16", "231", "Text of a search match, on accent (the current one) or warning";
    marked = "220", "94", "Rows marked for a bulk action";
    running = "77", "22", "Running containers";
    paused = "220", "94", "Paused containers";
    exited = "210", "124", "Exited containers with a non-zero code, dead containers";
    stopped = "248", "241", "Created containers, and exited ones with code 0";
    transition = "213", "90", "Containers while an action runs on them, restarting ones";
    healthy = "77", "22", "Health: healthy";
    unhealthy = "210", "124", "Health: unhealthy";
    dim = "248", "241", "Secondary text (ids, ages, counts)";
    error = "210", "124", "Error messages and failed results";
    warning = "214", "94", "Warnings (force needed, data that will be lost)";
    success = "77", "22", "Successful results";
    risky = "211", "125", "Settings that weaken a container's isolation, in the inspect summary";
    border = "248", "241", "Borders of panes and dialogs";
}

impl Default for Theme {
    /// The dark theme: what `auto` falls back to.
    fn default() -> Self {
        Self::built_in(Builtin::Dark)
    }
}

impl Theme {
    /// Checks the config's `[theme]` table: every key a colour name, every value a colour;
    /// one message per bad entry.
    pub fn parse_overrides(overrides: &BTreeMap<String, String>) -> Result<Overrides, Vec<String>> {
        let mut good = Overrides::new();
        let mut errors = Vec::new();
        let probe = Theme::default();
        for (key, value) in overrides {
            match parse_color(value) {
                Ok(_) if probe.get(key).is_none() => {
                    let names: Vec<_> = Self::KEYS.iter().map(|k| k.0).collect();
                    errors.push(format!(
                        "[theme] unknown key `{key}`, expected one of: {}",
                        names.join(", ")
                    ));
                }
                Ok(c) => {
                    good.insert(key.clone(), c);
                }
                Err(e) => errors.push(format!("[theme] {key}: {e}")),
            }
        }
        if errors.is_empty() {
            Ok(good)
        } else {
            Err(errors)
        }
    }

    /// The built-in theme `base` with `overrides` on top; monochrome when `no_color`.
    pub fn resolve(base: Builtin, overrides: &Overrides, no_color: bool) -> Self {
        let mut theme = Theme::built_in(base);
        for (key, c) in overrides {
            theme.set(key, *c);
        }
        theme.monochrome = no_color;
        theme
    }

    /// The dark theme with the config's overrides applied; one message per bad entry.
    pub fn with_overrides(
        overrides: &BTreeMap<String, String>,
        no_color: bool,
    ) -> Result<Self, Vec<String>> {
        let o = Self::parse_overrides(overrides)?;
        Ok(Self::resolve(Builtin::Dark, &o, no_color))
    }

    /// A foreground style, or the plain style when colours are off.
    pub fn fg(&self, c: Color) -> Style {
        if self.monochrome {
            Style::default()
        } else {
            Style::default().fg(c)
        }
    }

    pub fn header(&self) -> Style {
        if self.monochrome {
            Style::default().add_modifier(Modifier::REVERSED)
        } else {
            Style::default().fg(self.header_fg).bg(self.header_bg)
        }
    }

    /// A search match: the current one (moved to with next/previous) stands out from the rest.
    pub fn search_match(&self, current: bool) -> Style {
        match (current, self.monochrome) {
            // Without colours the current match is told apart by weight alone.
            (true, true) => Style::default().add_modifier(Modifier::REVERSED | Modifier::BOLD),
            (false, true) => Style::default().add_modifier(Modifier::REVERSED),
            (true, false) => Style::default()
                .fg(self.match_fg)
                .bg(self.accent)
                .add_modifier(Modifier::BOLD),
            (false, false) => Style::default().fg(self.match_fg).bg(self.warning),
        }
    }

    pub fn selection(&self) -> Style {
        if self.monochrome {
            Style::default().add_modifier(Modifier::REVERSED)
        } else {
            Style::default()
                .fg(self.selection_fg)
                .bg(self.selection_bg)
                .add_modifier(Modifier::BOLD)
        }
    }
}

/// `red`, `lightblue`, `#ff8800`, or a 256-colour index such as `208`.
pub fn parse_color(s: &str) -> Result<Color, String> {
    s.trim().parse::<Color>().map_err(|_| {
        format!(
            "`{s}` is not a colour (a name such as \"red\" or \"lightblue\", \"#rrggbb\", or 0-255)"
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_names_hex_and_indexes() {
        assert_eq!(parse_color("red"), Ok(Color::Red));
        assert_eq!(parse_color("#ff8800"), Ok(Color::Rgb(255, 136, 0)));
        assert_eq!(parse_color("208"), Ok(Color::Indexed(208)));
        assert!(parse_color("bluish").is_err());
    }

    #[test]
    fn every_built_in_colour_parses() {
        for (key, dark, light, _) in Theme::KEYS {
            for v in [dark, light] {
                assert!(parse_color(v).is_ok(), "{key} = {v}");
            }
        }
    }

    #[test]
    fn overrides_and_errors() {
        let o = BTreeMap::from([("running".to_string(), "#00ff00".to_string())]);
        let t = Theme::with_overrides(&o, false).expect("valid");
        assert_eq!(t.running, Color::Rgb(0, 255, 0));
        let o = BTreeMap::from([
            ("runing".to_string(), "red".to_string()),
            ("error".to_string(), "reddish".to_string()),
        ]);
        let errs = Theme::with_overrides(&o, false).expect_err("bad");
        assert_eq!(errs.len(), 2);
    }

    #[test]
    fn overrides_go_on_top_of_either_built_in_theme() {
        let o = Theme::parse_overrides(&BTreeMap::from([(
            "accent".to_string(),
            "#123456".to_string(),
        )]))
        .expect("valid");
        let light = Theme::resolve(Builtin::Light, &o, false);
        assert_eq!(light.accent, Color::Rgb(0x12, 0x34, 0x56));
        assert_eq!(light.running, Theme::built_in(Builtin::Light).running);
        assert_ne!(light.running, Theme::built_in(Builtin::Dark).running);
    }

    #[test]
    fn no_color_drops_colours() {
        let t = Theme::with_overrides(&BTreeMap::new(), true).expect("valid");
        assert_eq!(t.fg(t.error), Style::default());
        assert!(t.selection().add_modifier.contains(Modifier::REVERSED));
        for current in [true, false] {
            let s = t.search_match(current);
            assert_eq!((s.fg, s.bg), (None, None), "no colour in a match either");
            assert!(s.add_modifier.contains(Modifier::REVERSED));
        }
    }
}
