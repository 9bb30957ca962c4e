//! The security pane's part of the app: asking for the descriptions it needs (only while it is
//! in front), taking them as findings, and opening a container's findings.

use crate::app::overlays::FindingsView;
use crate::app::security::Known;
use crate::app::{App, Effect, Overlay, Pane};
use crate::config::SecurityAction;
use crate::engine::Request;
use crate::ids::ContainerId;
use crate::inspect::Json;
use crate::security::Severity;

impl App {
    /// Whether the containers list marks this container: its findings are known and one is
    /// high.
    pub fn has_high_findings(&self, host: &crate::app::Host, id: &ContainerId) -> bool {
        self.settings.security_marks
            && matches!(
                host.security.known.get(id),
                Some(Known::Found(f)) if f.first().is_some_and(|f| f.rule.severity == Severity::High)
            )
    }

    pub(super) fn on_security(&mut self, action: SecurityAction) -> Vec<Effect> {
        match action {
            SecurityAction::SecurityFindings => {
                if let Some(r) = self.host.security.list.selected() {
                    let view = FindingsView {
                        name: r.name.clone(),
                        known: r.known.clone(),
                        scroll: 0,
                    };
                    self.open(Overlay::Findings(view));
                }
            }
        }
        vec![]
    }

    /// While the security pane is in front (or the containers list marks high findings): the
    /// containers whose findings are not known nor asked for are asked for, in one request (the
    /// engine describes a few at a time).
    pub(crate) fn ask_security(&mut self) -> Vec<Effect> {
        let marks = self.settings.security_marks && self.screen.pane == Pane::Containers;
        if (self.screen.pane != Pane::Security && !marks)
            || !self.host.connection.is_connected()
            || !self.host.containers.list.loaded
        {
            return vec![];
        }
        let ids: Vec<ContainerId> = self
            .host
            .security
            .missing(&self.host.containers.list)
            .cloned()
            .collect();
        if ids.is_empty() {
            return vec![];
        }
        let seq = self.host.next_seq();
        let security = &mut self.host.security;
        security.seq = seq;
        security.asking.extend(ids.iter().cloned());
        vec![Effect::Engine(
            self.host.id,
            Request::InspectContainers { seq, ids },
        )]
    }

    /// Descriptions arrived: each becomes the container's findings (a container gone since
    /// says so, and its row goes with the next list).
    pub(crate) fn learn_security(&mut self, docs: Vec<(ContainerId, Result<Json, String>)>) {
        let ignore = &self.settings.security_ignore;
        for (id, doc) in docs {
            let known = match doc {
                Ok(d) => Known::Found(crate::security::findings(&d, ignore)),
                Err(e) => Known::Failed(e),
            };
            self.host.security.learn(id, known);
        }
    }
}
