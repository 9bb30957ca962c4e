//! The container summary and the tree from real engine JSON (captured from Docker 20.10 and
//! 26.1 in `tests/fixtures/inspect/`, and a podman-shaped one written after podman 4's fields):
//! what each section says, which settings are flagged risky, secrets masked. No engine.

// A test may unwrap, expect and panic: that is how it fails, with the reason.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use dockhand::inspect::summary::Item;
use dockhand::inspect::{Json, SecretPatterns, Summary, Tree};

fn fixture(name: &str) -> Json {
    let path = format!(
        "{}/tests/fixtures/inspect/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(&path).expect("fixture exists");
    Json::parse(&text).expect("fixture is JSON")
}

fn summary(name: &str) -> Summary {
    Summary::of_container(&fixture(name), &SecretPatterns::default())
}

fn value(s: &Summary, section: &str, label: &str) -> String {
    item(s, section, label).value.clone()
}

fn item<'a>(s: &'a Summary, section: &str, label: &str) -> &'a Item {
    s.sections
        .iter()
        .filter(|x| x.title == section)
        .flat_map(|x| x.items.iter())
        .find(|i| i.label == label)
        .unwrap_or_else(|| panic!("no {section}/{label}"))
}

fn risky(s: &Summary) -> Vec<String> {
    s.items()
        .filter(|i| i.risky)
        .map(|i| format!("{}: {}", i.label, i.value))
        .collect()
}

fn titles(s: &Summary) -> Vec<&str> {
    s.sections.iter().map(|x| x.title).collect()
}

#[test]
fn docker_20_10_privileged_container_with_the_socket_and_host_namespaces() {
    let s = summary("container-20.10.json");
    assert_eq!(
        titles(&s),
        [
            "Container",
            "Security",
            "Mounts",
            "Networks",
            "Resources",
            "Environment",
            "Labels"
        ]
    );
    assert_eq!(value(&s, "Container", "Name"), "insp-demo");
    assert_eq!(value(&s, "Container", "Id"), "7f3f55935ed8");
    assert_eq!(value(&s, "Container", "Command"), "-c 'sleep 600'");
    assert_eq!(value(&s, "Container", "Entrypoint"), "/bin/sh");
    assert_eq!(value(&s, "Container", "State"), "created");
    assert_eq!(
        value(&s, "Container", "Restart policy"),
        "on-failure, at most 3 retries"
    );
    assert_eq!(value(&s, "Container", "Restart count"), "0");
    assert!(value(&s, "Container", "Created").ends_with(" UTC"));
    assert_eq!(value(&s, "Security", "User"), "1000:1000");
    assert_eq!(value(&s, "Security", "Capabilities added"), "CAP_SYS_ADMIN");
    assert_eq!(value(&s, "Security", "Capabilities dropped"), "CAP_NET_RAW");
    assert_eq!(value(&s, "Security", "Seccomp"), "unconfined");
    assert_eq!(value(&s, "Security", "SELinux"), "disable");
    assert_eq!(
        risky(&s),
        [
            "Privileged: yes: every device and capability of the host",
            "Capabilities added: CAP_SYS_ADMIN",
            "Seccomp: unconfined",
            "Host pid namespace: shared with the host (PidMode = host)",
            "Host ipc namespace: shared with the host (IpcMode = host)",
            "Host uts namespace: shared with the host (UTSMode = host)",
            "Engine socket: /tmp/dh-ia/docker.sock mounted at /var/run/docker.sock: control of the engine",
            "bind: /tmp/dh-ia/docker.sock → /var/run/docker.sock, read-only, the engine's socket",
        ]
    );
    assert_eq!(
        value(&s, "Mounts", "volume"),
        "insp-vol → /data, read-write"
    );
    assert_eq!(value(&s, "Mounts", "tmpfs"), "/scratch, read-write");
    assert_eq!(
        item(&s, "Mounts", "tmpfs").path,
        ".HostConfig.Tmpfs[\"/scratch\"]"
    );
    assert_eq!(value(&s, "Networks", "Mode"), "none");
    assert_eq!(value(&s, "Networks", "none"), "no address");
    assert_eq!(value(&s, "Resources", "Memory"), "64 MiB");
    assert_eq!(value(&s, "Resources", "Memory + swap"), "128 MiB");
    assert_eq!(value(&s, "Resources", "CPUs"), "0.5 CPUs");
    assert_eq!(value(&s, "Labels", "com.example.k"), "v");
    // The secret is masked, the plain variable is not.
    let pw = item(&s, "Environment", "DB_PASSWORD");
    assert_eq!((pw.shown(false), pw.shown(true)), ("••••••", "hunter2"));
    assert_eq!(pw.path, ".Config.Env[0]");
    assert_eq!(item(&s, "Environment", "PLAIN").shown(false), "x");
}

