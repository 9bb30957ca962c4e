//! Turns bollard's errors into sentences a person can act on.

use bollard::errors::Error;

/// The engine's own message when it gave one, otherwise what went wrong on the way.
pub fn describe(err: &Error) -> String {
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
        Error::RequestTimeoutError => "the engine did not answer in time".to_string(),
        Error::HyperResponseError { .. } | Error::IOError { .. } => {
            format!("lost the connection to the engine ({err})")
        }
        other => other.to_string(),
    }
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
