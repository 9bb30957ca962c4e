//! The engine layer: the only module that imports bollard.
//!
//! - [`host`] and [`context`] decide which address to talk to;
//! - [`connect`] opens it and proves an engine answers: over a unix socket, TCP (with TLS
//!   files checked by [`tls`] and [`certfile`]) or ssh ([`ssh`], dockhand's own transport);
//! - [`containers`] and [`events`] are the calls dockhand makes; [`images`], [`volumes`],
//!   [`networks`], [`disk`] and [`prune`] manage the other objects, [`raw`] reads what bollard
//!   cannot decode; [`stats`] samples a container through the API and [`cgroup`] through its
//!   cgroup files on a local engine; [`inspect`] reads any object's full description;
//!   [`pull`] fetches images, and [`reference`](mod@reference) is the one grammar of image references;
//! - [`supervisor`] runs them in the background and reports through [`protocol`];
//! - [`posture`] reads the engine's own security settings from its `/info` at the handshake;
//! - [`model`] holds dockhand's own types, so no bollard type leaves this module.

pub mod backoff;
pub mod catalogue;
pub mod certfile;
pub mod cgroup;
pub mod compose;
pub mod connect;
pub mod containers;
pub mod context;
pub mod copy;
pub mod disk;
pub mod errors;
pub mod events;
pub mod exec;
pub mod host;
pub mod images;
pub mod inspect;
pub mod logs;
pub mod model;
pub mod named;
pub mod networks;
pub mod objects;
pub mod posture;
pub mod protocol;
pub mod prune;
pub mod pull;
pub mod raw;
pub mod reference;
pub mod sampler;
pub mod ssh;
pub mod stats;
pub mod status;
pub mod supervisor;
pub mod swarm;
pub mod tls;
pub mod top;
pub mod volumes;

pub use connect::Engine;
pub use protocol::{Report, Request};
