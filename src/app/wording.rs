//! The sentences the user reads about what the engine did: the engine reports what was done
//! as data ([`ObjectAction`] and the object's name, [`SkipReason`] and [`PruneFailure`] of a
//! prune), and the words are chosen here.

use crate::engine::logs::LogEnd;
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

/// `web (running), old (stopped)`.
fn users_list(users: &[UsedBy]) -> String {
    let names: Vec<String> = users.iter().map(UsedBy::describe).collect();
    names.join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

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
