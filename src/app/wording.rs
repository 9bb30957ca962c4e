//! The sentences the user reads about what the engine did: the engine reports what was done
//! as data ([`ObjectAction`] and the object's name, [`SkipReason`] and [`PruneFailure`] of a
//! prune), and the words are chosen here.

use crate::app::logs::clock;
use crate::engine::logs::{LogEnd, LogGap};
use crate::engine::model::{ContainerOp, ObjectAction};
use crate::engine::objects::{PruneFailure, SkipReason, UsedBy};

/// `1 layer`, `3 layers`, `0 volumes`: a count with its noun, singular only for one. (Every
/// noun dockhand counts takes an `s`.)
pub fn count(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

/// The message for an action on an image, volume or network: what was done, or why not (the
/// engine's own words after what could not be done).
pub(super) fn object_outcome(
    action: ObjectAction,
    target: &str,
    result: Result<(), String>,
) -> Result<String, String> {
    match result {
        Ok(()) => Ok(object_done(action, target)),
        Err(e) => Err(format!("could not {} {target}: {e}", object_verb(action))),
    }
}

fn object_done(action: ObjectAction, target: &str) -> String {
    match action {
        ObjectAction::CreateVolume => format!("created volume {target}"),
        ObjectAction::RemoveVolume => format!("removed volume {target}"),
        ObjectAction::CreateNetwork { internal: true } => {
            format!("created internal network {target}")
        }
        ObjectAction::CreateNetwork { internal: false } => format!("created network {target}"),
        ObjectAction::RemoveNetwork => format!("removed network {target}"),
        ObjectAction::ConnectNetwork => format!("connected {target}"),
        ObjectAction::DisconnectNetwork => format!("disconnected {target}"),
        ObjectAction::TagImage => format!("tagged {target}"),
        // Nothing deleted: the name was one tag of an image that has others.
        ObjectAction::RemoveImage { layers_deleted: 0 } => format!("untagged {target}"),
        ObjectAction::RemoveImage { layers_deleted: n } => format!(
            "removed image {target} ({n} layer{} deleted)",
            if n == 1 { "" } else { "s" }
        ),
    }
}

/// What was asked, after "could not".
fn object_verb(action: ObjectAction) -> &'static str {
    match action {
        ObjectAction::CreateVolume => "create volume",
        ObjectAction::RemoveVolume => "remove volume",
        ObjectAction::CreateNetwork { .. } => "create network",
        ObjectAction::RemoveNetwork => "remove network",
        ObjectAction::ConnectNetwork => "connect",
        ObjectAction::DisconnectNetwork => "disconnect",
        ObjectAction::TagImage => "tag",
        ObjectAction::RemoveImage { .. } => "remove image",
    }
}

/// A container action in progress form, for the state column while the engine works.
pub fn op_progress(op: ContainerOp) -> &'static str {
    match op {
        ContainerOp::Start => "starting…",
        ContainerOp::Stop => "stopping…",
        ContainerOp::Restart => "restarting…",
        ContainerOp::Pause => "pausing…",
        ContainerOp::Unpause => "unpausing…",
        ContainerOp::Kill => "killing…",
        ContainerOp::Remove => "removing…",
    }
}

/// A container action in past form, for the result message.
pub fn op_done(op: ContainerOp) -> &'static str {
    match op {
        ContainerOp::Start => "started",
        ContainerOp::Stop => "stopped",
        ContainerOp::Restart => "restarted",
        ContainerOp::Pause => "paused",
        ContainerOp::Unpause => "unpaused",
        ContainerOp::Kill => "killed",
        ContainerOp::Remove => "removed",
    }
}

/// A container committed to an image, then removed: the image is where its changes are now.
pub fn saved_then_removed(container: &str, image: &str) -> String {
    format!("saved {container} as {image}, then removed it")
}

/// A container action as asked, after "could not".
pub fn op_verb(op: ContainerOp) -> &'static str {
    match op {
        ContainerOp::Start => "start",
        ContainerOp::Stop => "stop",
        ContainerOp::Restart => "restart",
        ContainerOp::Pause => "pause",
        ContainerOp::Unpause => "unpause",
        ContainerOp::Kill => "kill",
        ContainerOp::Remove => "remove",
    }
}

/// Why a confirmed prune left an item alone, after the item's name.
pub fn prune_skip(reason: &SkipReason) -> String {
    match reason {
        SkipReason::Gone => "it no longer exists".into(),
        SkipReason::NotStopped { state } => format!("it is {state} now"),
        SkipReason::NowUsedBy(users) => format!("now used by {}", users_list(users)),
        SkipReason::TaggedSince(tags) => {
            format!("it was tagged since the preview ({})", tags.join(", "))
        }
        SkipReason::EngineTooOld { api } => {
            format!("this engine (API {api}) cannot remove a single build cache record")
        }
        SkipReason::KeptByEngine => {
            "the engine kept it: a build uses it now, an image shares it, or it is gone".into()
        }
    }
}

