//! The engine's own security posture, read once at the handshake from its `/info` (and from
//! how dockhand reached it): which of AppArmor, SELinux, seccomp, user namespaces and rootless
//! mode are on, live-restore, the insecure registries, the version. The rules that judge it
//! are in `crate::security::engine`; this module only reads.
//!
//! `/info`'s `SecurityOptions` is a list of `name=apparmor`, `name=seccomp,profile=builtin`,
//! `name=selinux`, `name=userns`, `name=rootless`, `name=cgroupns` (Docker 20.10 and 26.1).
//! Docker lists every feature it has on, so a Docker engine that answers the list and leaves a
//! feature out has it off. Podman's compatible `/info` lists only AppArmor and seccomp (and,
//! since 4.x, rootless and SELinux; never user namespaces) and has no live-restore: what podman
//! leaves out is unknown, never "off". Everything missing is unknown (`None`): no rule fires on
//! it.

use bollard::models::SystemInfo;

/// An engine's default seccomp profile, as `SecurityOptions` names it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Seccomp {
    /// Not listed by an engine that lists what it has: containers run without seccomp.
    Off,
    /// Docker's built-in profile (`builtin`, podman's `default`).
    Builtin,
    /// `--seccomp-profile=unconfined`: no filter unless a container asks for one.
    Unconfined,
    /// A profile file of the administrator's (its path as the engine says it).
    Custom(String),
}

impl Seccomp {
    pub fn word(&self) -> &str {
        match self {
            Seccomp::Off => "off",
            Seccomp::Builtin => "builtin",
            Seccomp::Unconfined => "unconfined",
            Seccomp::Custom(p) => p,
        }
    }
}

/// What dockhand knows of the engine's own security. `Default`: nothing is known (no `/info`,
/// or a test that did not say), and then no engine rule fires.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct EngineSecurity {
    /// The engine is a `dockerd` (not podman): it lists every feature it has on, and the
    /// `dockerd` fixes apply.
    pub docker: bool,
    /// It is Docker Engine itself (`Docker Engine - Community`, or a distribution's build,
    /// which names no product): the releases whose upstream end of life is known. Not podman,
    /// not Docker EE or Mirantis, whose lifecycles are their vendors'.
    pub upstream: bool,
    /// `OSType` is `linux` (`None`: not said): AppArmor, SELinux and seccomp are Linux's.
    pub linux: Option<bool>,
    pub apparmor: Option<bool>,
    pub selinux: Option<bool>,
    pub seccomp: Option<Seccomp>,
    pub userns: Option<bool>,
    pub rootless: Option<bool>,
    /// Containers get their own cgroup namespace by default.
    pub cgroupns: Option<bool>,
    pub live_restore: Option<bool>,
    /// Registries the engine talks to without TLS checks, the loopback defaults left out
    /// (`None`: `/info` did not say).
    pub insecure_registries: Option<Vec<String>>,
    /// `ServerVersion` (`20.10.24`, `26.1.5+dfsg1`).
    pub version: Option<String>,
    /// The address, when dockhand reached the engine over TCP without TLS.
    pub plain_tcp: Option<String>,
}

impl EngineSecurity {
    /// Whether anything at all is known (else there is nothing to show).
    pub fn is_known(&self) -> bool {
        *self
            != EngineSecurity {
                docker: self.docker,
                upstream: self.upstream,
                ..Default::default()
            }
    }
}

/// Docker lists these as insecure by default (`127.0.0.0/8`, `::1/128`): loopback registries,
/// not a choice of the administrator's.
fn loopback_default(r: &str) -> bool {
    matches!(r, "127.0.0.0/8" | "::1/128")
}

