//! The `:` command line's words: what can be typed, how it is completed, and what it means.
//!
//! Commands come from the same `actions!` table as the keys ([`command_name`]), so a pane's
//! actions are its commands (`:stop`, `:logs`, `:scale` on the services pane), the panes are
//! theirs (`:containers`, `:events`), the sort keys are `:sort cpu`; a few take an argument and
//! are not keys: `:host NAME`, `:sort COLUMN`, `:filter TEXT`, `:prune KIND`. A pane's own
//! commands are offered on that pane only, where the action would go; the general ones
//! everywhere. Pure: the app runs what [`parse`] gives.

use crate::config::{Action, ListAction, Scope};
use crate::engine::objects::PruneKind;

/// The commands that are not keys, with what they take and do, for completion and help.
pub const EXTRA: &[(&str, &str)] = &[
    (
        "host",
        "host NAME: show that host (its name or a part of it); alone: the host switcher",
    ),
    (
        "sort",
        "sort COLUMN: sort by a column of the pane (cpu, name, state...); again to reverse",
    ),
    (
        "filter",
        "filter TEXT: filter the pane's rows, as / does; alone: clear the filter",
    ),
    (
        "prune",
        "prune KIND: preview a prune of containers, images, unused-images, networks, volumes, all-volumes, build-cache or all",
    ),
];

/// The words `:prune` takes, and what each prunes.
pub const PRUNE_WORDS: &[(&str, PruneKind)] = &[
    ("containers", PruneKind::StoppedContainers),
    ("images", PruneKind::DanglingImages),
    ("unused-images", PruneKind::UnusedImages),
    ("networks", PruneKind::UnusedNetworks),
    ("volumes", PruneKind::AnonymousVolumes),
    ("all-volumes", PruneKind::AllUnusedVolumes),
    ("build-cache", PruneKind::BuildCache),
    ("all", PruneKind::All),
];

/// The scopes whose actions are commands (the others live inside views with their own keys).
fn commandable(scope: Scope) -> bool {
    !matches!(
        scope,
        Scope::Logs | Scope::Inspect | Scope::Dialog | Scope::Events
    )
}

/// The command of an action, or `None` for those that only move the cursor. Its config name,
/// with the pane's own prefix dropped (`project_stop` is `stop` on the projects pane), a pane
/// shown by its name (`show_events` is `events`), a sort as `sort cpu`, `-` for `_`.
pub fn command_name(a: Action) -> Option<String> {
    if !commandable(a.scope()) {
        return None;
    }
    if let Action::List(l) = a {
        use ListAction::*;
        if matches!(
            l,
            Up | Down | PageUp | PageDown | Top | Bottom | Mark | MarkAll | Back | Filter
        ) {
            return None;
        }
    }
    let mut name = a.name();
    for prefix in ["project_", "service_", "task_", "node_", "security_"] {
        if let Some(rest) = name.strip_prefix(prefix) {
            name = rest;
        }
    }
    let name = if let Some(pane) = name.strip_prefix("show_") {
        pane.to_string()
    } else if let Some(column) = name.strip_prefix("sort_") {
        format!("sort {column}")
    } else {
        name.to_string()
    };
    Some(name.replace('_', "-"))
}

/// What a command line asks for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Command {
    Action(Action),
    /// `:sort COLUMN` for a column without a sort key of its own (a column title).
    SortColumn(String),
    Filter(String),
    Host(Option<String>),
    Prune(PruneKind),
}

/// Why a command line cannot be run, worded for the prompt.
pub type Refusal = String;

/// Reads `line` against the commands live in `scopes` (the pane's, then the general ones); a
/// command of another pane is refused with the pane it works on, an unknown one with the
/// nearest command. `allowed` says whether an action may run (read-only hosts).
pub fn parse(
    line: &str,
    scopes: &[Scope],
    allowed: impl Fn(Action) -> bool,
) -> Result<Command, Refusal> {
    let line = line.trim().trim_start_matches(':').trim();
    let (word, rest) = match line.split_once(char::is_whitespace) {
        Some((w, r)) => (w, r.trim()),
        None => (line, ""),
    };
    let word = word.to_lowercase();
    if word.is_empty() {
        return Err("type a command (tab completes)".into());
    }
    match word.as_str() {
        "q" | "q!" | "quit" | "exit" => return Ok(Command::Action(Action::Quit)),
        "host" | "hosts" => {
            return Ok(Command::Host((!rest.is_empty()).then(|| rest.to_string())));
        }
        "filter" => return Ok(Command::Filter(rest.to_string())),
        "prune" => {
            let kind = rest.to_lowercase();
            return PRUNE_WORDS
                .iter()
                .find(|(w, _)| *w == kind)
                .map(|(_, k)| Command::Prune(*k))
                .ok_or_else(|| {
                    let words: Vec<&str> = PRUNE_WORDS.iter().map(|(w, _)| *w).collect();
                    format!("prune what? one of {}", words.join(", "))
                });
        }
        _ => {}
    }
    let full = if rest.is_empty() {
        word.clone()
    } else {
        format!("{word} {}", rest.to_lowercase())
    };
    if let Some(a) = find(&full, scopes) {
        return if allowed(a) {
            Ok(Command::Action(a))
        } else {
            Err(format!(
                "`:{full}` changes the engine: this host is read-only"
            ))
        };
    }
    if word == "sort" && !rest.is_empty() {
        return Ok(Command::SortColumn(rest.to_string()));
    }
    if let Some(a) = Action::ALL
        .iter()
        .copied()
        .find(|a| command_name(*a).as_deref() == Some(full.as_str()))
    {
        let pane = a.scope().title().to_lowercase();
        return Err(format!("`:{full}` works on the {pane} pane"));
    }
    // The nearest by spelling, else the best candidate (`ev` means `events`).
    let guess =
        nearest(&full, &names(scopes)).or_else(|| complete(&full, scopes, &[]).into_iter().next());
    Err(match guess {
        Some(n) => format!("unknown command `{full}`: did you mean `:{n}`?"),
        None => format!("unknown command `{full}`"),
    })
}

