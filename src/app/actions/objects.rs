//! Actions of the images and networks panes: pull, tag and layers; connect and disconnect,
//! sort by connected containers.

use crate::app::list::Row;
use crate::app::overlays::{HistoryView, ObjectTarget, Overlay, PromptFor};
use crate::app::{App, Effect};
use crate::config::{ImageAction, NetworkAction};
use crate::engine::Request;

impl App {
    pub(super) fn on_images(&mut self, action: ImageAction) -> Vec<Effect> {
        match action {
            ImageAction::Pull => self.prompt(PromptFor::Pull),
            ImageAction::Tag => {
                if let Some(i) = self.host.images.selected() {
                    let purpose = PromptFor::TagImage {
                        id: i.id.clone(),
                        label: i.label(),
                    };
                    self.prompt(purpose);
                }
            }
            ImageAction::History => {
                if let Some(i) = self.host.images.selected() {
                    let (label, id) = (i.label(), i.id.clone());
                    let seq = self.host.next_seq();
                    self.open(Overlay::History(HistoryView {
                        seq,
                        label,
                        layers: None,
                        scroll: 0,
                    }));
                    return vec![Effect::Engine(
                        self.host.id,
                        Request::ImageHistory { seq, id },
                    )];
                }
            }
        }
        vec![]
    }

    pub(super) fn on_networks(&mut self, action: NetworkAction) -> Vec<Effect> {
        if action == NetworkAction::SortContainers {
            self.sort_by(&["containers"]);
            return vec![];
        }
        if let Some(n) = self.host.networks.selected() {
            let (network, label) = (n.id.clone(), n.name.clone());
            let purpose = match action {
                NetworkAction::Connect => PromptFor::Connect { network, label },
                NetworkAction::Disconnect => PromptFor::Disconnect { network, label },
                NetworkAction::SortContainers => return vec![],
            };
            self.prompt(purpose);
        }
        vec![]
    }

    /// What removing the marked (or selected) image rows asks of the engine, as `docker rmi`
    /// does with each row's reference: a tag whose image keeps other tags is only untagged,
    /// which no container minds; an image's last tag (or all its rows at once, or an untagged
    /// image) removes the image by id, refused while containers use it unless forced.
    pub(crate) fn image_targets(&self) -> Vec<ObjectTarget> {
        let rows = self.host.images.targets();
        let chosen = |id: &crate::ids::ImageId| rows.iter().filter(|r| &r.id == id).count();
        let mut out: Vec<ObjectTarget> = Vec::new();
        for row in &rows {
            let untag = !row.dangling() && row.tags.len() > chosen(&row.id);
            if untag {
                out.push(ObjectTarget {
                    key: row.key().to_string(),
                    label: row.key().to_string(),
                    used_by: Vec::new(),
                    used_by_running: false,
                    refused: None,
                    holds_data: false,
                });
                continue;
            }
            let id = row.id.to_string();
            if out.iter().any(|t| t.key == id) {
                continue;
            }
            let label = if row.tags.len() > 1 {
                let mut tags = row.tags.clone();
                tags.sort_by(|a, b| crate::app::list::natural_cmp(a, b));
                tags.join(", ")
            } else {
                row.label()
            };
            out.push(ObjectTarget {
                key: id,
                label,
                used_by: self.users_of(|c| c.image_id == row.id),
                used_by_running: self
                    .host
                    .containers
                    .list
                    .all()
                    .any(|c| c.image_id == row.id && c.state.is_up()),
                refused: None,
                holds_data: false,
            });
        }
        out
    }

    /// The tag a removal of one image row only untags, if that is what it does (the remove
    /// dialog then says so).
    pub(crate) fn image_untag_only(&self, targets: &[ObjectTarget]) -> Option<String> {
        match targets {
            [one] => self
                .host
                .images
                .get(&one.key)
                .filter(|i| i.id.as_str() != one.key)
                .map(|_| one.key.clone()),
            _ => None,
        }
    }
}
