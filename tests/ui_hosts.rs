//! Hosts the config names: the header says which one is on screen, in its own colour.

// A test may unwrap, expect and panic: that is how it fails, with the reason.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use dockhand::app::HostSpec;
use dockhand::config::Config;
use dockhand::testing::*;
use ratatui::style::Color;

const NOW: i64 = 1_764_400_000;

/// A configured production host: read-only, in red.
fn prod() -> HostSpec {
    HostSpec {
        read_only: true,
        accent: Some(Color::Red),
        ..host_spec("prod", "https://10.0.0.5:2376")
    }
}

#[test]
fn the_header_names_the_configured_host_in_its_accent() {
    // Read-only by its own entry, not by the config's read_only.
    let cfg = Config::default();
    let app = hosts_app(&cfg, NOW, (100, 20), &[prod()], vec![container("web", NOW)]);
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
    let app = hosts_app(&cfg, NOW, (100, 20), &[prod()], vec![container("web", NOW)]);
    let term = render(&app);
    let buf = term.backend().buffer();
    let header: String = (0..100).map(|x| buf[(x, 0)].symbol().to_string()).collect();
    let at = header
        .find(" prod ")
        .expect("the host's name in the header");
    let x = header[..at + 1].chars().count() as u16;
    assert_ne!(buf[(x, 0)].fg, Color::Red, "NO_COLOR wins");
}
