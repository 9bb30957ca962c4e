//! The engine's event stream: what makes dockhand live without polling.

use std::collections::HashMap;

use bollard::models::{EventMessage, EventMessageTypeEnum};
use bollard::query_parameters::EventsOptions;
use futures_util::{Stream, StreamExt};

use super::connect::Engine;
use super::containers::{COMPOSE_PROJECT, COMPOSE_SERVICE};
use super::errors::describe;
use super::model::{EngineEvent, EventAction, EventActor, EventKind, SwarmRole};

impl Engine {
    /// Events from `since` (engine time, unix seconds) on, for the object kinds dockhand shows.
    /// Filtering by type also keeps out kinds bollard cannot decode (podman's `pod`), which would
    /// end the stream.
    ///
    /// Service and node events (API 1.30+) are asked for only when the engine was a swarm
    /// manager at the handshake ([`EngineInfo::swarm`](super::model::EngineInfo)): a worker
    /// or an engine outside a swarm has none to give, and an engine that does not know the
    /// types (podman, older engines) must never have its stream broken by them. A swarm
    /// initialised, joined or left while dockhand runs changes the filter at the next
    /// reconnect. (`/info` is not read again here: a request before the stream opens lets an
    /// engine that is shutting down refuse the stream, where an open stream would have told
    /// of its containers stopping.)
    pub fn events(&self, since: Option<i64>) -> impl Stream<Item = Result<EngineEvent, String>> {
        let swarm = swarm_types_wanted(&self.info.api_version, &self.info.swarm);
        let opts = EventsOptions {
            since: since.map(|s| s.to_string()),
            until: None,
            filters: Some(type_filter(swarm)),
        };
        self.docker
            .events(Some(opts))
            .map(|r| r.map(convert).map_err(|e| describe(&e)))
    }

    /// The engine's events between `from` and its clock's now, oldest first: the events view's
    /// look back. A finite request (`until` is set, so the engine answers from its memory and
    /// closes), not a second live stream: the live part comes from [`Engine::events`].
    ///
    /// Measured (Docker 20.10): the engine remembers only its last 256 events (254 of 300 made
    /// and removed, and two more), whatever `since` asks; older ones are gone from it. At most
    /// [`HISTORY_MAX`] events are kept, and the request gives up after [`HISTORY_WAIT`].
    pub async fn event_history(&self, from: HistoryFrom) -> Result<EventHistory, String> {
        // `until` is whole seconds and an event stamped later within the same second is left
        // out: the second after now is asked for, which the engine waits out (under a second).
        let until = match self.engine_time().await {
            Some(t) => t,
            None => local_now(),
        } + 1;
        let since = match from {
            HistoryFrom::Ago(secs) => until.saturating_sub(secs.max(0)),
            HistoryFrom::At(t) => t,
        };
        let mut history = EventHistory {
            events: Vec::new(),
            since,
            until,
            cut: false,
        };
        if since > until {
            return Ok(history);
        }
        let swarm = swarm_types_wanted(&self.info.api_version, &self.info.swarm);
        let opts = EventsOptions {
            since: Some(since.to_string()),
            until: Some(until.to_string()),
            filters: Some(type_filter(swarm)),
        };
        let mut stream = Box::pin(self.docker.events(Some(opts)));
        let read = async {
            while let Some(next) = stream.next().await {
                if history.events.len() >= HISTORY_MAX {
                    history.cut = true;
                    break;
                }
                history
                    .events
                    .push(convert(next.map_err(|e| describe(&e))?));
            }
            Ok::<(), String>(())
        };
        match tokio::time::timeout(HISTORY_WAIT, read).await {
            Ok(Ok(())) => Ok(history),
            Ok(Err(e)) => Err(e),
            Err(_) => Err(format!(
                "the engine did not finish sending its events within {} s",
                HISTORY_WAIT.as_secs()
            )),
        }
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

/// The most events a look back keeps (the engine remembers far fewer; this bounds a proxy or
/// an engine that keeps more).
pub const HISTORY_MAX: usize = 10_000;
/// How long a look back may take.
pub const HISTORY_WAIT: std::time::Duration = std::time::Duration::from_secs(10);

/// Where a look back at the engine's events starts: so long before the engine's now, or at a
/// time (unix seconds). "Ago" is counted on the engine's clock, so a host whose clock differs
/// from ours still answers for the last ten minutes of its own time.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HistoryFrom {
    Ago(i64),
    At(i64),
}

/// The engine's answer to a look back: its events from `since` to `until` (engine time, unix
/// seconds), oldest first; `cut` when [`HISTORY_MAX`] stopped the reading.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EventHistory {
    pub events: Vec<EngineEvent>,
    pub since: i64,
    pub until: i64,
    pub cut: bool,
}

