//! The security pane's part of the app: asking for the descriptions it needs (only while it is
//! in front), taking them as findings, and opening a container's findings or the engine's.

use crate::app::overlays::{EngineFindingsView, FindingsView};
use crate::app::security::{Known, Piece, engine_rows_cap, pack};
use crate::app::{App, Effect, Overlay, Pane};
use crate::config::{Action, SecurityAction};
use crate::engine::Request;
use crate::ids::ContainerId;
use crate::inspect::Json;
use crate::security::Severity;
use crate::security::engine::EngineFinding;

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
            // Before a connection there is nothing known to show.
            SecurityAction::SecurityEngine => {
                if self.host.connection.info().is_some() {
                    self.open(Overlay::EngineFindings(EngineFindingsView::default()));
                }
            }
        }
        vec![]
    }

    /// While the security pane is in front (or the containers list marks high findings): the
    /// containers whose findings are not known nor asked for are asked for, at most
    /// [`ASK_BATCH`] waiting at a time, more as they come (the engine describes a few at once).
    ///
    /// In batches because the descriptions come back together: asking for all of 202
    /// containers at once held all 202 documents at the same moment, and the heap kept the
    /// 4.6 MB it had grown by (RssAnon 1.7 -> 6.3 MB, engine A); the pane also fills as they
    /// come rather than at the end.
    pub(crate) fn ask_security(&mut self) -> Vec<Effect> {
        let marks = self.settings.security_marks && self.screen.pane == Pane::Containers;
        if (self.screen.pane != Pane::Security && !marks)
            || !self.host.connection.is_connected()
            || !self.host.containers.list.loaded
        {
            return vec![];
        }
        let room = ASK_BATCH.saturating_sub(self.host.security.asking.len());
        let ids: Vec<ContainerId> = self
            .host
            .security
            .missing(&self.host.containers.list)
            .take(room)
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

/// Containers whose descriptions are waited for at most.
pub const ASK_BATCH: usize = 16;

impl App {
    /// The engine's own findings, the worst first, the config's ignored rules left out;
    /// `None` before the host was connected (nothing is guessed then).
    pub fn engine_findings(&self) -> Option<Vec<EngineFinding>> {
        let info = self.host.connection.info()?;
        Some(crate::security::engine::findings(
            &info.security,
            &self.settings.security_ignore,
            self.now,
        ))
    }

    /// The rows of the engine block above the security list at the current size: the
    /// findings (worst first), then the posture; none before a connection or when nothing is
    /// known of the engine. The list is shorter by as many rows ([`App::page`]).
    pub fn engine_block(&self) -> Vec<Vec<Piece>> {
        let Some(info) = self.host.connection.info() else {
            return vec![];
        };
        let sec = &info.security;
        if !sec.is_known() {
            return vec![];
        }
        let findings = self.engine_findings().unwrap_or_default();
        let key = self.settings.keymap.label(Action::SecurityEngine);
        let lead = if key.is_empty() {
            "Engine:".to_string()
        } else {
            format!("Engine ({key}):")
        };
        let mut first = vec![Piece::Label(lead)];
        if findings.is_empty() {
            first.push(Piece::Words("no finding"));
        }
        first.extend(
            findings
                .iter()
                .map(|f| Piece::Finding(f.rule.severity, f.rule.id)),
        );
        let width = usize::from(self.screen.width.saturating_sub(2)).max(1);
        let mut rows = pack(first, width);
        let posture = crate::security::engine::posture(sec);
        if !posture.is_empty() {
            let mut second = vec![Piece::Label("Posture:".into())];
            second.extend(posture.into_iter().map(|(n, v)| Piece::Feature(n, v)));
            rows.extend(pack(second, width));
        }
        rows.truncate(engine_rows_cap(crate::app::layout::body_rows(
            self.screen.height,
        )));
        rows
    }
}
