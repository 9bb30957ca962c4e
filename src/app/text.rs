//! Editing a line of text from keys: every prompt, the list filters, a commit name, a typed
//! confirmation. One type, [`LineEdit`], so the same keys work wherever text is typed: a
//! cursor moved by left/right (home/end, `ctrl-a`/`ctrl-e`), `ctrl-u` erases before the cursor,
//! `ctrl-w` the word before it, `ctrl-k` after it, and text offered as a whole (a filter
//! reopened) is selected, so typing replaces it.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// A line being typed: its text, a cursor (in characters), and whether the whole text is
/// selected (the next character typed replaces it).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LineEdit {
    text: String,
    /// Characters before the cursor.
    cursor: usize,
    selected: bool,
}

impl LineEdit {
    /// A line holding `text`, the cursor after it.
    pub fn new(text: impl Into<String>) -> Self {
        let text = text.into();
        let cursor = text.chars().count();
        Self {
            text,
            cursor,
            selected: false,
        }
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }

    /// The cursor's place, in characters from the start.
    pub fn cursor(&self) -> usize {
        self.cursor
    }

    /// True while the whole text is selected (typing replaces it).
    pub fn selected(&self) -> bool {
        self.selected && !self.text.is_empty()
    }

    /// Selects the whole text, the cursor at its end: what is typed next replaces it.
    pub fn select_all(&mut self) {
        self.cursor = self.len();
        self.selected = true;
    }

    /// Replaces the text (a preset, a completion), the cursor after it.
    pub fn set(&mut self, text: impl Into<String>) {
        *self = Self::new(text);
    }

    pub fn clear(&mut self) {
        *self = Self::default();
    }

    fn len(&self) -> usize {
        self.text.chars().count()
    }

    /// Byte offset of character `i`.
    fn byte(&self, i: usize) -> usize {
        self.text
            .char_indices()
            .nth(i)
            .map_or(self.text.len(), |(b, _)| b)
    }

    /// Removes characters `from..to` and puts the cursor at `from`.
    fn cut(&mut self, from: usize, to: usize) {
        let (a, b) = (self.byte(from), self.byte(to));
        self.text.replace_range(a..b, "");
        self.cursor = from;
    }

    /// Where the word before the cursor starts (spaces before it are taken with it, as in a
    /// shell's `ctrl-w`).
    fn word_start(&self) -> usize {
        let chars: Vec<char> = self.text.chars().take(self.cursor).collect();
        let mut i = chars.len();
        while i > 0 && chars[i - 1].is_whitespace() {
            i -= 1;
        }
        while i > 0 && !chars[i - 1].is_whitespace() {
            i -= 1;
        }
        i
    }

    /// Applies an editing key. Returns false for any other key (enter, esc, up, down, tab),
    /// which the caller handles.
    pub fn edit(&mut self, key: &KeyEvent) -> bool {
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        let alt = key.modifiers.contains(KeyModifiers::ALT);
        let selected = std::mem::take(&mut self.selected) && !self.text.is_empty();
        match key.code {
            KeyCode::Char(c) if !ctrl && !alt => {
                if selected {
                    self.clear();
                }
                let at = self.byte(self.cursor);
                self.text.insert(at, c);
                self.cursor += 1;
            }
            KeyCode::Backspace | KeyCode::Delete if selected => self.clear(),
            KeyCode::Char('u') if ctrl && selected => self.clear(),
            KeyCode::Char('w') if ctrl && selected => self.clear(),
            KeyCode::Backspace if self.cursor > 0 => self.cut(self.cursor - 1, self.cursor),
            KeyCode::Delete | KeyCode::Char('d') if (key.code == KeyCode::Delete || ctrl) => {
                if self.cursor < self.len() {
                    self.cut(self.cursor, self.cursor + 1);
                }
            }
            KeyCode::Backspace => {}
            KeyCode::Left if selected => self.cursor = 0,
            KeyCode::Left | KeyCode::Char('b') if key.code == KeyCode::Left || ctrl => {
                self.cursor = self.cursor.saturating_sub(1);
            }
            KeyCode::Right | KeyCode::Char('f') if key.code == KeyCode::Right || ctrl => {
                self.cursor = (self.cursor + 1).min(self.len());
            }
            KeyCode::Home => self.cursor = 0,
            KeyCode::End => self.cursor = self.len(),
            KeyCode::Char('a') if ctrl => self.cursor = 0,
            KeyCode::Char('e') if ctrl => self.cursor = self.len(),
            KeyCode::Char('u') if ctrl => self.cut(0, self.cursor),
            KeyCode::Char('k') if ctrl => {
                let end = self.len();
                self.cut(self.cursor, end);
            }
            KeyCode::Char('w') if ctrl => {
                let from = self.word_start();
                self.cut(from, self.cursor);
            }
            _ => {
                // Not an editing key: the selection stays for the caller's next key.
                self.selected = selected;
                return false;
            }
        }
        true
    }
}