#[test]
fn docker_26_1_container_with_all_capabilities_and_read_only_mounts() {
    let s = summary("container-26.1.json");
    assert_eq!(value(&s, "Container", "Restart policy"), "always");
    assert_eq!(value(&s, "Container", "Command"), "sleep 600");
    assert_eq!(value(&s, "Security", "AppArmor"), "unconfined");
    assert_eq!(value(&s, "Security", "Seccomp"), "default");
    assert_eq!(value(&s, "Security", "Capabilities dropped"), "none");
    let flagged = risky(&s);
    for want in [
        "Privileged: yes: every device and capability of the host",
        "Capabilities added: ALL",
        "AppArmor: unconfined",
        "Host pid namespace: shared with the host (PidMode = host)",
        "Host user namespace: shared with the host (UsernsMode = host)",
    ] {
        assert!(flagged.iter().any(|f| f == want), "{want} in {flagged:#?}");
    }
    assert_eq!(value(&s, "Mounts", "volume"), "insp-vol → /data, read-only");
    assert_eq!(value(&s, "Mounts", "tmpfs"), "/scratch, read-only");
    assert_eq!(value(&s, "Networks", "Mode"), "insp-net");
    assert_eq!(value(&s, "Resources", "Processes"), "at most 50");
}

#[test]
fn a_healthy_running_container_lists_its_last_checks_newest_first() {
    let s = summary("container-health-20.10.json");
    assert_eq!(value(&s, "Health", "Test"), "echo ok");
    assert_eq!(value(&s, "Health", "Status"), "healthy");
    assert_eq!(value(&s, "Health", "Failing streak"), "0");
    let checks: Vec<&Item> = s
        .items()
        .filter(|i| i.path.starts_with(".State.Health.Log["))
        .collect();
    assert!(!checks.is_empty());
    assert!(
        checks.iter().all(|c| c.value == "exit 0: ok"),
        "{checks:#?}"
    );
    let paths: Vec<&str> = checks.iter().map(|c| c.path.as_str()).collect();
    let mut sorted = paths.clone();
    sorted.sort();
    sorted.reverse();
    assert_eq!(paths, sorted, "newest (highest index) first");
    assert!(value(&s, "Container", "Started").starts_with("2026-"));
    assert_eq!(value(&s, "Security", "Host namespaces"), "none shared");
    assert_eq!(value(&s, "Security", "Engine socket"), "not mounted");
    assert!(risky(&s).is_empty(), "{:#?}", risky(&s));
    let token = item(&s, "Environment", "API_TOKEN");
    assert!(token.secret);
}