fn local_now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or_default()
}

/// Whether to follow service and node events: on a manager whose API has them (1.30+).
fn swarm_types_wanted(api_version: &str, role: &SwarmRole) -> bool {
    let mut parts = api_version
        .split('.')
        .map(|p| p.parse::<u32>().unwrap_or(0));
    let version = (parts.next().unwrap_or(0), parts.next().unwrap_or(0));
    role.is_manager() && version >= (1, 30)
}

/// The `type` filter: the object kinds dockhand shows, and the swarm's when `swarm`.
fn type_filter(swarm: bool) -> HashMap<String, Vec<String>> {
    let mut types = vec!["container", "image", "volume", "network"];
    if swarm {
        types.extend(["service", "node"]);
    }
    HashMap::from([(
        "type".to_string(),
        types.into_iter().map(String::from).collect(),
    )])
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
        Some(EventMessageTypeEnum::SERVICE) => EventKind::Service,
        Some(EventMessageTypeEnum::NODE) => EventKind::Node,
        _ => EventKind::Other,
    };
    let actor = m.actor.unwrap_or_default();
    let attrs = actor.attributes.unwrap_or_default();
    let action = m.action.unwrap_or_default();
    let detail = action
        .split_once(':')
        .map(|(_, d)| d.trim().to_string())
        .filter(|d| !d.is_empty());
    EngineEvent {
        kind,
        action: EventAction::parse(&action),
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
            signal: attrs.get("signal").cloned(),
            container: attrs.get("container").cloned(),
            detail,
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

    /// Service and node events as Docker 20.10.24 sent them (`docker service create`,
    /// `update --env-add`, `node update --availability drain`, `service rm`).
    #[test]
    fn converts_swarm_service_and_node_events() {
        let read = |json: &str| convert(serde_json::from_str(json).expect("fixture parses"));
        let created = read(
            r#"{"Type":"service","Action":"create","Actor":{"ID":"8r81xoqbrg6wouozkd9ehyz6b","Attributes":{"name":"ev1"}},"scope":"swarm","time":1796258351,"timeNano":1796258351630356654}"#,
        );
        assert_eq!(
            (
                created.kind,
                created.action,
                created.id.as_str(),
                created.time
            ),
            (
                EventKind::Service,
                EventAction::Create,
                "8r81xoqbrg6wouozkd9ehyz6b",
                1_796_258_351
            )
        );
        assert_eq!(created.actor.name.as_deref(), Some("ev1"));
        let updating = read(
            r#"{"Type":"service","Action":"update","Actor":{"ID":"8r81xoqbrg6wouozkd9ehyz6b","Attributes":{"name":"ev1","updatestate.new":"updating"}},"scope":"swarm","time":1796258351,"timeNano":1796258351648614423}"#,
        );
        assert_eq!(
            (updating.kind, updating.action),
            (EventKind::Service, EventAction::Update)
        );
        let removed = read(
            r#"{"Type":"service","Action":"remove","Actor":{"ID":"8r81xoqbrg6wouozkd9ehyz6b","Attributes":{"name":"ev1"}},"scope":"swarm","time":1796258351,"timeNano":1796258351692941955}"#,
        );
        assert_eq!(
            (removed.kind, removed.action),
            (EventKind::Service, EventAction::Destroy)
        );
        let drained = read(
            r#"{"Type":"node","Action":"update","Actor":{"ID":"p1dpv94n23jnooxdu7wq29y09","Attributes":{"availability.new":"drain","availability.old":"active","name":"vm"}},"scope":"swarm","time":1796258351,"timeNano":1796258351663666348}"#,
        );
        assert_eq!(
            (drained.kind, drained.action, drained.id.as_str()),
            (
                EventKind::Node,
                EventAction::Update,
                "p1dpv94n23jnooxdu7wq29y09"
            )
        );
        assert_eq!(drained.actor.name.as_deref(), Some("vm"));
    }

    #[test]
    fn swarm_types_are_asked_for_only_of_a_manager_with_api_1_30() {
        let manager = SwarmRole::Manager {
            node_id: "n".into(),
        };
        let worker = SwarmRole::Worker {
            node_id: "n".into(),
        };
        assert!(swarm_types_wanted("1.41", &manager));
        assert!(swarm_types_wanted("1.45", &manager));
        assert!(!swarm_types_wanted("1.29", &manager));
        assert!(!swarm_types_wanted("", &manager));
        assert!(!swarm_types_wanted("1.41", &worker));
        assert!(!swarm_types_wanted("1.41", &SwarmRole::None));
        assert_eq!(type_filter(false)["type"].len(), 4);
        assert_eq!(
            type_filter(true)["type"][4..],
            ["service".to_string(), "node".to_string()]
        );
    }
}