/// Reads the posture from `/info` (`None`: it did not answer) of an engine that calls itself
/// `product`, reached at `plain_tcp` when that was over TCP without TLS.
pub fn read(info: Option<&SystemInfo>, product: &str, plain_tcp: Option<String>) -> EngineSecurity {
    let docker = !product.to_ascii_lowercase().contains("podman");
    let upstream = matches!(product, "Docker Engine" | "Docker Engine - Community");
    let mut s = EngineSecurity {
        docker,
        upstream,
        plain_tcp,
        ..Default::default()
    };
    let Some(info) = info else {
        return s;
    };
    s.version = info.server_version.clone().filter(|v| !v.trim().is_empty());
    s.linux = info
        .os_type
        .as_deref()
        .map(|o| o.eq_ignore_ascii_case("linux"));
    // Podman says `LiveRestoreEnabled: false`, but has no daemon whose restart would stop
    // containers: not a fact about it.
    s.live_restore = info.live_restore_enabled.filter(|_| docker);
    if let Some(opts) = &info.security_options {
        let listed: Vec<(String, Vec<(String, String)>)> =
            opts.iter().filter_map(|o| option(o)).collect();
        let has = |name: &str| listed.iter().any(|(n, _)| n == name);
        // Docker lists what it has on; podman only some of what it knows.
        let said = |name: &str, podman_says_it: bool| {
            (has(name) || docker || podman_says_it).then(|| has(name))
        };
        s.apparmor = said("apparmor", true);
        s.selinux = said("selinux", false);
        s.rootless = said("rootless", false);
        s.userns = said("userns", false);
        s.cgroupns = said("cgroupns", false);
        s.seccomp = Some(match listed.iter().find(|(n, _)| n == "seccomp") {
            None => Seccomp::Off,
            Some((_, kv)) => match kv
                .iter()
                .find(|(k, _)| k == "profile")
                .map(|(_, v)| v.as_str())
            {
                Some("builtin" | "default") | None => Seccomp::Builtin,
                Some("unconfined") => Seccomp::Unconfined,
                Some(other) => Seccomp::Custom(other.to_string()),
            },
        });
    }
    if let Some(reg) = &info.registry_config {
        let mut insecure: Vec<String> = reg
            .insecure_registry_cidrs
            .iter()
            .flatten()
            .filter(|c| !loopback_default(c))
            .cloned()
            .collect();
        let mut named: Vec<String> = reg
            .index_configs
            .iter()
            .flatten()
            .filter(|(_, i)| i.secure == Some(false))
            .map(|(k, i)| i.name.clone().unwrap_or_else(|| k.clone()))
            .collect();
        // A map: its order is the JSON decoder's, not the engine's.
        named.sort();
        insecure.extend(named);
        insecure.dedup();
        if reg.insecure_registry_cidrs.is_some() || reg.index_configs.is_some() {
            s.insecure_registries = Some(insecure);
        }
    }
    s
}

