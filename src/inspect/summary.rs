//! A container's summary: what matters from its JSON, as labelled lines in sections, with the
//! settings that weaken its isolation flagged as risky (the security section is built in
//! [`super::security`]).
//!
//! Works from the raw JSON of `GET /containers/{id}/json` as Docker 20.10, Docker 26.1 and
//! podman's compatible API write it: every field is looked up, never assumed; a missing or
//! oddly shaped one is skipped. Each line knows the path of the field it comes from, so it can
//! be copied like a tree row.
//!
//! The line type is [`Item`] ([`super::item`]); fields are read through [`super::fields`] and
//! written through [`super::format`].

use super::fields::{mount_list, str_at};
use super::format::{bytes, command, cpus, jq, one_line, short_id, time};
pub use super::item::Item;
use super::secrets::SecretPatterns;
use super::security::is_engine_socket;
use crate::json::Json;

/// Health checks shown, newest first.
const HEALTH_CHECKS: usize = 5;
/// A health check's output is cut after this many characters.
const HEALTH_OUTPUT_CHARS: usize = 200;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Section {
    pub title: &'static str,
    pub items: Vec<Item>,
}

/// One line of the summary as drawn.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Row<'a> {
    Heading(&'static str),
    /// An item and its index among all items.
    Item(usize, &'a Item),
    /// Between sections.
    Blank,
}

#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Summary {
    pub sections: Vec<Section>,
}

impl Summary {
    /// The summary of a container's JSON. Sections without anything to say are left out,
    /// except security, which always says what it checked.
    pub fn of_container(c: &Json, secrets: &SecretPatterns) -> Summary {
        let sections = [
            ("Container", container(c)),
            ("Health", health(c)),
            ("Security", super::security::security(c)),
            ("Ports", ports(c)),
            ("Mounts", mounts(c)),
            ("Networks", networks(c)),
            ("Resources", resources(c)),
            ("Environment", environment(c, secrets)),
            ("Labels", labels(c)),
        ];
        Summary {
            sections: sections
                .into_iter()
                .filter(|(_, items)| !items.is_empty())
                .map(|(title, items)| Section { title, items })
                .collect(),
        }
    }

    /// Adds the container's security findings (see [`crate::security`]) after its first
    /// section, the rules `ignore` names silenced: each with its severity, what was seen and
    /// the fix.
    pub fn add_findings(&mut self, c: &Json, ignore: &[String]) {
        let found = crate::security::findings(c, ignore);
        let items: Vec<Item> = if found.is_empty() {
            vec![Item::new("none", "no rule applies", ".HostConfig")]
        } else {
            found
                .iter()
                .map(|f| {
                    let seen = if f.detail.is_empty() {
                        String::new()
                    } else {
                        format!(" ({})", f.detail)
                    };
                    Item::new(
                        f.rule.id,
                        format!(
                            "{}: {}{seen}; fix: {} (compose: {})",
                            f.rule.severity.word(),
                            f.rule.title,
                            f.rule.fix_run,
                            f.rule.fix_compose
                        ),
                        f.rule.path,
                    )
                    .risky(f.rule.severity != crate::security::Severity::Low)
                })
                .collect()
        };
        let at = self.sections.len().min(1);
        self.sections.insert(
            at,
            Section {
                title: "Findings",
                items,
            },
        );
    }

    pub fn items(&self) -> impl Iterator<Item = &Item> {
        self.sections.iter().flat_map(|s| s.items.iter())
    }

    pub fn item_count(&self) -> usize {
        self.sections.iter().map(|s| s.items.len()).sum()
    }

    pub fn item(&self, n: usize) -> Option<&Item> {
        self.items().nth(n)
    }

    /// The lines as drawn: each section's heading and items, a blank line between sections.
    pub fn rows(&self) -> Vec<Row<'_>> {
        let mut rows = Vec::new();
        let mut n = 0;
        for (i, s) in self.sections.iter().enumerate() {
            if i > 0 {
                rows.push(Row::Blank);
            }
            rows.push(Row::Heading(s.title));
            for item in &s.items {
                rows.push(Row::Item(n, item));
                n += 1;
            }
        }
        rows
    }

    /// The line item `n` is drawn on.
    pub fn row_of_item(&self, n: usize) -> usize {
        self.rows()
            .iter()
            .position(|r| matches!(r, Row::Item(i, _) if *i == n))
            .unwrap_or(0)
    }
}

