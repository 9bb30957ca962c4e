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

use std::fmt;

use bollard::errors::Error;
use bollard::models::CreateImageInfo;
use bollard::query_parameters::CreateImageOptions;
use futures_util::{Stream, StreamExt, future, stream};

use super::connect::Engine;
use super::errors::describe;

/// What the user can type, shown with every "not a valid reference" error.
const EXAMPLES: &str = "write it like alpine, alpine:3.20 or 127.0.0.1:5000/team/app:1.0";
/// distribution/reference's limit on a repository name (registry included).
const NAME_MAX: usize = 255;
const TAG_MAX: usize = 128;

/// One progress message of a pull, as the engine sent it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PullEvent {
    /// A layer's short id; on the first message (`Pulling from …`) the tag or the reference.
    pub id: Option<String>,
    pub status: String,
    /// Bytes done and in all, on `Downloading` and `Extracting`.
    pub current: Option<i64>,
    pub total: Option<i64>,
    /// The engine's error message. [`Engine::pull`] turns these into an `Err` and ends the
    /// stream, so its events never carry one; [`decode_recorded`] does the same.
    pub error: Option<String>,
}

impl From<CreateImageInfo> for PullEvent {
    fn from(info: CreateImageInfo) -> Self {
        let (current, total) = match info.progress_detail {
            Some(p) => (p.current, p.total),
            None => (None, None),
        };
        PullEvent {
            id: info.id.filter(|i| !i.is_empty()),
            status: info.status.unwrap_or_default(),
            current,
            total,
            error: info
                .error_detail
                .map(|d| d.message.unwrap_or_else(|| "the pull failed".to_string())),
        }
    }
}

impl PullEvent {
    /// A message about the pull as a whole, not about one layer.
    pub fn is_overall(&self) -> bool {
        let s = self.status.as_str();
        self.id.is_none()
            || s.starts_with("Pulling from ")
            || s.starts_with("Digest: ")
            || s.starts_with("Status: ")
            || s.starts_with("Pulling repository ")
    }
}

/// One layer's state during a pull.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LayerProgress {
    /// The layer's short id (12 hex digits).
    pub id: String,
    /// The engine's latest word for it: "Pulling fs layer", "Waiting", "Downloading",
    /// "Verifying Checksum", "Download complete", "Extracting", "Pull complete",
    /// "Already exists", "Retrying in 5 seconds"…
    pub status: String,
    /// Bytes done of the current phase (download, then extraction), as last reported.
    pub current: Option<i64>,
    /// The layer's size (compressed), once the engine said it.
    pub total: Option<i64>,
}

impl LayerProgress {
    /// Pulled or already there: nothing more will happen to it.
    pub fn finished(&self) -> bool {
        matches!(self.status.as_str(), "Pull complete" | "Already exists")
    }

    /// Bytes done out of `2 × total`: downloading fills the first half, extracting the
    /// second, so the figure never goes back when extraction starts again from zero. `None`
    /// while the layer's size is not known.
    pub fn weighed(&self) -> Option<(i64, i64)> {
        let total = self.total.filter(|t| *t > 0)?;
        let current = self.current.unwrap_or(0).clamp(0, total);
        let done = match self.status.as_str() {
            "Pull complete" | "Already exists" => 2 * total,
            "Extracting" => total + current,
            "Verifying Checksum" | "Download complete" => total,
            "Pulling fs layer" | "Waiting" => 0,
            // "Downloading", "Retrying in …" and anything newer: the download so far.
            _ => current,
        };
        Some((done, 2 * total))
    }
}

/// The state of a pull, built by folding its events with [`apply`].
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PullProgress {
    /// In the order the engine first named them.
    pub layers: Vec<LayerProgress>,
    /// The latest overall line: "Pulling from x/y", "Digest: …",
    /// "Status: Downloaded newer image for …", or the error that ended the pull.
    pub status: String,
    /// The engine said the pull is over and the image is there (a `Status: …` line).
    pub done: bool,
}

impl PullProgress {
    /// Overall progress, 0.0 to 1.0: the bytes done over the bytes to do of the layers whose
    /// size is known (see [`LayerProgress::weighed`]), finished layers counting in full; 0.0
    /// while no size is known, 1.0 once `done`. Layers that already exist have no size and do
    /// not count. The engine gives a layer's size only when its download starts, so the figure
    /// can step back when a further layer starts (one layer at a time it only moves forward).
    pub fn fraction(&self) -> f64 {
        if self.done {
            return 1.0;
        }
        let (mut done, mut all) = (0i64, 0i64);
        for l in &self.layers {
            if let Some((d, a)) = l.weighed() {
                done += d;
                all += a;
            }
        }
        if all > 0 {
            (done as f64 / all as f64).clamp(0.0, 1.0)
        } else {
            0.0
        }
    }
}

