//! How engine reports and the clock change the state: lists and rows arriving (stale ones
//! dropped), events turned into targeted refreshes, results of actions, the resync safety net.

use super::*;
use crate::engine::model::{EngineEvent, EventAction, EventKind, ObjectAction};
use crate::ids::ContainerId;

impl App {
    /// The marker line of a gap a log follow left (see [`wording::log_gap`]): the key that
    /// saves the whole log is named only when it saves this container's (the first of a merged
    /// view).
    pub(super) fn gap_words(&self, source: u16, gap: &crate::engine::logs::LogGap) -> String {
        let key = (source == 0).then(|| self.settings.keymap.label(Action::LogSaveAll));
        wording::log_gap(gap, key.as_deref())
    }

    /// Lists one kind of object if it is wanted and no list of it is in flight.
    pub(super) fn list_kind(&mut self, pane: Pane) -> Vec<Effect> {
        if !self.host.connection.is_connected() {
            return vec![];
        }
        if !self.feed_mut(pane).is_some_and(|f| f.ask()) {
            return vec![];
        }
        let seq = self.host.next_seq();
        if let Some(feed) = self.feed_mut(pane) {
            feed.fresh.sent(seq);
        }
        let req = match pane {
            Pane::Images => Request::ListImages { seq },
            Pane::Volumes => Request::ListVolumes { seq },
            Pane::Networks => Request::ListNetworks { seq },
            Pane::Services => Request::ListServices { seq },
            Pane::Nodes => Request::ListNodes { seq },
            Pane::Tasks => {
                self.host.swarm.tasks_asked_at = self.now;
                Request::ListTasks {
                    seq,
                    service: self.host.swarm.tasks_of.as_ref().map(|(id, _)| id.clone()),
                }
            }
            Pane::Containers | Pane::Projects | Pane::Security => return vec![],
        };
        vec![Effect::Engine(self.host.id, req)]
    }

    /// Takes a list of one kind: drops stale replies, asks again when events came meanwhile.
    pub(super) fn on_kind_list<T: list::Row>(
        &mut self,
        pane: Pane,
        seq: u64,
        result: Result<Vec<T>, String>,
        view: impl FnOnce(&mut Self) -> &mut ListView<T>,
    ) -> Vec<Effect> {
        let again = match self.feed_mut(pane).and_then(|f| f.fresh.answer(seq)) {
            Some(again) => again,
            None => return vec![],
        };
        let about = format!("list:{}", pane.title().to_lowercase());
        match result {
            Ok(rows) => {
                view(self).set_all(rows);
                self.rebuild_pane(pane);
                self.screen.toasts.resolve(&about);
            }
            Err(e) => self.screen.toasts.push_about(
                Level::Error,
                format!("could not list {}: {e}", pane.title().to_lowercase()),
                self.now,
                &about,
            ),
        }
        if again { self.list_kind(pane) } else { vec![] }
    }

    pub(super) fn list_all(&mut self) -> Vec<Effect> {
        if !self.host.connection.is_connected() || !self.host.list.ask() {
            return vec![];
        }
        let seq = self.host.next_seq();
        self.host.list.sent(seq);
        self.host.last_list_at = self.now;
        vec![Effect::Engine(
            self.host.id,
            Request::ListContainers { seq },
        )]
    }

    pub(super) fn on_tick(&mut self, now: i64) -> Vec<Effect> {
        self.now = now;
        self.screen.toasts.expire(now);
        let mut fx = self.sample_stats();
        for pane in Pane::LISTED {
            if self.feed_mut(pane).is_some_and(Feed::settle_due) {
                fx.extend(self.list_kind(pane));
            }
        }
        fx.extend(self.swarm_tick());
        if self.host.connection.is_connected()
            && now - self.host.last_list_at >= self.settings.resync_secs
        {
            // The safety net: events drive the lists; this only catches what they missed.
            fx.extend(self.resync());
        }
        // Hosts in the background follow their events only: no stats, no resync (it is due
        // when they are shown again); a list held back for settling still goes out.
        let others: Vec<HostId> = self.parked.iter().map(|h| h.id).collect();
        for id in others {
            fx.extend(self.with_host(id, |app| {
                let mut fx = Vec::new();
                for pane in Pane::LISTED {
                    if app.feed_mut(pane).is_some_and(Feed::settle_due) {
                        fx.extend(app.list_kind(pane));
                    }
                }
                fx
            }));
        }
        fx
    }

