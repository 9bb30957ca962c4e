//! A raw `GET` of any engine path, answered as the engine's own text.
//!
//! bollard 0.21 decodes some answers only in the newest API shape (`/system/df` only as API
//! 1.52 sends it: all `None` from Docker 28 and older). For those, dockhand reads the body
//! itself and decodes it with its own structs that accept the older shapes.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use http::Uri;
use http::uri::PathAndQuery;

use super::connect::Engine;
use super::errors::describe;

impl Engine {
    /// `GET path_and_query` on the engine (e.g. `/system/df`); the response body as text.
    /// A non-2xx answer is an error with the engine's own message.
    ///
    /// bollard has no public raw request, but `ping()` returns its body as a `String` and
    /// checks the status like every other call. A clone of the client whose request modifier
    /// points the ping at `path_and_query` gives exactly a raw GET, over whatever transport
    /// (unix socket, TCP+TLS, ssh) the connection uses.
    pub async fn get_raw(&self, path_and_query: &str) -> Result<String, String> {
        let target = parse_target(path_and_query)?;
        // Set by the modifier once it has rewritten the request: a request that was not
        // rewritten would be a real ping, whose "OK" must never pass for the answer.
        let rewritten = Arc::new(AtomicBool::new(false));
        let flag = rewritten.clone();
        let docker = self.docker.clone().with_request_modifier(move |mut req| {
            if let Ok(uri) = rewrite_uri(req.uri(), &target) {
                *req.uri_mut() = uri;
                flag.store(true, Ordering::SeqCst);
            }
            req
        });
        let body = docker.ping().await.map_err(|e| describe(&e))?;
        if !rewritten.load(Ordering::SeqCst) {
            return Err(format!(
                "could not address {path_and_query} on this connection"
            ));
        }
        Ok(body)
    }

    /// Any method on any engine path, with an optional JSON body: the answer's body as text, or
    /// bollard's error (so a caller can read the engine's status and message).
    ///
    /// The same clone-and-modify trick as [`Engine::get_raw`]: the modifier also sets the
    /// method and the body, so a `POST /services/{id}/update` carries the spec exactly as
    /// dockhand wrote it (bollard's typed specs would drop fields they do not know).
    pub(crate) async fn request_raw(
        &self,
        method: http::Method,
        path_and_query: &str,
        json: Option<Vec<u8>>,
    ) -> Result<String, RawFailure> {
        let target = parse_target(path_and_query).map_err(RawFailure::Address)?;
        let rewritten = Arc::new(AtomicBool::new(false));
        let flag = rewritten.clone();
        let body = json.map(bytes::Bytes::from);
        let docker = self.docker.clone().with_request_modifier(move |mut req| {
            if let Ok(uri) = rewrite_uri(req.uri(), &target) {
                *req.uri_mut() = uri;
                *req.method_mut() = method.clone();
                if let Some(b) = &body {
                    *req.body_mut() = bollard::body_full(b.clone());
                    req.headers_mut().insert(
                        http::header::CONTENT_TYPE,
                        http::HeaderValue::from_static("application/json"),
                    );
                }
                flag.store(true, Ordering::SeqCst);
            }
            req
        });
        let answer = docker.ping().await.map_err(RawFailure::Engine)?;
        if !rewritten.load(Ordering::SeqCst) {
            return Err(RawFailure::Address(format!(
                "could not address {path_and_query} on this connection"
            )));
        }
        Ok(answer)
    }
}

/// Why a raw request failed: the engine (or the link) said no, or the path could not be sent.
#[derive(Debug)]
pub(crate) enum RawFailure {
    Engine(bollard::errors::Error),
    Address(String),
}

/// Checks a path (with an optional query) before any request is made.
fn parse_target(path_and_query: &str) -> Result<PathAndQuery, String> {
    if !path_and_query.starts_with('/') {
        return Err(format!(
            "an engine path must start with `/`: {path_and_query:?}"
        ));
    }
    path_and_query
        .parse::<PathAndQuery>()
        .map_err(|e| format!("not a valid engine path {path_and_query:?}: {e}"))
}

/// `uri` with its scheme and authority kept and its path and query replaced. The authority is
/// how bollard names the transport's endpoint (the hex-encoded socket path for unix sockets),
/// so it must survive untouched.
pub(crate) fn rewrite_uri(uri: &Uri, path_and_query: &PathAndQuery) -> Result<Uri, String> {
    let mut parts = uri.clone().into_parts();
    parts.path_and_query = Some(path_and_query.clone());
    Uri::from_parts(parts).map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn target(s: &str) -> PathAndQuery {
        parse_target(s).expect("valid target")
    }

    #[test]
    fn rewrite_keeps_scheme_and_authority_and_replaces_path_and_query() {
        // What bollard builds for a ping over a unix socket (hex-encoded socket path).
        let ping: Uri = "unix://2f746d702f646f636b65722e736f636b/_ping"
            .parse()
            .expect("uri");
        let out = rewrite_uri(&ping, &target("/system/df")).expect("rewritten");
        assert_eq!(
            out.to_string(),
            "unix://2f746d702f646f636b65722e736f636b/system/df"
        );

        let ping: Uri = "https://10.0.0.5:2376/_ping".parse().expect("uri");
        let out = rewrite_uri(&ping, &target("/containers/json?all=1&size=true")).expect("ok");
        assert_eq!(out.scheme_str(), Some("https"));
        assert_eq!(out.authority().map(|a| a.as_str()), Some("10.0.0.5:2376"));
        assert_eq!(out.path(), "/containers/json");
        assert_eq!(out.query(), Some("all=1&size=true"));
    }

    #[test]
    fn rewrite_drops_the_old_query() {
        let uri: Uri = "http://h:2375/_ping?x=1".parse().expect("uri");
        let out = rewrite_uri(&uri, &target("/info")).expect("ok");
        assert_eq!(out.to_string(), "http://h:2375/info");
    }

    #[test]
    fn targets_must_be_absolute_paths() {
        assert!(parse_target("system/df").is_err());
        assert!(parse_target("").is_err());
        assert!(parse_target("/a b").is_err());
        assert_eq!(parse_target("/system/df").expect("ok").path(), "/system/df");
    }
}
