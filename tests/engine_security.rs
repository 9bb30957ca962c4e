//! The security rules on real inspect documents: containers created (never started: nothing
//! needs to run with these options) on the private test engine with each risky option, and
//! one hardened; each finding on the right container, none on the hardened one, and a rule
//! silenced by the container's label. On engine A and B, whose documents differ in shape.

// A test may unwrap, expect and panic: that is how it fails, with the reason.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::{IMAGE, setup, unique};
use dockhand::inspect::InspectKind;
use dockhand::security::findings;

#[tokio::test]
async fn each_risky_option_is_found_on_its_container_and_none_on_the_hardened_one() {
    let (engine, cli) = setup().await;
    let clean = cli.cleanup();
    let base = unique("sec");
    // (rule expected, options of `docker create`)
    let cases: &[(&str, &[&str])] = &[
        ("privileged", &["--network", "none", "--privileged"]),
        ("host-pid", &["--network", "none", "--pid", "host"]),
        (
            "engine-socket",
            &[
                "--network",
                "none",
                "-v",
                "/var/run/docker.sock:/var/run/docker.sock",
            ],
        ),
        (
            "caps-high",
            &["--network", "none", "--cap-add", "SYS_ADMIN"],
        ),
        (
            "seccomp-off",
            &["--network", "none", "--security-opt", "seccomp=unconfined"],
        ),
        ("sensitive-mount", &["--network", "none", "-v", "/:/host"]),
        // Published on every address; created only (never started), so no port is opened.
        ("ports-all-addresses", &["-p", "0.0.0.0:18080:80"]),
        ("root-user", &["--network", "none", "--user", "root"]),
    ];
    let hardened: &[&str] = &[
        "--network",
        "none",
        "--read-only",
        "--user",
        "1000:1000",
        "--cap-drop",
        "ALL",
        "--security-opt",
        "no-new-privileges",
        "--memory",
        "64m",
        "--pids-limit",
        "50",
    ];
    let create = |suffix: &str, opts: &[&str]| {
        let name = clean.container(&format!("{base}-{suffix}"));
        let mut args = vec!["create", "--name", name.as_str()];
        args.extend_from_slice(opts);
        args.extend_from_slice(&[IMAGE, "true"]);
        cli.ok(&args);
        name
    };
    let mut made = Vec::new();
    for (i, (rule, opts)) in cases.iter().enumerate() {
        made.push((*rule, create(&i.to_string(), opts)));
    }
    let hard = create("hardened", hardened);
    let silenced = create(
        "silenced",
        &[
            "--network",
            "none",
            "--privileged",
            "--label",
            "dockhand.security.ignore=privileged",
        ],
    );

    let ids_of = |doc: &dockhand::inspect::Json| -> Vec<&'static str> {
        findings(doc, &[]).iter().map(|f| f.rule.id).collect()
    };
    for (rule, name) in &made {
        let doc = engine
            .inspect(InspectKind::Container, name)
            .await
            .unwrap_or_else(|e| panic!("inspect {name}: {e}"));
        let found = ids_of(&doc);
        assert!(found.contains(rule), "{rule} on {name}: found {found:?}");
        // No other container's own risk is reported on this one.
        for (other, _) in made.iter().filter(|(r, _)| r != rule) {
            // root-user is everyone's (busybox runs as root) but on the hardened one.
            if *other != "root-user" {
                assert!(!found.contains(other), "{other} on {name}: {found:?}");
            }
        }
    }
    let doc = engine.inspect(InspectKind::Container, &hard).await.unwrap();
    assert_eq!(ids_of(&doc), Vec::<&str>::new(), "the hardened container");
    let doc = engine
        .inspect(InspectKind::Container, &silenced)
        .await
        .unwrap();
    let found = ids_of(&doc);
    assert!(!found.contains(&"privileged"), "{found:?}");
    assert!(
        found.contains(&"root-user"),
        "only the label's rule is silenced: {found:?}"
    );
}

/// The engine's posture as the handshake read it is what the engine itself reports to the
/// docker CLI (`docker info`): its security options, live-restore (off: engine.sh does not ask
/// for it), no insecure registry besides Docker's loopback default, its version; reached over
/// a unix socket, so not over TCP without TLS. The findings follow from it.
#[tokio::test]
async fn the_handshake_reads_the_engines_own_security_posture() {
    use dockhand::engine::model::Seccomp;
    let (engine, cli) = setup().await;
    let s = &engine.info.security;
    let opts = cli.ok(&["info", "--format", "{{json .SecurityOptions}}"]);
    let has = |name: &str| opts.contains(&format!("\"name={name}"));
    assert!(has("seccomp"), "the test engines run with seccomp: {opts}");
    assert_eq!(s.seccomp, Some(Seccomp::Builtin), "{opts}");
    assert_eq!(s.apparmor, Some(has("apparmor")), "{opts}");
    assert_eq!(s.selinux, Some(has("selinux")), "{opts}");
    assert_eq!(s.userns, Some(has("userns")), "{opts}");
    assert_eq!(s.rootless, Some(has("rootless")), "{opts}");
    assert_eq!(s.live_restore, Some(false));
    assert_eq!(
        cli.ok(&["info", "--format", "{{.LiveRestoreEnabled}}"])
            .trim(),
        "false"
    );
    assert_eq!(
        s.insecure_registries,
        Some(vec![]),
        "127.0.0.0/8 is a default"
    );
    assert_eq!(
        s.version.as_deref(),
        Some(cli.ok(&["info", "--format", "{{.ServerVersion}}"]).trim())
    );
    assert_eq!(s.linux, Some(true));
    assert!(s.docker && s.upstream, "{}", engine.info.product);
    assert_eq!(s.plain_tcp, None);

    let found: Vec<&str> =
        dockhand::security::engine::findings(s, &[], dockhand::clock::unix_now())
            .iter()
            .map(|f| f.rule.id)
            .collect();
    assert!(found.contains(&"live-restore-off"), "{found:?}");
    assert_eq!(found.contains(&"userns-off"), !has("userns"), "{found:?}");
    for absent in [
        "engine-tcp-no-tls",
        "insecure-registries",
        "seccomp-off-engine",
    ] {
        assert!(!found.contains(&absent), "{absent}: {found:?}");
    }
}
