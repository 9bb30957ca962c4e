//! Hosts the config names: the header says which one is on screen, in its own colour.

// A test may unwrap, expect and panic: that is how it fails, with the reason.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use dockhand::config::{Config, HostConfig};
use dockhand::testing::*;
use ratatui::style::Color;

const NOW: i64 = 1_764_400_000;

fn prod() -> HostConfig {
    HostConfig {
        name: "prod".into(),
        address: "https://10.0.0.5:2376".into(),
        tls_ca: None,
        tls_cert: None,
        tls_key: None,
        read_only: true,
        accent: Some("red".into()),
    }
}

#[test]
fn the_header_names_the_configured_host_in_its_accent() {
    let cfg = Config {
        read_only: true,
        ..Config::default()
    };
    let mut app = connected_app(&cfg, NOW, (100, 20), vec![container("web", NOW)]);
    app.name_host(&prod());
    let term = render(&app);
    insta::assert_snapshot!("named_host_header", term.backend());
    let buf = term.backend().buffer();
    let header: String = (0..100).map(|x| buf[(x, 0)].symbol().to_string()).collect();
    let at = header
        .find(" prod ")
        .expect("the host's name in the header");
    assert!(at < 20, "right after the program's name: {header}");
    let x = header[..at + 1].chars().count() as u16;
    assert_eq!(buf[(x, 0)].fg, Color::Red, "in its accent colour");
    assert!(header.contains("READ-ONLY"), "{header}");
}

#[test]
fn without_colours_the_name_stays_and_the_accent_goes() {
    let mut cfg = Config::default();
    cfg.theme.monochrome = true;
    let mut app = connected_app(&cfg, NOW, (100, 20), vec![container("web", NOW)]);
    app.name_host(&prod());
    let term = render(&app);
    let buf = term.backend().buffer();
    let header: String = (0..100).map(|x| buf[(x, 0)].symbol().to_string()).collect();
    let at = header
        .find(" prod ")
        .expect("the host's name in the header");
    let x = header[..at + 1].chars().count() as u16;
    assert_ne!(buf[(x, 0)].fg, Color::Red, "NO_COLOR wins");
}
