//! Row behaviour (filter, sort) of images, volumes and networks, for their list panes, and
//! the images pane's rows: one per tag, as `docker images` lists them.

use std::cmp::Ordering;

use super::list::{Row, SortKey, contains_lowered, natural_cmp};
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
    fn descending_first(self) -> bool {
        self == ImageSort::Size
    }
    fn by_name(self) -> bool {
        self == ImageSort::Repository
    }
}

/// The images pane's rows: an image with several tags becomes one row per tag, each with the
/// tag it shows first in `tags` (the others follow), so the row's label, inspect, layers, tag
/// and remove all name that tag. Untagged images stay one row.
pub fn rows_per_tag(images: Vec<Image>) -> Vec<Image> {
    let mut rows = Vec::with_capacity(images.len());
    for img in images {
        if img.tags.len() < 2 {
            rows.push(img);
            continue;
        }
        for i in 1..img.tags.len() {
            let mut row = img.clone();
            row.tags.rotate_left(i);
            rows.push(row);
        }
        rows.push(img);
    }
    rows
}

impl Row for Image {
    type Sort = ImageSort;
    /// The tag the row shows (see [`rows_per_tag`]); the id for an untagged image.
    fn key(&self) -> &str {
        match self.tags.first() {
            Some(tag) if !self.dangling() => tag,
            _ => self.id.as_str(),
        }
    }
    fn label(&self) -> &str {
        self.tags.first().map_or("", String::as_str)
    }
    /// The row's own tag or the image's id: a filter on one tag shows that tag's row only.
    fn matches(&self, f: &str) -> bool {
        self.tags.first().is_some_and(|t| contains_lowered(t, f))
            || self
                .id
                .as_str()
                .trim_start_matches("sha256:")
                .starts_with(f)
            || (f == "<none>" && self.dangling())
    }
    fn compare(&self, b: &Self, sort: ImageSort, _now: i64) -> Ordering {
        match sort {
            // Untagged images after the named ones; names by [`Row::label`].
            ImageSort::Repository => self.dangling().cmp(&b.dangling()),
            ImageSort::Size => self.size.cmp(&b.size),
            // By age: the youngest first.
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
    fn descending_first(self) -> bool {
        self == VolumeSort::Size
    }
    fn by_name(self) -> bool {
        self == VolumeSort::Name
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
        contains_lowered(&self.name, f) || contains_lowered(&self.driver, f)
    }
    fn compare(&self, b: &Self, sort: VolumeSort, _now: i64) -> Ordering {
        match sort {
            // Named volumes (the ones people care about) before anonymous ones.
            VolumeSort::Name => self.anonymous.cmp(&b.anonymous),
            VolumeSort::Driver => natural_cmp(&self.driver, &b.driver),
            // Unknown sizes as the smallest.
            VolumeSort::Size => self.size.unwrap_or(-1).cmp(&b.size.unwrap_or(-1)),
            // By age: the youngest first, unknown ones last.
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
    fn descending_first(self) -> bool {
        self == NetworkSort::Containers
    }
    fn by_name(self) -> bool {
        self == NetworkSort::Name
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
        contains_lowered(&self.name, f)
            || contains_lowered(&self.driver, f)
            || self.id.as_str().starts_with(f)
            || self.containers.iter().any(|u| contains_lowered(&u.name, f))
    }
    fn compare(&self, b: &Self, sort: NetworkSort, _now: i64) -> Ordering {
        match sort {
            // The engine's own networks after the user's.
            NetworkSort::Name => self.builtin().cmp(&b.builtin()),
            NetworkSort::Driver => natural_cmp(&self.driver, &b.driver),
            NetworkSort::Containers => self.containers.len().cmp(&b.containers.len()),
        }
    }
}
