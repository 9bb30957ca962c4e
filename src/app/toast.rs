//! Short messages at the bottom of the screen: results of actions, errors, notices. They expire
//! on the clock that ticks arrive with, so tests control time.
//!
//! One message is on screen at a time, the newest: an older one never comes back when a newer
//! one expires (an error would reappear after what fixed it). A message about something that
//! is fixed later (a list the engine could not give, then gave) goes when it is, and errors
//! and warnings go when the user turns to another pane. Every message is also kept in a short
//! history, read in full (wrapped, however long) in the messages view.

use std::collections::VecDeque;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Level {
    Info,
    Success,
    Warning,
    Error,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Toast {
    pub level: Level,
    pub text: String,
    /// When it was raised (the app's clock).
    pub at: i64,
    pub expires_at: i64,
    /// What it is about, when something later can make it untrue (see [`Toasts::resolve`]).
    pub about: Option<String>,
}

/// Messages kept for the messages view; older ones give way.
const HISTORY: usize = 20;

#[derive(Clone, Debug, Default)]
pub struct Toasts {
    shown: Option<Toast>,
    history: VecDeque<Toast>,
    /// The host a message is about when it is not the one on screen (set while the app
    /// handles that host): its text starts with the host's name.
    pub speaker: Option<String>,
}

impl Toasts {
    pub fn push(&mut self, level: Level, text: impl Into<String>, now: i64) {
        self.raise(level, text.into(), now, None);
    }

    /// A message about `about` (such as `list:images`): [`Toasts::resolve`] with the same
    /// word takes it off the screen once its cause is gone.
    pub fn push_about(&mut self, level: Level, text: impl Into<String>, now: i64, about: &str) {
        self.raise(level, text.into(), now, Some(about.to_string()));
    }

    fn raise(&mut self, level: Level, text: String, now: i64, about: Option<String>) {
        let (text, about) = match &self.speaker {
            Some(host) => (
                format!("{host}: {text}"),
                about.map(|a| format!("{host}:{a}")),
            ),
            None => (text, about),
        };
        // Errors stay longer: they are read, not glanced at.
        let ttl = match level {
            Level::Error => 10,
            Level::Warning => 6,
            Level::Info | Level::Success => 4,
        };
        let toast = Toast {
            level,
            text,
            at: now,
            expires_at: now + ttl,
            about,
        };
        self.history.push_back(toast.clone());
        while self.history.len() > HISTORY {
            self.history.pop_front();
        }
        self.shown = Some(toast);
    }

    /// Drops an expired message; true when something changed.
    pub fn expire(&mut self, now: i64) -> bool {
        let expired = self.shown.as_ref().is_some_and(|t| t.expires_at <= now);
        if expired {
            self.shown = None;
        }
        expired
    }

    /// What `about` was about is fixed: its message leaves the screen (it stays in the
    /// history). Only the same host's: `about` is the speaker's, as [`Self::raise`] kept it.
    pub fn resolve(&mut self, about: &str) {
        let about = match &self.speaker {
            Some(host) => format!("{host}:{about}"),
            None => about.to_string(),
        };
        if self
            .shown
            .as_ref()
            .is_some_and(|t| t.about.as_deref() == Some(about.as_str()))
        {
            self.shown = None;
        }
    }

    /// The user turned to another pane: an error or warning raised on the one left is about
    /// what is no longer in front, and leaves the screen (it stays in the history).
    pub fn left_pane(&mut self) {
        if self
            .shown
            .as_ref()
            .is_some_and(|t| matches!(t.level, Level::Error | Level::Warning))
        {
            self.shown = None;
        }
    }

    /// The message on screen, which the status line shows.
    pub fn latest(&self) -> Option<&Toast> {
        self.shown.as_ref()
    }

    /// Every message kept, oldest first.
    pub fn iter(&self) -> impl DoubleEndedIterator<Item = &Toast> {
        self.history.iter()
    }

    pub fn is_empty(&self) -> bool {
        self.history.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_older_error_never_comes_back_when_a_newer_message_expires() {
        let mut t = Toasts::default();
        t.push(Level::Error, "could not remove volume v: in use", 0);
        t.push(Level::Success, "removed volume v", 3);
        assert!(t.expire(7), "the success expires at 7");
        assert!(t.latest().is_none(), "the error it followed stays gone");
        assert_eq!(t.iter().count(), 2, "both are in the history");
    }

    #[test]
    fn a_message_goes_when_its_cause_is_fixed() {
        let mut t = Toasts::default();
        t.push_about(
            Level::Error,
            "could not list images: boom",
            0,
            "list:images",
        );
        t.resolve("list:volumes");
        assert!(t.latest().is_some(), "another cause leaves it");
        t.resolve("list:images");
        assert!(t.latest().is_none());
    }

    #[test]
    fn a_cause_is_fixed_only_by_its_own_host() {
        let mut t = Toasts::default();
        t.push_about(
            Level::Error,
            "could not list images: boom",
            0,
            "list:images",
        );
        t.speaker = Some("db1".into());
        t.resolve("list:images");
        assert!(
            t.latest().is_some(),
            "db1's list does not fix the host on screen's"
        );
        t.push_about(
            Level::Error,
            "could not list images: down",
            0,
            "list:images",
        );
        assert_eq!(
            t.latest().map(|m| m.text.as_str()),
            Some("db1: could not list images: down")
        );
        t.resolve("list:images");
        assert!(t.latest().is_none(), "db1's list fixes db1's");
    }

    #[test]
    fn errors_and_warnings_stay_on_the_pane_they_were_raised_on() {
        let mut t = Toasts::default();
        t.push(Level::Success, "web stopped", 0);
        t.left_pane();
        assert!(t.latest().is_some(), "a result may follow the user");
        t.push(Level::Error, "could not tag: boom", 0);
        t.left_pane();
        assert!(t.latest().is_none());
    }

    #[test]
    fn the_history_is_bounded() {
        let mut t = Toasts::default();
        for i in 0..50 {
            t.push(Level::Info, format!("m{i}"), i);
        }
        assert_eq!(t.iter().count(), HISTORY);
        assert_eq!(t.iter().next_back().map(|m| m.text.as_str()), Some("m49"));
    }
}
