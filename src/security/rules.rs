//! The rules, one table: each reads a container's inspect document (`HostConfig`, `Config`,
//! `Mounts`) as Docker 20.10 and 26.1 and podman write it.

use super::{Rule, Severity};
use crate::json::Json;

/// Capabilities that hand over the host, ranked: these are high...
const CAPS_HIGH: &[&str] = &[
    "ALL",
    "SYS_ADMIN",
    "SYS_MODULE",
    "SYS_PTRACE",
    "SYS_RAWIO",
    "DAC_READ_SEARCH",
    "BPF",
    "PERFMON",
];
/// ...these medium; any other capability added is low.
const CAPS_MEDIUM: &[&str] = &[
    "NET_ADMIN",
    "NET_RAW",
    "SYS_TIME",
    "SYS_BOOT",
    "SYS_RESOURCE",
    "MKNOD",
    "DAC_OVERRIDE",
    "SETFCAP",
    "LINUX_IMMUTABLE",
    "AUDIT_CONTROL",
    "MAC_ADMIN",
    "MAC_OVERRIDE",
    "SYSLOG",
];

/// Engine sockets: a container that can reach one runs anything on the host.
const ENGINE_SOCKETS: &[&str] = &[
    "/var/run/docker.sock",
    "/run/docker.sock",
    "/run/podman/podman.sock",
    "/var/run/podman/podman.sock",
    "/run/containerd/containerd.sock",
    "/var/run/containerd/containerd.sock",
];

/// Host folders that hold an engine socket: mounting one mounts the socket.
const SOCKET_FOLDERS: &[&str] = &["/var/run", "/run", "/run/podman", "/var/run/docker"];

/// Host paths whose writable mount hands over the host.
const SENSITIVE: &[&str] = &[
    "/",
    "/etc",
    "/root",
    "/boot",
    "/usr",
    "/lib",
    "/bin",
    "/sbin",
    "/var/lib/docker",
    "/var/lib/containerd",
    "/proc",
    "/sys",
    "/dev",
    "/home",
];

fn host_config<'a>(c: &'a Json, key: &str) -> Option<&'a Json> {
    c.at(&["HostConfig", key])
}

fn host_mode(c: &Json, key: &str) -> Option<String> {
    (host_config(c, key).and_then(Json::as_str) == Some("host")).then(String::new)
}

/// `HostConfig.SecurityOpt` as (name, value) pairs (`name=value`, or the old `name:value`).
fn security_opts(c: &Json) -> Vec<(String, String)> {
    host_config(c, "SecurityOpt")
        .map(Json::as_array)
        .unwrap_or(&[])
        .iter()
        .filter_map(Json::as_str)
        .map(|o| match o.split_once(['=', ':']) {
            Some((k, v)) => (k.trim().to_string(), v.trim().to_string()),
            None => (o.trim().to_string(), String::new()),
        })
        .collect()
}

fn opt_is(c: &Json, name: &str, value: &str) -> Option<String> {
    security_opts(c)
        .iter()
        .any(|(k, v)| k == name && v == value)
        .then(|| format!("{name}={value}"))
}

/// Added capabilities of a rank, without the `CAP_` prefix, upper case.
fn caps_added(c: &Json, pick: impl Fn(&str) -> bool) -> Option<String> {
    let found: Vec<String> = host_config(c, "CapAdd")
        .map(Json::as_array)
        .unwrap_or(&[])
        .iter()
        .filter_map(Json::as_str)
        .map(|s| s.trim().trim_start_matches("CAP_").to_ascii_uppercase())
        .filter(|s| pick(s))
        .collect();
    (!found.is_empty()).then(|| found.join(", "))
}

/// Each mount as (source on the host, destination, writable).
fn mounts(c: &Json) -> Vec<(String, String, bool)> {
    let mut out: Vec<(String, String, bool)> = c
        .get("Mounts")
        .map(Json::as_array)
        .unwrap_or(&[])
        .iter()
        .filter(|m| m.get("Type").and_then(Json::as_str).unwrap_or("bind") == "bind")
        .filter_map(|m| {
            let src = m.get("Source").and_then(Json::as_str)?;
            let dst = m.get("Destination").and_then(Json::as_str).unwrap_or("");
            let rw = m.get("RW").and_then(Json::as_bool).unwrap_or(true);
            Some((src.to_string(), dst.to_string(), rw))
        })
        .collect();
    // A created container has no `Mounts` yet: its binds say the same (`src:dst[:ro]`).
    if out.is_empty() {
        for b in host_config(c, "Binds")
            .map(Json::as_array)
            .unwrap_or(&[])
            .iter()
            .filter_map(Json::as_str)
        {
            let mut parts = b.split(':');
            let (Some(src), Some(dst)) = (parts.next(), parts.next()) else {
                continue;
            };
            if !src.starts_with('/') {
                continue; // a named volume
            }
            let ro = parts
                .next()
                .is_some_and(|o| o.split(',').any(|o| o == "ro"));
            out.push((src.to_string(), dst.to_string(), !ro));
        }
    }
    out
}

