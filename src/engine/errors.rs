//! Turns bollard's errors into sentences a person can act on, and tells the engine's link
//! when a call failed on the way rather than being refused by the engine.
//!
//! A call that cannot reach the engine (socket gone, connection refused or reset) is the first
//! sign that the engine went away, often seconds before the event stream ends: dockerd stops
//! accepting connections as soon as it starts shutting down, then keeps the open event stream
//! while its containers stop (10 s for a `sleep`). Each request runs inside
//! [`LinkAlarm::watch`], and [`describe`] rings the alarm of the engine it ran against; the
//! connection supervisor then pings at once and declares the engine lost if that fails too.

use std::sync::Arc;

use bollard::errors::Error;
use tokio::sync::Notify;

tokio::task_local! {
    static ALARM: LinkAlarm;
}

/// Rung when a call to one engine fails on the way; heard by that engine's supervisor.
#[derive(Clone, Debug, Default)]
pub struct LinkAlarm(Arc<Notify>);

impl LinkAlarm {
    /// Runs `fut` (a request to this alarm's engine) so that its transport failures ring it.
    pub fn watch<F: std::future::Future>(
        self,
        fut: F,
    ) -> tokio::task::futures::TaskLocalFuture<LinkAlarm, F> {
        ALARM.scope(self, fut)
    }

    /// Waits until a call failed on the way (at once if one did since the last wait).
    pub async fn rung(&self) {
        self.0.notified().await;
    }

    fn ring(&self) {
        self.0.notify_one();
    }
}

/// The engine's own message when it gave one, otherwise what went wrong on the way.
pub fn describe(err: &Error) -> String {
    if let Some(words) = link_problem(err) {
        let _ = ALARM.try_with(LinkAlarm::ring);
        return words;
    }
    match err {
        Error::DockerResponseServerError {
            status_code,
            message,
        } => {
            let message = message.trim();
            if message.is_empty() {
                format!("the engine refused the request (HTTP {status_code})")
            } else {
                message.to_string()
            }
        }
        other => other.to_string(),
    }
}

/// Words for a call that failed on the way to the engine (`None`: the engine answered, or the
/// request itself was wrong). Read from the I/O error underneath, whatever layer wrapped it.
pub fn link_problem(err: &Error) -> Option<String> {
    let transport = matches!(
        err,
        Error::RequestTimeoutError
            | Error::IOError { .. }
            | Error::HyperResponseError { .. }
            | Error::HyperLegacyError { .. }
            | Error::HttpClientError { .. }
            | Error::SocketNotFoundError(_)
    );
    if !transport {
        return None;
    }
    // The ssh transport says why ssh ended in words of its own (src/engine/ssh.rs).
    if let Some(ssh) = find_cause::<super::ssh::SshFailure>(err) {
        return Some(ssh.to_string());
    }
    if let Some(tls) = find_cause::<rustls::Error>(err) {
        return Some(format!("TLS with the engine failed: {tls}"));
    }
    if matches!(err, Error::RequestTimeoutError) {
        return Some("the engine did not answer in time".into());
    }
    if matches!(err, Error::SocketNotFoundError(_)) {
        return Some("cannot reach the engine: its socket is gone".into());
    }
    use std::io::ErrorKind::*;
    let words = match io_kind(err) {
        Some(NotFound) => "cannot reach the engine: its socket is gone",
        Some(ConnectionRefused) => "cannot reach the engine: it refuses connections (stopping?)",
        Some(PermissionDenied) => "cannot reach the engine: permission denied on its socket",
        Some(ConnectionReset | ConnectionAborted | BrokenPipe | UnexpectedEof) => {
            "lost the connection to the engine: it closed the connection"
        }
        Some(TimedOut) => "the engine did not answer in time",
        _ => "lost the connection to the engine",
    };
    Some(words.into())
}

