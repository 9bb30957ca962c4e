//! Editing a line of text from keys: the filter, prompts, a commit name, a typed confirmation.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// Applies a typing key to `text`: a printable character is added, backspace removes the last
/// one. Returns false for any other key, which the caller handles (enter, esc, arrows).
pub fn edit(text: &mut String, key: &KeyEvent) -> bool {
    match key.code {
        KeyCode::Backspace => {
            text.pop();
            true
        }
        KeyCode::Char(c)
            if !key
                .modifiers
                .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT) =>
        {
            text.push(c);
            true
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn types_and_erases_but_leaves_control_keys() {
        let mut t = String::new();
        for c in ['a', 'B', ' '] {
            assert!(edit(
                &mut t,
                &KeyEvent::new(KeyCode::Char(c), KeyModifiers::SHIFT)
            ));
        }
        assert_eq!(t, "aB ");
        assert!(edit(
            &mut t,
            &KeyEvent::new(KeyCode::Backspace, KeyModifiers::NONE)
        ));
        assert_eq!(t, "aB");
        assert!(!edit(
            &mut t,
            &KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL)
        ));
        assert!(!edit(
            &mut t,
            &KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE)
        ));
        assert_eq!(t, "aB");
    }
}
