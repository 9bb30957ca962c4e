//! The engine's event stream: what makes dockhand live without polling.

use std::collections::HashMap;

use bollard::models::{EventMessage, EventMessageTypeEnum};
use bollard::query_parameters::EventsOptions;
use futures_util::{Stream, StreamExt};

use super::connect::Engine;
use super::containers::{COMPOSE_PROJECT, COMPOSE_SERVICE};
use super::errors::describe;
use super::model::{EngineEvent, EventAction, EventActor, EventKind};

impl Engine {
    /// Events from `since` (engine time, unix seconds) on, for the object kinds dockhand shows.
    /// Filtering by type also keeps out kinds bollard cannot decode (podman's `pod`), which would
    /// end the stream.
    pub fn events(&self, since: Option<i64>) -> impl Stream<Item = Result<EngineEvent, String>> {
        let filters = HashMap::from([(
            "type".to_string(),
            vec![
                "container".to_string(),
                "image".to_string(),
                "volume".to_string(),
                "network".to_string(),
            ],
        )]);
        let opts = EventsOptions {
            since: since.map(|s| s.to_string()),
            until: None,
            filters: Some(filters),
        };
        self.docker
            .events(Some(opts))
            .map(|r| r.map(convert).map_err(|e| describe(&e)))
    }

    /// The engine's clock, unix seconds; events are stamped with it, not with ours.
    pub async fn engine_time(&self) -> Option<i64> {
        let info = self.docker.info().await.ok()?;
        parse_engine_time(&info.system_time?)
    }

    pub async fn ping(&self) -> Result<(), String> {
        self.docker
            .ping()
            .await
            .map(|_| ())
            .map_err(|e| describe(&e))
    }
}

/// The engine's `SystemTime` (RFC 3339, nanoseconds) in unix seconds.
pub fn parse_engine_time(t: &str) -> Option<i64> {
    humantime::parse_rfc3339_weak(t)
        .ok()
        .or_else(|| humantime::parse_rfc3339(t).ok())
        .and_then(|st| st.duration_since(std::time::UNIX_EPOCH).ok())
        .map(|d| d.as_secs() as i64)
}

pub fn convert(m: EventMessage) -> EngineEvent {
    let kind = match m.typ {
        Some(EventMessageTypeEnum::CONTAINER) => EventKind::Container,
        Some(EventMessageTypeEnum::IMAGE) => EventKind::Image,
        Some(EventMessageTypeEnum::VOLUME) => EventKind::Volume,
        Some(EventMessageTypeEnum::NETWORK) => EventKind::Network,
        _ => EventKind::Other,
    };
    let actor = m.actor.unwrap_or_default();
    let attrs = actor.attributes.unwrap_or_default();
    EngineEvent {
        kind,
        action: EventAction::parse(&m.action.unwrap_or_default()),
        id: actor.id.unwrap_or_default(),
        time: m
            .time
            .or_else(|| m.time_nano.map(|n| crate::time::Nanos(n).secs()))
            .unwrap_or_default(),
        exit_code: attrs.get("exitCode").and_then(|c| c.parse().ok()),
        actor: EventActor {
            name: attrs.get("name").cloned(),
            image: attrs.get("image").cloned(),
            compose_project: attrs.get(COMPOSE_PROJECT).cloned(),
            compose_service: attrs.get(COMPOSE_SERVICE).cloned(),
            swarm_service: attrs.get("com.docker.swarm.service.id").cloned(),
        },
    }
}

impl EventAction {
    /// Reads an event's action text. Some actions carry a detail after a colon
    /// (`health_status: healthy`, `exec_start: sh`): the word before it is what counts.
    pub fn parse(raw: &str) -> Self {
        let word = raw.split(':').next().unwrap_or("").trim();
        match word {
            "create" => Self::Create,
            "start" => Self::Start,
            "restart" => Self::Restart,
            "die" => Self::Die,
            "stop" => Self::Stop,
            "kill" => Self::Kill,
            "pause" => Self::Pause,
            "unpause" => Self::Unpause,
            "rename" => Self::Rename,
            "update" => Self::Update,
            "destroy" | "remove" => Self::Destroy, // podman says `remove`
            "health_status" => Self::HealthStatus,
            "oom" => Self::Oom,
            "connect" => Self::Connect,
            "disconnect" => Self::Disconnect,
            _ => Self::Other(raw.to_string()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn converts_a_die_event() {
        let m: EventMessage = serde_json::from_str(
            r#"{"status":"die","id":"abc","from":"local/busybox:test","Type":"container","Action":"die","Actor":{"ID":"abc","Attributes":{"exitCode":"137","name":"web"}},"scope":"local","time":1764400000,"timeNano":1764400000123456789}"#,
        )
        .expect("fixture parses");
        let e = convert(m);
        assert_eq!(e.kind, EventKind::Container);
        assert_eq!(e.action, EventAction::Die);
        assert_eq!(e.id, "abc");
        assert_eq!(e.time, 1_764_400_000);
        assert_eq!(e.exit_code, Some(137));
        assert_eq!(e.actor.name.as_deref(), Some("web"));
    }

    #[test]
    fn a_create_event_names_its_container_image_and_compose_labels() {
        let m: EventMessage = serde_json::from_str(
            r#"{"Type":"container","Action":"create","Actor":{"ID":"abc","Attributes":{"image":"shop/web:2","name":"shop-web-1","com.docker.compose.project":"shop","com.docker.compose.service":"web"}},"time":1764400000}"#,
        )
        .expect("fixture parses");
        let a = convert(m).actor;
        assert_eq!(
            (a.name, a.image, a.compose_project, a.compose_service),
            (
                Some("shop-web-1".into()),
                Some("shop/web:2".into()),
                Some("shop".into()),
                Some("web".into())
            )
        );
    }

    #[test]
    fn reads_the_word_before_a_colon_and_keeps_other_actions_as_they_came() {
        assert_eq!(
            EventAction::parse("health_status: healthy"),
            EventAction::HealthStatus
        );
        assert_eq!(EventAction::parse("destroy"), EventAction::Destroy);
        assert_eq!(EventAction::parse("remove"), EventAction::Destroy);
        assert_eq!(
            EventAction::parse("exec_start: sh"),
            EventAction::Other("exec_start: sh".into())
        );
        assert_eq!(
            EventAction::parse("pull"),
            EventAction::Other("pull".into())
        );
    }
}