/// One `SecurityOptions` entry (`name=seccomp,profile=builtin`) as its name and the other
/// pairs. Engines before API 1.26 wrote bare names (`apparmor`): taken as the name.
fn option(o: &str) -> Option<(String, Vec<(String, String)>)> {
    let mut name = None;
    let mut rest = Vec::new();
    for part in o.split(',') {
        match part.split_once('=') {
            Some(("name", v)) => name = Some(v.trim().to_ascii_lowercase()),
            Some((k, v)) => rest.push((k.trim().to_string(), v.trim().to_string())),
            None if name.is_none() && !part.trim().is_empty() => {
                name = Some(part.trim().to_ascii_lowercase())
            }
            None => {}
        }
    }
    name.map(|n| (n, rest))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn info(json: &str) -> SystemInfo {
        serde_json::from_str(json).expect("fixture")
    }

    /// Trimmed from Docker 26.1.5's `/info` on Debian trixie, with user namespaces and an
    /// insecure registry configured.
    const DOCKER: &str = r#"{
        "ID": "abc", "ServerVersion": "26.1.5+dfsg1", "OSType": "linux",
        "Architecture": "x86_64", "LiveRestoreEnabled": false,
        "SecurityOptions": ["name=apparmor", "name=seccomp,profile=builtin", "name=userns",
            "name=cgroupns"],
        "RegistryConfig": {
            "AllowNondistributableArtifactsCIDRs": null,
            "InsecureRegistryCIDRs": ["10.1.0.0/16", "127.0.0.0/8", "::1/128"],
            "IndexConfigs": {
                "docker.io": {"Name": "docker.io", "Mirrors": [], "Secure": true, "Official": true},
                "registry.lan:5000": {"Name": "registry.lan:5000", "Mirrors": [], "Secure": false, "Official": false}
            },
            "Mirrors": null
        }
    }"#;

    #[test]
    fn a_docker_engine_says_what_it_has_on_and_the_rest_is_off() {
        let s = read(Some(&info(DOCKER)), "Docker Engine - Community", None);
        assert!(s.docker && s.upstream);
        assert_eq!(s.version.as_deref(), Some("26.1.5+dfsg1"));
        assert_eq!(s.linux, Some(true));
        assert_eq!(s.apparmor, Some(true));
        assert_eq!(s.selinux, Some(false));
        assert_eq!(s.seccomp, Some(Seccomp::Builtin));
        assert_eq!(s.userns, Some(true));
        assert_eq!(s.rootless, Some(false));
        assert_eq!(s.cgroupns, Some(true));
        assert_eq!(s.live_restore, Some(false));
        // The loopback defaults are not the administrator's choice.
        assert_eq!(
            s.insecure_registries.as_deref(),
            Some(&["10.1.0.0/16".to_string(), "registry.lan:5000".to_string()][..])
        );
        assert_eq!(s.plain_tcp, None);
        assert!(s.is_known());
    }

    #[test]
    fn an_unconfined_or_custom_profile_and_no_seccomp_at_all_are_told_apart() {
        let with = |opts: &str| {
            read(
                Some(&info(&format!(r#"{{"SecurityOptions": [{opts}]}}"#))),
                "Docker Engine",
                None,
            )
            .seccomp
        };
        assert_eq!(
            with(r#""name=seccomp,profile=unconfined""#),
            Some(Seccomp::Unconfined)
        );
        assert_eq!(
            with(r#""name=seccomp,profile=/etc/docker/seccomp.json""#),
            Some(Seccomp::Custom("/etc/docker/seccomp.json".into()))
        );
        assert_eq!(with(r#""name=apparmor""#), Some(Seccomp::Off));
        // Before API 1.26: bare names.
        assert_eq!(with(r#""apparmor", "seccomp""#), Some(Seccomp::Builtin));
    }

    #[test]
    fn podman_leaves_unknown_what_it_does_not_say() {
        // Podman 4.3's compatible /info: no user namespaces, no SELinux when off, a
        // live-restore that means nothing for it, registries by name.
        let p = info(
            r#"{"ServerVersion": "4.3.1", "OSType": "linux", "LiveRestoreEnabled": false,
                "SecurityOptions": ["name=seccomp,profile=default", "name=rootless"],
                "RegistryConfig": {"InsecureRegistryCIDRs": [], "IndexConfigs": {}}}"#,
        );
        let s = read(Some(&p), "Podman Engine", None);
        assert!(!s.docker && !s.upstream);
        assert_eq!(s.seccomp, Some(Seccomp::Builtin));
        assert_eq!(s.apparmor, Some(false), "podman always says AppArmor");
        assert_eq!(s.rootless, Some(true));
        assert_eq!(s.selinux, None, "not listed by podman: unknown");
        assert_eq!(s.userns, None);
        assert_eq!(s.live_restore, None);
        assert_eq!(s.insecure_registries, Some(vec![]));
    }

    #[test]
    fn a_missing_info_or_missing_fields_are_unknown() {
        let s = read(None, "Docker Engine", None);
        assert_eq!(
            s,
            EngineSecurity {
                docker: true,
                upstream: true,
                ..Default::default()
            }
        );
        assert!(!s.is_known());
        let s = read(Some(&info("{}")), "Docker Engine", None);
        assert_eq!(s.seccomp, None);
        assert_eq!(s.apparmor, None);
        assert_eq!(s.live_restore, None);
        assert_eq!(s.insecure_registries, None);
        assert_eq!(s.version, None);
        // How dockhand reached it is known without /info.
        let s = read(None, "Docker Engine", Some("tcp://10.0.0.5:2375".into()));
        assert!(s.is_known());
    }
}
