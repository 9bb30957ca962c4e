//! Colours, from the config's `[theme]` table. Every colour that carries meaning (state,
//! errors) lives here, so a light or a dark terminal can be served by the config alone.

use std::collections::BTreeMap;

use ratatui::style::{Color, Modifier, Style};

macro_rules! theme {
    ($( $field:ident = $default:literal, $doc:literal; )*) => {
        /// Resolved colours.
        #[derive(Clone, Debug, PartialEq, Eq)]
        pub struct Theme {
            $( #[doc = $doc] pub $field: Color, )*
            /// True when `NO_COLOR` is set: only bold, reverse and underline remain.
            pub monochrome: bool,
        }

        impl Default for Theme {
            fn default() -> Self {
                Self { $( $field: parse_color($default).unwrap_or(Color::Reset), )* monochrome: false }
            }
        }

        impl Theme {
            /// (name, default, description) of every key, for the example config and its test.
            pub const KEYS: &'static [(&'static str, &'static str, &'static str)] = &[$( (stringify!($field), $default, $doc) ),*];

            fn set(&mut self, key: &str, c: Color) -> bool {
                match key {
                    $( stringify!($field) => { self.$field = c; true } )*
                    _ => false,
                }
            }
        }
    };
}

theme! {
    accent = "cyan", "Titles, the active sort column and key names in hints";
    header_bg = "blue", "Background of the header line";
    header_fg = "white", "Text of the header line";
    selection_bg = "darkgray", "Background of the selected row";
    selection_fg = "white", "Text of the selected row";
    marked = "yellow", "Rows marked for a bulk action";
    running = "green", "Running containers";
    paused = "yellow", "Paused containers";
    exited = "red", "Exited containers with a non-zero code, dead containers";
    stopped = "gray", "Created containers, and exited ones with code 0";
    transition = "magenta", "Containers while an action runs on them, restarting ones";
    healthy = "green", "Health: healthy";
    unhealthy = "red", "Health: unhealthy";
    dim = "gray", "Secondary text (ids, ages, counts)";
    error = "red", "Error messages and failed results";
    warning = "yellow", "Warnings (force needed, data that will be lost)";
    success = "green", "Successful results";
    risky = "lightred", "Settings that weaken a container's isolation, in the inspect summary";
    border = "gray", "Borders of panes and dialogs";
}

impl Theme {
    /// Applies the config's overrides; returns one message per bad entry.
    pub fn with_overrides(
        overrides: &BTreeMap<String, String>,
        no_color: bool,
    ) -> Result<Self, Vec<String>> {
        let mut theme = Theme::default();
        let mut errors = Vec::new();
        for (key, value) in overrides {
            match parse_color(value) {
                Ok(c) => {
                    if !theme.set(key, c) {
                        let names: Vec<_> = Self::KEYS.iter().map(|k| k.0).collect();
                        errors.push(format!(
                            "[theme] unknown key `{key}`, expected one of: {}",
                            names.join(", ")
                        ));
                    }
                }
                Err(e) => errors.push(format!("[theme] {key}: {e}")),
            }
        }
        theme.monochrome = no_color;
        if errors.is_empty() {
            Ok(theme)
        } else {
            Err(errors)
        }
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
        if current {
            Style::default()
                .fg(Color::Black)
                .bg(self.accent)
                .add_modifier(Modifier::BOLD)
        } else if self.monochrome {
            Style::default().add_modifier(Modifier::REVERSED)
        } else {
            Style::default().fg(Color::Black).bg(self.warning)
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
    fn no_color_drops_colours() {
        let t = Theme::with_overrides(&BTreeMap::new(), true).expect("valid");
        assert_eq!(t.fg(t.error), Style::default());
        assert!(t.selection().add_modifier.contains(Modifier::REVERSED));
    }
}
