//! What is asked of the engine for a container's log, and how it answers when it refuses.
//!
//! - Every request asks for both streams and `timestamps=1` (ordering, resuming and
//!   de-duplicating need the stamps); `since`/`until` go as `SECONDS.NANOS`, which both
//!   engines compare to the nanosecond, inclusively (see the module notes of [`super`]).
//! - The body is read raw: bollard's `logs()` cannot bound a TTY line without `\n` and only
//!   takes whole seconds, so [`Engine::log_body`] points `export_container`'s GET at the logs
//!   path and hands the bytes on undecoded.
//! - Errors come as a [`LogEnd`] (worded for people in the app), with the engine's status
//!   when it gave one: 404 is [`LogEnd::Gone`]; a logging driver that keeps nothing readable
//!   (501) is [`LogEnd::NoReadableLog`]; a 4xx other than 404, or a 501, is final (asking
//!   again will not change it), see [`LogError::is_final`].

use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use bollard::errors::Error;
use futures_util::{Stream, StreamExt, future, stream};
use http::uri::PathAndQuery;

use crate::engine::connect::Engine;
use crate::engine::errors::describe;
use crate::engine::raw::rewrite_uri;
use crate::time::Nanos;

/// Why a log reading or follow stopped, or could not start: data, worded in the app.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LogEnd {
    /// The container does not exist (a 404 from any log request, or removed while followed).
    Gone,
    /// Its logging driver keeps nothing that can be read back (`docker logs` cannot either).
    NoReadableLog,
    /// The followed run stopped: the container's state then (`exited`, `dead`, ...; empty
    /// when the engine did not say) and its exit code when it exited.
    Stopped {
        status: String,
        exit_code: Option<i64>,
    },
    /// A new run started while the old one's stream ended.
    Restarted,
    /// The chosen time window (`until`) is over.
    WindowOver,
    /// The stream ended while the container still runs (the follower reads on).
    StreamEnded,
    /// Any other failure, in the engine's (or the transport's) words.
    Failed(String),
}

/// Which part of a container's log to read.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LogRequest {
    /// Only the last N messages (`None`: all). The engine counts messages: a line longer than
    /// 16 KiB is several.
    pub tail: Option<u64>,
    /// Only lines stamped at or after this time, in **nanoseconds** since the epoch, the unit
    /// of [`RawLine::ts`](crate::logs::RawLine::ts) (a line's `ts` can be given back as is). Sent as `SECONDS.NANOS`.
    pub since: Option<Nanos>,
    /// Only lines stamped at or before this time, nanoseconds since the epoch.
    pub until: Option<Nanos>,
    /// Keep the stream open for new lines until the container stops. The engine's follow can
    /// miss the last lines written as the container stops; [`Engine::follow_logs`] makes up
    /// for it.
    pub follow: bool,
}

impl Engine {
    /// The raw response body of `GET /containers/{id}/logs`.
    ///
    /// bollard has no public raw streaming request; `export_container` is a plain GET whose
    /// body comes back as bytes, and a request modifier points it at the logs path (as
    /// [`Engine::get_raw`] does with ping). The modifier runs when the request is built, before
    /// anything is sent, so an unmodified export (a tarball of the container) is never asked for.
    pub(super) fn log_body(&self, id: &str, req: &LogRequest) -> Body {
        let target = format!("/containers/{}/logs?{}", path_segment(id), query(req));
        self.log_body_at(&target, id)
    }

    /// The raw body of a service's logs (`GET /services/{id}/logs`), followed, with each
    /// line's task named in its details (`details=1`, see `engine::swarm::logs`). The body is
    /// the same stream as a container's (multiplexed, or raw for a TTY service).
    pub(super) fn service_log_body(&self, service: &str, tail: u64) -> Body {
        let target = format!(
            "/services/{}/logs?stdout=1&stderr=1&timestamps=1&details=1&follow=1&tail={tail}",
            path_segment(service)
        );
        self.log_body_at(&target, service)
    }

    /// A GET of `target` whose body is a log stream; `id` names it in errors.
    fn log_body_at(&self, target: &str, id: &str) -> Body {
        let target = match target.parse::<PathAndQuery>() {
            Ok(t) => t,
            Err(e) => return failed(format!("cannot ask for the logs of {id:?}: {e}")),
        };
        let rewritten = Arc::new(AtomicBool::new(false));
        let flag = rewritten.clone();
        let docker = self.docker.clone().with_request_modifier(move |mut r| {
            if let Ok(uri) = rewrite_uri(r.uri(), &target) {
                *r.uri_mut() = uri;
                flag.store(true, Ordering::SeqCst);
            }
            r
        });
        let body = docker.export_container(id);
        if !rewritten.load(Ordering::SeqCst) {
            return failed(format!(
                "could not address the logs of {id:?} on this connection"
            ));
        }
        Box::pin(body.map(|r| match r {
            Ok(bytes) => Ok(Box::new(bytes) as Chunk),
            Err(e) => Err(explain(&e)),
        }))
    }
}

/// One piece of the response body, as the transport gave it.
pub(super) type Chunk = Box<dyn AsRef<[u8]> + Send>;
pub(super) type Body = Pin<Box<dyn Stream<Item = Result<Chunk, LogError>> + Send>>;

fn failed(message: String) -> Body {
    Box::pin(stream::once(future::ready(Err(LogError {
        end: LogEnd::Failed(message),
        status: None,
    }))))
}

/// An error in words, with the engine's HTTP status when it answered with one.
#[derive(Clone, Debug)]
pub(super) struct LogError {
    pub(super) end: LogEnd,
    pub(super) status: Option<u16>,
}

impl LogError {
    /// The engine refused for a reason that asking again will not change.
    pub(super) fn is_final(&self) -> bool {
        matches!(self.status, Some(s) if (400..500).contains(&s) && s != 404 || s == 501)
    }
}

fn explain(e: &Error) -> LogError {
    let (end, status) = match e {
        Error::DockerResponseServerError {
            status_code: 404, ..
        } => (LogEnd::Gone, Some(404)),
        Error::DockerResponseServerError {
            status_code,
            message,
        } if message.contains("does not support reading") => {
            (LogEnd::NoReadableLog, Some(*status_code))
        }
        Error::DockerResponseServerError { status_code, .. } => {
            (LogEnd::Failed(describe(e)), Some(*status_code))
        }
        _ => (LogEnd::Failed(describe(e)), None),
    };
    LogError { end, status }
}

/// The query of a logs request: both streams, timestamps, and the window.
fn query(req: &LogRequest) -> String {
    let mut q = String::from("stdout=1&stderr=1&timestamps=1");
    q.push_str(if req.follow { "&follow=1" } else { "&follow=0" });
    match req.tail {
        Some(n) => q.push_str(&format!("&tail={n}")),
        None => q.push_str("&tail=all"),
    }
    if let Some(s) = req.since {
        q.push_str(&format!("&since={}", engine_time(s)));
    }
    if let Some(u) = req.until {
        q.push_str(&format!("&until={}", engine_time(u)));
    }
    q
}

/// An instant as the engine takes it: `SECONDS.NANOS` (9 digits), never before 1970.
fn engine_time(at: Nanos) -> String {
    Nanos(at.0.max(0)).to_string()
}

/// A container id or name as one path segment (names are `[a-zA-Z0-9][a-zA-Z0-9_.-]*`;
/// anything else is escaped rather than trusted).
pub(crate) fn path_segment(id: &str) -> String {
    let mut s = String::with_capacity(id.len());
    for b in id.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.') {
            s.push(b as char);
        } else {
            s.push_str(&format!("%{b:02X}"));
        }
    }
    s
}