    /// Lists everything that is shown or wanted again.
    pub(super) fn resync(&mut self) -> Vec<Effect> {
        let mut fx = self.list_all();
        for pane in Pane::LISTED {
            fx.extend(self.list_kind(pane));
        }
        fx
    }

    pub(super) fn on_report(&mut self, r: Report) -> Vec<Effect> {
        match r {
            Report::EventHistory { seq, result } => {
                self.on_event_history(seq, result);
                vec![]
            }
            Report::ContainerDocs { seq: _, docs } => {
                self.learn_security(docs);
                vec![]
            }
            Report::ComposeDone { call, result } => {
                self.compose_done(&call, result);
                vec![]
            }
            r @ (Report::Services { .. }
            | Report::Tasks { .. }
            | Report::Nodes { .. }
            | Report::ServiceDone { .. }
            | Report::NodeDone { .. }
            | Report::LogSourceNamed { .. }) => self.on_swarm_report(r).unwrap_or_default(),
            Report::Connected(info) => {
                let reconnect = matches!(self.host.connection, Connection::Lost { .. });
                self.host.connection = Connection::Connected(info);
                self.host.list.reset();
                self.host.refreshing.clear();
                self.host.containers.stats.reset_in_flight();
                // Descriptions asked of the engine that went away will not come.
                self.host.security.asking.clear();
                if reconnect {
                    self.screen
                        .toasts
                        .push(Level::Success, "reconnected to the engine", self.now);
                }
                for pane in Pane::LISTED {
                    if let Some(f) = self.feed_mut(pane) {
                        f.fresh.reset();
                    }
                }
                self.resync()
            }
            Report::Unavailable {
                attempts,
                problems,
                retry_in_secs,
            } => {
                // Once connected, a failed reconnect keeps the last list on screen, marked
                // stale, with the reason; the full no-engine screen is for never having had one.
                if let Connection::Lost { info, .. } = &self.host.connection {
                    let why = attempts
                        .first()
                        .map(|a| a.error.clone())
                        .unwrap_or_else(|| "no answer".to_string());
                    self.host.connection = Connection::Lost {
                        info: info.clone(),
                        reason: format!("{why}; retrying in {retry_in_secs} s"),
                    };
                    return vec![];
                }
                let tries = match &self.host.connection {
                    Connection::Unavailable { tries, .. } => tries + 1,
                    _ => 1,
                };
                self.host.connection = Connection::Unavailable {
                    attempts,
                    problems,
                    retry_at: self.now + retry_in_secs as i64,
                    tries,
                };
                vec![]
            }
            Report::Lost { reason } => {
                let info = self.host.connection.info().cloned().unwrap_or_default();
                self.host.connection = Connection::Lost { info, reason };
                self.host.containers.forget_exact_times();
                self.host.list.reset();
                self.host.refreshing.clear();
                self.host.ops.forget_all();
                self.rebuild();
                vec![]
            }
            Report::Gap => {
                self.host.containers.forget_exact_times();
                self.resync()
            }
            // Answers only an overlay waits for.
            r @ (Report::PullProgress { .. }
            | Report::Listed { .. }
            | Report::Top { .. }
            | Report::ImageHistory { .. }
            | Report::Inspected { .. }
            | Report::PrunePreview { .. }
            | Report::WritableLayer { .. }) => {
                self.give_overlay(r);
                vec![]
            }
            Report::PullDone { pull, result } => {
                let text = match &result {
                    Ok(status) => Ok(if status.is_empty() {
                        "pulled".to_string()
                    } else {
                        status.clone()
                    }),
                    Err(e) => Err(e.clone()),
                };
                match &text {
                    Ok(t) => self.screen.toasts.push(Level::Success, t.clone(), self.now),
                    Err(e) => {
                        self.screen
                            .toasts
                            .push(Level::Error, format!("pull failed: {e}"), self.now)
                    }
                }
                if let Some(Overlay::Pull(p)) = &mut self.screen.overlay
                    && self.screen.overlay_host == self.host.id
                {
                    p.finish(pull, text);
                }
                vec![]
            }
            Report::LogLines { stream, lines } => {
                if stream == self.host.logs.stream {
                    self.host.logs.append(lines);
                }
                vec![]
            }
            Report::LogEnded {
                stream,
                source,
                reason,
            } => {
                if stream == self.host.logs.stream {
                    let now = crate::time::Nanos::from_secs(self.now);
                    self.host
                        .logs
                        .on_ended(source, wording::log_end(&reason), now);
                }
                vec![]
            }
            Report::LogSaved { path, result } => {
                let result = result.map_err(|e| wording::log_end(&e));
                self.saved("the whole log, ", &path, result);
                vec![]
            }
            Report::CopyProgress { what, bytes } => {
                self.copy_report(&what, super::actions::CopyReport::Progress(bytes));
                vec![]
            }
            Report::Copied { what, result } => {
                self.copy_report(&what, super::actions::CopyReport::Done(result));
                vec![]
            }
            Report::LinesSaved { path, result } => {
                self.saved("", &path, result);
                vec![]
            }
            Report::LogResumed { stream, source } => {
                if stream == self.host.logs.stream {
                    let now = crate::time::Nanos::from_secs(self.now);
                    self.host.logs.on_resumed(source, now);
                }
                vec![]
            }
            Report::LogSkipped {
                stream,
                source,
                gap,
            } => {
                if stream == self.host.logs.stream {
                    let what = self.gap_words(source, &gap);
                    self.host.logs.on_skipped(source, what, gap.after);
                }
                vec![]
            }
            Report::Stats { samples } => {
                self.on_stats(samples);
                vec![]
            }
            Report::DiskUsage { seq, result } => {
                // Volume sizes come only from here: fill them in wherever they are shown.
                if let Ok(usage) = &result {
                    self.host.volume_sizes = usage.volume_sizes.iter().cloned().collect();
                    self.apply_volume_sizes();
                }
                self.give_overlay(Report::DiskUsage { seq, result });
                vec![]
            }
            Report::PruneDone { kind, outcome } => {
                let text = overlays::prune::summary(&outcome);
                let level = if outcome.failed.is_empty() {
                    Level::Success
                } else {
                    Level::Error
                };
                self.screen.toasts.push(level, text, self.now);
                self.open(Overlay::PruneResult(PruneResult { kind, outcome }));
                vec![]
            }
            Report::ObjectDone {
                action,
                target,
                result,
            } => {
                let fx = match action {
                    // The engine has saved the container's networks by the time it answers;
                    // its `connect` event came before that (see [`Feed::settle`]).
                    ObjectAction::ConnectNetwork | ObjectAction::DisconnectNetwork
                        if result.is_ok() =>
                    {
                        self.list_kind(Pane::Networks)
                    }
                    _ => vec![],
                };
                match wording::object_outcome(action, &target, result) {
                    Ok(text) => self.screen.toasts.push(Level::Success, text, self.now),
                    Err(text) => self.screen.toasts.push(Level::Error, text, self.now),
                }
                fx
            }
            Report::Images { seq, result } => {
                let rows = result.map(objects::rows_per_tag);
                self.on_kind_list(Pane::Images, seq, rows, |a| &mut a.host.images)
            }
            Report::Volumes { seq, result } => {
                let fx = self.on_kind_list(Pane::Volumes, seq, result, |a| &mut a.host.volumes);
                self.apply_volume_sizes();
                fx
            }
            Report::Networks { seq, result } => {
                self.on_kind_list(Pane::Networks, seq, result, |a| &mut a.host.networks)
            }
            Report::Event(ev) => self.on_event(ev),
            Report::Containers { seq, result } => {
                // Asked again meanwhile or not, one list is enough: events refresh rows.
                if self.host.list.answer(seq).is_none() {
                    return vec![];
                }
                match result {
                    Ok(mut list) => {
                        list.retain(|c| self.host.destroyed.get(&c.id).is_none_or(|d| *d < seq));
                        self.host.destroyed.retain(|_, d| *d > seq);
                        self.host.containers.set_all(list);
                        self.rebuild();
                        self.screen.toasts.resolve("list:containers");
                    }
                    Err(e) => self.screen.toasts.push_about(
                        Level::Error,
                        format!("could not list containers: {e}"),
                        self.now,
                        "list:containers",
                    ),
                }
                vec![]
            }
            Report::Container { seq, id, result } => self.on_row(seq, id, result),
            Report::OpDone {
                op,
                id,
                name,
                result,
            } => {
                if let Some(done) = self.host.ops.finish(&id, op, &name, result) {
                    self.screen.toasts.push(done.level, done.text, self.now);
                }
                self.rebuild();
                // The event stream brings the new state; a removed container's row goes
                // with its destroy event.
                vec![]
            }
        }
    }

