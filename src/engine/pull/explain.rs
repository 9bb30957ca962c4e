//! Pull errors in words: what the engine says when a pull fails (an HTTP error before the
//! first message, or an `errorDetail` message inside the stream), turned into a sentence a
//! person can act on, naming the registry and the reference.

use bollard::errors::Error;

use crate::engine::errors::describe;
use crate::engine::reference::{EXAMPLES, ImageReference};

pub(super) fn explain_bollard(err: &Error, r: &ImageReference) -> String {
    match err {
        Error::DockerResponseServerError {
            status_code,
            message,
        } => explain_pull_error(message, Some(*status_code), r),
        Error::DockerStreamError { error } => explain_pull_error(error, None, r),
        other => describe(other),
    }
}

/// The engine's pull error in words a person can act on. `status` is the HTTP status when the
/// engine refused the request before the first progress message, `None` for an error inside
/// the stream.
pub fn explain_pull_error(message: &str, status: Option<u16>, r: &ImageReference) -> String {
    let message = message.trim();
    let m = message.to_lowercase();
    let host = r.registry_host();
    if let Some(why) = m.find("invalid reference format") {
        let detail = message[why + "invalid reference format".len()..]
            .trim_start_matches(':')
            .trim();
        let detail = if detail.is_empty() {
            String::new()
        } else {
            format!(" ({detail})")
        };
        return format!("\"{r}\" is not a valid image reference{detail}; {EXAMPLES}");
    }
    let unreachable = [
        ("connection refused", "connection refused"),
        ("no such host", "no such host (the name does not resolve)"),
        ("network is unreachable", "network is unreachable"),
        ("no route to host", "no route to host"),
        ("i/o timeout", "no answer in time"),
        ("deadline exceeded", "no answer in time"),
        ("connection reset", "the connection was reset"),
    ];
    for (needle, words) in unreachable {
        if m.contains(needle) {
            return format!("cannot reach registry {host}: {words}");
        }
    }
    if m.contains("server gave http response to https client") {
        return format!(
            "registry {host} answers plain HTTP but the engine wants HTTPS: engines allow plain \
             HTTP only to 127.0.0.0/8 and to the registries in their insecure-registries setting"
        );
    }
    if m.contains("x509") || m.contains("certificate") {
        return format!(
            "the engine does not trust the TLS certificate of registry {host} ({message})"
        );
    }
    if m.contains("pull access denied")
        || m.contains("requested access to the resource is denied")
        || m.contains("unauthorized")
        || m.contains("authentication required")
    {
        return format!(
            "registry {host} refused {r}: no such image there, or it needs a login (docker login {host})"
        );
    }
    if m.contains("manifest unknown")
        || m.contains("name unknown")
        || m.contains("not found")
        || status == Some(404)
    {
        return format!("no such image in the registry: {r}");
    }
    if m.contains("context canceled") {
        return format!("the pull of {r} was cancelled");
    }
    if message.is_empty() {
        return match status {
            Some(code) => format!("the engine refused to pull {r} (HTTP {code})"),
            None => format!("the pull of {r} failed"),
        };
    }
    match status {
        Some(_) => message.to_string(),
        None => format!("the pull of {r} failed: {message}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(r: &str) -> ImageReference {
        ImageReference::parse(r).unwrap_or_else(|e| panic!("{r}: {e}"))
    }

    #[test]
    fn engine_errors_become_words() {
        let r = parse("127.0.0.1:1/dh/busybox:1");
        assert_eq!(
            explain_pull_error(
                "Get \"http://127.0.0.1:1/v2/\": dial tcp 127.0.0.1:1: connect: connection refused",
                Some(500),
                &r
            ),
            "cannot reach registry 127.0.0.1:1: connection refused"
        );
        let r = parse("127.0.0.1:5000/dh/busybox:nope");
        assert_eq!(
            explain_pull_error(
                "manifest for 127.0.0.1:5000/dh/busybox:nope not found: manifest unknown: manifest unknown",
                Some(404),
                &r
            ),
            "no such image in the registry: 127.0.0.1:5000/dh/busybox:nope"
        );
        let r = parse("upper/case");
        let e = explain_pull_error(
            "invalid reference format: repository name must be lowercase",
            Some(400),
            &r,
        );
        assert!(
            e.starts_with("\"upper/case:latest\" is not a valid image reference (repository name must be lowercase); write it like"),
            "{e}"
        );
        let r = parse("127.0.0.1:5000/dh/x:1");
        assert_eq!(
            explain_pull_error(
                "filesystem layer verification failed for digest sha256:49e6",
                None,
                &r
            ),
            "the pull of 127.0.0.1:5000/dh/x:1 failed: filesystem layer verification failed for digest sha256:49e6"
        );
        let r = parse("acme/private");
        assert!(
            explain_pull_error(
                "pull access denied for acme/private, repository does not exist or may require 'docker login': denied: requested access to the resource is denied",
                Some(404),
                &r
            )
            .contains("docker login docker.io"),
        );
    }
}