// ------------------------------------------------------------------ sections --

fn container(c: &Json) -> Vec<Item> {
    let mut out = Vec::new();
    if let Some(name) = str_at(c, &["Name"]) {
        out.push(Item::new("Name", name.trim_start_matches('/'), ".Name"));
    }
    if let Some(id) = str_at(c, &["Id"]) {
        out.push(Item::new("Id", short_id(id), ".Id"));
    }
    if let Some(image) = str_at(c, &["Config", "Image"]) {
        let id = str_at(c, &["Image"]).map(short_id).unwrap_or_default();
        let value = if id.is_empty() || image.contains(&id) {
            image.to_string()
        } else {
            format!("{image} ({id})")
        };
        out.push(Item::new("Image", value, ".Config.Image"));
    }
    if let Some(cmd) = c.at(&["Config", "Cmd"]).and_then(command) {
        out.push(Item::new("Command", cmd, ".Config.Cmd"));
    }
    if let Some(ep) = c.at(&["Config", "Entrypoint"]).and_then(command) {
        out.push(Item::new("Entrypoint", ep, ".Config.Entrypoint"));
    }
    if let Some(wd) = str_at(c, &["Config", "WorkingDir"]) {
        out.push(Item::new("Working dir", wd, ".Config.WorkingDir"));
    }
    if let Some(status) = str_at(c, &["State", "Status"]) {
        let mut value = status.to_string();
        let code = c.at(&["State", "ExitCode"]).and_then(Json::as_i64);
        if matches!(status, "exited" | "dead") {
            if let Some(code) = code {
                value.push_str(&format!(" (exit code {code})"));
            }
        }
        if c.at(&["State", "OOMKilled"]).and_then(Json::as_bool) == Some(true) {
            value.push_str(", killed for lack of memory");
        }
        out.push(Item::new("State", value, ".State.Status"));
    }
    if let Some(e) = str_at(c, &["State", "Error"]) {
        out.push(Item::new("Error", e, ".State.Error"));
    }
    for (label, path) in [
        ("Created", &["Created"][..]),
        ("Started", &["State", "StartedAt"][..]),
        ("Finished", &["State", "FinishedAt"][..]),
    ] {
        if let Some(t) = str_at(c, path).and_then(time) {
            out.push(Item::new(label, t, jq(path)));
        }
    }
    if let Some(policy) = c.at(&["HostConfig", "RestartPolicy"]) {
        let name = policy.get("Name").and_then(Json::as_str).unwrap_or("");
        let max = policy
            .get("MaximumRetryCount")
            .and_then(Json::as_i64)
            .unwrap_or(0);
        let value = match name {
            "" | "no" => "no".to_string(),
            "on-failure" if max > 0 => format!("on-failure, at most {max} retries"),
            other => other.to_string(),
        };
        out.push(Item::new(
            "Restart policy",
            value,
            ".HostConfig.RestartPolicy",
        ));
    }
    if let Some(n) = c.get("RestartCount").and_then(Json::as_i64) {
        out.push(Item::new("Restart count", n.to_string(), ".RestartCount"));
    }
    out
}

fn health(c: &Json) -> Vec<Item> {
    let mut out = Vec::new();
    // Docker writes State.Health; podman 4's own inspect wrote State.Healthcheck.
    let (h, base) = match (c.at(&["State", "Health"]), c.at(&["State", "Healthcheck"])) {
        (Some(h @ Json::Object(_)), _) => (Some(h), ".State.Health"),
        (_, Some(h @ Json::Object(_))) => (Some(h), ".State.Healthcheck"),
        _ => (None, ""),
    };
    if let Some(test) = c.at(&["Config", "Healthcheck", "Test"]) {
        let parts: Vec<&str> = test.as_array().iter().filter_map(Json::as_str).collect();
        let shown = match parts.as_slice() {
            ["NONE", ..] => Some("disabled".to_string()),
            ["CMD-SHELL", rest @ ..] => Some(rest.join(" ")),
            ["CMD", rest @ ..] => command(&Json::Array(
                rest.iter().map(|s| Json::String(s.to_string())).collect(),
            )),
            _ => None,
        };
        if let Some(s) = shown {
            out.push(Item::new("Test", s, ".Config.Healthcheck.Test"));
        }
    }
    let Some(h) = h else { return out };
    if let Some(s) = h.get("Status").and_then(Json::as_str) {
        out.push(Item::new("Status", s, format!("{base}.Status")));
    }
    if let Some(n) = h.get("FailingStreak").and_then(Json::as_i64) {
        out.push(Item::new(
            "Failing streak",
            n.to_string(),
            format!("{base}.FailingStreak"),
        ));
    }
    let log = h.get("Log").map(Json::as_array).unwrap_or(&[]);
    for (i, check) in log.iter().enumerate().rev().take(HEALTH_CHECKS) {
        let when = check
            .get("Start")
            .and_then(Json::as_str)
            .and_then(time)
            .unwrap_or_else(|| "check".to_string());
        let code = check
            .get("ExitCode")
            .and_then(Json::as_i64)
            .map_or("?".to_string(), |c| c.to_string());
        let output = check.get("Output").and_then(Json::as_str).unwrap_or("");
        out.push(Item::new(
            when,
            format!("exit {code}: {}", one_line(output, HEALTH_OUTPUT_CHARS)),
            format!("{base}.Log[{i}]"),
        ));
    }
    out
}

