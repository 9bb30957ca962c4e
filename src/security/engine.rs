//! The engine's own findings: what in the engine's settings (its `/info`, read at the handshake
//! into [`EngineSecurity`]) makes every container on it, or the host, easier to take over. One
//! table like the container rules ([`ENGINE_RULES`]): an id (silenced by the same
//! `[security] ignore`), a severity, a sentence, the fix as the `dockerd` flag and the
//! `/etc/docker/daemon.json` key, and a test that returns `None` when the engine is fine or
//! not known. Unknown is never a finding: podman and engines that refuse `/info` leave fields
//! unknown.
//!
//! End of life: [`EOL`] is the upstream end of life of Docker Engine's release lines, from
//! endoflife.date's Docker Engine page (<https://endoflife.date/docker-engine>, its source
//! `products/docker-engine.md` in github.com/endoflife-date/endoflife.date, which cites
//! moby's `project/BRANCHES-AND-TAGS.md`), read on 2026-12-03. Lines without a date there
//! (25.0, 28, 29: "not announced") are left out, and a version the table does not list is
//! never flagged, newer or older. Only Docker Engine itself is judged (not podman, Docker EE
//! or Mirantis, whose vendors set their own dates); a distribution's build (Debian's
//! `20.10.24+dfsg1`) is judged by its upstream line, and the finding says a distribution may
//! still backport fixes.
//!
//! Pure: no I/O; `now` (unix seconds) is the caller's clock.

use super::Severity;
use crate::engine::model::{EngineSecurity, Seccomp};

/// One engine rule.
pub struct EngineRule {
    /// Stable, for `[security] ignore`: `engine-tcp-no-tls`, ...
    pub id: &'static str,
    pub severity: Severity,
    /// What was found, in a few words.
    pub title: &'static str,
    /// Why it matters, in one sentence.
    pub why: &'static str,
    /// The fix as a `dockerd` flag...
    pub fix_flag: &'static str,
    /// ...and as a `/etc/docker/daemon.json` key.
    pub fix_json: &'static str,
    /// `None`: fine, or not known; else what was seen. `now` in unix seconds.
    pub test: fn(&EngineSecurity, i64) -> Option<String>,
}

impl std::fmt::Debug for EngineRule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.id)
    }
}

/// A rule the engine breaks, with what was seen.
#[derive(Debug, Clone)]
pub struct EngineFinding {
    pub rule: &'static EngineRule,
    pub detail: String,
}

impl PartialEq for EngineFinding {
    fn eq(&self, other: &Self) -> bool {
        self.rule.id == other.rule.id && self.detail == other.detail
    }
}

impl Eq for EngineFinding {}

/// Docker Engine release lines and their upstream end of life (year, month, day); see the
/// module docs for the source. A line is `major.minor` before 27, the major from 27 on.
pub const EOL: &[(&str, (i32, u32, u32))] = &[
    ("27", (2025, 5, 3)),
    ("26.1", (2025, 2, 17)),
    ("26.0", (2024, 6, 8)),
    ("24.0", (2024, 6, 8)),
    ("23.0", (2025, 5, 19)),
    ("20.10", (2023, 12, 10)),
    ("19.03", (2021, 1, 8)),
    ("18.09", (2019, 8, 22)),
    ("18.06", (2018, 12, 8)),
    ("18.05", (2018, 8, 18)),
    ("18.04", (2018, 6, 9)),
    ("18.03", (2018, 5, 10)),
    ("18.02", (2018, 4, 21)),
    ("18.01", (2018, 3, 7)),
    ("17.12", (2018, 2, 10)),
    ("17.11", (2018, 1, 27)),
    ("17.10", (2017, 12, 20)),
    ("17.09", (2017, 11, 17)),
    ("17.07", (2017, 10, 26)),
    ("17.06", (2017, 9, 29)),
    ("17.05", (2017, 7, 28)),
    ("17.04", (2017, 6, 4)),
    ("17.03", (2017, 5, 5)),
];