fn normal(path: &str) -> &str {
    match path.trim_end_matches('/') {
        "" => "/",
        p => p,
    }
}

/// An engine's socket mounted: a known socket path or its folder on the host, a host file
/// named like one (`/srv/x/docker.sock`), or whatever is mounted where a socket is expected
/// inside.
fn engine_socket(c: &Json) -> Option<String> {
    let socket_name = |p: &str| {
        ENGINE_SOCKETS
            .iter()
            .filter_map(|s| s.rsplit('/').next())
            .any(|name| p.rsplit('/').next() == Some(name))
    };
    let found: Vec<String> = mounts(c)
        .into_iter()
        .filter(|(src, dst, _)| {
            let s = normal(src);
            ENGINE_SOCKETS.contains(&s)
                || SOCKET_FOLDERS.contains(&s)
                || socket_name(s)
                || ENGINE_SOCKETS.contains(&normal(dst))
        })
        .map(|(src, _, _)| src)
        .collect();
    (!found.is_empty()).then(|| found.join(", "))
}

fn sensitive_writable(c: &Json) -> Option<String> {
    let found: Vec<String> = mounts(c)
        .into_iter()
        .filter(|(src, _, rw)| *rw && SENSITIVE.contains(&normal(src)))
        .map(|(src, dst, _)| format!("{src} as {dst}"))
        .collect();
    (!found.is_empty()).then(|| found.join(", "))
}

fn runs_as_root(c: &Json) -> Option<String> {
    let user = c
        .at(&["Config", "User"])
        .and_then(Json::as_str)
        .unwrap_or("")
        .trim();
    let name = user.split(':').next().unwrap_or("");
    match name {
        "" => Some("no user set".into()),
        "root" | "0" => Some(format!("user {user}")),
        _ => None,
    }
}

fn writable_root(c: &Json) -> Option<String> {
    (host_config(c, "ReadonlyRootfs").and_then(Json::as_bool) != Some(true)).then(String::new)
}

fn no_memory_limit(c: &Json) -> Option<String> {
    (host_config(c, "Memory").and_then(Json::as_i64).unwrap_or(0) <= 0).then(String::new)
}

fn no_pids_limit(c: &Json) -> Option<String> {
    (host_config(c, "PidsLimit")
        .and_then(Json::as_i64)
        .unwrap_or(0)
        <= 0)
        .then(String::new)
}

fn new_privileges(c: &Json) -> Option<String> {
    let set = security_opts(c)
        .iter()
        .any(|(k, v)| k == "no-new-privileges" && v != "false");
    (!set).then(String::new)
}

fn ports_on_all_addresses(c: &Json) -> Option<String> {
    let mut found = Vec::new();
    for (port, bindings) in host_config(c, "PortBindings")
        .map(Json::as_object)
        .unwrap_or(&[])
    {
        for b in bindings.as_array() {
            let ip = b.get("HostIp").and_then(Json::as_str).unwrap_or("");
            if matches!(ip, "" | "0.0.0.0" | "::") {
                let host = b.get("HostPort").and_then(Json::as_str).unwrap_or("");
                found.push(if host.is_empty() {
                    format!("*->{port}")
                } else {
                    format!("*:{host}->{port}")
                });
            }
        }
    }
    (!found.is_empty()).then(|| found.join(", "))
}

fn devices(c: &Json) -> Option<String> {
    let found: Vec<String> = host_config(c, "Devices")
        .map(Json::as_array)
        .unwrap_or(&[])
        .iter()
        .filter_map(|d| d.get("PathOnHost").and_then(Json::as_str))
        .map(str::to_string)
        .collect();
    (!found.is_empty()).then(|| found.join(", "))
}