/// Why a confirmed prune could not remove an item, after the item's name.
pub fn prune_failure(failure: &PruneFailure) -> String {
    match failure {
        PruneFailure::Engine(message) => message.clone(),
        PruneFailure::OnlyUntagged(None) => {
            "only its tags were removed: another image is built on it".into()
        }
        PruneFailure::OnlyUntagged(Some(message)) => {
            format!("only its tags were removed: {message}")
        }
    }
}

/// Why a log stopped or could not be read (after "ended: " in the log's title).
pub fn log_end(end: &LogEnd) -> String {
    match end {
        LogEnd::Gone => "the container no longer exists".into(),
        LogEnd::NoReadableLog => "its logging driver keeps no log that can be read back \
                                  (like `docker logs`, dockhand cannot show it)"
            .into(),
        LogEnd::Stopped { status, exit_code } => match (status.as_str(), exit_code) {
            ("exited", Some(code)) => format!("the container exited with code {code}"),
            ("exited", None) => "the container exited".into(),
            ("restarting", _) => "the container is restarting".into(),
            ("dead", _) => "the container is dead".into(),
            ("removing", _) => "the container is being removed".into(),
            ("created", _) => "the container has not started".into(),
            ("", _) => "the container stopped".into(),
            (other, _) => format!("the container is {other}"),
        },
        LogEnd::Restarted => "the container restarted".into(),
        LogEnd::WindowOver => "the chosen time window is over".into(),
        LogEnd::StreamEnded => "the log stream ended".into(),
        LogEnd::Failed(message) => message.clone(),
    }
}

/// The gap a log follow left when it jumped ahead of a flood, as its marker line says it:
/// about how many lines, between which times (UTC, like the timestamp column), and, when
/// `save` is the key that saves this container's whole log, that the lines are there.
pub fn log_gap(gap: &LogGap, save: Option<&str>) -> String {
    let what = match gap.about {
        Some(n) => format!("about {} skipped", about_lines(n)),
        None => "lines skipped".into(),
    };
    // Whole seconds: a gap is a second or more, and the line is long enough.
    let second = |t| clock(t).chars().take(8).collect::<String>();
    let mut s = format!(
        "{what} to keep up ({}–{} UTC)",
        second(gap.after),
        second(gap.before)
    );
    if let Some(key) = save.filter(|k| !k.is_empty()) {
        s.push_str(&format!("; {key} saves the whole log"));
    }
    s
}

/// A count of lines to two significant digits, as people say it: `37 lines`, `1,200 lines`,
/// `450,000 lines`, `4.2 million lines`, `1.3 billion lines`.
pub fn about_lines(n: u64) -> String {
    if n < 100 {
        return if n == 1 {
            "1 line".into()
        } else {
            format!("{n} lines")
        };
    }
    // Two significant digits: the leading two, and how many zeros follow.
    let zeros = n.ilog10() - 1;
    let lead = (n as f64 / 10f64.powi(zeros as i32)).round() as u64;
    // 995 rounds to 100 x 10: one zero more.
    let (lead, zeros) = if lead >= 100 {
        (lead / 10, zeros + 1)
    } else {
        (lead, zeros)
    };
    let value = lead.saturating_mul(10u64.pow(zeros));
    let (unit, name) = match value {
        v if v >= 1_000_000_000 => (1_000_000_000, " billion"),
        v if v >= 1_000_000 => (1_000_000, " million"),
        _ => (1, ""),
    };
    let number = if unit == 1 {
        thousands(value)
    } else if value < unit * 10 {
        // 4.2 million; 4.0 million as 4 million.
        let tenths = value / (unit / 10);
        if tenths % 10 == 0 {
            format!("{}", tenths / 10)
        } else {
            format!("{}.{}", tenths / 10, tenths % 10)
        }
    } else {
        thousands(value / unit)
    };
    format!("{number}{name} lines")
}