/// Days since 1970-01-01 of a civil date (Howard Hinnant's `days_from_civil`).
fn days_from_civil(y: i32, m: u32, d: u32) -> i64 {
    let y = i64::from(y) - i64::from(m <= 2);
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(m);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The release line of a version (`20.10.24+dfsg1` is `20.10`, `27.5.1` is `27`) and its end
/// of life, when the table knows it.
pub fn end_of_life(version: &str) -> Option<(&'static str, (i32, u32, u32))> {
    let mut parts = version
        .trim()
        .trim_start_matches('v')
        .split(['.', '-', '+', '~']);
    let major: u32 = parts.next()?.parse().ok()?;
    let minor: u32 = parts.next()?.parse().ok()?;
    // 17.03 to 20.10 were year.month; 23.0 to 26.1 major.minor; from 27 on the major alone.
    let line = match major {
        27.. => major.to_string(),
        23.. => format!("{major}.{minor}"),
        _ => format!("{major}.{minor:02}"),
    };
    EOL.iter().find(|(l, _)| *l == line).copied()
}

fn eol(s: &EngineSecurity, now: i64) -> Option<String> {
    if !s.upstream {
        return None;
    }
    let (line, (y, m, d)) = end_of_life(s.version.as_deref()?)?;
    (now.div_euclid(86_400) >= days_from_civil(y, m, d))
        .then(|| format!("{line} ended {y}-{m:02}-{d:02}"))
}

fn tcp_no_tls(s: &EngineSecurity, _: i64) -> Option<String> {
    s.plain_tcp.clone()
}

fn insecure_registries(s: &EngineSecurity, _: i64) -> Option<String> {
    let r = s.insecure_registries.as_ref()?;
    (!r.is_empty()).then(|| r.join(", "))
}

fn seccomp_off(s: &EngineSecurity, _: i64) -> Option<String> {
    if s.linux == Some(false) {
        return None;
    }
    match s.seccomp.as_ref()? {
        Seccomp::Unconfined => Some("profile=unconfined".into()),
        Seccomp::Off => Some("no seccomp".into()),
        Seccomp::Builtin | Seccomp::Custom(_) => None,
    }
}

fn no_mac(s: &EngineSecurity, _: i64) -> Option<String> {
    (s.linux == Some(true) && s.apparmor == Some(false) && s.selinux == Some(false))
        .then(String::new)
}

fn userns_off(s: &EngineSecurity, _: i64) -> Option<String> {
    (s.linux != Some(false) && s.userns == Some(false) && s.rootless == Some(false))
        .then(String::new)
}

fn live_restore_off(s: &EngineSecurity, _: i64) -> Option<String> {
    (s.live_restore == Some(false)).then(String::new)
}

/// The engine rules, worst first.
pub const ENGINE_RULES: &[EngineRule] = &[
    EngineRule {
        id: "engine-tcp-no-tls",
        severity: Severity::High,
        title: "Engine reached over TCP without TLS",
        why: "anyone who can reach the port runs containers as root on the host, with no password and in clear text",
        fix_flag: "dockerd -H tcp://0.0.0.0:2376 --tlsverify --tlscacert ca.pem --tlscert server-cert.pem --tlskey server-key.pem (or -H unix:// and ssh://)",
        fix_json: r#""tlsverify": true, "tlscacert": ..., "tlscert": ..., "tlskey": ..., "hosts": ["tcp://0.0.0.0:2376"]"#,
        test: tcp_no_tls,
    },
    EngineRule {
        id: "engine-eol",
        severity: Severity::Medium,
        title: "Engine release past its upstream end of life",
        why: "upstream publishes no security fixes for it any more (a distribution may still backport some)",
        fix_flag: "upgrade dockerd to a maintained release (see endoflife.date/docker-engine)",
        fix_json: "none: upgrade the engine package",
        test: eol,
    },
    EngineRule {
        id: "insecure-registries",
        severity: Severity::Medium,
        title: "Insecure registries",
        why: "images from these come over plain HTTP or unchecked TLS, so anyone on the path can swap them",
        fix_flag: "drop --insecure-registry; give the registry a certificate (or its CA in /etc/docker/certs.d/HOST/ca.crt)",
        fix_json: r#""insecure-registries": []"#,
        test: insecure_registries,
    },
    EngineRule {
        id: "seccomp-off-engine",
        severity: Severity::Medium,
        title: "No seccomp filter by default",
        why: "containers that do not ask for a profile can make every system call, the kernel's whole attack surface",
        fix_flag: "drop --seccomp-profile=unconfined (the built-in profile is the default)",
        fix_json: r#""seccomp-profile": "builtin" (or remove the key)"#,
        test: seccomp_off,
    },
    EngineRule {
        id: "no-apparmor-selinux",
        severity: Severity::Low,
        title: "Neither AppArmor nor SELinux",
        why: "no mandatory access control stands between a container that breaks out and the host's files",
        fix_flag: "enable AppArmor on the host (Debian, Ubuntu), or SELinux with dockerd --selinux-enabled (Fedora, RHEL)",
        fix_json: r#""selinux-enabled": true (AppArmor needs no key)"#,
        test: no_mac,
    },
    EngineRule {
        id: "userns-off",
        severity: Severity::Low,
        title: "User namespaces off",
        why: "root in a container is root on the host, so any break-out hands over the host",
        fix_flag: "dockerd --userns-remap=default (or run the engine rootless)",
        fix_json: r#""userns-remap": "default""#,
        test: userns_off,
    },
    EngineRule {
        id: "live-restore-off",
        severity: Severity::Low,
        title: "Live restore off",
        why: "an engine restart or upgrade stops every container (availability rather than security, hence low)",
        fix_flag: "dockerd --live-restore",
        fix_json: r#""live-restore": true"#,
        test: live_restore_off,
    },
];

/// The engine rule with this id, if there is one (config checks).
pub fn rule(id: &str) -> Option<&'static EngineRule> {
    ENGINE_RULES.iter().find(|r| r.id == id)
}

