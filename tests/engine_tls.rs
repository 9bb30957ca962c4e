//! Engines over TCP with TLS and client certificates, through dockhand's own `connect`, against
//! a private engine with `--tlsverify` that each test starts (`scripts/tls.sh`): listing over
//! `https://` and `tcp://`, and the words for a wrong CA, an expired client certificate and a
//! plain `tcp://` to the TLS port.

// A test may unwrap, expect and panic: that is how it fails, with the reason.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::time::Instant;

use common::{TlsEngine, unique};
use dockhand::engine::connect::{ConnectOptions, connect_with};
use dockhand::engine::host::{HostCandidate, HostEnv, resolve};
use dockhand::engine::tls::{SPEAKS_TLS, TlsFiles};

fn candidate(uri: String, tls: Option<TlsFiles>) -> HostCandidate {
    HostCandidate {
        uri,
        source: "test".into(),
        tls,
    }
}

async fn failure(c: &HostCandidate) -> String {
    match connect_with(c, &ConnectOptions::default()).await {
        Ok(_) => panic!("{} connected, but it should not have", c.uri),
        Err(e) => e,
    }
}

#[tokio::test]
async fn an_https_address_with_the_cert_path_connects_and_lists() {
    let engine = TlsEngine::start();
    engine.import_image();
    let clean = engine.cli.cleanup();
    let name = clean.container(&unique("tls"));
    engine.cli.create(&name, &[], &["sleep", "300"]);

    // As a user gives it: --host https://… with DOCKER_CERT_PATH.
    let env = HostEnv {
        docker_cert_path: Some(engine.cert_path()),
        ..HostEnv::default()
    };
    let uri = format!("https://{}", engine.addr);
    let res = resolve(Some(&uri), &env, None);
    let t0 = Instant::now();
    let e = connect_with(&res.candidates[0], &ConnectOptions::default())
        .await
        .unwrap_or_else(|e| panic!("cannot connect to {uri}: {e}"));
    let list = e
        .list_containers(dockhand::clock::unix_now())
        .await
        .expect("list");
    let took = t0.elapsed();
    eprintln!("connect + list over TLS: {} ms", took.as_millis());
    assert!(
        list.iter().any(|c| c.name == name),
        "{name} not listed over TLS"
    );
    assert_eq!(
        e.info.root_dir.as_deref(),
        Some(format!("{}/root", engine.dir.display()).as_str()),
        "the engine behind the TLS port is the test's own"
    );
    assert!(
        !e.on_this_machine(),
        "a TCP engine is sampled through the API"
    );

    // tcp:// with the files (DOCKER_TLS_VERIFY=1) reaches it too.
    let c = candidate(format!("tcp://{}", engine.addr), Some(engine.files()));
    let e = connect_with(&c, &ConnectOptions::default())
        .await
        .expect("tcp:// with TLS");
    assert!(!e.info.version.is_empty());
}

#[tokio::test]
async fn a_wrong_ca_is_named() {
    let engine = TlsEngine::start();
    let files = TlsFiles {
        ca: engine.wrong_ca(),
        ..engine.files()
    };
    let e = failure(&candidate(format!("https://{}", engine.addr), Some(files))).await;
    assert_eq!(
        e,
        format!(
            "the engine's certificate is not signed by the CA in {}: give the CA that signed the engine's certificate",
            engine.wrong_ca().display()
        )
    );
}

#[tokio::test]
async fn an_expired_client_certificate_is_named_with_its_date() {
    let engine = TlsEngine::start();
    let files = TlsFiles {
        cert: engine.expired_cert(),
        ..engine.files()
    };
    let e = failure(&candidate(format!("https://{}", engine.addr), Some(files))).await;
    assert_eq!(
        e,
        format!(
            "the engine refused the client certificate {}: it expired on 2020-01-02 00:00:00 UTC",
            engine.expired_cert().display()
        )
    );
}

#[tokio::test]
async fn plain_tcp_to_the_tls_port_asks_for_certificates() {
    let engine = TlsEngine::start();
    let e = failure(&candidate(format!("tcp://{}", engine.addr), None)).await;
    assert_eq!(e, SPEAKS_TLS);
}
