//! Typed ids for the values that travel between the app and the engine, so a container id
//! cannot be passed where an image id (or any other string) is wanted. Each is a thin wrapper
//! over the engine's string; `Borrow<str>` lets maps keyed by an id be looked up with a `&str`.

use std::borrow::Borrow;
use std::fmt;

/// Defines one id type: a `String` newtype with the conversions every id needs.
macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(String);

        impl $name {
            pub fn new(id: impl Into<String>) -> Self {
                Self(id.into())
            }

            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl From<String> for $name {
            fn from(id: String) -> Self {
                Self(id)
            }
        }

        impl From<&str> for $name {
            fn from(id: &str) -> Self {
                Self(id.to_string())
            }
        }

        impl Borrow<str> for $name {
            fn borrow(&self) -> &str {
                &self.0
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }
    };
}

id_type!(
    /// A container's id as the engine gives it (64 hex digits on Docker).
    ContainerId
);

id_type!(
    /// An image's id as the engine gives it (`sha256:…`), never a reference (`repo:tag`).
    ImageId
);

id_type!(
    /// A network's id as the engine gives it (not its name).
    NetworkId
);

/// One of the engines dockhand knows (a `[[hosts]]` entry, a docker context, the address given
/// at start), by its place in the list of hosts: the app's state, the engine worker and every
/// request and report between them are tagged with it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct HostId(pub usize);

impl HostId {
    /// The host dockhand starts on (the only one in a single-host app).
    pub const FIRST: HostId = HostId(0);
    /// Not a host: the all-hosts list's log stream, which follows containers of several hosts
    /// at once, reports under this id.
    pub const EVERYWHERE: HostId = HostId(usize::MAX);
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;

    #[test]
    fn a_map_keyed_by_id_is_read_with_a_str() {
        let mut m = HashMap::new();
        m.insert(ContainerId::from("abc"), 1);
        assert_eq!(m.get("abc"), Some(&1));
        assert_eq!(ContainerId::new("abc").to_string(), "abc");
        assert_eq!(ImageId::from("sha256:1".to_string()).as_str(), "sha256:1");
    }
}
