//! The pull request itself: [`Engine::pull`] sends `POST /images/create` for a checked
//! reference and yields its progress messages until the first error, and
//! [`decode_recorded`] reads a recorded response body the same way.

use bollard::models::CreateImageInfo;
use bollard::query_parameters::CreateImageOptions;
use futures_util::{Stream, StreamExt, future, stream};

use super::explain::{explain_bollard, explain_pull_error};
use super::progress::PullEvent;
use crate::engine::connect::Engine;
use crate::engine::reference::ImageReference;

impl Engine {
    /// Pulls an image (`docker pull REFERENCE`): the engine's progress messages, ending after
    /// `Status: …` when the image is there, or with one `Err` (in words, see
    /// [`explain_pull_error`]) after which the stream ends. A reference that is not valid is
    /// refused without asking the engine. Drop the stream to cancel: the engine stops too
    /// (see the module documentation).
    ///
    /// The stream does not borrow the engine: it can be moved to a task of its own.
    pub fn pull(
        &self,
        reference: &str,
    ) -> impl Stream<Item = Result<PullEvent, String>> + Send + Unpin + use<> {
        let events = match ImageReference::parse(reference) {
            Ok(r) => {
                let opts = CreateImageOptions {
                    from_image: Some(r.name.clone()),
                    tag: Some(r.api_tag().to_string()),
                    ..Default::default()
                };
                self.docker
                    .create_image(Some(opts), None, None)
                    .map(move |item| match item {
                        Ok(info) => match PullEvent::from(info) {
                            PullEvent { error: Some(e), .. } => {
                                Err(explain_pull_error(&e, None, &r))
                            }
                            ev => Ok(ev),
                        },
                        Err(e) => Err(explain_bollard(&e, &r)),
                    })
                    .left_stream()
            }
            Err(e) => stream::once(future::ready(Err(e))).right_stream(),
        };
        Box::pin(until_first_error(events))
    }
}

/// The items of `s` up to and including its first `Err`.
fn until_first_error<T>(
    s: impl Stream<Item = Result<T, String>>,
) -> impl Stream<Item = Result<T, String>> {
    s.scan(false, |failed, item| {
        if *failed {
            return future::ready(None);
        }
        *failed = item.is_err();
        future::ready(Some(item))
    })
}

/// Decodes a recorded response body of `POST /images/create` (the engine's JSON messages one
/// after another, as in tests/fixtures/pull/) into what [`Engine::pull`] would have yielded:
/// the events, then at most one `Err` where the engine reported an error.
pub fn decode_recorded(body: &str, reference: &str) -> Vec<Result<PullEvent, String>> {
    let r = match ImageReference::parse(reference) {
        Ok(r) => r,
        Err(e) => return vec![Err(e)],
    };
    let mut out = Vec::new();
    for item in serde_json::Deserializer::from_str(body).into_iter::<CreateImageInfo>() {
        match item {
            Ok(info) => match PullEvent::from(info) {
                PullEvent { error: Some(e), .. } => {
                    out.push(Err(explain_pull_error(&e, None, &r)));
                    break;
                }
                ev => out.push(Ok(ev)),
            },
            Err(e) => {
                out.push(Err(format!(
                    "the engine sent a message dockhand cannot read: {e}"
                )));
                break;
            }
        }
    }
    out
}
