//! The four panes' tables at the sizes people run them: every column shown whole or not at all
//! (never narrower than its title), the name column the last to shrink, and every cut cell
//! ending in `…` so that a cut value never reads as a whole, wrong one (`192.168.0.0/2` for
//! `192.168.0.0/20`). Snapshots of each pane at 80x24 and 200x50.

// A test may unwrap, expect and panic: that is how it fails, with the reason.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crossterm::event::KeyCode;
use dockhand::app::{App, Effect, Msg};
use dockhand::config::Config;
use dockhand::engine::model::Container;
use dockhand::engine::objects::{Image, Network, UsedBy, Volume};
use dockhand::engine::{Report, Request};
use dockhand::ids::HostId;
use dockhand::testing::*;

const NOW: i64 = 1_764_400_000;

const LONG_NAME: &str = "a-container-with-a-rather-long-name-to-cut";
const LONG_IMAGE: &str = "registry.example.com:5000/team/service-with-a-long-name:2024-11-01";
const LONG_VOLUME: &str = "project-data-volume-with-a-long-descriptive-name";
const SUBNET: &str = "192.168.0.0/20";

fn containers() -> Vec<Container> {
    let mut long = with_port(
        with_project(container(LONG_NAME, NOW), "shop", "web"),
        8080,
        80,
    );
    long.image = LONG_IMAGE.to_string();
    vec![
        container("runner-1", NOW),
        container("runner-2", NOW),
        container("runner-3", NOW),
        container("bulk-7", NOW),
        container("bulk-69", NOW),
        long,
        exited(container("migrate", NOW), 0, NOW - 7200),
    ]
}

fn images() -> Vec<Image> {
    let mut busybox = image("1111", Some("local/busybox:test"), 1_982_365, NOW);
    busybox.id = format!("sha256:{}", "1".repeat(64)).into();
    busybox.tags.push("local/busybox:old".into());
    vec![
        busybox,
        image("2222", Some(LONG_IMAGE), 431_000_000, NOW),
        image("3333", None, 12_500, NOW),
    ]
}

fn volumes() -> Vec<Volume> {
    vec![
        volume("dh-data", Some(52_000_000)),
        volume(LONG_VOLUME, None),
        volume(&"c".repeat(64), Some(0)),
    ]
}

fn networks() -> Vec<Network> {
    let mut wide = network(
        "dh-backend",
        "bridge",
        &["runner-1", "runner-2", "runner-3", "bulk-7", "bulk-69"],
    );
    wide.subnets = vec![(SUBNET.into(), Some("192.168.0.1".into()))];
    wide.attachable = true;
    wide.containers.push(UsedBy {
        id: "9".repeat(64).into(),
        name: LONG_NAME.into(),
        running: false,
    });
    vec![
        network("bridge", "bridge", &[]),
        network("host", "host", &[]),
        network("none", "null", &[]),
        wide,
        network("dh-unused", "bridge", &[]),
    ]
}

/// An app of `width` x `height` showing the pane of `key` ('1' to '4') with the fixtures.
fn app_on(key: char, width: u16, height: u16) -> App {
    let mut app = connected_app(&Config::default(), NOW, (width, height), containers());
    // All containers, the exited one too.
    if !app.host().containers.show_all {
        press_char(&mut app, 'a');
    }
    let fx = app.update(dockhand::testing::key(key));
    let seq = fx.iter().find_map(|e| match e {
        Effect::Engine(
            _,
            Request::ListImages { seq }
            | Request::ListVolumes { seq }
            | Request::ListNetworks { seq },
        ) => Some(*seq),
        _ => None,
    });
    if let Some(seq) = seq {
        let report = match key {
            '2' => Report::Images {
                seq,
                result: Ok(images()),
            },
            '3' => Report::Volumes {
                seq,
                result: Ok(volumes()),
            },
            _ => Report::Networks {
                seq,
                result: Ok(networks()),
            },
        };
        app.update(Msg::Engine(HostId::FIRST, report));
    }
    app
}