/// Reads as its text (`filter.to_lowercase()`, `commit_as.as_deref()`).
impl std::ops::Deref for LineEdit {
    type Target = str;
    fn deref(&self) -> &str {
        &self.text
    }
}

/// Compares the text, so `assert_eq!(filter, "web")` reads as what is meant.
impl PartialEq<&str> for LineEdit {
    fn eq(&self, other: &&str) -> bool {
        self.text == *other
    }
}

/// Applies a typing key to a plain `text` (always edited at its end): a printable character
/// is added, backspace removes the last one. Returns false for any other key.
pub fn edit(text: &mut String, key: &KeyEvent) -> bool {
    let mut line = LineEdit::new(std::mem::take(text));
    let taken = line.edit(key);
    *text = line.text;
    taken
}

#[cfg(test)]
mod tests {
    use super::*;

    fn k(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    fn ctrl(c: char) -> KeyEvent {
        KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL)
    }

    fn typed(s: &str) -> LineEdit {
        let mut l = LineEdit::default();
        for c in s.chars() {
            assert!(l.edit(&k(KeyCode::Char(c))));
        }
        l
    }

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

    #[test]
    fn left_and_right_move_a_cursor_where_typing_and_erasing_happen() {
        let mut l = typed("héllo");
        assert_eq!(l.cursor(), 5);
        l.edit(&k(KeyCode::Left));
        l.edit(&k(KeyCode::Left));
        l.edit(&k(KeyCode::Char('X')));
        assert_eq!(l, "hélXlo");
        assert_eq!(l.cursor(), 4);
        l.edit(&k(KeyCode::Backspace));
        l.edit(&k(KeyCode::Backspace));
        assert_eq!(l, "hélo");
        l.edit(&k(KeyCode::Delete));
        assert_eq!(l, "héo");
        l.edit(&k(KeyCode::Right));
        l.edit(&k(KeyCode::Right));
        assert_eq!(l.cursor(), 3, "the cursor stops at the end");
    }

    #[test]
    fn ctrl_a_and_ctrl_e_go_to_the_start_and_end() {
        let mut l = typed("web");
        assert!(l.edit(&ctrl('a')));
        assert_eq!(l.cursor(), 0);
        l.edit(&k(KeyCode::Char('>')));
        assert_eq!(l, ">web");
        assert!(l.edit(&ctrl('e')));
        assert_eq!(l.cursor(), 4);
        l.edit(&k(KeyCode::Home));
        assert_eq!(l.cursor(), 0);
        l.edit(&k(KeyCode::End));
        assert_eq!(l.cursor(), 4);
    }

    #[test]
    fn ctrl_u_erases_before_the_cursor_and_ctrl_k_after_it() {
        let mut l = typed("shop-web-1");
        for _ in 0..2 {
            l.edit(&k(KeyCode::Left));
        }
        assert!(l.edit(&ctrl('u')));
        assert_eq!(l, "-1");
        assert_eq!(l.cursor(), 0);
        let mut l = typed("shop-web-1");
        l.edit(&ctrl('a'));
        l.edit(&k(KeyCode::Right));
        assert!(l.edit(&ctrl('k')));
        assert_eq!(l, "s");
    }

    #[test]
    fn ctrl_w_erases_the_word_before_the_cursor() {
        let mut l = typed("since 10m  ");
        assert!(l.edit(&ctrl('w')));
        assert_eq!(l, "since ");
        assert!(l.edit(&ctrl('w')));
        assert_eq!(l, "");
        let mut l = typed("a bc de");
        l.edit(&k(KeyCode::Left));
        l.edit(&k(KeyCode::Left));
        l.edit(&k(KeyCode::Left));
        l.edit(&ctrl('w'));
        assert_eq!(l, "a  de");
        assert_eq!(l.cursor(), 2);
    }

    #[test]
    fn selected_text_is_replaced_by_what_is_typed() {
        let mut l = LineEdit::new("old query");
        l.select_all();
        assert!(l.selected());
        // Keys that are not editing leave the selection for the next one.
        assert!(!l.edit(&k(KeyCode::Enter)));
        assert!(l.selected());
        l.edit(&k(KeyCode::Char('n')));
        assert_eq!(l, "n");
        assert!(!l.selected());
        // Backspace on a selection erases all of it; a move keeps the text.
        let mut l = LineEdit::new("old");
        l.select_all();
        l.edit(&k(KeyCode::Backspace));
        assert_eq!(l, "");
        let mut l = LineEdit::new("old");
        l.select_all();
        l.edit(&k(KeyCode::End));
        l.edit(&k(KeyCode::Char('s')));
        assert_eq!(l, "olds");
    }
}