/// Folds one progress message into the state.
pub fn apply(progress: &mut PullProgress, event: &PullEvent) {
    if let Some(error) = &event.error {
        progress.status = error.clone();
        progress.done = false;
        return;
    }
    if event.is_overall() {
        if !event.status.is_empty() {
            progress.status = event.status.clone();
        }
        if event.status.starts_with("Status: ") {
            progress.done = true;
        }
        return;
    }
    let Some(id) = event.id.as_deref() else {
        return;
    };
    let i = match progress.layers.iter().position(|l| l.id == id) {
        Some(i) => i,
        None => {
            progress.layers.push(LayerProgress {
                id: id.to_string(),
                ..Default::default()
            });
            progress.layers.len() - 1
        }
    };
    let layer = &mut progress.layers[i];
    if !event.status.is_empty() {
        layer.status = event.status.clone();
    }
    if event.current.is_some() {
        layer.current = event.current;
    }
    if event.total.is_some_and(|t| t > 0) {
        layer.total = event.total;
    }
}

/// A reference split the way the engine's API wants it, after checking it the way
/// distribution/reference does (so a bad one is refused here, not sent anywhere).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PullReference {
    /// `host[:port]` when the reference names a registry; `None` means Docker Hub.
    pub registry: Option<String>,
    /// The repository with its registry: `127.0.0.1:5000/x/y`, `x/y`, `alpine`.
    pub name: String,
    pub tag: Option<String>,
    /// `sha256:…`
    pub digest: Option<String>,
}

impl PullReference {
    pub fn parse(reference: &str) -> Result<PullReference, String> {
        let r = reference.trim();
        if r.is_empty() {
            return Err(format!("enter an image reference: {EXAMPLES}"));
        }
        let bad = |why: &str| format!("\"{r}\" is not a valid image reference ({why}); {EXAMPLES}");
        if r.chars().any(|c| c.is_whitespace()) {
            return Err(bad("it contains a space"));
        }
        let (rest, digest) = match r.split_once('@') {
            Some((rest, digest)) => {
                check_digest(digest).map_err(|why| bad(&why))?;
                (rest, Some(digest.to_string()))
            }
            None => (r, None),
        };
        // A colon after the last slash starts the tag; one before it is a registry's port.
        let last_slash = rest.rfind('/').map(|i| i + 1).unwrap_or(0);
        let (name, tag) = match rest[last_slash..].find(':') {
            Some(i) => (&rest[..last_slash + i], Some(&rest[last_slash + i + 1..])),
            None => (rest, None),
        };
        if let Some(tag) = tag {
            check_tag(tag).map_err(|why| bad(&why))?;
        }
        if name.is_empty() {
            return Err(bad("the repository name is missing"));
        }
        if name.len() > NAME_MAX {
            return Err(bad(&format!(
                "the repository name is longer than {NAME_MAX} characters"
            )));
        }
        // Like docker: the first part names a registry when it has a dot or a port, or is
        // `localhost`. (Docker 26 also takes any part with a capital letter for a registry,
        // and would look "UPPER" up in DNS; Docker 20.10 and dockhand refuse it.)
        let (registry, path) = match name.split_once('/') {
            Some((first, path))
                if first.contains('.') || first.contains(':') || first == "localhost" =>
            {
                check_registry(first).map_err(|why| bad(&why))?;
                (Some(first.to_string()), path)
            }
            _ => (None, name),
        };
        for part in path.split('/') {
            check_path_component(part).map_err(|why| bad(&why))?;
        }
        Ok(PullReference {
            registry,
            name: name.to_string(),
            tag: tag.map(str::to_string),
            digest,
        })
    }

    /// What goes in the API's `tag` parameter: the digest, else the tag, else `latest` (an
    /// empty tag would pull every tag of the repository).
    pub fn api_tag(&self) -> &str {
        self.digest
            .as_deref()
            .or(self.tag.as_deref())
            .unwrap_or("latest")
    }

    /// The registry's address, `docker.io` for Docker Hub.
    pub fn registry_host(&self) -> &str {
        self.registry.as_deref().unwrap_or("docker.io")
    }
}

impl fmt::Display for PullReference {
    /// The full reference, with the `latest` the engine assumes made explicit.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.tag, &self.digest) {
            (_, Some(d)) => write!(f, "{}@{d}", self.name),
            (Some(t), None) => write!(f, "{}:{t}", self.name),
            (None, None) => write!(f, "{}:latest", self.name),
        }
    }
}