#[test]
fn a_podman_shaped_container_reads_the_same_way() {
    let s = summary("container-podman-shape.json");
    assert_eq!(value(&s, "Container", "Name"), "podman-web");
    assert_eq!(
        value(&s, "Container", "Image"),
        "localhost/busybox:test (412424a5d967)"
    );
    assert_eq!(value(&s, "Container", "Command"), "sleep 600");
    assert!(
        s.items().all(|i| i.label != "Entrypoint"),
        "an empty entrypoint is left out"
    );
    assert_eq!(value(&s, "Container", "Restart policy"), "no");
    assert_eq!(
        value(&s, "Container", "Created"),
        "2026-11-29 22:18:09 +01:00"
    );
    assert!(
        s.items().all(|i| i.label != "Finished"),
        "zero time left out"
    );
    // podman 4 wrote the health under State.Healthcheck.
    assert_eq!(value(&s, "Health", "Status"), "unhealthy");
    assert_eq!(
        item(&s, "Health", "Status").path,
        ".State.Healthcheck.Status"
    );
    assert!(
        s.items().any(
            |i| i.value == "exit 1: curl: (7) refused" && i.path == ".State.Healthcheck.Log[0]"
        )
    );
    assert_eq!(value(&s, "Ports", "80/tcp"), "published on 0.0.0.0:8080");
    assert_eq!(
        value(&s, "Networks", "podman"),
        "10.88.0.5/16, gateway 10.88.0.1, aliases web"
    );
    assert_eq!(value(&s, "Security", "Read-only root"), "yes");
    assert_eq!(value(&s, "Security", "User"), "root (none set)");
    assert_eq!(
        risky(&s),
        [
            "Engine socket: /run/user/1000/podman/podman.sock mounted at /run/podman/podman.sock: control of the engine",
            "bind: /run/user/1000/podman/podman.sock → /run/podman/podman.sock, read-write, the engine's socket",
        ]
    );
    assert!(item(&s, "Environment", "GITHUB_TOKEN").secret);
    assert!(!item(&s, "Environment", "container").secret);
    assert!(
        s.sections.iter().all(|x| x.title != "Labels"),
        "null labels: no section"
    );
}

#[test]
fn configured_patterns_decide_what_is_masked() {
    let j = fixture("container-20.10.json");
    let s = Summary::of_container(&j, &SecretPatterns::new(["plain"]));
    assert!(!item(&s, "Environment", "DB_PASSWORD").secret);
    assert!(item(&s, "Environment", "PLAIN").secret);
    let t = Tree::new(&j, &SecretPatterns::new(["plain"]));
    assert!((0..t.len()).any(|i| t.value_text(i) == "PLAIN=••••••"));
    assert!((0..t.len()).any(|i| t.value_text(i) == "DB_PASSWORD=hunter2"));
}

#[test]
fn trees_of_every_kind_open_at_the_top_in_the_engines_order() {
    for (name, first_keys) in [
        ("container-26.1.json", &["Id", "Created", "Path"][..]),
        ("image-26.1.json", &["Id", "RepoTags", "RepoDigests"][..]),
        ("volume-26.1.json", &["CreatedAt", "Driver", "Labels"][..]),
        ("network-26.1.json", &["Name", "Id", "Created"][..]),
    ] {
        let t = Tree::new(&fixture(name), &SecretPatterns::default());
        let keys: Vec<String> = t
            .rows()
            .iter()
            .filter(|&&i| t.node(i).is_some_and(|n| n.depth == 0))
            .take(3)
            .map(|&i| t.key_text(i).into_owned())
            .collect();
        assert_eq!(keys, first_keys, "{name}");
        // Every top-level entry is a row; nothing deeper than one level is open.
        assert!(
            t.rows()
                .iter()
                .filter_map(|&i| t.node(i))
                .all(|n| n.depth <= 1),
            "{name}"
        );
    }
    let t = Tree::new(&fixture("network-26.1.json"), &SecretPatterns::default());
    let internal = t
        .rows()
        .iter()
        .copied()
        .find(|&i| t.key_text(i) == "Internal")
        .expect("Internal shown at the top level");
    assert_eq!(t.value_text(internal), "true");
    assert_eq!(t.path(internal), ".Internal");
}
