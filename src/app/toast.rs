//! Short messages at the bottom of the screen: results of actions, errors, notices. They expire
//! on the clock that ticks arrive with, so tests control time.

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
    pub expires_at: i64,
}

/// At most this many are kept; older ones give way.
const MAX_TOASTS: usize = 4;

#[derive(Clone, Debug, Default)]
pub struct Toasts {
    items: VecDeque<Toast>,
}

impl Toasts {
    pub fn push(&mut self, level: Level, text: impl Into<String>, now: i64) {
        // Errors stay longer: they are read, not glanced at.
        let ttl = match level {
            Level::Error => 10,
            Level::Warning => 6,
            Level::Info | Level::Success => 4,
        };
        self.items.push_back(Toast {
            level,
            text: text.into(),
            expires_at: now + ttl,
        });
        while self.items.len() > MAX_TOASTS {
            self.items.pop_front();
        }
    }

    /// Drops expired messages; true when something changed.
    pub fn expire(&mut self, now: i64) -> bool {
        let before = self.items.len();
        self.items.retain(|t| t.expires_at > now);
        before != self.items.len()
    }

    /// The newest message, which the status line shows.
    pub fn latest(&self) -> Option<&Toast> {
        self.items.back()
    }

    pub fn iter(&self) -> impl Iterator<Item = &Toast> {
        self.items.iter()
    }
}
