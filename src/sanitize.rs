//! Makes text from the engine safe to put in a terminal cell.
//!
//! Names, images, labels and error messages come from the engine and, through it, from whoever
//! created the container. A control character or an escape sequence in them must never reach
//! the terminal: it could move the cursor, retitle the window or write to the clipboard. Each
//! such character is shown as a visible escape (`\x1b`) instead.

use std::borrow::Cow;
use std::fmt::Write;

/// True for characters that must not be printed as they are.
fn is_unsafe(c: char) -> bool {
    c.is_control()
        // Bidirectional overrides and isolates can make text read differently than it is.
        || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// The text with every unsafe character replaced by a visible escape.
pub fn clean(s: &str) -> Cow<'_, str> {
    if !s.chars().any(is_unsafe) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if is_unsafe(c) {
            let n = c as u32;
            if n <= 0xff {
                let _ = write!(out, "\\x{n:02x}");
            } else {
                let _ = write!(out, "\\u{{{n:x}}}");
            }
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_is_untouched() {
        assert!(matches!(clean("web-1 ünïcödé 🚢"), Cow::Borrowed(_)));
    }

    #[test]
    fn controls_become_visible() {
        assert_eq!(clean("a\x1b[2Jb"), "a\\x1b[2Jb");
        assert_eq!(clean("x\ry\n"), "x\\x0dy\\x0a");
        assert_eq!(clean("\u{9b}31m"), "\\x9b31m");
        assert_eq!(clean("\u{7f}"), "\\x7f");
        assert_eq!(clean("a\u{202e}b"), "a\\u{202e}b");
    }

    #[test]
    fn output_never_holds_a_control_character() {
        // Every code point below 0x3000 once, in one string.
        let all: String = (0u32..0x3000).filter_map(char::from_u32).collect();
        let out = clean(&all);
        assert!(!out.chars().any(is_unsafe));
    }
}
