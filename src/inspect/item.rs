//! One labelled line of a container's summary: its value, the path of the JSON field it comes
//! from (so it can be copied like a tree row), and whether it is risky or a masked secret.
//! Shared by the summary's sections and its security section.

use super::secrets::MASK;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Item {
    pub label: String,
    pub value: String,
    /// Where it comes from in the JSON (jq syntax), for copying.
    pub path: String,
    /// Weakens the container's isolation from the host.
    pub risky: bool,
    /// An environment value whose name looks secret: shown masked until revealed.
    pub secret: bool,
}

impl Item {
    pub(super) fn new(
        label: impl Into<String>,
        value: impl Into<String>,
        path: impl Into<String>,
    ) -> Self {
        Self {
            label: label.into(),
            value: value.into(),
            path: path.into(),
            risky: false,
            secret: false,
        }
    }

    pub(super) fn risky(mut self, risky: bool) -> Self {
        self.risky = risky;
        self
    }

    /// The value as shown (and copied): masked when secret and not revealed.
    pub fn shown(&self, revealed: bool) -> &str {
        if self.secret && !revealed {
            MASK
        } else {
            &self.value
        }
    }
}
