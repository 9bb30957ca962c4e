//! Actions of the images and networks panes: pull, tag and layers; connect and disconnect.

use crate::app::overlays::{HistoryView, Overlay, PromptFor};
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
                    return vec![Effect::Engine(Request::ImageHistory { seq, id })];
                }
            }
        }
        vec![]
    }

    pub(super) fn on_networks(&mut self, action: NetworkAction) -> Vec<Effect> {
        if let Some(n) = self.host.networks.selected() {
            let (network, label) = (n.id.clone(), n.name.clone());
            let purpose = match action {
                NetworkAction::Connect => PromptFor::Connect { network, label },
                NetworkAction::Disconnect => PromptFor::Disconnect { network, label },
            };
            self.prompt(purpose);
        }
        vec![]
    }
}
