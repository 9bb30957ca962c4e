//! Words and numbers as the screen shows them: durations like Docker's, states, ports.

use crate::engine::model::{Container, ContainerState};
pub use crate::units::human_size;

/// Docker's human durations: "Less than a second", "5 seconds", "About a minute", "3 hours",
/// "2 days", "3 weeks", "4 months", "2 years".
pub fn human_duration(secs: i64) -> String {
    let s = secs.max(0);
    let minutes = s / 60;
    let hours = minutes / 60;
    match () {
        _ if s < 1 => "Less than a second".into(),
        _ if s == 1 => "1 second".into(),
        _ if s < 60 => format!("{s} seconds"),
        _ if minutes == 1 => "About a minute".into(),
        _ if minutes < 60 => format!("{minutes} minutes"),
        _ if hours == 1 => "About an hour".into(),
        _ if hours < 48 => format!("{hours} hours"),
        _ if hours < 24 * 7 * 2 => format!("{} days", hours / 24),
        _ if hours < 24 * 30 * 2 => format!("{} weeks", hours / 24 / 7),
        _ if hours < 24 * 365 * 2 => format!("{} months", hours / 24 / 30),
        _ => format!("{} years", hours / 24 / 365),
    }
}

/// The state cell: `running`, `exited (137)`, `running (unhealthy)`.
pub fn state_text(c: &Container) -> String {
    let mut s = c.state.to_string();
    if matches!(c.state, ContainerState::Exited | ContainerState::Restarting) {
        if let Some(code) = c.exit_code {
            s.push_str(&format!(" ({code})"));
        }
    }
    if let Some(h) = c.health {
        if c.state.is_up() {
            s.push_str(&format!(" ({})", h.as_str()));
        }
    }
    s
}

/// The status cell: how long the container has been in its state, from the clock `now`.
pub fn status_text(c: &Container, now: i64) -> String {
    let Some(since) = c.state_since else {
        return match c.state {
            ContainerState::Created => format!("Created {} ago", human_duration(now - c.created)),
            _ => c.status.clone(),
        };
    };
    let age = human_duration(now - since);
    match c.state {
        ContainerState::Running => format!("Up {age}"),
        ContainerState::Paused => format!("Up {age} (paused)"),
        ContainerState::Exited | ContainerState::Dead => format!("Exited {age} ago"),
        ContainerState::Restarting => format!("Restarting, {age} ago"),
        ContainerState::Created => format!("Created {} ago", human_duration(now - c.created)),
        _ => c.status.clone(),
    }
}

/// Published ports, joined; exposed-only ports are left out when any port is published.
pub fn ports_text(c: &Container) -> String {
    let published: Vec<String> = c
        .ports
        .iter()
        .filter(|p| p.public.is_some())
        .map(ToString::to_string)
        .collect();
    if published.is_empty() {
        c.ports
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join(", ")
    } else {
        published.join(", ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_read_like_docker() {
        for (secs, text) in [
            (0, "Less than a second"),
            (1, "1 second"),
            (59, "59 seconds"),
            (60, "About a minute"),
            (119, "About a minute"),
            (120, "2 minutes"),
            (3600, "About an hour"),
            (3 * 3600 + 59, "3 hours"),
            (47 * 3600, "47 hours"),
            (2 * 86_400, "2 days"),
            (14 * 86_400, "2 weeks"),
            (60 * 86_400, "2 months"),
            (800 * 86_400, "2 years"),
        ] {
            assert_eq!(human_duration(secs), text, "{secs}");
        }
    }

    #[test]
    fn durations_round_trip_through_the_parser() {
        use crate::engine::status::parse_human_duration;
        for secs in [
            0, 5, 60, 600, 3600, 7200, 200_000, 1_300_000, 6_000_000, 70_000_000,
        ] {
            let text = human_duration(secs);
            let back = parse_human_duration(&text).expect("parses");
            assert_eq!(human_duration(back), text, "{secs}");
        }
    }
}