fn check_digest(digest: &str) -> Result<(), String> {
    let (algorithm, hex) = digest
        .split_once(':')
        .ok_or_else(|| format!("\"{digest}\" is not a digest like sha256:<64 hex digits>"))?;
    let hex_ok = hex.len() >= 32 && hex.bytes().all(|b| b.is_ascii_hexdigit());
    let algo_ok = !algorithm.is_empty()
        && algorithm.starts_with(|c: char| c.is_ascii_alphabetic())
        && algorithm
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"+._-".contains(&b));
    let sha256_ok = algorithm != "sha256"
        || (hex.len() == 64
            && hex
                .bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)));
    if hex_ok && algo_ok && sha256_ok {
        Ok(())
    } else {
        Err(format!(
            "\"{digest}\" is not a digest like sha256:<64 lowercase hex digits>"
        ))
    }
}

fn check_tag(tag: &str) -> Result<(), String> {
    let word = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    let ok = !tag.is_empty()
        && tag.len() <= TAG_MAX
        && tag.bytes().next().is_some_and(word)
        && tag.bytes().all(|b| word(b) || b == b'.' || b == b'-');
    if ok {
        Ok(())
    } else if tag.is_empty() {
        Err("the tag after ':' is empty".to_string())
    } else {
        Err(format!(
            "tag \"{tag}\" may only have letters, digits, _ . and - (not first), at most {TAG_MAX}"
        ))
    }
}

fn check_registry(host: &str) -> Result<(), String> {
    let bad = || {
        Err(format!(
            "\"{host}\" is not a registry address like host:port"
        ))
    };
    let (name, port) = if let Some(rest) = host.strip_prefix('[') {
        // [IPv6]:port
        let Some((ip, after)) = rest.split_once(']') else {
            return bad();
        };
        if ip.is_empty() || !ip.bytes().all(|b| b.is_ascii_hexdigit() || b == b':') {
            return bad();
        }
        match after {
            "" => return Ok(()),
            p => match p.strip_prefix(':') {
                Some(port) => ("", Some(port)),
                None => return bad(),
            },
        }
    } else {
        match host.split_once(':') {
            Some((n, p)) => (n, Some(p)),
            None => (host, None),
        }
    };
    if port.is_some_and(|p| p.is_empty() || !p.bytes().all(|b| b.is_ascii_digit())) {
        return bad();
    }
    if host.starts_with('[') {
        return Ok(());
    }
    let label_ok = |l: &str| {
        !l.is_empty()
            && !l.starts_with('-')
            && !l.ends_with('-')
            && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
    };
    if name.split('.').all(label_ok) {
        Ok(())
    } else {
        bad()
    }
}