/// The action named `name` in the first of `scopes` that has one: a pane's own command wins
/// over a general one of the same name (`:tasks` on the services pane is the service's).
fn find(name: &str, scopes: &[Scope]) -> Option<Action> {
    scopes.iter().find_map(|scope| {
        Action::ALL
            .iter()
            .copied()
            .filter(|a| a.scope() == *scope)
            .find(|a| command_name(*a).as_deref() == Some(name))
    })
}

/// Every command live in `scopes`, each name once, the extras among them.
pub fn names(scopes: &[Scope]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let all = scopes
        .iter()
        .flat_map(|s| Action::ALL.iter().filter(move |a| a.scope() == *s))
        .filter_map(|a| command_name(*a))
        .chain(EXTRA.iter().map(|(n, _)| n.to_string()));
    for name in all {
        if !out.contains(&name) {
            out.push(name);
        }
    }
    out
}

/// What a candidate of [`complete`] does, in a few words, for the list under the line.
pub fn describe(candidate: &str, scopes: &[Scope]) -> String {
    if let Some(a) = find(candidate, scopes) {
        return a.description().to_string();
    }
    if let Some(host) = candidate.strip_prefix("host ") {
        return format!("show host {host}");
    }
    if let Some(kind) = candidate.strip_prefix("prune ") {
        return format!("preview a prune of {kind} (nothing is removed before you confirm)");
    }
    EXTRA
        .iter()
        .find(|(n, _)| *n == candidate)
        .map(|(_, d)| d.to_string())
        .unwrap_or_default()
}

/// The candidates for what is typed, best first: a command starting with it, then one with a
/// word starting with it, then one holding its letters in order (`rst` finds `restart`).
/// After `host `, `prune ` or `sort `, their arguments (`hosts` are the known host names).
pub fn complete(typed: &str, scopes: &[Scope], hosts: &[String]) -> Vec<String> {
    let typed = typed.trim_start_matches(':').to_lowercase();
    let (all, needle): (Vec<String>, &str) = if let Some(rest) = typed.strip_prefix("host ") {
        (hosts.iter().map(|h| format!("host {h}")).collect(), rest)
    } else if let Some(rest) = typed.strip_prefix("prune ") {
        (
            PRUNE_WORDS
                .iter()
                .map(|(w, _)| format!("prune {w}"))
                .collect(),
            rest,
        )
    } else {
        (names(scopes), typed.as_str())
    };
    let needle = needle.trim();
    let prefix_len = typed.len() - needle.len();
    let mut scored: Vec<(u8, usize, usize, String)> = all
        .into_iter()
        .enumerate()
        .filter_map(|(i, c)| {
            let tail = c.get(prefix_len..).unwrap_or(&c).to_lowercase();
            let score = if tail.starts_with(needle) {
                0
            } else if tail
                .split(['-', ' '])
                .any(|w| !needle.is_empty() && w.starts_with(needle))
            {
                1
            } else if subsequence(needle, &tail) {
                2
            } else {
                return None;
            };
            // Then the shortest: what is typed is nearest to being all of it.
            Some((score, c.chars().count(), i, c))
        })
        .collect();
    scored.sort();
    scored.into_iter().map(|(_, _, _, c)| c).collect()
}

/// Whether the letters of `needle` appear in `hay` in order.
fn subsequence(needle: &str, hay: &str) -> bool {
    let mut hay = hay.chars();
    needle.chars().all(|n| hay.any(|h| h == n))
}

/// The name nearest `typed` by edit distance, when it is near enough to be meant.
pub fn nearest(typed: &str, names: &[String]) -> Option<String> {
    names
        .iter()
        .map(|n| (distance(typed, n), n))
        .filter(|(d, n)| *d <= (n.chars().count() / 2).max(2))
        .min_by_key(|(d, _)| *d)
        .map(|(_, n)| n.clone())
}

/// Levenshtein distance, in characters.
fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = if ca == *cb {
                prev
            } else {
                1 + prev.min(row[j]).min(row[j + 1])
            };
            prev = cur;
        }
    }
    row[b.len()]
}

#[cfg(test)]
#[path = "commands_tests.rs"]
mod tests;