    pub(super) fn on_row(
        &mut self,
        seq: u64,
        id: ContainerId,
        result: Result<Option<crate::engine::model::Container>, String>,
    ) -> Vec<Effect> {
        if self.host.destroyed.get(&id).is_some_and(|d| *d > seq) {
            return vec![];
        }
        let Some(again) = self
            .host
            .refreshing
            .get_mut(&id)
            .and_then(|f| f.answer(seq))
        else {
            return vec![];
        };
        self.host.refreshing.remove(&id);
        // Events came since this row was read: it is older than what they showed, and the
        // read they asked for follows (no flicker back to the state before them).
        let stale = again && self.host.containers.list.contains(id.as_str());
        match result {
            Ok(Some(_)) if stale => {}
            Ok(Some(c)) => self.host.containers.upsert(c),
            Ok(None) => self.host.containers.remove(id.as_str()),
            Err(_) => {} // the next event or the resync will bring it
        }
        self.rebuild();
        if again { self.refresh(&id) } else { vec![] }
    }

    /// Asks for one row again; at most one request per container is in flight.
    pub(super) fn refresh(&mut self, id: &ContainerId) -> Vec<Effect> {
        let fresh = self.host.refreshing.entry(id.clone()).or_default();
        if !fresh.ask() {
            return vec![];
        }
        let seq = self.host.next_seq();
        if let Some(fresh) = self.host.refreshing.get_mut(id) {
            fresh.sent(seq);
        }
        vec![Effect::Engine(
            self.host.id,
            Request::RefreshContainer {
                seq,
                id: id.clone(),
            },
        )]
    }

