//! Row behaviour (filter, sort) of images, volumes and networks, for their list panes.

use std::cmp::Ordering;

use super::list::{Row, SortKey};
use crate::engine::objects::{Image, Network, Volume};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum ImageSort {
    /// Repository and tag; dangling images last.
    #[default]
    Repository,
    Size,
    Created,
}

impl SortKey for ImageSort {
    const ALL: &'static [Self] = &[ImageSort::Repository, ImageSort::Size, ImageSort::Created];
    fn title(self) -> &'static str {
        match self {
            ImageSort::Repository => "repository",
            ImageSort::Size => "size",
            ImageSort::Created => "created",
        }
    }
}

impl Row for Image {
    type Sort = ImageSort;
    fn key(&self) -> &str {
        self.id.as_str()
    }
    fn label(&self) -> &str {
        self.tags.first().map_or("", String::as_str)
    }
    fn matches(&self, f: &str) -> bool {
        self.tags.iter().any(|t| t.to_lowercase().contains(f))
            || self
                .id
                .as_str()
                .trim_start_matches("sha256:")
                .starts_with(f)
            || (f == "<none>" && self.dangling())
    }
    fn compare(&self, b: &Self, sort: ImageSort, _now: i64) -> Ordering {
        match sort {
            ImageSort::Repository => self.dangling().cmp(&b.dangling()),
            // Biggest and newest first: what a user sorts by these for.
            ImageSort::Size => b.size.cmp(&self.size),
            ImageSort::Created => b.created.cmp(&self.created),
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum VolumeSort {
    #[default]
    Name,
    Driver,
    Size,
    Created,
}

impl SortKey for VolumeSort {
    const ALL: &'static [Self] = &[
        VolumeSort::Name,
        VolumeSort::Driver,
        VolumeSort::Size,
        VolumeSort::Created,
    ];
    fn title(self) -> &'static str {
        match self {
            VolumeSort::Name => "name",
            VolumeSort::Driver => "driver",
            VolumeSort::Size => "size",
            VolumeSort::Created => "created",
        }
    }
}

impl Row for Volume {
    type Sort = VolumeSort;
    fn key(&self) -> &str {
        &self.name
    }
    fn label(&self) -> &str {
        &self.name
    }
    fn matches(&self, f: &str) -> bool {
        self.name.to_lowercase().contains(f) || self.driver.to_lowercase().contains(f)
    }
    fn compare(&self, b: &Self, sort: VolumeSort, _now: i64) -> Ordering {
        match sort {
            // Named volumes (the ones people care about) before anonymous ones.
            VolumeSort::Name => self.anonymous.cmp(&b.anonymous),
            VolumeSort::Driver => self.driver.cmp(&b.driver),
            VolumeSort::Size => b.size.unwrap_or(-1).cmp(&self.size.unwrap_or(-1)),
            VolumeSort::Created => b.created.cmp(&self.created),
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum NetworkSort {
    #[default]
    Name,
    Driver,
    Containers,
}

impl SortKey for NetworkSort {
    const ALL: &'static [Self] = &[
        NetworkSort::Name,
        NetworkSort::Driver,
        NetworkSort::Containers,
    ];
    fn title(self) -> &'static str {
        match self {
            NetworkSort::Name => "name",
            NetworkSort::Driver => "driver",
            NetworkSort::Containers => "containers",
        }
    }
}

impl Row for Network {
    type Sort = NetworkSort;
    fn key(&self) -> &str {
        self.id.as_str()
    }
    fn label(&self) -> &str {
        &self.name
    }
    fn matches(&self, f: &str) -> bool {
        self.name.to_lowercase().contains(f)
            || self.driver.to_lowercase().contains(f)
            || self.id.as_str().starts_with(f)
            || self
                .containers
                .iter()
                .any(|u| u.name.to_lowercase().contains(f))
    }
    fn compare(&self, b: &Self, sort: NetworkSort, _now: i64) -> Ordering {
        match sort {
            // The engine's own networks after the user's.
            NetworkSort::Name => self.builtin().cmp(&b.builtin()),
            NetworkSort::Driver => self.driver.cmp(&b.driver),
            NetworkSort::Containers => b.containers.len().cmp(&self.containers.len()),
        }
    }
}
