//! What is on the screen, whichever engine it shows: its size, the pane in front, the overlay
//! covering it, the toasts, and whether dockhand is quitting.

use super::layout;
use super::overlays::Overlay;
use super::panes::Pane;
use super::toast::Toasts;

pub struct Screen {
    pub width: u16,
    pub height: u16,
    pub pane: Pane,
    pub overlay: Option<Overlay>,
    /// The host the overlay is about (the one in hand when it opened): its keys act there and
    /// only that host's answers reach it.
    pub overlay_host: crate::ids::HostId,
    pub toasts: Toasts,
    pub quitting: bool,
    /// The containers pane shows every connected host's containers (`app/everywhere.rs`).
    pub everywhere: bool,
    /// The last click (to tell a double click), none after a double click.
    pub last_click: Option<super::mouse::Click>,
}

impl Default for Screen {
    fn default() -> Self {
        // The size most terminals open at, until the first resize says otherwise.
        Self {
            width: 80,
            height: 24,
            pane: Pane::Containers,
            overlay: None,
            overlay_host: crate::ids::HostId::FIRST,
            toasts: Toasts::default(),
            quitting: false,
            everywhere: false,
            last_click: None,
        }
    }
}

impl Screen {
    /// Rows of a list at the current size, with the log pane below it (`split`) or not.
    pub fn list_rows(&self, split: bool) -> usize {
        if split {
            layout::split_list_rows(self.height)
        } else {
            layout::list_rows(self.height)
        }
        .max(1)
    }
}
