//! The security part of a container's summary: privileges, user, capabilities, AppArmor,
//! SELinux and seccomp profiles, namespaces shared with the host, and the engine's socket
//! mounted inside; and what makes each of them risky.

use super::fields::{mount_list, str_at};
use super::format::list_or;
use super::item::Item;
use crate::json::Json;

/// Capabilities that give a container power over the host (or all of them).
const RISKY_CAPS: &[&str] = &[
    "ALL",
    "SYS_ADMIN",
    "SYS_MODULE",
    "SYS_PTRACE",
    "SYS_RAWIO",
    "SYS_BOOT",
    "NET_ADMIN",
    "DAC_READ_SEARCH",
    "BPF",
];

/// The security lines of a container's summary, risky ones flagged.
pub(super) fn security(c: &Json) -> Vec<Item> {
    let mut out = Vec::new();
    let hc = |k: &str| c.at(&["HostConfig", k]);
    let privileged = hc("Privileged").and_then(Json::as_bool) == Some(true);
    out.push(
        Item::new(
            "Privileged",
            if privileged {
                "yes: every device and capability of the host"
            } else {
                "no"
            },
            ".HostConfig.Privileged",
        )
        .risky(privileged),
    );
    let user = str_at(c, &["Config", "User"]).unwrap_or("");
    out.push(Item::new(
        "User",
        if user.is_empty() {
            "root (none set)"
        } else {
            user
        },
        ".Config.User",
    ));
    let caps = |k: &str| -> Vec<String> {
        hc(k)
            .map(Json::as_array)
            .unwrap_or(&[])
            .iter()
            .filter_map(Json::as_str)
            .map(|s| s.to_string())
            .collect()
    };
    let added = caps("CapAdd");
    let risky_caps: Vec<&String> = added.iter().filter(|c| is_risky_cap(c)).collect();
    out.push(
        Item::new(
            "Capabilities added",
            list_or(&added, "none"),
            ".HostConfig.CapAdd",
        )
        .risky(!risky_caps.is_empty()),
    );
    out.push(Item::new(
        "Capabilities dropped",
        list_or(&caps("CapDrop"), "none"),
        ".HostConfig.CapDrop",
    ));
    // SecurityOpt holds "name=value" (or the old "name:value") entries.
    let opts: Vec<(String, String)> = hc("SecurityOpt")
        .map(Json::as_array)
        .unwrap_or(&[])
        .iter()
        .filter_map(Json::as_str)
        .map(|o| match o.split_once(['=', ':']) {
            Some((k, v)) => (k.to_string(), v.to_string()),
            None => (o.to_string(), String::new()),
        })
        .collect();
    let opt = |name: &str| -> Vec<&str> {
        opts.iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
            .collect()
    };
    let apparmor = opt("apparmor")
        .first()
        .map(|s| s.to_string())
        .or_else(|| str_at(c, &["AppArmorProfile"]).map(str::to_string))
        .unwrap_or_else(|| "none".to_string());
    out.push(
        Item::new("AppArmor", apparmor.clone(), ".AppArmorProfile").risky(apparmor == "unconfined"),
    );
    let selinux = opt("label");
    let selinux = if !selinux.is_empty() {
        selinux.join(", ")
    } else {
        str_at(c, &["ProcessLabel"]).unwrap_or("none").to_string()
    };
    out.push(Item::new("SELinux", selinux, ".HostConfig.SecurityOpt"));
    let seccomp = match opt("seccomp").first() {
        Some(p) if p.trim_start().starts_with('{') => "custom profile".to_string(),
        Some(p) => p.to_string(),
        None => "default".to_string(),
    };
    out.push(
        Item::new("Seccomp", seccomp.clone(), ".HostConfig.SecurityOpt")
            .risky(seccomp == "unconfined"),
    );
    if opts
        .iter()
        .any(|(k, v)| k == "no-new-privileges" && v != "false")
    {
        out.push(Item::new(
            "No new privileges",
            "yes",
            ".HostConfig.SecurityOpt",
        ));
    }
    if let Some(ro) = hc("ReadonlyRootfs").and_then(Json::as_bool) {
        out.push(Item::new(
            "Read-only root",
            if ro { "yes" } else { "no" },
            ".HostConfig.ReadonlyRootfs",
        ));
    }
    let mut shared = Vec::new();
    for (ns, key) in [
        ("pid", "PidMode"),
        ("network", "NetworkMode"),
        ("ipc", "IpcMode"),
        ("uts", "UTSMode"),
        ("user", "UsernsMode"),
    ] {
        if hc(key).and_then(Json::as_str) == Some("host") {
            shared.push(ns);
            out.push(
                Item::new(
                    format!("Host {ns} namespace"),
                    format!("shared with the host ({key} = host)"),
                    format!(".HostConfig.{key}"),
                )
                .risky(true),
            );
        }
    }
    if shared.is_empty() {
        out.push(Item::new("Host namespaces", "none shared", ".HostConfig"));
    }
    // A read-only bind of a socket still lets the container connect to it: `ro` changes nothing.
    let sockets: Vec<Item> = mount_list(c)
        .into_iter()
        .filter(|m| {
            m.kind == "bind" && (is_engine_socket(&m.source) || is_engine_socket(&m.target))
        })
        .map(|m| {
            Item::new(
                "Engine socket",
                format!(
                    "{} mounted at {}: control of the engine",
                    m.source, m.target
                ),
                m.path,
            )
            .risky(true)
        })
        .collect();
    if sockets.is_empty() {
        out.push(Item::new("Engine socket", "not mounted", ".Mounts"));
    }
    out.extend(sockets);
    out
}