/// The first cause of type `T` in `err`'s chain, looking inside the I/O errors on the way:
/// rustls' errors and the ssh transport's travel inside an `io::Error`, whose `source()`
/// skips the error it holds, so a plain walk of `source()` never meets them.
pub(crate) fn find_cause<T: std::error::Error + 'static>(err: &Error) -> Option<&T> {
    // A transparent variant's `source()` skips the io::Error it holds: start from that.
    let mut cause: Option<&(dyn std::error::Error + 'static)> = match err {
        Error::IOError { err } => Some(err),
        other => Some(other),
    };
    // Bounded: a chain of causes is a few links long.
    for _ in 0..16 {
        let c = cause?;
        if let Some(found) = c.downcast_ref::<T>() {
            return Some(found);
        }
        // Step into the error an io::Error holds (hyper-rustls wraps rustls' io::Error in
        // another one), else on to the next cause.
        if let Some(inner) = c
            .downcast_ref::<std::io::Error>()
            .and_then(|io| io.get_ref())
        {
            let inner: &(dyn std::error::Error + 'static) = inner;
            cause = Some(inner);
            continue;
        }
        cause = c.source();
    }
    None
}

/// The kind of the I/O error at the bottom of `err`'s chain of causes, if any.
fn io_kind(err: &Error) -> Option<std::io::ErrorKind> {
    // A transparent variant's `source()` skips the io::Error it holds: look at it first.
    if let Error::IOError { err } = err {
        return Some(err.kind());
    }
    let mut cause: Option<&(dyn std::error::Error + 'static)> = Some(err);
    // Bounded: a chain of causes is a few links long.
    for _ in 0..16 {
        let c = cause?;
        if let Some(io) = c.downcast_ref::<std::io::Error>() {
            return Some(io.kind());
        }
        cause = c.source();
    }
    None
}

/// True when the error means the object is gone (HTTP 404), e.g. removed by someone else.
pub fn is_not_found(err: &Error) -> bool {
    matches!(
        err,
        Error::DockerResponseServerError {
            status_code: 404,
            ..
        }
    )
}

/// True when the engine answered 304 "not modified": starting a running container, stopping a
/// stopped one. Docker reports success in that case and so do we.
pub fn is_not_modified(err: &Error) -> bool {
    matches!(
        err,
        Error::DockerResponseServerError {
            status_code: 304,
            ..
        }
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn io(kind: std::io::ErrorKind) -> Error {
        Error::IOError {
            err: std::io::Error::new(kind, "raw words"),
        }
    }

    #[test]
    fn a_failure_on_the_way_is_worded_from_its_io_error() {
        use std::io::ErrorKind::*;
        assert_eq!(
            describe(&io(NotFound)),
            "cannot reach the engine: its socket is gone"
        );
        assert_eq!(
            describe(&io(ConnectionRefused)),
            "cannot reach the engine: it refuses connections (stopping?)"
        );
        assert_eq!(
            describe(&io(BrokenPipe)),
            "lost the connection to the engine: it closed the connection"
        );
        assert_eq!(describe(&io(Other)), "lost the connection to the engine");
    }

    #[test]
    fn causes_are_found_inside_nested_io_errors() {
        #[derive(Debug)]
        struct Deep;
        impl std::fmt::Display for Deep {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("deep")
            }
        }
        impl std::error::Error for Deep {}
        let nested =
            std::io::Error::other(std::io::Error::new(std::io::ErrorKind::InvalidData, Deep));
        let err = Error::IOError { err: nested };
        assert!(find_cause::<Deep>(&err).is_some());
        assert!(find_cause::<Deep>(&io(std::io::ErrorKind::Other)).is_none());
        // The ssh transport's words win over the generic ones.
        let ssh = Error::IOError {
            err: std::io::Error::other(super::super::ssh::SshFailure("ssh said no".into())),
        };
        assert_eq!(describe(&ssh), "ssh said no");
    }

    #[test]
    fn the_engine_own_refusal_is_its_message_and_rings_nothing() {
        let refused = Error::DockerResponseServerError {
            status_code: 409,
            message: "conflict: in use ".into(),
        };
        assert_eq!(link_problem(&refused), None);
        assert_eq!(describe(&refused), "conflict: in use");
    }

    #[tokio::test]
    async fn a_failure_on_the_way_rings_the_alarm_of_its_engine() {
        let alarm = LinkAlarm::default();
        alarm
            .clone()
            .watch(async { describe(&io(std::io::ErrorKind::ConnectionRefused)) })
            .await;
        let rung = tokio::time::timeout(std::time::Duration::from_secs(1), alarm.rung()).await;
        assert!(rung.is_ok(), "rung");
        // Outside a watched request nothing is rung (and nothing fails).
        describe(&io(std::io::ErrorKind::ConnectionRefused));
    }
}
