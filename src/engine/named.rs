//! A host the config names (`[[hosts]]`), chosen at start by its name: `--host prod`, or
//! `general.host = "prod"` in the config. The name stands for the entry's address and TLS files;
//! the usual order still holds (the flag, then DOCKER_HOST, then the docker context, then the
//! config), so a config name applies only where a config address would.

use super::host::{HostEnv, Resolution, resolve};
use super::tls::TlsFiles;
use crate::config::HostConfig;
use crate::config::hosts::find;

/// What [`resolve`] would try, with a configured host's name resolved; and that host when it is
/// the one chosen (its name, accent and read-only then apply).
pub fn resolve_named(
    flag: Option<&str>,
    env: &HostEnv,
    config_host: Option<&str>,
    hosts: &[HostConfig],
) -> (Resolution, Option<HostConfig>) {
    if let Some(h) = flag.and_then(|f| find(hosts, f)) {
        // As if its address had been given: an https:// entry without files of its own takes
        // DOCKER_CERT_PATH's, as `--host https://…` does.
        let mut r = resolve(Some(&h.address), env, None);
        name_candidate(&mut r, h);
        return (r, Some(h.clone()));
    }
    let named = config_host.and_then(|c| find(hosts, c));
    let config_uri = named.map(|h| h.address.as_str()).or(config_host);
    let mut r = resolve(flag, env, config_uri);
    match named {
        Some(h)
            if r.candidates.len() == 1
                && r.candidates[0].source == "config file"
                && flag.is_none_or(str::is_empty) =>
        {
            name_candidate(&mut r, h);
            (r, Some(h.clone()))
        }
        _ => (r, None),
    }
}

/// The one candidate of `r` is the entry `h`: named after it, with its TLS files if it has them.
fn name_candidate(r: &mut Resolution, h: &HostConfig) {
    for c in &mut r.candidates {
        c.source = format!("config host \"{}\"", h.name.trim());
        if let Some(tls) = tls_of(h) {
            c.tls = Some(tls);
        }
    }
}

/// The entry's TLS files (the config checks they come as a set of three).
fn tls_of(h: &HostConfig) -> Option<TlsFiles> {
    match (&h.tls_ca, &h.tls_cert, &h.tls_key) {
        (Some(ca), Some(cert), Some(key)) => Some(TlsFiles {
            ca: ca.clone(),
            cert: cert.clone(),
            key: key.clone(),
            verify: true,
        }),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn prod() -> HostConfig {
        HostConfig {
            name: "prod".into(),
            address: "https://10.0.0.5:2376".into(),
            tls_ca: Some(PathBuf::from("/c/ca.pem")),
            tls_cert: Some(PathBuf::from("/c/cert.pem")),
            tls_key: Some(PathBuf::from("/c/key.pem")),
            read_only: true,
            accent: Some("red".into()),
            shell: None,
        }
    }

    #[test]
    fn the_flag_may_name_a_configured_host() {
        let (r, chosen) = resolve_named(Some("Prod"), &HostEnv::default(), None, &[prod()]);
        assert_eq!(chosen.map(|h| h.name), Some("prod".into()));
        assert_eq!(r.candidates.len(), 1);
        let c = &r.candidates[0];
        assert_eq!(c.uri, "https://10.0.0.5:2376");
        assert_eq!(c.source, "config host \"prod\"");
        assert_eq!(
            c.tls.as_ref().map(|t| t.cert.clone()),
            Some("/c/cert.pem".into())
        );
    }

    #[test]
    fn a_config_name_gives_way_to_docker_host_as_a_config_address_would() {
        let env = HostEnv {
            docker_host: Some("unix:///run/other.sock".into()),
            ..HostEnv::default()
        };
        let (r, chosen) = resolve_named(None, &env, Some("prod"), &[prod()]);
        assert_eq!(chosen, None);
        assert_eq!(r.candidates[0].uri, "unix:///run/other.sock");

        let (r, chosen) = resolve_named(None, &HostEnv::default(), Some("prod"), &[prod()]);
        assert_eq!(chosen.map(|h| h.name), Some("prod".into()));
        assert_eq!(r.candidates[0].uri, "https://10.0.0.5:2376");
        assert!(r.candidates[0].tls.is_some());
    }

    #[test]
    fn an_address_that_names_no_host_is_an_address() {
        let (r, chosen) = resolve_named(
            Some("tcp://127.0.0.1:2375"),
            &HostEnv::default(),
            None,
            &[prod()],
        );
        assert_eq!(chosen, None);
        assert_eq!(r.candidates[0].uri, "tcp://127.0.0.1:2375");
        assert_eq!(r.candidates[0].source, "--host flag");
    }
}
