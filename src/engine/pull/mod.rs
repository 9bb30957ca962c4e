//! Image pull (`docker pull`): the engine's progress messages as a stream of [`PullEvent`]s,
//! a pure fold of them into a [`PullProgress`] (per layer and overall), and errors in words.
//!
//! The engine answers `POST /images/create` with one JSON message per progress step. The first
//! message (`Pulling from dh/busybox`) carries the *tag* as its `id`, not a layer; then each layer
//! goes `Pulling fs layer` / `Waiting` → `Downloading` (current/total bytes, compressed) →
//! `Verifying Checksum` → `Download complete` → `Extracting` (current/total again) →
//! `Pull complete`, or is `Already exists`; the end is `Digest: sha256:…` and
//! `Status: Downloaded newer image for …` (or `Status: Image is up to date for …`). Recorded
//! streams from Docker 20.10 and 26.1 are in tests/fixtures/pull/.
//!
//! Errors come two ways: before the first message the engine answers with an HTTP error (a
//! missing image is 404, an unreachable registry 500, a bad reference 400 on Docker 20.10;
//! 26.1 takes "UPPER/case" for registry "UPPER" and looks it up in DNS, so references are
//! checked here first and never sent when bad); after it, an error is a message with
//! `errorDetail` (seen: a layer that fails verification), which ends the stream as an `Err`.
//!
//! Cancelling: drop the stream (or abort the task that owns it). That drops bollard's response
//! body, which closes the connection to the engine. Observed on Docker 20.10.24 and 26.1.5
//! (tests/engine_pull.rs `dropping_the_stream_cancels_the_pull`, through a throttling proxy
//! in front of the registry, 3 runs each): the engine does not go on pulling in the
//! background. 50 to 120 ms after the drop it has closed its own download connection to the
//! registry, having fetched about 45 kB of the 3 MB layer, and nothing more is fetched; 26.1
//! logs "Not continuing with pull after error: context canceled". No image or tag appears, the
//! engine keeps answering, and a new pull of the image (straight from the registry) downloads
//! the layer again from the start and succeeds. Nothing needs to be sent to stop a pull.

mod explain;
mod progress;
mod request;

pub use super::reference::ImageReference as PullReference;
pub use explain::explain_pull_error;
pub use progress::{LayerProgress, PullEvent, PullProgress, apply};
pub use request::decode_recorded;