/// An image named by a tag that moves (`latest`, or none, which is `latest`), not a digest or
/// another tag.
fn moving_tag(c: &Json) -> Option<String> {
    let image = c.at(&["Config", "Image"]).and_then(Json::as_str)?;
    if image.contains('@') || image.starts_with("sha256:") {
        return None;
    }
    // The tag is after the last `:` that comes after the last `/` (a registry's port is not).
    let name = image.rsplit('/').next().unwrap_or(image);
    match name.rsplit_once(':') {
        Some((_, "latest")) => Some(image.to_string()),
        Some(_) => None,
        None => Some(format!("{image} (latest)")),
    }
}

pub static RULES: &[Rule] = &[
    Rule {
        id: "privileged",
        path: ".HostConfig.Privileged",
        severity: Severity::High,
        title: "Privileged",
        why: "every device and capability of the host, and no confinement: root in it is root on the host",
        fix_run: "drop --privileged (add only the --cap-add and --device it needs)",
        fix_compose: "privileged: false",
        test: |c| {
            (host_config(c, "Privileged").and_then(Json::as_bool) == Some(true)).then(String::new)
        },
    },
    Rule {
        id: "engine-socket",
        path: ".Mounts",
        severity: Severity::High,
        title: "The engine's socket is mounted",
        why: "whoever controls the container can start a privileged container on the host through it",
        fix_run: "drop -v /var/run/docker.sock:... (or use a socket proxy that allows only what it needs)",
        fix_compose: "remove the volume of the socket",
        test: engine_socket,
    },
    Rule {
        id: "host-pid",
        path: ".HostConfig.PidMode",
        severity: Severity::High,
        title: "Host PID namespace",
        why: "it sees and can signal (or trace) every process of the host",
        fix_run: "drop --pid=host",
        fix_compose: "remove pid: host",
        test: |c| host_mode(c, "PidMode"),
    },
    Rule {
        id: "sensitive-mount",
        path: ".Mounts",
        severity: Severity::High,
        title: "A host system path mounted writable",
        why: "it can change the host's files (its users, its binaries, its engine's data)",
        fix_run: "mount it read-only (-v SRC:DST:ro), or mount only the file it needs",
        fix_compose: "volumes: - SRC:DST:ro",
        test: sensitive_writable,
    },
    Rule {
        id: "caps-high",
        path: ".HostConfig.CapAdd",
        severity: Severity::High,
        title: "Capabilities that hand over the host",
        why: "each of these lets root in the container escape to the host or read its memory",
        fix_run: "drop them from --cap-add (start from --cap-drop ALL)",
        fix_compose: "cap_add: only what it needs",
        test: |c| caps_added(c, |cap| CAPS_HIGH.contains(&cap)),
    },
    Rule {
        id: "seccomp-off",
        path: ".HostConfig.SecurityOpt",
        severity: Severity::High,
        title: "Seccomp disabled",
        why: "every system call of the kernel is open to it, the ones used to escape included",
        fix_run: "drop --security-opt seccomp=unconfined",
        fix_compose: "remove security_opt: - seccomp:unconfined",
        test: |c| opt_is(c, "seccomp", "unconfined"),
    },
    Rule {
        id: "host-network",
        path: ".HostConfig.NetworkMode",
        severity: Severity::Medium,
        title: "Host network",
        why: "it listens on the host's addresses and reaches its local services (127.0.0.1) unfiltered",
        fix_run: "drop --network host; publish only the ports it serves",
        fix_compose: "remove network_mode: host",
        test: |c| host_mode(c, "NetworkMode"),
    },
    Rule {
        id: "host-ipc",
        path: ".HostConfig.IpcMode",
        severity: Severity::Medium,
        title: "Host IPC namespace",
        why: "it shares the host's shared memory and semaphores",
        fix_run: "drop --ipc=host",
        fix_compose: "remove ipc: host",
        test: |c| host_mode(c, "IpcMode"),
    },
    Rule {
        id: "caps-medium",
        path: ".HostConfig.CapAdd",
        severity: Severity::Medium,
        title: "Capabilities with power over the host",
        why: "they reach the host's network, clock or devices beyond the container's own",
        fix_run: "drop them from --cap-add unless needed",
        fix_compose: "cap_add: only what it needs",
        test: |c| caps_added(c, |cap| CAPS_MEDIUM.contains(&cap)),
    },
    Rule {
        id: "apparmor-off",
        path: ".HostConfig.SecurityOpt",
        severity: Severity::Medium,
        title: "AppArmor disabled",
        why: "the host's mandatory access control no longer limits what it touches",
        fix_run: "drop --security-opt apparmor=unconfined",
        fix_compose: "remove security_opt: - apparmor:unconfined",
        test: |c| opt_is(c, "apparmor", "unconfined"),
    },
    Rule {
        id: "selinux-off",
        path: ".HostConfig.SecurityOpt",
        severity: Severity::Medium,
        title: "SELinux labels disabled",
        why: "the host's mandatory access control no longer limits what it touches",
        fix_run: "drop --security-opt label=disable",
        fix_compose: "remove security_opt: - label:disable",
        test: |c| opt_is(c, "label", "disable"),
    },
    Rule {
        id: "root-user",
        path: ".Config.User",
        severity: Severity::Medium,
        title: "Runs as root",
        why: "a break-out from the process starts as root, and root owns its files",
        fix_run: "--user 1000:1000 (or a USER in the image)",
        fix_compose: "user: \"1000:1000\"",
        test: runs_as_root,
    },
    Rule {
        id: "ports-all-addresses",
        path: ".HostConfig.PortBindings",
        severity: Severity::Medium,
        title: "Ports published on every address",
        why: "every network the host is on can reach them, past most host firewalls",
        fix_run: "-p 127.0.0.1:HOST:PORT (or the one address it should serve)",
        fix_compose: "ports: - \"127.0.0.1:HOST:PORT\"",
        test: ports_on_all_addresses,
    },
    Rule {
        id: "devices",
        path: ".HostConfig.Devices",
        severity: Severity::Medium,
        title: "Host devices passed through",
        why: "it reads and writes the host's hardware directly",
        fix_run: "drop the --device it does not need",
        fix_compose: "devices: only what it needs",
        test: devices,
    },
    Rule {
        id: "host-uts",
        path: ".HostConfig.UTSMode",
        severity: Severity::Low,
        title: "Host UTS namespace",
        why: "it can change the host's hostname",
        fix_run: "drop --uts=host",
        fix_compose: "remove uts: host",
        test: |c| host_mode(c, "UTSMode"),
    },
    Rule {
        id: "caps-low",
        path: ".HostConfig.CapAdd",
        severity: Severity::Low,
        title: "Capabilities added",
        why: "each added capability is power the process did not start with",
        fix_run: "drop them from --cap-add unless needed",
        fix_compose: "cap_add: only what it needs",
        test: |c| {
            caps_added(c, |cap| {
                !CAPS_HIGH.contains(&cap) && !CAPS_MEDIUM.contains(&cap)
            })
        },
    },
    Rule {
        id: "no-new-privileges",
        path: ".HostConfig.SecurityOpt",
        severity: Severity::Low,
        title: "May gain privileges",
        why: "a setuid binary in it can still raise a process's privileges",
        fix_run: "--security-opt no-new-privileges",
        fix_compose: "security_opt: - no-new-privileges:true",
        test: new_privileges,
    },
    Rule {
        id: "writable-rootfs",
        path: ".HostConfig.ReadonlyRootfs",
        severity: Severity::Low,
        title: "Writable root filesystem",
        why: "whoever breaks in can change its programs and leave tools behind",
        fix_run: "--read-only (with --tmpfs for what it writes)",
        fix_compose: "read_only: true",
        test: writable_root,
    },
    Rule {
        id: "no-memory-limit",
        path: ".HostConfig.Memory",
        severity: Severity::Low,
        title: "No memory limit",
        why: "it can take the host's memory from every other process",
        fix_run: "--memory 512m (what it needs)",
        fix_compose: "mem_limit: 512m",
        test: no_memory_limit,
    },
    Rule {
        id: "no-pids-limit",
        path: ".HostConfig.PidsLimit",
        severity: Severity::Low,
        title: "No process limit",
        why: "a fork bomb in it takes the host's process table",
        fix_run: "--pids-limit 200",
        fix_compose: "pids_limit: 200",
        test: no_pids_limit,
    },
    Rule {
        id: "moving-tag",
        path: ".Config.Image",
        severity: Severity::Low,
        title: "Image by a tag that moves",
        why: "what runs after the next pull is not what was reviewed",
        fix_run: "name the image by a version tag or a digest (IMAGE:1.2.3, IMAGE@sha256:...)",
        fix_compose: "image: IMAGE:1.2.3",
        test: moving_tag,
    },
];
