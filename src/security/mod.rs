//! What makes a container dangerous to its host, from its inspect document: findings, each
//! with a severity, why it matters, and the fix as the `docker run` flag and the compose key.
//!
//! The rules live in one table ([`rules::RULES`]): an id, a severity, a test on the inspect
//! data, the sentence and the fix. A test returns `None` when the container is fine, else what
//! it found (`SYS_ADMIN, NET_ADMIN`, `/var/run/docker.sock`), so one rule can say precisely
//! what it saw. Works on created containers as on running ones: only the configuration is read.
//!
//! A rule is silenced for one container by its label `dockhand.security.ignore` (rule ids,
//! separated by commas), or everywhere by the config's `[security] ignore`.
//!
//! The engine itself is judged too ([`engine`]): its settings from `/info`, by a table of its
//! own, silenced by the same `[security] ignore`.
//!
//! Pure: no I/O; the inspect documents come from the engine through the app.

pub mod engine;
mod rules;
#[cfg(test)]
mod tests;

pub use rules::RULES;

use crate::json::Json;

/// The label that silences rules on one container: `dockhand.security.ignore=root-user,...`.
pub const IGNORE_LABEL: &str = "dockhand.security.ignore";

/// How much a finding matters: what it hands to whoever controls the container.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// The host itself (root on it, its engine, its kernel).
    High,
    /// Much of the host, or other containers, or the network around it.
    Medium,
    /// Defence in depth: what would limit the harm of a break-in.
    Low,
}

impl Severity {
    pub fn word(self) -> &'static str {
        match self {
            Severity::High => "high",
            Severity::Medium => "medium",
            Severity::Low => "low",
        }
    }
}

/// One rule of the table.
pub struct Rule {
    /// Stable, for silencing: `privileged`, `engine-socket`, ...
    pub id: &'static str,
    pub severity: Severity,
    /// What was found, in a few words: `Privileged`.
    pub title: &'static str,
    /// Why it matters, in one sentence.
    pub why: &'static str,
    /// The fix as a `docker run` flag...
    pub fix_run: &'static str,
    /// ...and as a compose key.
    pub fix_compose: &'static str,
    /// `None`: the container is fine; else what was seen.
    pub test: fn(&Json) -> Option<String>,
    /// Where in the inspect document it looks (jq syntax), for copying from the summary.
    pub path: &'static str,
}

impl std::fmt::Debug for Rule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.id)
    }
}

/// A rule a container breaks, with what was seen.
#[derive(Debug, Clone)]
pub struct Finding {
    pub rule: &'static Rule,
    /// What the test saw (empty when the title says it all).
    pub detail: String,
}

impl PartialEq for Finding {
    fn eq(&self, other: &Self) -> bool {
        self.rule.id == other.rule.id && self.detail == other.detail
    }
}

impl Eq for Finding {}

/// The findings of one container (its inspect document `c`), the worst first, without the
/// rules its label or `ignored` (the config's) silence.
pub fn findings(c: &Json, ignored: &[String]) -> Vec<Finding> {
    let by_label: Vec<String> = c
        .at(&["Config", "Labels", IGNORE_LABEL])
        .and_then(Json::as_str)
        .map(|l| l.split(',').map(|s| s.trim().to_string()).collect())
        .unwrap_or_default();
    let silenced = |id: &str| by_label.iter().chain(ignored).any(|s| s == id);
    let mut out: Vec<Finding> = RULES
        .iter()
        .filter(|r| !silenced(r.id))
        .filter_map(|r| (r.test)(c).map(|detail| Finding { rule: r, detail }))
        .collect();
    // Stable: the table's order within a severity.
    out.sort_by_key(|f| f.rule.severity);
    out
}

/// The rule with this id, if there is one (config checks).
pub fn rule(id: &str) -> Option<&'static Rule> {
    RULES.iter().find(|r| r.id == id)
}

/// Every rule id `[security] ignore` accepts: the container rules', then the engine's.
pub fn rule_ids() -> impl Iterator<Item = &'static str> {
    RULES
        .iter()
        .map(|r| r.id)
        .chain(engine::ENGINE_RULES.iter().map(|r| r.id))
}