/// A part of the repository path: lowercase letters and digits, with `.`, `_`, `__` or
/// dashes between them.
fn check_path_component(part: &str) -> Result<(), String> {
    if part.is_empty() {
        return Err("the name has an empty part (two slashes, or one at an end)".to_string());
    }
    if part.bytes().any(|b| b.is_ascii_uppercase()) {
        return Err("repository name must be lowercase".to_string());
    }
    let alnum = |b: u8| b.is_ascii_lowercase() || b.is_ascii_digit();
    let bytes = part.as_bytes();
    let mut ok = alnum(bytes[0]) && alnum(bytes[bytes.len() - 1]);
    let mut i = 0;
    while ok && i < bytes.len() {
        if alnum(bytes[i]) {
            i += 1;
            continue;
        }
        let start = i;
        while i < bytes.len() && !alnum(bytes[i]) {
            i += 1;
        }
        let sep = &part[start..i];
        ok = matches!(sep, "." | "_" | "__") || sep.bytes().all(|b| b == b'-');
    }
    if ok {
        Ok(())
    } else {
        Err(format!(
            "\"{part}\" may only have lowercase letters and digits, with . _ __ or - between them"
        ))
    }
}

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
        let events = match PullReference::parse(reference) {
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

fn explain_bollard(err: &Error, r: &PullReference) -> String {
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
pub fn explain_pull_error(message: &str, status: Option<u16>, r: &PullReference) -> String {
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

/// Decodes a recorded response body of `POST /images/create` (the engine's JSON messages one
/// after another, as in tests/fixtures/pull/) into what [`Engine::pull`] would have yielded:
/// the events, then at most one `Err` where the engine reported an error.
pub fn decode_recorded(body: &str, reference: &str) -> Vec<Result<PullEvent, String>> {
    let r = match PullReference::parse(reference) {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(r: &str) -> PullReference {
        PullReference::parse(r).unwrap_or_else(|e| panic!("{r}: {e}"))
    }

    #[test]
    fn references_split_into_name_and_api_tag() {
        let r = parse("127.0.0.1:5000/x/y:tag");
        assert_eq!(r.registry.as_deref(), Some("127.0.0.1:5000"));
        assert_eq!(r.name, "127.0.0.1:5000/x/y");
        assert_eq!(r.api_tag(), "tag");
        assert_eq!(r.to_string(), "127.0.0.1:5000/x/y:tag");

        let r = parse("x/y");
        assert_eq!(r.registry, None);
        assert_eq!((r.name.as_str(), r.api_tag()), ("x/y", "latest"));
        assert_eq!(r.to_string(), "x/y:latest");
        assert_eq!(r.registry_host(), "docker.io");

        let d = format!("sha256:{}", "ab".repeat(32));
        let r = parse(&format!("x/y@{d}"));
        assert_eq!((r.name.as_str(), r.api_tag()), ("x/y", d.as_str()));
        let r = parse(&format!("127.0.0.1:5000/x/y:1@{d}"));
        assert_eq!(r.name, "127.0.0.1:5000/x/y");
        assert_eq!(r.api_tag(), d, "the digest wins over the tag");

        let r = parse("127.0.0.1:5000/x");
        assert_eq!(
            (r.name.as_str(), r.api_tag()),
            ("127.0.0.1:5000/x", "latest")
        );
        let r = parse("localhost/x:1");
        assert_eq!(r.registry.as_deref(), Some("localhost"));
        let r = parse("alpine:3.20");
        assert_eq!((r.name.as_str(), r.api_tag()), ("alpine", "3.20"));
        let r = parse("Registry.Example.com/a__b/c-d--e.f:V1_x");
        assert_eq!(r.registry.as_deref(), Some("Registry.Example.com"));
        assert_eq!(r.tag.as_deref(), Some("V1_x"));
        let r = parse("[::1]:5000/x");
        assert_eq!(r.registry.as_deref(), Some("[::1]:5000"));
    }

    #[test]
    fn bad_references_are_refused_with_an_example() {
        for (r, why) in [
            ("UPPER/case", "must be lowercase"),
            ("Alpine", "must be lowercase"),
            ("", "enter an image reference"),
            ("x/y:", "tag after ':' is empty"),
            ("x/y:-a", "tag \"-a\""),
            ("x//y", "empty part"),
            ("x/y@sha256:abc", "not a digest"),
            ("x/-y", "\"-y\""),
            ("x/y z", "space"),
            ("host:port/x", "registry address"),
            ("a..b/x", "registry address"),
        ] {
            let e = PullReference::parse(r).expect_err(r);
            assert!(e.contains(why), "{r}: {e}");
            if !r.is_empty() {
                assert!(e.contains("is not a valid image reference"), "{r}: {e}");
            }
            assert!(e.contains("127.0.0.1:5000/team/app:1.0"), "{r}: {e}");
        }
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

    #[test]
    fn the_fold_keeps_sizes_and_orders_layers() {
        let mut p = PullProgress::default();
        let ev = |id: Option<&str>, status: &str, cur: Option<i64>, tot: Option<i64>| PullEvent {
            id: id.map(str::to_string),
            status: status.to_string(),
            current: cur,
            total: tot,
            error: None,
        };
        apply(&mut p, &ev(Some("1"), "Pulling from dh/x", None, None));
        assert!(p.layers.is_empty(), "the tag is not a layer");
        assert_eq!(p.status, "Pulling from dh/x");
        apply(&mut p, &ev(Some("aa"), "Pulling fs layer", None, None));
        apply(&mut p, &ev(Some("bb"), "Already exists", None, None));
        assert_eq!(p.fraction(), 0.0, "no sizes yet");
        apply(&mut p, &ev(Some("aa"), "Downloading", Some(50), Some(100)));
        assert_eq!(p.fraction(), 0.25);
        apply(&mut p, &ev(Some("aa"), "Download complete", None, None));
        assert_eq!(
            p.layers[0].total,
            Some(100),
            "a message without sizes keeps them"
        );
        assert_eq!(p.fraction(), 0.5);
        apply(&mut p, &ev(Some("aa"), "Extracting", Some(10), Some(100)));
        assert_eq!(
            p.fraction(),
            0.55,
            "extraction starts again from zero but counts on top"
        );
        apply(&mut p, &ev(Some("aa"), "Pull complete", None, None));
        assert_eq!(p.fraction(), 1.0);
        assert!(!p.done);
        apply(
            &mut p,
            &ev(
                None,
                "Status: Downloaded newer image for dh/x:1",
                None,
                None,
            ),
        );
        assert!(p.done);
        assert_eq!(
            p.layers.iter().map(|l| l.id.as_str()).collect::<Vec<_>>(),
            ["aa", "bb"]
        );
    }
}
