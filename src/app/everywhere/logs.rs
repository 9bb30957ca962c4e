//! The all-hosts list's log view: the marked rows (or the selected one), whichever hosts they
//! are on, followed as one stream merged by time. The runtime runs that stream with each
//! host's engine ([`Effect::FollowAcross`]); its reports come under [`HostId::EVERYWHERE`].
//! Each line's source is named `container@host`, so two containers of the same name on two
//! hosts stay apart.

use super::super::logs::{Followed, LogTarget};
use super::super::{App, Effect, Pane, wording};
use crate::engine::Report;
use crate::ids::HostId;

impl App {
    /// Keeps the all-hosts log stream on what should be followed (nothing unless the list and
    /// its log view are on screen). Called after every message.
    pub(in crate::app) fn sync_everywhere_logs(&mut self) -> Vec<Effect> {
        let e = &self.everywhere;
        let on_screen = self.screen.everywhere && self.screen.pane == Pane::Containers;
        let wanted: Option<(LogTarget, Vec<HostId>)> = if on_screen && e.logs.is_open() {
            let rows = if e.pane.list.marks.len() > 1 {
                e.pane.list.marked()
            } else {
                e.pane.list.selected().into_iter().collect()
            };
            let mut containers = Vec::new();
            let mut hosts = Vec::new();
            for c in rows {
                let Some(h) = e.host_of.get(&c.id).copied() else {
                    continue;
                };
                let label = self.host_by_id(h).map_or("?", |h| h.label());
                containers.push(Followed {
                    id: c.id.clone(),
                    name: format!("{}@{label}", c.name),
                });
                hosts.push(h);
            }
            (!containers.is_empty()).then_some((
                LogTarget {
                    containers,
                    project: None,
                    service: None,
                },
                hosts,
            ))
        } else {
            None
        };
        let e = &mut self.everywhere;
        let same = wanted.as_ref().map(|(t, _)| t) == e.logs.target.as_ref();
        if same && !e.logs.restart {
            return vec![];
        }
        e.logs.restart = false;
        let mut fx = Vec::new();
        if e.logs.target.is_some() {
            fx.push(Effect::StopAcross {
                stream: e.logs.stream,
            });
        }
        e.seq += 1;
        let stream = e.seq;
        let target = match wanted {
            Some((target, hosts)) => {
                fx.push(Effect::FollowAcross {
                    stream,
                    containers: hosts
                        .into_iter()
                        .zip(target.containers.iter().map(|f| f.id.clone()))
                        .collect(),
                    tail: e.logs.tail,
                    since: e.logs.window.as_ref().and_then(|w| w.since),
                    until: e.logs.window.as_ref().and_then(|w| w.until),
                });
                Some(target)
            }
            None => None,
        };
        e.logs.reset(stream, target);
        fx
    }

    /// A report of the all-hosts log stream (older streams' are dropped).
    pub(in crate::app) fn on_everywhere_log(&mut self, r: Report) {
        let now = crate::time::Nanos::from_secs(self.now);
        if let Report::LogSkipped {
            stream,
            source,
            gap,
        } = &r
            && *stream == self.everywhere.logs.stream
        {
            let what = self.gap_words(*source, gap);
            self.everywhere.logs.on_skipped(*source, what, gap.after);
            return;
        }
        let logs = &mut self.everywhere.logs;
        match r {
            Report::LogLines { stream, lines } if stream == logs.stream => logs.append(lines),
            Report::LogEnded {
                stream,
                source,
                reason,
            } if stream == logs.stream => logs.on_ended(source, wording::log_end(&reason), now),
            Report::LogResumed { stream, source } if stream == logs.stream => {
                logs.on_resumed(source, now);
            }
            _ => {}
        }
    }
}