fn lines(app: &App) -> Vec<String> {
    let term = render(app);
    let buf = term.backend().buffer();
    (0..buf.area.height)
        .map(|y| (0..buf.area.width).map(|x| buf[(x, y)].symbol()).collect())
        .collect()
}

/// The pane's column titles.
fn titles(key: char) -> Vec<&'static str> {
    match key {
        '1' => vec![
            "NAME",
            "STATE",
            "CPU",
            "MEM / LIMIT",
            "STATUS",
            "IMAGE",
            "NET ↓ / ↑",
            "BLOCK R / W",
            "PIDS",
            "PORTS",
            "PROJECT",
            "ID",
        ],
        '2' => vec!["REPOSITORY:TAG", "ID", "SIZE", "CREATED", "USED BY"],
        '3' => vec!["NAME", "DRIVER", "SIZE", "CREATED", "USED BY"],
        _ => vec![
            "NAME",
            "DRIVER",
            "SCOPE",
            "FLAGS",
            "SUBNET / GATEWAY",
            "CONTAINERS",
        ],
    }
}

/// The line of column titles: the first under the pane's top border.
fn header_line(lines: &[String]) -> &str {
    let top = lines
        .iter()
        .position(|l| l.starts_with('┌'))
        .expect("a pane border");
    &lines[top + 1]
}

const PANES: [char; 4] = ['1', '2', '3', '4'];

#[test]
fn no_visible_column_is_narrower_than_its_title() {
    for width in [80, 85, 90, 100, 120, 160, 200] {
        for pane in PANES {
            let app = app_on(pane, width, 24);
            let lines = lines(&app);
            let mut rest = header_line(&lines).to_string();
            // Longest first, so that "ID" is not taken out of "IMAGE"... or the reverse.
            let mut all = titles(pane);
            all.sort_by_key(|t| std::cmp::Reverse(t.len()));
            for t in all {
                rest = rest.replacen(t, "", 1);
            }
            let rest: String = rest
                .chars()
                .filter(|c| !matches!(c, ' ' | '│' | '▲' | '▼'))
                .collect();
            assert!(
                rest.is_empty(),
                "pane {pane} at {width} columns: a title is cut ({rest:?}) in {:?}",
                header_line(&lines)
            );
        }
    }
}

#[test]
fn names_are_the_last_to_shrink() {
    // At 80 columns (most terminals' default) every short name is shown whole.
    let app = app_on('1', 80, 24);
    let text = lines(&app).join("\n");
    for name in ["runner-1", "runner-3", "bulk-7", "bulk-69", "migrate"] {
        assert!(text.contains(&format!(" {name} ")), "{name} at 80:\n{text}");
    }
    // The long one keeps at least the first 20 cells of the name column.
    assert!(text.contains(&LONG_NAME[..19]), "{text}");
}

/// Every place the start of `value` (8 characters or more) shows, it goes on as `value` does
/// to its end, or ends in `…`.
fn assert_whole_or_cut(lines: &[String], value: &str, context: &str) {
    let want: Vec<char> = value.chars().collect();
    let prefix: String = want[..8].iter().collect();
    for line in lines {
        let chars: Vec<char> = line.chars().collect();
        let mut covered = 0;
        for s in 0..chars.len() {
            if s < covered || !chars[s..].starts_with(&want[..8]) {
                continue;
            }
            let m = (0..want.len())
                .take_while(|&k| chars.get(s + k) == Some(&want[k]))
                .count();
            covered = s + m;
            if m < want.len() {
                assert_eq!(
                    chars.get(s + m),
                    Some(&'…'),
                    "{context}: {value:?} (from {prefix:?}) cut without an ellipsis in {line:?}"
                );
            }
        }
    }
}

