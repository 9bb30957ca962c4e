//! The sentences the user reads about what the engine did: the engine reports what was done
//! as data ([`ObjectAction`] and the object's name), and the words are chosen here.

use crate::engine::model::ObjectAction;

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
}
