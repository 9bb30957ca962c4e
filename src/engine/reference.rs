//! Image references (`registry:port/name:tag@digest`): the one grammar dockhand reads them
//! with, for pulling, tagging, committing and comparing images.
//!
//! - [`split_tag`] and [`split_registry`] say where a reference's parts start, checking
//!   nothing: tag and commit hand the parts to the engine, which judges them;
//! - [`ImageReference::parse`] checks a reference the way distribution/reference does, so a
//!   bad one is refused here and never sent (Docker 26.1 takes "UPPER/case" for registry
//!   "UPPER" and looks it up in DNS; Docker 20.10 answers 400);
//! - [`normalise`] gives the engine's full form (`busybox` → `docker.io/library/busybox:latest`)
//!   for comparing references.
//!
//! Invariants: a colon after the last slash starts the tag, one before it is a registry's
//! port; the first part of a name with a slash names a registry when it has a dot or a port,
//! or is `localhost`; a name without a registry is on Docker Hub, and one without a slash is
//! a library image there.

use std::fmt;

/// What the user can type, shown with every "not a valid reference" error.
pub(crate) const EXAMPLES: &str =
    "write it like alpine, alpine:3.20 or 127.0.0.1:5000/team/app:1.0";
/// distribution/reference's limit on a repository name (registry included).
const NAME_MAX: usize = 255;
const TAG_MAX: usize = 128;

/// The engine's placeholder for "no tag" in an image's tag list.
pub const NO_TAG: &str = "<none>:<none>";

/// An image's real tags: the engine's list without its `<none>:<none>` placeholder.
pub fn real_tags<'a>(tags: impl IntoIterator<Item = &'a String>) -> Vec<String> {
    tags.into_iter().filter(|t| *t != NO_TAG).cloned().collect()
}

/// `name[:tag]` split where the tag starts: at the first colon after the last slash (a colon
/// before a slash is a registry's port). Nothing is checked, and an `@digest` is not looked
/// for: call it on what is left of the reference once the digest is cut off.
pub fn split_tag(reference: &str) -> (&str, Option<&str>) {
    let last_slash = reference.rfind('/').map(|i| i + 1).unwrap_or(0);
    match reference[last_slash..].find(':') {
        Some(i) => (
            &reference[..last_slash + i],
            Some(&reference[last_slash + i + 1..]),
        ),
        None => (reference, None),
    }
}

/// A repository name split into its registry (`None`: Docker Hub) and the path after it.
/// Like docker: the first part names a registry when it has a dot or a port, or is
/// `localhost`. (Docker 26 also takes any part with a capital letter for a registry, and
/// would look "UPPER" up in DNS; Docker 20.10 and [`ImageReference::parse`] refuse it.)
pub fn split_registry(name: &str) -> (Option<&str>, &str) {
    match name.split_once('/') {
        Some((first, path))
            if first.contains('.') || first.contains(':') || first == "localhost" =>
        {
            (Some(first), path)
        }
        _ => (None, name),
    }
}

/// `busybox` → `docker.io/library/busybox:latest`, for comparing references: the engine
/// matches `name` as `name:latest`, and a name without a registry as one on Docker Hub.
pub fn normalise(reference: &str) -> String {
    let (name, tag) = split_tag(reference);
    let tag = tag.unwrap_or("latest");
    let name = match split_registry(name) {
        (Some(_), _) => name.to_string(),
        (None, _) if name.contains('/') => format!("docker.io/{name}"),
        (None, _) => format!("docker.io/library/{name}"),
    };
    format!("{name}:{tag}")
}

/// A reference split the way the engine's API wants it, after checking it the way
/// distribution/reference does (so a bad one is refused here, not sent anywhere).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImageReference {
    /// `host[:port]` when the reference names a registry; `None` means Docker Hub.
    pub registry: Option<String>,
    /// The repository with its registry: `127.0.0.1:5000/x/y`, `x/y`, `alpine`.
    pub name: String,
    pub tag: Option<String>,
    /// `sha256:…`
    pub digest: Option<String>,
}

impl ImageReference {
    pub fn parse(reference: &str) -> Result<ImageReference, String> {
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
        let (name, tag) = split_tag(rest);
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
        let (registry, path) = split_registry(name);
        if let Some(host) = registry {
            check_registry(host).map_err(|why| bad(&why))?;
        }
        for part in path.split('/') {
            check_path_component(part).map_err(|why| bad(&why))?;
        }
        Ok(ImageReference {
            registry: registry.map(str::to_string),
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

impl fmt::Display for ImageReference {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(r: &str) -> ImageReference {
        ImageReference::parse(r).unwrap_or_else(|e| panic!("{r}: {e}"))
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
            let e = ImageReference::parse(r).expect_err(r);
            assert!(e.contains(why), "{r}: {e}");
            if !r.is_empty() {
                assert!(e.contains("is not a valid image reference"), "{r}: {e}");
            }
            assert!(e.contains("127.0.0.1:5000/team/app:1.0"), "{r}: {e}");
        }
    }

    #[test]
    fn references_split_at_the_tag_not_the_port() {
        assert_eq!(split_tag("web:backup"), ("web", Some("backup")));
        assert_eq!(split_tag("web"), ("web", None));
        assert_eq!(
            split_tag("127.0.0.1:5000/x/web"),
            ("127.0.0.1:5000/x/web", None)
        );
        assert_eq!(
            split_tag("127.0.0.1:5000/web:1"),
            ("127.0.0.1:5000/web", Some("1"))
        );
    }

    #[test]
    fn split_tag_checks_nothing_and_leaves_a_digest_alone() {
        // Tag and commit send what the user typed to the engine, which judges it.
        assert_eq!(split_tag("web:"), ("web", Some("")));
        assert_eq!(split_tag("x/y@sha256:ab"), ("x/y@sha256", Some("ab")));
        assert_eq!(split_tag("a:b:c"), ("a", Some("b:c")), "the first colon");
        assert_eq!(split_tag(""), ("", None));
    }

    #[test]
    fn the_first_part_names_a_registry_only_with_a_dot_a_port_or_localhost() {
        assert_eq!(
            split_registry("127.0.0.1:5000/x/y"),
            (Some("127.0.0.1:5000"), "x/y")
        );
        assert_eq!(split_registry("localhost/x"), (Some("localhost"), "x"));
        assert_eq!(split_registry("ghcr.io/a/b"), (Some("ghcr.io"), "a/b"));
        assert_eq!(split_registry("me/app"), (None, "me/app"));
        assert_eq!(split_registry("alpine"), (None, "alpine"));
    }

    #[test]
    fn references_normalise_like_the_engine() {
        assert_eq!(normalise("busybox"), "docker.io/library/busybox:latest");
        assert_eq!(normalise("me/app:1"), "docker.io/me/app:1");
        assert_eq!(normalise("localhost:5000/app"), "localhost:5000/app:latest");
        assert_eq!(normalise("127.0.0.1:5000/x/y:t"), "127.0.0.1:5000/x/y:t");
    }
}
