//! What the app asks of the engine ([`Request`]) and what comes back ([`Report`]).
//!
//! Replies carry the sequence number of the request they answer, so the app can drop a reply
//! that an event or a newer request has overtaken.

use super::compose::ComposeCall;
use super::events::{EventHistory, HistoryFrom};
use super::logs::{LogEnd, LogGap};
use super::model::{
    ConnectAttempt, Container, ContainerOp, EngineEvent, EngineInfo, ObjectAction, RemoveOptions,
    WritableLayer,
};
use super::objects::{
    DiskUsage, Image, Layer, Network, PruneItem, PruneKind, PruneOutcome, Volume,
};
use super::pull::PullProgress;
use super::swarm::{Availability, Node, Service, ServiceOp, SwarmError, Task, TaskSource};
use super::top::Top;
use crate::config::StatsSource;
use crate::ids::{ContainerId, ImageId, NetworkId};
use crate::inspect::{InspectKind, Json};
use crate::logs::LogLine;
use crate::stats::Sample;
use crate::time::Nanos;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Request {
    /// List every container (running or not).
    ListContainers {
        seq: u64,
    },
    /// Fetch one container's row again, after an event about it.
    RefreshContainer {
        seq: u64,
        id: ContainerId,
    },
    /// Change a container. `name` is only for the result message.
    Container {
        op: ContainerOp,
        id: ContainerId,
        name: String,
        remove: RemoveOptions,
    },
    /// List every image, volume or network (each kind is listed only once its pane is shown).
    ListImages {
        seq: u64,
    },
    ListVolumes {
        seq: u64,
    },
    ListNetworks {
        seq: u64,
    },
    /// What a container's writable layer holds (size, changed paths), before removing it.
    WritableLayer {
        id: ContainerId,
    },
    /// Remove an image (by id, or untag one reference), a volume, a network.
    RemoveImage {
        key: String,
        label: String,
        force: bool,
    },
    RemoveVolume {
        name: String,
    },
    RemoveNetwork {
        id: NetworkId,
        label: String,
    },
    CreateVolume {
        name: String,
    },
    /// Networks dockhand creates are internal: nothing it makes can send traffic out.
    CreateNetwork {
        name: String,
    },
    TagImage {
        id: ImageId,
        reference: String,
    },
    ImageHistory {
        seq: u64,
        id: ImageId,
    },
    /// The engine's full description of a container, image, volume or network.
    Inspect {
        seq: u64,
        kind: InspectKind,
        id: String,
    },
    ConnectNetwork {
        network: NetworkId,
        container: String,
    },
    DisconnectNetwork {
        network: NetworkId,
        container: String,
    },
    /// Pull an image; progress and the outcome are reported under `pull`.
    Pull {
        pull: u64,
        reference: String,
    },
    /// Stop that pull.
    CancelPull {
        pull: u64,
    },
    /// Follow these containers' logs (one stream; several are merged by time), starting with
    /// the last `tail` lines of each. Replaces any log stream already running.
    FollowLogs {
        stream: u64,
        containers: Vec<ContainerId>,
        tail: u64,
        /// A time window (nanoseconds since the epoch): from `since` (instead of the tail),
        /// to `until` (then the stream ends instead of following).
        since: Option<Nanos>,
        until: Option<Nanos>,
    },
    StopLogs {
        stream: u64,
    },
    /// Fetch a container's whole log afresh and write it to a new file, as `docker logs -t`
    /// shows it (the container's bytes as they are: a file is not a terminal).
    SaveLog {
        container: ContainerId,
        path: String,
    },
    /// List a folder of a container (the file browser).
    ListDir {
        seq: u64,
        container: ContainerId,
        path: String,
    },
    /// Copy `path` (a file or folder) out of a container into the local folder `dest`.
    /// `what` names the copy in its progress and outcome.
    CopyOut {
        container: ContainerId,
        path: String,
        dest: String,
        what: String,
    },
    /// Copy what a container's writable layer added or changed into the local folder `dest`.
    CopyChanges {
        container: ContainerId,
        dest: String,
        what: String,
    },
    /// Copy the local file or folder `local` into the folder `dir` of a container.
    CopyIn {
        container: ContainerId,
        local: String,
        dir: String,
        what: String,
    },
    /// Write these lines (the log lines in view, as filtered) to a new file; no engine needed.
    SaveLines {
        path: String,
        lines: Vec<String>,
    },
    /// `docker system df`.
    DiskUsage {
        seq: u64,
    },
    /// Exactly what a prune of this kind would remove, removing nothing.
    PrunePreview {
        seq: u64,
        kind: PruneKind,
    },
    /// Remove exactly these (by id), skipping any that became used since the preview.
    PruneApply {
        kind: PruneKind,
        items: Vec<PruneItem>,
    },
    /// One stats sample of each of these containers, from `source` (see [`StatsSource`]).
    Stats {
        ids: Vec<ContainerId>,
        source: StatsSource,
    },
    /// The processes running in a container (`docker top`).
    Top {
        seq: u64,
        id: ContainerId,
    },
    /// Give up waiting and try to connect now.
    Reconnect,
    /// The engine's events from a time on (the events view's look back).
    EventHistory {
        seq: u64,
        from: HistoryFrom,
    },
    /// The descriptions of these containers, for their security findings.
    InspectContainers {
        seq: u64,
        ids: Vec<ContainerId>,
    },
    /// Run the compose CLI on a project's files, against this engine.
    Compose {
        call: ComposeCall,
    },
    /// The swarm's services, with their running and desired tasks (a manager only).
    ListServices {
        seq: u64,
    },
    /// The tasks of one service (by id), or of every service.
    ListTasks {
        seq: u64,
        service: Option<String>,
    },
    ListNodes {
        seq: u64,
    },
    /// Change a service (by id). `name` is only for the result message.
    Service {
        op: ServiceOp,
        id: String,
        name: String,
    },
    /// Set a node's availability (drain, pause, active).
    NodeAvailability {
        id: String,
        name: String,
        availability: Availability,
    },
    /// Follow a service's logs, merged from its tasks (`docker service logs -f -t`), starting
    /// with the last `tail` lines. Replaces any log stream already running, as `FollowLogs`.
    FollowServiceLogs {
        stream: u64,
        service: String,
        tail: u64,
    },
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Report {
    /// An engine answered.
    Connected(EngineInfo),
    /// No candidate answered; dockhand tries again after `retry_in_secs`.
    Unavailable {
        attempts: Vec<ConnectAttempt>,
        problems: Vec<String>,
        retry_in_secs: u64,
    },
    /// The connection broke; dockhand is reconnecting.
    Lost {
        reason: String,
    },
    /// Events may have been missed (the stream restarted): the app should list again.
    Gap,
    Event(EngineEvent),
    Containers {
        seq: u64,
        result: Result<Vec<Container>, String>,
    },
    Container {
        seq: u64,
        id: ContainerId,
        /// `Ok(None)`: the container no longer exists.
        result: Result<Option<Container>, String>,
    },
    WritableLayer {
        id: ContainerId,
        result: Result<WritableLayer, String>,
    },
    Images {
        seq: u64,
        result: Result<Vec<Image>, String>,
    },
    Volumes {
        seq: u64,
        result: Result<Vec<Volume>, String>,
    },
    Networks {
        seq: u64,
        result: Result<Vec<Network>, String>,
    },
    /// What became of an action on an image, volume or network: the action, the object as the
    /// user knows it (a created volume as the engine named it), and the engine's message when
    /// it failed.
    ObjectDone {
        action: ObjectAction,
        target: String,
        result: Result<(), String>,
    },
    ImageHistory {
        seq: u64,
        result: Result<Vec<Layer>, String>,
    },
    /// An object's description as the engine wrote it, or the engine's message.
    Inspected {
        seq: u64,
        kind: InspectKind,
        id: String,
        result: Result<Json, String>,
    },
    /// Log lines of a stream, in batches (one report per batch, never one per line).
    LogLines {
        stream: u64,
        lines: Vec<LogLine>,
    },
    /// The log stream stopped (the container stopped, the engine went away); it resumes by
    /// itself when the container starts again.
    LogEnded {
        stream: u64,
        /// Which of the followed containers (its index in the request).
        source: u16,
        reason: LogEnd,
    },
    LogResumed {
        stream: u64,
        source: u16,
    },
    /// The follow of one of the containers fell too far behind a flood and jumped ahead: the
    /// lines stamped within the gap were left out (the engine still has them).
    LogSkipped {
        stream: u64,
        source: u16,
        gap: LogGap,
    },
    /// A whole log was written: how many lines, or why not.
    LogSaved {
        path: String,
        result: Result<usize, LogEnd>,
    },
    /// A folder's entries, or why not.
    Listed {
        seq: u64,
        result: Result<super::copy::Listing, String>,
    },
    /// A copy in or out has moved this many bytes so far.
    CopyProgress {
        what: String,
        bytes: u64,
    },
    /// A copy in or out is over.
    Copied {
        what: String,
        result: Result<super::copy::Copied, String>,
    },
    /// Lines in view were written: how many, or why not.
    LinesSaved {
        path: String,
        result: Result<usize, String>,
    },
    /// Progress of a pull, sent at most ten times a second.
    PullProgress {
        pull: u64,
        progress: PullProgress,
    },
    /// The pull ended: the engine's last status line, or why it failed or stopped.
    PullDone {
        pull: u64,
        result: Result<String, String>,
    },
    DiskUsage {
        seq: u64,
        result: Result<DiskUsage, String>,
    },
    PrunePreview {
        seq: u64,
        result: Result<Vec<PruneItem>, String>,
    },
    PruneDone {
        kind: PruneKind,
        outcome: PruneOutcome,
    },
    /// Samples (or why not) for the containers of one [`Request::Stats`].
    Stats {
        samples: Vec<(ContainerId, Result<Sample, String>)>,
    },
    Top {
        seq: u64,
        id: ContainerId,
        result: Result<Top, String>,
    },
    OpDone {
        op: ContainerOp,
        id: ContainerId,
        name: String,
        result: Result<(), String>,
    },
    /// The engine's past events, answering `EventHistory`.
    EventHistory {
        seq: u64,
        result: Result<EventHistory, String>,
    },
    /// Containers' descriptions (or why not), answering `InspectContainers`.
    ContainerDocs {
        seq: u64,
        docs: Vec<(ContainerId, Result<Json, String>)>,
    },
    /// A compose CLI run ended: the last line it printed, or why it failed.
    ComposeDone {
        call: ComposeCall,
        result: Result<String, String>,
    },
    Services {
        seq: u64,
        result: Result<Vec<Service>, SwarmError>,
    },
    Tasks {
        seq: u64,
        service: Option<String>,
        result: Result<Vec<Task>, SwarmError>,
    },
    Nodes {
        seq: u64,
        result: Result<Vec<Node>, SwarmError>,
    },
    ServiceDone {
        op: ServiceOp,
        id: String,
        name: String,
        result: Result<(), SwarmError>,
    },
    NodeDone {
        availability: Availability,
        id: String,
        name: String,
        result: Result<(), SwarmError>,
    },
    /// A service log stream's lines come from this task (its `source` in `LogLines`): sent
    /// once per source, before its first line.
    LogSourceNamed {
        stream: u64,
        source: u16,
        task: TaskSource,
    },
}