/// `SYS_ADMIN`, `CAP_SYS_ADMIN`, `sys_admin` or `ALL` among the risky ones.
fn is_risky_cap(cap: &str) -> bool {
    let upper = cap.trim().to_uppercase();
    let name = upper.strip_prefix("CAP_").unwrap_or(&upper);
    RISKY_CAPS.contains(&name)
}

/// Whether a bind's path is an engine's API socket, or the folder that holds the usual one:
/// `/var/run/docker.sock`, `/run/docker.sock`, any `docker.sock` or `podman.sock`, any `*.sock`
/// under a `docker` or `podman` folder, or `/run` and `/var/run` themselves.
pub fn is_engine_socket(path: &str) -> bool {
    let p = path.trim_end_matches('/');
    if matches!(p, "/run" | "/var/run") {
        return true;
    }
    let file = p.rsplit('/').next().unwrap_or(p);
    if matches!(file, "docker.sock" | "podman.sock") {
        return true;
    }
    file.ends_with(".sock")
        && p.split('/')
            .rev()
            .skip(1)
            .any(|dir| dir == "docker" || dir == "podman")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn engine_sockets_are_recognised_wherever_they_live() {
        for p in [
            "/var/run/docker.sock",
            "/run/docker.sock",
            "/run/user/1000/docker.sock",
            "/run/podman/podman.sock",
            "/run/user/1000/podman/podman.sock",
            "/home/me/.docker/run/docker.sock",
            "/var/run/docker/containerd/other.sock",
            "/var/run",
            "/run/",
        ] {
            assert!(is_engine_socket(p), "{p}");
        }
        for p in [
            "/data",
            "/var/run/app.sock",
            "/srv/docker-data",
            "/tmp/x.sock",
            "",
        ] {
            assert!(!is_engine_socket(p), "{p}");
        }
    }

    #[test]
    fn risky_capabilities_with_or_without_prefix() {
        assert!(is_risky_cap("CAP_SYS_ADMIN"));
        assert!(is_risky_cap("sys_admin"));
        assert!(is_risky_cap("ALL"));
        assert!(!is_risky_cap("CAP_NET_BIND_SERVICE"));
        assert!(!is_risky_cap("CHOWN"));
    }
}
