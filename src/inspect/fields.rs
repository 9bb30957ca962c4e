//! Reading a container's JSON (`GET /containers/{id}/json`) for the summary and its security
//! section: every field is looked up, never assumed; a missing or oddly shaped one gives
//! nothing (an empty string, an empty list), never a panic.

use crate::json::Json;

/// A non-empty string at `path`.
pub(super) fn str_at<'a>(c: &'a Json, path: &[&str]) -> Option<&'a str> {
    c.at(path).and_then(Json::as_str).filter(|s| !s.is_empty())
}

/// One mount, from `Mounts` or from `HostConfig.Tmpfs`.
pub(super) struct Mount {
    /// `volume`, `bind`, `tmpfs` (as the engine names it).
    pub kind: String,
    /// A volume's name, a bind's host path; empty for tmpfs.
    pub source: String,
    pub target: String,
    pub read_only: bool,
    /// Where it is in the JSON.
    pub path: String,
}

pub(super) fn mount_list(c: &Json) -> Vec<Mount> {
    let mut out: Vec<Mount> = c
        .get("Mounts")
        .map(Json::as_array)
        .unwrap_or(&[])
        .iter()
        .enumerate()
        .map(|(i, m)| {
            let s = |k: &str| m.get(k).and_then(Json::as_str).unwrap_or("").to_string();
            let kind = s("Type");
            let source = if kind == "volume" && !s("Name").is_empty() {
                s("Name")
            } else {
                s("Source")
            };
            Mount {
                kind,
                source,
                target: s("Destination"),
                // Podman leaves RW out at times; its Mode or Options then say "ro".
                read_only: m
                    .get("RW")
                    .and_then(Json::as_bool)
                    .map_or_else(|| s("Mode").split(',').any(|o| o == "ro"), |rw| !rw),
                path: format!(".Mounts[{i}]"),
            }
        })
        .collect();
    // `--tmpfs` mounts are only in HostConfig.Tmpfs (`--mount type=tmpfs` ones are in Mounts).
    for (target, options) in c
        .at(&["HostConfig", "Tmpfs"])
        .map(Json::as_object)
        .unwrap_or(&[])
    {
        if out.iter().any(|m| &m.target == target) {
            continue;
        }
        out.push(Mount {
            kind: "tmpfs".into(),
            source: String::new(),
            target: target.clone(),
            read_only: options
                .as_str()
                .is_some_and(|o| o.split(',').any(|o| o == "ro")),
            path: format!(".HostConfig.Tmpfs[{}]", super::tree::string_literal(target)),
        });
    }
    out
}
