//! Engines over `ssh://user@host:port`, through dockhand's own `connect`: a private sshd on a
//! high port (`scripts/sshd.sh`, started by each test) in front of the proven test engine.
//! ssh reads the config the test writes (`SshOptions::config`, as `DOCKHAND_SSH_CONFIG` gives
//! it): the test's key and known_hosts, no agent; the port comes from the address only.

// A test may unwrap, expect and panic: that is how it fails, with the reason.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::time::{Duration, Instant};

use common::{SshHost, setup, test_root, unique};
use dockhand::engine::connect::{ConnectOptions, connect_with};
use dockhand::engine::host::HostCandidate;
use dockhand::engine::model::{ContainerOp, RemoveOptions};
use dockhand::engine::ssh::SshOptions;

const STATE_TIMEOUT: Duration = Duration::from_secs(20);

fn candidate(uri: String) -> HostCandidate {
    HostCandidate {
        uri,
        source: "test".into(),
        tls: None,
    }
}

fn options(config: std::path::PathBuf) -> ConnectOptions {
    ConnectOptions {
        ssh: SshOptions {
            config: Some(config),
            ..SshOptions::default()
        },
    }
}

#[tokio::test]
async fn list_and_stop_a_container_over_ssh_with_a_port() {
    let (_, cli) = setup().await;
    let ssh = SshHost::start(&cli);
    let clean = cli.cleanup();
    let name = clean.container(&unique("ssh"));
    // `sleep` ignores SIGTERM: a short grace keeps the stop to a second.
    let id = cli.run_detached(&name, &["--stop-timeout", "1"], &["sleep", "300"]);
    let opts = options(ssh.config("good", &ssh.key(), &ssh.known_hosts()));

    let t0 = Instant::now();
    let engine = connect_with(&candidate(ssh.uri()), &opts)
        .await
        .unwrap_or_else(|e| panic!("cannot connect to {}: {e}", ssh.uri()));
    let list = engine
        .list_containers(dockhand::clock::unix_now())
        .await
        .expect("list over ssh");
    eprintln!("connect + list over ssh: {} ms", t0.elapsed().as_millis());
    assert!(
        list.iter().any(|c| c.name == name),
        "{name} not listed over ssh"
    );
    // The engine at the end of the ssh link is the proven test engine.
    assert_eq!(engine.info.root_dir, Some(test_root()));
    assert!(
        !engine.on_this_machine(),
        "an ssh engine is sampled through the API"
    );

    engine
        .container_op(ContainerOp::Stop, &id, RemoveOptions::default())
        .await
        .unwrap_or_else(|e| panic!("stop over ssh: {e}"));
    cli.wait_state(&name, "exited", STATE_TIMEOUT).await;
    engine
        .container_op(ContainerOp::Start, &id, RemoveOptions::default())
        .await
        .unwrap_or_else(|e| panic!("start over ssh: {e}"));
    cli.wait_state(&name, "running", STATE_TIMEOUT).await;
}

#[tokio::test]
async fn a_key_the_host_refuses_is_said_so() {
    let (_, cli) = setup().await;
    let ssh = SshHost::start(&cli);
    let opts = options(ssh.config("wrong-key", &ssh.wrong_key(), &ssh.known_hosts()));
    let e = connect_with(&candidate(ssh.uri()), &opts)
        .await
        .err()
        .expect("a refused key cannot connect");
    assert_eq!(
        e,
        format!(
            "127.0.0.1 refused the ssh login of {}: no key it accepts was offered (load it into ssh-agent, or name it with IdentityFile in ~/.ssh/config)",
            ssh.user
        )
    );
}

#[tokio::test]
async fn an_unknown_host_key_is_never_accepted_silently() {
    let (_, cli) = setup().await;
    let ssh = SshHost::start(&cli);
    let empty = ssh.dir.join("empty_known_hosts");
    std::fs::write(&empty, "").expect("write");
    let opts = options(ssh.config("unknown-host", &ssh.key(), &empty));
    let e = connect_with(&candidate(ssh.uri()), &opts)
        .await
        .err()
        .expect("an unknown host key cannot connect");
    assert_eq!(
        e,
        format!(
            "the host key of 127.0.0.1 is not known: connect once with ssh to check and accept it (ssh -p {} {}@127.0.0.1)",
            ssh.port, ssh.user
        )
    );
    // ssh did not add it behind the user's back.
    assert_eq!(std::fs::read_to_string(&empty).expect("read"), "");
}
