//! Each rule on a fixture: an inspect document as the engine writes it, with the one risky
//! option, and a hardened one on which no rule fires.

use super::*;

/// An inspect document: `host_config` and `config` are the inside of `HostConfig` and
/// `Config` (JSON object members), `mounts` the `Mounts` array's inside.
fn doc(host_config: &str, config: &str, mounts: &str) -> Json {
    let text = format!(
        r#"{{"Id":"abc","Config":{{"Image":"shop/web:2.1",{config}}},"HostConfig":{{{host_config}}},"Mounts":[{mounts}]}}"#
    );
    Json::parse(&text).unwrap_or_else(|e| panic!("fixture {text}: {e}"))
}

/// What a container hardened as the issue asks looks like: read-only root, a user, every
/// capability dropped, no new privileges, memory and pids limits, a version tag.
const HARDENED_HC: &str = r#""Privileged":false,"ReadonlyRootfs":true,"CapDrop":["ALL"],"SecurityOpt":["no-new-privileges:true"],"Memory":268435456,"PidsLimit":100,"NetworkMode":"none""#;
const HARDENED_CONFIG: &str = r#""User":"1000:1000""#;

fn ids(c: &Json) -> Vec<&'static str> {
    findings(c, &[]).iter().map(|f| f.rule.id).collect()
}

/// The hardened container with `extra` added to its HostConfig (or Config, or Mounts).
fn risky(hc_extra: &str, config_extra: &str, mounts: &str) -> Json {
    let hc = if hc_extra.is_empty() {
        HARDENED_HC.to_string()
    } else {
        format!("{HARDENED_HC},{hc_extra}")
    };
    let config = if config_extra.is_empty() {
        HARDENED_CONFIG.to_string()
    } else {
        config_extra.to_string()
    };
    doc(&hc, &config, mounts)
}

