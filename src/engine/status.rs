//! Reads the engine's human status text (`Up 3 hours (healthy)`, `Exited (137) 2 days ago`).
//!
//! The container list carries no start or finish time, only this text. Asking for them would cost
//! one inspect per container, so the list reads what it can from the text: exit code, health, and
//! roughly how long the container has been in its state. Events later make the time exact.

use super::model::Health;

/// What the status text says beyond the state itself.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct StatusFacts {
    pub exit_code: Option<i64>,
    pub health: Option<Health>,
    /// How long ago the container entered its state, in seconds (as coarse as the text).
    pub age_secs: Option<i64>,
}

pub fn parse_status(text: &str) -> StatusFacts {
    let t = text.trim();
    let mut facts = StatusFacts::default();
    let lower = t.to_ascii_lowercase();
    if lower.contains("(healthy)") {
        facts.health = Some(Health::Healthy);
    } else if lower.contains("(unhealthy)") {
        facts.health = Some(Health::Unhealthy);
    } else if lower.contains("(health: starting)") {
        facts.health = Some(Health::Starting);
    }
    if let Some(rest) = strip_prefix_ci(t, "up ") {
        facts.age_secs = parse_human_duration(until_paren(rest));
    } else if let Some(rest) =
        strip_prefix_ci(t, "exited ").or_else(|| strip_prefix_ci(t, "restarting "))
    {
        // `(137) 2 days ago`
        let rest = rest.trim_start();
        if let Some(inner) = rest.strip_prefix('(') {
            if let Some(end) = inner.find(')') {
                facts.exit_code = inner[..end].trim().parse().ok();
                let after = inner[end + 1..].trim();
                let after = after.strip_suffix(" ago").unwrap_or(after);
                facts.age_secs = parse_human_duration(after);
            }
        }
    }
    facts
}

fn strip_prefix_ci<'a>(s: &'a str, prefix: &str) -> Option<&'a str> {
    let head = s.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| &s[prefix.len()..])
}

fn until_paren(s: &str) -> &str {
    s.split('(').next().unwrap_or(s).trim()
}

/// Reads the duration words of Docker's `HumanDuration` (and podman's, which are the same).
pub fn parse_human_duration(s: &str) -> Option<i64> {
    let s = s.trim().to_ascii_lowercase();
    match s.as_str() {
        "less than a second" => return Some(0),
        "about a minute" => return Some(60),
        "about an hour" => return Some(3600),
        _ => {}
    }
    let mut words = s.split_whitespace();
    let n: i64 = match words.next()? {
        "a" | "an" => 1,
        w => w.parse().ok()?,
    };
    let unit = words.next()?;
    let secs = match unit.trim_end_matches('s') {
        "second" => 1,
        "minute" => 60,
        "hour" => 3600,
        "day" => 86_400,
        "week" => 7 * 86_400,
        "month" => 30 * 86_400,
        "year" => 365 * 86_400,
        _ => return None,
    };
    Some(n * secs)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn running_with_health() {
        let f = parse_status("Up 3 hours (healthy)");
        assert_eq!(f.health, Some(Health::Healthy));
        assert_eq!(f.age_secs, Some(3 * 3600));
        assert_eq!(f.exit_code, None);
        assert_eq!(
            parse_status("Up 2 minutes (health: starting)").health,
            Some(Health::Starting)
        );
        assert_eq!(
            parse_status("Up About an hour (unhealthy)").health,
            Some(Health::Unhealthy)
        );
        assert_eq!(parse_status("Up About an hour").age_secs, Some(3600));
        assert_eq!(parse_status("Up 5 seconds (Paused)").age_secs, Some(5));
        assert_eq!(parse_status("Up Less than a second").age_secs, Some(0));
    }

    #[test]
    fn exited_and_restarting() {
        let f = parse_status("Exited (137) 2 days ago");
        assert_eq!(f.exit_code, Some(137));
        assert_eq!(f.age_secs, Some(2 * 86_400));
        let f = parse_status("Restarting (1) 5 seconds ago");
        assert_eq!(f.exit_code, Some(1));
        assert_eq!(f.age_secs, Some(5));
        let f = parse_status("Exited (0) About a minute ago");
        assert_eq!(f.exit_code, Some(0));
        assert_eq!(f.age_secs, Some(60));
    }

    #[test]
    fn texts_without_facts() {
        assert_eq!(parse_status("Created"), StatusFacts::default());
        assert_eq!(parse_status("Removal In Progress"), StatusFacts::default());
        assert_eq!(parse_status(""), StatusFacts::default());
        assert_eq!(parse_status("Exited (x"), StatusFacts::default());
        assert_eq!(parse_status("Up"), StatusFacts::default());
    }
}