fn ports(c: &Json) -> Vec<Item> {
    // A running container's ports are in NetworkSettings; a created one's only in HostConfig.
    let (map, base) = match c.at(&["NetworkSettings", "Ports"]) {
        Some(Json::Object(m)) if !m.is_empty() => (m.as_slice(), ".NetworkSettings.Ports"),
        _ => (
            c.at(&["HostConfig", "PortBindings"])
                .map(Json::as_object)
                .unwrap_or(&[]),
            ".HostConfig.PortBindings",
        ),
    };
    map.iter()
        .map(|(port, bindings)| {
            let published: Vec<String> = bindings
                .as_array()
                .iter()
                .map(|b| {
                    let ip = b.get("HostIp").and_then(Json::as_str).unwrap_or("");
                    let hp = b.get("HostPort").and_then(Json::as_str).unwrap_or("");
                    let ip = if ip.is_empty() { "0.0.0.0" } else { ip };
                    if ip.contains(':') {
                        format!("[{ip}]:{hp}")
                    } else {
                        format!("{ip}:{hp}")
                    }
                })
                .collect();
            Item::new(
                port.clone(),
                if published.is_empty() {
                    "not published".to_string()
                } else {
                    format!("published on {}", published.join(", "))
                },
                format!("{base}[{}]", super::tree::string_literal(port)),
            )
        })
        .collect()
}

fn mounts(c: &Json) -> Vec<Item> {
    mount_list(c)
        .into_iter()
        .map(|m| {
            let socket =
                m.kind == "bind" && (is_engine_socket(&m.source) || is_engine_socket(&m.target));
            let from = if m.source.is_empty() {
                String::new()
            } else {
                format!("{} → ", m.source)
            };
            let value = format!(
                "{from}{}, {}{}",
                m.target,
                if m.read_only {
                    "read-only"
                } else {
                    "read-write"
                },
                if socket { ", the engine's socket" } else { "" }
            );
            Item::new(
                if m.kind.is_empty() {
                    "mount".to_string()
                } else {
                    m.kind
                },
                value,
                m.path,
            )
            .risky(socket)
        })
        .collect()
}

fn networks(c: &Json) -> Vec<Item> {
    let mut out = Vec::new();
    if let Some(mode) = str_at(c, &["HostConfig", "NetworkMode"]) {
        out.push(Item::new("Mode", mode, ".HostConfig.NetworkMode").risky(mode == "host"));
    }
    for (name, n) in c
        .at(&["NetworkSettings", "Networks"])
        .map(Json::as_object)
        .unwrap_or(&[])
    {
        let s = |k: &str| n.get(k).and_then(Json::as_str).unwrap_or("");
        let mut parts = Vec::new();
        if !s("IPAddress").is_empty() {
            let prefix = n.get("IPPrefixLen").and_then(Json::as_i64).unwrap_or(0);
            parts.push(format!("{}/{prefix}", s("IPAddress")));
        }
        if !s("GlobalIPv6Address").is_empty() {
            let prefix = n
                .get("GlobalIPv6PrefixLen")
                .and_then(Json::as_i64)
                .unwrap_or(0);
            parts.push(format!("{}/{prefix}", s("GlobalIPv6Address")));
        }
        if !s("Gateway").is_empty() {
            parts.push(format!("gateway {}", s("Gateway")));
        }
        let aliases: Vec<String> = n
            .get("Aliases")
            .map(Json::as_array)
            .unwrap_or(&[])
            .iter()
            .filter_map(Json::as_str)
            .map(str::to_string)
            .collect();
        if !aliases.is_empty() {
            parts.push(format!("aliases {}", aliases.join(", ")));
        }
        out.push(Item::new(
            name.clone(),
            if parts.is_empty() {
                "no address".to_string()
            } else {
                parts.join(", ")
            },
            format!(
                ".NetworkSettings.Networks[{}]",
                super::tree::string_literal(name)
            ),
        ));
    }
    out
}