/// The hardened container with its `SecurityOpt` replaced by `opts` (a JSON array).
fn with_opts(opts: &str) -> Json {
    let hc = HARDENED_HC.replace(
        r#""SecurityOpt":["no-new-privileges:true"]"#,
        &format!(r#""SecurityOpt":{opts}"#),
    );
    doc(&hc, HARDENED_CONFIG, "")
}

#[test]
fn a_hardened_container_has_no_finding() {
    assert_eq!(ids(&risky("", "", "")), Vec::<&str>::new());
}

#[test]
fn each_risky_option_is_found_on_its_own() {
    let cases: &[(&str, Json)] = &[
        (
            "privileged",
            doc(
                &HARDENED_HC.replace(r#""Privileged":false"#, r#""Privileged":true"#),
                HARDENED_CONFIG,
                "",
            ),
        ),
        ("host-pid", risky(r#""PidMode":"host""#, "", "")),
        (
            "host-network",
            doc(
                &HARDENED_HC.replace(r#""NetworkMode":"none""#, r#""NetworkMode":"host""#),
                HARDENED_CONFIG,
                "",
            ),
        ),
        ("host-ipc", risky(r#""IpcMode":"host""#, "", "")),
        ("host-uts", risky(r#""UTSMode":"host""#, "", "")),
        (
            "engine-socket",
            risky(
                "",
                "",
                r#"{"Type":"bind","Source":"/var/run/docker.sock","Destination":"/var/run/docker.sock","RW":false}"#,
            ),
        ),
        (
            "sensitive-mount",
            risky(
                "",
                "",
                r#"{"Type":"bind","Source":"/","Destination":"/host","RW":true}"#,
            ),
        ),
        ("caps-high", risky(r#""CapAdd":["SYS_ADMIN"]"#, "", "")),
        ("caps-medium", risky(r#""CapAdd":["NET_ADMIN"]"#, "", "")),
        ("caps-low", risky(r#""CapAdd":["CHOWN"]"#, "", "")),
        (
            "seccomp-off",
            with_opts(r#"["seccomp=unconfined","no-new-privileges:true"]"#),
        ),
        (
            "apparmor-off",
            with_opts(r#"["apparmor:unconfined","no-new-privileges:true"]"#),
        ),
        (
            "selinux-off",
            with_opts(r#"["label=disable","no-new-privileges:true"]"#),
        ),
        ("root-user", risky("", r#""User":"root""#, "")),
        (
            "ports-all-addresses",
            risky(
                r#""PortBindings":{"80/tcp":[{"HostIp":"","HostPort":"8080"}]}"#,
                "",
                "",
            ),
        ),
        (
            "devices",
            risky(
                r#""Devices":[{"PathOnHost":"/dev/fuse","PathInContainer":"/dev/fuse","CgroupPermissions":"rwm"}]"#,
                "",
                "",
            ),
        ),
        (
            "writable-rootfs",
            doc(
                &HARDENED_HC.replace(r#""ReadonlyRootfs":true"#, r#""ReadonlyRootfs":false"#),
                HARDENED_CONFIG,
                "",
            ),
        ),
        (
            "no-memory-limit",
            doc(
                &HARDENED_HC.replace(r#""Memory":268435456"#, r#""Memory":0"#),
                HARDENED_CONFIG,
                "",
            ),
        ),
        (
            "no-pids-limit",
            doc(
                &HARDENED_HC.replace(r#""PidsLimit":100"#, r#""PidsLimit":null"#),
                HARDENED_CONFIG,
                "",
            ),
        ),
        (
            "no-new-privileges",
            doc(
                &HARDENED_HC.replace(
                    r#""SecurityOpt":["no-new-privileges:true"]"#,
                    r#""SecurityOpt":[]"#,
                ),
                HARDENED_CONFIG,
                "",
            ),
        ),
    ];
    for (id, c) in cases {
        let found = ids(c);
        // Seccomp, AppArmor and SELinux replace the hardened options whole: no-new-privileges
        // stays set in their fixtures, so the rule found is the only one.
        assert_eq!(found, [*id], "{id}");
    }
    // Every rule but the image's is covered above.
    for r in RULES.iter().filter(|r| r.id != "moving-tag") {
        assert!(
            cases.iter().any(|(id, _)| *id == r.id),
            "no fixture for {}",
            r.id
        );
    }
}

#[test]
fn what_was_seen_is_said() {
    let c = risky(
        r#""CapAdd":["CAP_SYS_ADMIN","sys_ptrace","NET_ADMIN"]"#,
        "",
        "",
    );
    let f = findings(&c, &[]);
    let detail = |id: &str| {
        f.iter()
            .find(|x| x.rule.id == id)
            .map(|x| x.detail.as_str())
    };
    assert_eq!(detail("caps-high"), Some("SYS_ADMIN, SYS_PTRACE"));
    assert_eq!(detail("caps-medium"), Some("NET_ADMIN"));
    let c = risky(
        r#""PortBindings":{"80/tcp":[{"HostIp":"0.0.0.0","HostPort":"8080"}],"443/tcp":[{"HostIp":"127.0.0.1","HostPort":"8443"}]}"#,
        "",
        "",
    );
    assert_eq!(
        findings(&c, &[]).first().map(|x| x.detail.as_str()),
        Some("*:8080->80/tcp")
    );
}

#[test]
fn the_worst_come_first() {
    let c = doc(
        r#""Privileged":true,"CapAdd":["CHOWN"]"#,
        r#""User":"""#,
        "",
    );
    let severities: Vec<Severity> = findings(&c, &[]).iter().map(|f| f.rule.severity).collect();
    assert!(
        severities.windows(2).all(|w| w[0] <= w[1]),
        "{severities:?}"
    );
    assert_eq!(severities.first(), Some(&Severity::High));
}

#[test]
fn the_engine_socket_folder_and_read_only_system_paths() {
    // The folder holding the socket hands it over as well.
    let c = risky(
        "",
        "",
        r#"{"Type":"bind","Source":"/run","Destination":"/hostrun","RW":true}"#,
    );
    assert_eq!(ids(&c), ["engine-socket"]);
    // A socket elsewhere on the host, or mounted where the engine's socket is expected.
    let c = risky(
        "",
        "",
        r#"{"Type":"bind","Source":"/tmp/x/docker.sock","Destination":"/sock","RW":true}"#,
    );
    assert_eq!(ids(&c), ["engine-socket"]);
    let c = risky(
        "",
        "",
        r#"{"Type":"bind","Source":"/srv/s","Destination":"/var/run/docker.sock","RW":true}"#,
    );
    assert_eq!(ids(&c), ["engine-socket"]);
    // A system path mounted read-only is not writable.
    let c = risky(
        "",
        "",
        r#"{"Type":"bind","Source":"/etc","Destination":"/hostetc","RW":false}"#,
    );
    assert_eq!(ids(&c), Vec::<&str>::new());
    // A volume is no host path, whatever its name.
    let c = risky(
        "",
        "",
        r#"{"Type":"volume","Name":"etc","Source":"/var/lib/docker/volumes/etc/_data","Destination":"/etc","RW":true}"#,
    );
    assert_eq!(ids(&c), Vec::<&str>::new());
}

#[test]
fn a_created_container_is_judged_by_its_binds() {
    // Before it starts, `Mounts` is empty and `HostConfig.Binds` holds what will be mounted.
    let c = risky(
        r#""Binds":["/var/run/docker.sock:/sock","/:/host:ro","data:/data"]"#,
        "",
        "",
    );
    assert_eq!(ids(&c), ["engine-socket"]);
}

#[test]
fn moving_tags_are_latest_or_none_and_not_a_registry_port() {
    let image = |name: &str| {
        let config = format!(r#""User":"1000","Image":"{name}""#);
        let text =
            format!(r#"{{"Config":{{{config}}},"HostConfig":{{{HARDENED_HC}}},"Mounts":[]}}"#);
        Json::parse(&text).map(|c| ids(&c)).unwrap_or_default()
    };
    assert_eq!(image("nginx"), ["moving-tag"]);
    assert_eq!(image("nginx:latest"), ["moving-tag"]);
    assert_eq!(image("registry.local:5000/team/api"), ["moving-tag"]);
    assert!(image("registry.local:5000/team/api:1.4").is_empty());
    assert!(image("nginx@sha256:0123456789abcdef").is_empty());
}

#[test]
fn rules_are_silenced_by_label_or_config() {
    let c = doc(
        r#""Privileged":true"#,
        r#""User":"root","Labels":{"dockhand.security.ignore":"privileged, root-user"}"#,
        "",
    );
    let found = ids(&c);
    assert!(
        !found.contains(&"privileged") && !found.contains(&"root-user"),
        "{found:?}"
    );
    assert!(found.contains(&"writable-rootfs"), "{found:?}");
    let found: Vec<&str> = findings(&c, &["writable-rootfs".to_string()])
        .iter()
        .map(|f| f.rule.id)
        .collect();
    assert!(!found.contains(&"writable-rootfs"), "{found:?}");
}

#[test]
fn rule_ids_are_unique_and_every_rule_says_why_and_how_to_fix() {
    let mut ids: Vec<&str> = RULES.iter().map(|r| r.id).collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), RULES.len());
    for r in RULES {
        assert!(
            !r.why.is_empty() && !r.fix_run.is_empty() && !r.fix_compose.is_empty(),
            "{}",
            r.id
        );
        assert_eq!(rule(r.id).map(|x| x.id), Some(r.id));
    }
}