    pub(super) fn on_event(&mut self, ev: EngineEvent) -> Vec<Effect> {
        self.record_event(&ev);
        match ev.kind {
            EventKind::Container => {}
            EventKind::Image => return self.list_kind(Pane::Images),
            EventKind::Volume => return self.list_kind(Pane::Volumes),
            EventKind::Network => {
                if matches!(ev.action, EventAction::Connect | EventAction::Disconnect) {
                    self.host.network_feed.settle();
                }
                return self.list_kind(Pane::Networks);
            }
            EventKind::Service | EventKind::Node => {
                self.on_swarm_event(&ev);
                return vec![];
            }
            EventKind::Other => return vec![],
        }
        self.on_swarm_event(&ev);
        if ev.id.is_empty() {
            return vec![];
        }
        let id = ContainerId::from(ev.id.as_str());
        // What may change a container's configuration: its findings are asked for again.
        if matches!(
            ev.action,
            EventAction::Create | EventAction::Update | EventAction::Rename | EventAction::Destroy
        ) {
            self.host.security.forget(&id);
        }
        if !self.host.destroyed.contains_key(&id) && self.host.containers.apply_event(&ev) {
            self.rebuild();
        }
        match ev.action {
            EventAction::Destroy => {
                let seq = self.host.next_seq();
                self.host.refreshing.remove(&id);
                self.host.containers.remove(id.as_str());
                self.host.destroyed.insert(id, seq);
                self.rebuild();
                vec![]
            }
            EventAction::Start | EventAction::Restart | EventAction::Die => {
                let up = ev.action != EventAction::Die;
                self.host
                    .containers
                    .note_transition(&id, ev.time, up, ev.exit_code);
                self.refresh(&id)
            }
            EventAction::Create
            | EventAction::Stop
            | EventAction::Kill
            | EventAction::Pause
            | EventAction::Unpause
            | EventAction::Rename
            | EventAction::Update
            | EventAction::HealthStatus
            | EventAction::Oom => self.refresh(&id),
            // exec_*, attach, top, resize, copy, commit... do not change the row; network
            // events are not about containers.
            EventAction::Connect | EventAction::Disconnect | EventAction::Other(_) => vec![],
        }
    }

    /// Hands an answer to the overlay on screen, which takes it if it asked for it.
    fn give_overlay(&mut self, report: Report) {
        if self.screen.overlay_host != self.host.id {
            return; // another host's answer, with its own sequence numbers
        }
        if let Some(o) = &mut self.screen.overlay {
            o.on_report(
                report,
                &self.settings.secrets,
                &self.settings.security_ignore,
            );
        }
    }

    pub(super) fn apply_volume_sizes(&mut self) {
        let names: Vec<String> = self.host.volumes.all().map(|v| v.name.clone()).collect();
        for name in names {
            let size = self.host.volume_sizes.get(&name).copied();
            if let Some(v) = self.host.volumes.get_mut(&name) {
                v.size = size;
            }
        }
        self.rebuild_pane(Pane::Volumes);
    }
}