#[test]
fn cut_cells_end_in_an_ellipsis() {
    let values = [
        LONG_NAME,
        LONG_IMAGE,
        LONG_VOLUME,
        "192.168.0.0/20 / 192.168.0.1",
        "0.0.0.0:8080->80/tcp",
        "6: bulk-7, bulk-69, runner-1, runner-2, runner-3",
        "Exited 2 hours ago",
    ];
    for width in (50..=220).step_by(3) {
        for pane in PANES {
            let app = app_on(pane, width, 24);
            let lines = lines(&app);
            // Only the table: the title line and the footer say other things.
            let table: Vec<String> = lines
                .iter()
                .filter(|l| l.starts_with('│'))
                .cloned()
                .collect();
            for v in values {
                assert_whole_or_cut(&table, v, &format!("pane {pane} at {width}"));
            }
        }
    }
}

#[test]
fn networks_say_how_many_containers_and_which_are_unused() {
    let app = app_on('4', 80, 24);
    let text = lines(&app).join("\n");
    let row = |name: &str| {
        text.lines()
            .find(|l| l.contains(&format!(" {name} ")))
            .unwrap_or_else(|| panic!("{name} in\n{text}"))
            .to_string()
    };
    assert!(row("dh-unused").contains("unused"), "{text}");
    let backend = row("dh-backend");
    assert!(backend.contains("6: bulk-7, bulk-69"), "{backend}");
    assert!(backend.contains('…'), "cut, and says so: {backend}");
}

#[test]
fn images_show_one_row_per_tag() {
    let app = app_on('2', 120, 24);
    let text = lines(&app).join("\n");
    let rows: Vec<&str> = text
        .lines()
        .filter(|l| l.contains("111111111111"))
        .collect();
    assert_eq!(rows.len(), 2, "{text}");
    assert!(rows[0].contains(" local/busybox:old "), "{text}");
    assert!(rows[1].contains(" local/busybox:test "), "{text}");
    assert!(!text.contains("more)"), "{text}");
}

#[test]
fn every_pane_at_80x24() {
    for (pane, name) in [
        ('1', "containers_80x24"),
        ('2', "images_80x24"),
        ('3', "volumes_80x24"),
        ('4', "networks_80x24"),
    ] {
        let app = app_on(pane, 80, 24);
        insta::assert_snapshot!(name, render(&app).backend());
    }
}

#[test]
fn every_pane_at_200x50() {
    for (pane, name) in [
        ('1', "containers_200x50"),
        ('2', "images_200x50"),
        ('3', "volumes_200x50"),
        ('4', "networks_200x50"),
    ] {
        let app = app_on(pane, 200, 50);
        insta::assert_snapshot!(name, render(&app).backend());
    }
}

#[test]
fn the_sort_arrow_points_the_same_way_for_every_column() {
    // ▲ is ascending everywhere: sizes sort biggest first, so they start with ▼.
    let mut app = app_on('2', 120, 24);
    press_char(&mut app, 'Z');
    let header = header_line(&lines(&app)).to_string();
    assert!(header.contains("SIZE▼"), "{header}");
    let sizes: Vec<i64> = app.host().images.visible().map(|i| i.size).collect();
    assert!(sizes.windows(2).all(|w| w[0] >= w[1]), "{sizes:?}");
    press_char(&mut app, 'Z');
    let header = header_line(&lines(&app)).to_string();
    assert!(header.contains("SIZE▲"), "{header}");
    let sizes: Vec<i64> = app.host().images.visible().map(|i| i.size).collect();
    assert!(sizes.windows(2).all(|w| w[0] <= w[1]), "{sizes:?}");
    // The same through `o`: whatever the arrow, the order matches it.
    press(&mut app, KeyCode::Char('o'));
    press(&mut app, KeyCode::Char('o'));
    press(&mut app, KeyCode::Char('o'));
    let header = header_line(&lines(&app)).to_string();
    let sizes: Vec<i64> = app.host().images.visible().map(|i| i.size).collect();
    if header.contains("SIZE▲") {
        assert!(sizes.windows(2).all(|w| w[0] <= w[1]), "{sizes:?}");
    } else {
        assert!(header.contains("SIZE▼"), "{header}");
        assert!(sizes.windows(2).all(|w| w[0] >= w[1]), "{sizes:?}");
    }
}