/// `1,234,567`.
fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// `web (running), old (stopped)`.
fn users_list(users: &[UsedBy]) -> String {
    let names: Vec<String> = users.iter().map(UsedBy::describe).collect();
    names.join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::Nanos;

    #[test]
    fn counts_of_lines_are_rounded_as_people_say_them() {
        let cases = [
            (0, "0 lines"),
            (1, "1 line"),
            (37, "37 lines"),
            (641, "640 lines"),
            (995, "1,000 lines"),
            (1_249, "1,200 lines"),
            (45_310, "45,000 lines"),
            (449_999, "450,000 lines"),
            (999_999, "1 million lines"),
            (4_180_000, "4.2 million lines"),
            (4_020_000, "4 million lines"),
            (42_400_000, "42 million lines"),
            (424_000_000, "420 million lines"),
            (1_260_000_000, "1.3 billion lines"),
            (u64::MAX, "18,000,000,000 billion lines"),
        ];
        for (n, want) in cases {
            assert_eq!(about_lines(n), want, "{n}");
        }
    }

    #[test]
    fn a_gap_says_how_many_when_and_how_to_get_them() {
        // 2025-11-29T07:06:41.1Z.
        let at = Nanos::from_secs(1_764_400_001).plus(100_000_000);
        let gap = LogGap {
            after: at,
            before: at.plus(8_250_000_000),
            about: Some(4_180_000),
        };
        assert_eq!(
            log_gap(&gap, Some("S")),
            "about 4.2 million lines skipped to keep up (07:06:41–07:06:49 UTC); \
             S saves the whole log"
        );
        let unknown = LogGap { about: None, ..gap };
        assert_eq!(
            log_gap(&unknown, None),
            "lines skipped to keep up (07:06:41–07:06:49 UTC)"
        );
    }

    fn done(action: ObjectAction, target: &str) -> String {
        object_outcome(action, target, Ok(())).unwrap_or_else(|e| e)
    }

    fn failed(action: ObjectAction, target: &str) -> String {
        object_outcome(action, target, Err("boom".into())).unwrap_or_else(|e| e)
    }

    #[test]
    fn counts_are_singular_only_for_one() {
        assert_eq!(count(1, "layer"), "1 layer");
        assert_eq!(count(0, "layer"), "0 layers");
        assert_eq!(count(2, "anonymous volume"), "2 anonymous volumes");
    }

    #[test]
    fn words_what_was_done() {
        use ObjectAction::*;
        assert_eq!(done(CreateVolume, "v"), "created volume v");
        assert_eq!(done(RemoveVolume, "v"), "removed volume v");
        assert_eq!(
            done(CreateNetwork { internal: true }, "n"),
            "created internal network n"
        );
        assert_eq!(done(RemoveNetwork, "n"), "removed network n");
        assert_eq!(done(ConnectNetwork, "web"), "connected web");
        assert_eq!(done(DisconnectNetwork, "web"), "disconnected web");
        assert_eq!(done(TagImage, "web:2"), "tagged web:2");
        assert_eq!(
            done(RemoveImage { layers_deleted: 0 }, "web:1"),
            "untagged web:1"
        );
        assert_eq!(
            done(RemoveImage { layers_deleted: 1 }, "web:1"),
            "removed image web:1 (1 layer deleted)"
        );
        assert_eq!(
            done(RemoveImage { layers_deleted: 3 }, "web:1"),
            "removed image web:1 (3 layers deleted)"
        );
    }

    #[test]
    fn words_what_could_not_be_done_with_the_engines_reason() {
        use ObjectAction::*;
        assert_eq!(failed(CreateVolume, "v"), "could not create volume v: boom");
        assert_eq!(failed(RemoveVolume, "v"), "could not remove volume v: boom");
        assert_eq!(
            failed(CreateNetwork { internal: true }, "n"),
            "could not create network n: boom"
        );
        assert_eq!(
            failed(RemoveNetwork, "n"),
            "could not remove network n: boom"
        );
        assert_eq!(failed(ConnectNetwork, "web"), "could not connect web: boom");
        assert_eq!(
            failed(DisconnectNetwork, "web"),
            "could not disconnect web: boom"
        );
        assert_eq!(failed(TagImage, "web:2"), "could not tag web:2: boom");
        assert_eq!(
            failed(RemoveImage { layers_deleted: 0 }, "web:1"),
            "could not remove image web:1: boom"
        );
    }

    #[test]
    fn words_why_a_log_ended() {
        let stopped = |status: &str, exit_code| LogEnd::Stopped {
            status: status.into(),
            exit_code,
        };
        assert_eq!(
            log_end(&stopped("exited", Some(3))),
            "the container exited with code 3"
        );
        assert_eq!(log_end(&stopped("exited", None)), "the container exited");
        assert_eq!(log_end(&stopped("", None)), "the container stopped");
        assert_eq!(log_end(&stopped("paused", None)), "the container is paused");
        assert_eq!(log_end(&LogEnd::Gone), "the container no longer exists");
        assert_eq!(log_end(&LogEnd::Failed("boom".into())), "boom");
    }

    #[test]
    fn words_why_a_prune_left_an_item() {
        let users = vec![
            UsedBy {
                id: "a".into(),
                name: "web".into(),
                running: true,
            },
            UsedBy {
                id: "b".into(),
                name: "old".into(),
                running: false,
            },
        ];
        assert_eq!(
            prune_skip(&SkipReason::NowUsedBy(users)),
            "now used by web (running), old (stopped)"
        );
        assert_eq!(
            prune_skip(&SkipReason::TaggedSince(vec!["a:1".into(), "a:2".into()])),
            "it was tagged since the preview (a:1, a:2)"
        );
        assert_eq!(prune_skip(&SkipReason::Gone), "it no longer exists");
        assert_eq!(
            prune_failure(&PruneFailure::OnlyUntagged(None)),
            "only its tags were removed: another image is built on it"
        );
    }
}