fn resources(c: &Json) -> Vec<Item> {
    let mut out = Vec::new();
    let n = |k: &str| {
        c.at(&["HostConfig", k])
            .and_then(Json::as_i64)
            .filter(|v| *v != 0)
    };
    let path = |k: &str| format!(".HostConfig.{k}");
    if let Some(v) = n("Memory") {
        out.push(Item::new("Memory", bytes(v), path("Memory")));
    }
    if let Some(v) = n("MemoryReservation") {
        out.push(Item::new(
            "Memory reserved",
            bytes(v),
            path("MemoryReservation"),
        ));
    }
    if let Some(v) = n("MemorySwap") {
        let shown = if v < 0 {
            "unlimited".to_string()
        } else {
            bytes(v)
        };
        out.push(Item::new("Memory + swap", shown, path("MemorySwap")));
    }
    if let Some(v) = n("NanoCpus") {
        out.push(Item::new("CPUs", cpus(v as f64 / 1e9), path("NanoCpus")));
    }
    if let (Some(q), Some(p)) = (n("CpuQuota"), n("CpuPeriod")) {
        out.push(Item::new(
            "CPUs (quota)",
            cpus(q as f64 / p as f64),
            path("CpuQuota"),
        ));
    } else if let Some(q) = n("CpuQuota") {
        // The engine's default period is 100 ms.
        out.push(Item::new(
            "CPUs (quota)",
            cpus(q as f64 / 100_000.0),
            path("CpuQuota"),
        ));
    }
    if let Some(v) = n("CpuShares") {
        out.push(Item::new("CPU shares", v.to_string(), path("CpuShares")));
    }
    if let Some(v) = str_at(c, &["HostConfig", "CpusetCpus"]) {
        out.push(Item::new("CPU set", v, path("CpusetCpus")));
    }
    if let Some(v) = n("PidsLimit").filter(|v| *v > 0) {
        out.push(Item::new(
            "Processes",
            format!("at most {v}"),
            path("PidsLimit"),
        ));
    }
    if out.is_empty() && c.get("HostConfig").is_some() {
        out.push(Item::new("Limits", "none", ".HostConfig"));
    }
    out
}

fn environment(c: &Json, secrets: &SecretPatterns) -> Vec<Item> {
    c.at(&["Config", "Env"])
        .map(Json::as_array)
        .unwrap_or(&[])
        .iter()
        .enumerate()
        .filter_map(|(i, e)| {
            let e = e.as_str()?;
            let (name, value) = e.split_once('=').unwrap_or((e, ""));
            let mut item = Item::new(name, value, format!(".Config.Env[{i}]"));
            item.secret = secrets.is_secret_entry(e);
            Some(item)
        })
        .collect()
}

fn labels(c: &Json) -> Vec<Item> {
    c.at(&["Config", "Labels"])
        .map(Json::as_object)
        .unwrap_or(&[])
        .iter()
        .map(|(k, v)| {
            Item::new(
                k.clone(),
                v.as_str().unwrap_or(""),
                format!(".Config.Labels[{}]", super::tree::string_literal(k)),
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn any_json_gives_a_summary_without_panicking() {
        for text in [
            "{}",
            "null",
            "[]",
            r#"{"State": 3, "Config": [], "HostConfig": "x", "Mounts": {}, "NetworkSettings": null}"#,
            r#"{"Config": {"Env": [1, null, "A=b"], "Cmd": [1, 2]}, "Mounts": [1, {"Type": 2}]}"#,
            r#"{"State": {"Health": {"Log": [null, {"Output": 5}]}}}"#,
        ] {
            let j = Json::parse(text).expect("json");
            let s = Summary::of_container(&j, &SecretPatterns::default());
            // The security section always says what it checked.
            assert!(s.sections.iter().any(|s| s.title == "Security"), "{text}");
            let _ = s.rows();
        }
    }
}