/// The engine's findings, the worst first, without those `ignored` (the config's) silences.
pub fn findings(s: &EngineSecurity, ignored: &[String], now: i64) -> Vec<EngineFinding> {
    let mut out: Vec<EngineFinding> = ENGINE_RULES
        .iter()
        .filter(|r| !ignored.iter().any(|i| i == r.id))
        .filter_map(|r| (r.test)(s, now).map(|detail| EngineFinding { rule: r, detail }))
        .collect();
    out.sort_by_key(|f| f.rule.severity);
    out
}

/// The posture in short, each feature with its state, the unknown left out:
/// `[("AppArmor", "on"), ("seccomp", "builtin"), ...]`.
pub fn posture(s: &EngineSecurity) -> Vec<(&'static str, String)> {
    let on = |b: bool| if b { "on" } else { "off" }.to_string();
    let mut out = Vec::new();
    let mut push = |name: &'static str, v: Option<String>| {
        if let Some(v) = v {
            out.push((name, v));
        }
    };
    push("AppArmor", s.apparmor.map(on));
    push("seccomp", s.seccomp.as_ref().map(|p| p.word().to_string()));
    push("SELinux", s.selinux.map(on));
    push("userns", s.userns.map(on));
    push("rootless", s.rootless.map(on));
    push("live-restore", s.live_restore.map(on));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// 2026-12-03, when the table was read.
    const NOW: i64 = 1_796_256_000;

    /// A well-run Docker engine: nothing to find.
    fn good() -> EngineSecurity {
        EngineSecurity {
            docker: true,
            upstream: true,
            linux: Some(true),
            apparmor: Some(true),
            selinux: Some(false),
            seccomp: Some(Seccomp::Builtin),
            userns: Some(true),
            rootless: Some(false),
            cgroupns: Some(true),
            live_restore: Some(true),
            insecure_registries: Some(vec![]),
            version: Some("29.1.0".into()),
            plain_tcp: None,
        }
    }

    fn ids(s: &EngineSecurity) -> Vec<&'static str> {
        findings(s, &[], NOW).iter().map(|f| f.rule.id).collect()
    }

    fn detail(s: &EngineSecurity, id: &str) -> Option<String> {
        findings(s, &[], NOW)
            .into_iter()
            .find(|f| f.rule.id == id)
            .map(|f| f.detail)
    }

    #[test]
    fn the_clock_of_the_tests_is_the_day_the_table_was_read() {
        assert_eq!(days_from_civil(2026, 12, 3) * 86_400, NOW);
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(days_from_civil(2000, 3, 1), 11_017);
    }

    #[test]
    fn a_well_run_engine_and_an_unknown_one_have_no_finding() {
        assert_eq!(ids(&good()), Vec::<&str>::new());
        assert_eq!(ids(&EngineSecurity::default()), Vec::<&str>::new());
        // Known to be docker, nothing else known: still nothing.
        let docker = EngineSecurity {
            docker: true,
            upstream: true,
            ..Default::default()
        };
        assert_eq!(ids(&docker), Vec::<&str>::new());
    }

    #[test]
    fn tcp_without_tls_is_high() {
        let s = EngineSecurity {
            plain_tcp: Some("tcp://10.0.0.5:2375".into()),
            ..good()
        };
        assert_eq!(ids(&s), ["engine-tcp-no-tls"]);
        assert_eq!(
            detail(&s, "engine-tcp-no-tls").as_deref(),
            Some("tcp://10.0.0.5:2375")
        );
    }

    #[test]
    fn a_release_past_its_end_of_life_is_found_and_only_docker_engine_is_judged() {
        let v = |v: &str| EngineSecurity {
            version: Some(v.into()),
            ..good()
        };
        assert_eq!(
            detail(&v("20.10.24+dfsg1"), "engine-eol").as_deref(),
            Some("20.10 ended 2023-12-10")
        );
        assert_eq!(
            detail(&v("27.5.1"), "engine-eol").as_deref(),
            Some("27 ended 2025-05-03")
        );
        assert!(detail(&v("26.1.5+dfsg1"), "engine-eol").is_some());
        assert!(detail(&v("19.03.15"), "engine-eol").is_some());
        // Maintained, not announced, newer than the table, or not a version: never.
        for fine in ["28.5.2", "29.1.0", "25.0.14", "40.0.0", "1.13.1", "dev", ""] {
            assert_eq!(detail(&v(fine), "engine-eol"), None, "{fine}");
        }
        // Before its date it is not past it.
        assert_eq!(
            findings(&v("27.5.1"), &[], days_from_civil(2025, 5, 2) * 86_400).len(),
            0
        );
        // Podman, Docker EE, Mirantis: their vendors' lifecycles.
        let podman = EngineSecurity {
            upstream: false,
            docker: false,
            ..v("20.10.24")
        };
        assert_eq!(detail(&podman, "engine-eol"), None);
        // Unknown version: nothing.
        let unknown = EngineSecurity {
            version: None,
            ..good()
        };
        assert_eq!(detail(&unknown, "engine-eol"), None);
    }

    #[test]
    fn insecure_registries_are_named() {
        let s = EngineSecurity {
            insecure_registries: Some(vec!["10.1.0.0/16".into(), "registry.lan:5000".into()]),
            ..good()
        };
        assert_eq!(
            detail(&s, "insecure-registries").as_deref(),
            Some("10.1.0.0/16, registry.lan:5000")
        );
        let none = EngineSecurity {
            insecure_registries: None,
            ..good()
        };
        assert_eq!(ids(&none), Vec::<&str>::new());
    }

    #[test]
    fn seccomp_unconfined_or_missing_on_linux_is_medium() {
        let with = |p| EngineSecurity {
            seccomp: Some(p),
            ..good()
        };
        assert_eq!(
            detail(&with(Seccomp::Unconfined), "seccomp-off-engine").as_deref(),
            Some("profile=unconfined")
        );
        assert_eq!(
            detail(&with(Seccomp::Off), "seccomp-off-engine").as_deref(),
            Some("no seccomp")
        );
        assert_eq!(
            ids(&with(Seccomp::Custom("/etc/p.json".into()))),
            Vec::<&str>::new()
        );
        // Windows engines have no seccomp to turn on.
        let windows = EngineSecurity {
            linux: Some(false),
            ..with(Seccomp::Off)
        };
        assert_eq!(detail(&windows, "seccomp-off-engine"), None);
    }

    #[test]
    fn no_mandatory_access_control_only_when_both_are_known_off_on_linux() {
        let s = |apparmor, selinux, linux| EngineSecurity {
            apparmor,
            selinux,
            linux,
            ..good()
        };
        let found = |e: EngineSecurity| ids(&e).contains(&"no-apparmor-selinux");
        assert!(found(s(Some(false), Some(false), Some(true))));
        assert!(!found(s(Some(true), Some(false), Some(true))));
        assert!(!found(s(Some(false), Some(true), Some(true))));
        // Podman that does not say SELinux; a Windows engine; an engine that did not say.
        assert!(!found(s(Some(false), None, Some(true))));
        assert!(!found(s(Some(false), Some(false), Some(false))));
        assert!(!found(s(Some(false), Some(false), None)));
    }

    #[test]
    fn user_namespaces_off_is_low_unless_rootless() {
        let s = |userns, rootless| EngineSecurity {
            userns,
            rootless,
            ..good()
        };
        assert_eq!(ids(&s(Some(false), Some(false))), ["userns-off"]);
        assert_eq!(ids(&s(Some(false), Some(true))), Vec::<&str>::new());
        // Podman never says user namespaces.
        assert_eq!(ids(&s(None, Some(false))), Vec::<&str>::new());
    }

    #[test]
    fn live_restore_off_is_low() {
        let s = EngineSecurity {
            live_restore: Some(false),
            ..good()
        };
        assert_eq!(ids(&s), ["live-restore-off"]);
        assert_eq!(
            rule("live-restore-off").map(|r| r.severity),
            Some(Severity::Low)
        );
    }

    #[test]
    fn findings_go_worst_first_and_the_config_silences_them() {
        let bad = EngineSecurity {
            docker: true,
            upstream: true,
            linux: Some(true),
            apparmor: Some(false),
            selinux: Some(false),
            seccomp: Some(Seccomp::Unconfined),
            userns: Some(false),
            rootless: Some(false),
            cgroupns: Some(false),
            live_restore: Some(false),
            insecure_registries: Some(vec!["10.0.0.0/8".into()]),
            version: Some("20.10.24".into()),
            plain_tcp: Some("tcp://h:2375".into()),
        };
        assert_eq!(
            ids(&bad),
            [
                "engine-tcp-no-tls",
                "engine-eol",
                "insecure-registries",
                "seccomp-off-engine",
                "no-apparmor-selinux",
                "userns-off",
                "live-restore-off"
            ]
        );
        assert_eq!(
            ids(&bad).len(),
            ENGINE_RULES.len(),
            "every rule is tested here"
        );
        let quiet: Vec<&str> = findings(&bad, &["engine-eol".into(), "userns-off".into()], NOW)
            .iter()
            .map(|f| f.rule.id)
            .collect();
        assert!(!quiet.contains(&"engine-eol") && !quiet.contains(&"userns-off"));
        assert_eq!(quiet.len(), 5);
    }

    #[test]
    fn the_posture_names_what_is_known() {
        let p = posture(&good());
        let words: Vec<String> = p.iter().map(|(n, v)| format!("{n} {v}")).collect();
        assert_eq!(
            words,
            [
                "AppArmor on",
                "seccomp builtin",
                "SELinux off",
                "userns on",
                "rootless off",
                "live-restore on"
            ]
        );
        assert!(posture(&EngineSecurity::default()).is_empty());
    }

    #[test]
    fn rule_ids_are_unique_and_do_not_clash_with_the_container_rules() {
        for (i, r) in ENGINE_RULES.iter().enumerate() {
            assert!(ENGINE_RULES[..i].iter().all(|o| o.id != r.id), "{}", r.id);
            assert!(super::super::rule(r.id).is_none(), "{}", r.id);
        }
    }
}
