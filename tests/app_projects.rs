//! The compose projects pane by its keys, on fixtures: projects gathered from the labels, fold
//! and unfold, one confirmation naming exactly the containers a project action reaches, the
//! requests it sends (to those containers and no others), removal through the container
//! remove dialog, and the compose CLI's call built from the labels (never from a guess).
//! Snapshots of the pane and its dialogs at 80x24 and 120x30.

// A test may unwrap, expect and panic: that is how it fails, with the reason.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crossterm::event::KeyCode;
use dockhand::app::overlays::ProjectRun;
use dockhand::app::{App, Effect, Overlay, Pane};
use dockhand::config::Config;
use dockhand::engine::Request;
use dockhand::engine::compose::ComposeVerb;
use dockhand::engine::model::{ComposeFiles, Container, ContainerOp, Health};
use dockhand::testing::*;

const NOW: i64 = 1_764_400_000;

fn files(dir: &str, names: &[&str]) -> Option<Box<ComposeFiles>> {
    Some(Box::new(ComposeFiles {
        working_dir: Some(dir.into()),
        config_files: names.iter().map(|n| n.to_string()).collect(),
    }))
}

/// Two projects (shop: web running and healthy, db exited, worker running; blog: api
/// running) and a container of no project.
fn fleet() -> Vec<Container> {
    let mut web = with_health(
        with_project(container("shop-web-1", NOW), "shop", "web"),
        Health::Healthy,
    );
    web.compose_files = files("/srv/shop", &["/srv/shop/compose.yaml", "prod.yaml"]);
    let mut db = exited(
        with_project(container("shop-db-1", NOW), "shop", "db"),
        137,
        NOW - 300,
    );
    db.compose_files = web.compose_files.clone();
    let worker = with_project(container("shop-worker-1", NOW), "shop", "worker");
    let api = with_project(container("blog-api-1", NOW), "blog", "api");
    vec![web, db, worker, api, container("lone", NOW)]
}

fn projects_app(width: u16, height: u16) -> App {
    let mut app = connected_app(&Config::default(), NOW, (width, height), fleet());
    press_char(&mut app, '5');
    assert_eq!(app.screen.pane, Pane::Projects);
    app
}

fn id_of(name: &str) -> dockhand::ids::ContainerId {
    container(name, NOW).id
}

/// Selects the project row named `name` (rows are projects while folded).
fn select(app: &mut App, name: &str) {
    press(app, KeyCode::Home);
    for _ in 0..10 {
        if app
            .host()
            .projects
            .selected()
            .is_some_and(|p| p.name == name)
        {
            return;
        }
        press(app, KeyCode::Down);
    }
    panic!("no project {name} on screen:\n{}", screen_text(app));
}

#[test]
fn projects_are_gathered_from_the_labels_with_their_counts_services_and_files() {
    let app = projects_app(120, 30);
    let s = screen_text(&app);
    assert!(s.contains("Projects 2 of 2"), "{s}");
    let shop = s.lines().find(|l| l.contains("▸ shop")).expect("shop row");
    assert!(shop.contains("2/3"), "{shop}");
    assert!(shop.contains("db, web, worker"), "{shop}");
    assert!(shop.contains("1 healthy"), "{shop}");
    // Files in the working folder by their name alone; none is guessed for blog.
    assert!(
        shop.contains("/srv/shop: compose.yaml, prod.yaml"),
        "{shop}"
    );
    let blog = s.lines().find(|l| l.contains("▸ blog")).expect("blog row");
    assert!(
        blog.contains("1/1") && blog.contains("no files named by its labels"),
        "{blog}"
    );
    // A container of no project is in no row.
    assert!(!s.contains("lone"), "{s}");
}

#[test]
fn enter_unfolds_a_project_to_its_containers_and_folds_it_again() {
    let mut app = projects_app(120, 30);
    select(&mut app, "shop");
    press(&mut app, KeyCode::Enter);
    let s = screen_text(&app);
    assert!(s.contains("▾ shop"), "{s}");
    for name in ["shop-db-1", "shop-web-1", "shop-worker-1"] {
        assert!(s.contains(name), "{name} under its project:\n{s}");
    }
    assert!(s.contains("exited (137)"), "{s}");
    // From a container's row, enter folds its project and keeps the selection on it.
    press(&mut app, KeyCode::Down);
    press(&mut app, KeyCode::Enter);
    let s = screen_text(&app);
    assert!(s.contains("▸ shop") && !s.contains("shop-web-1"), "{s}");
    assert_eq!(
        app.host().projects.selected().map(|p| p.name.as_str()),
        Some("shop")
    );
}

#[test]
fn a_projects_rows_stay_together_whichever_way_it_is_sorted() {
    let mut app = projects_app(120, 30);
    for name in ["shop", "blog"] {
        select(&mut app, name);
        press(&mut app, KeyCode::Enter);
    }
    for reverse in [false, true] {
        if reverse {
            press_char(&mut app, 'O');
        }
        let s = screen_text(&app);
        let order: Vec<&str> = s
            .lines()
            .filter_map(|l| {
                ["▾ shop", "▾ blog", "shop-", "blog-"]
                    .into_iter()
                    .find(|k| l.contains(k))
            })
            .collect();
        let shop_at = order.iter().position(|k| *k == "▾ shop").expect("shop");
        let blog_at = order.iter().position(|k| *k == "▾ blog").expect("blog");
        // Each project's row is followed by its own containers, then the other project.
        let (first, second) = if shop_at < blog_at {
            (("▾ shop", "shop-", 3), ("▾ blog", "blog-", 1))
        } else {
            (("▾ blog", "blog-", 1), ("▾ shop", "shop-", 3))
        };
        let mut want = vec![first.0];
        want.extend(std::iter::repeat_n(first.1, first.2));
        want.push(second.0);
        want.extend(std::iter::repeat_n(second.1, second.2));
        assert_eq!(order, want, "reverse {reverse}:\n{s}");
    }
}

#[test]
fn stopping_a_project_asks_once_naming_its_running_containers_then_stops_exactly_those() {
    let mut app = projects_app(120, 30);
    select(&mut app, "shop");
    let fx = app.update(key('s'));
    assert!(
        fx.is_empty(),
        "nothing happens before the confirmation: {fx:?}"
    );
    let Some(Overlay::ProjectConfirm(d)) = &app.screen.overlay else {
        panic!("a confirmation: {:?}", app.screen.overlay);
    };
    assert_eq!(d.names, ["shop-web-1", "shop-worker-1"]);
    assert_eq!(d.skipped, ["shop-db-1 (not running)"]);
    let s = screen_text(&app);
    assert!(s.contains("Stop project shop?"), "{s}");
    assert!(s.contains("It acts on 2 containers:"), "{s}");
    assert!(s.contains("Left alone: shop-db-1 (not running)"), "{s}");
    let fx = app.update(key('y'));
    let mut stopped: Vec<_> = fx
        .iter()
        .map(|f| match f {
            Effect::Engine(_, Request::Container { op, id, .. }) => {
                assert_eq!(*op, ContainerOp::Stop);
                id.clone()
            }
            other => panic!("only container requests: {other:?}"),
        })
        .collect();
    stopped.sort();
    let mut want = vec![id_of("shop-web-1"), id_of("shop-worker-1")];
    want.sort();
    assert_eq!(stopped, want);
    assert!(app.screen.overlay.is_none());
}

#[test]
fn cancelling_sends_nothing_and_a_project_with_nothing_to_do_says_so() {
    let mut app = projects_app(120, 30);
    select(&mut app, "shop");
    app.update(key('s'));
    let fx = app.update(code(KeyCode::Esc));
    assert!(fx.is_empty() && app.screen.overlay.is_none(), "{fx:?}");
    // blog's only container runs: starting it has nothing to do.
    select(&mut app, "blog");
    let fx = app.update(key('S'));
    assert!(fx.is_empty() && app.screen.overlay.is_none(), "{fx:?}");
    let s = screen_text(&app);
    assert!(
        s.contains("start project blog: nothing to do (blog-api-1 (running))"),
        "{s}"
    );
}

#[test]
fn marked_projects_are_acted_on_together_each_container_once() {
    let mut app = projects_app(120, 30);
    select(&mut app, "shop");
    press(&mut app, KeyCode::Char(' '));
    select(&mut app, "blog");
    press(&mut app, KeyCode::Char(' '));
    app.update(key('r'));
    let Some(Overlay::ProjectConfirm(d)) = &app.screen.overlay else {
        panic!("a confirmation: {:?}", app.screen.overlay);
    };
    assert!(d.title.contains("2 projects"), "{}", d.title);
    let mut names = d.names.clone();
    names.sort();
    assert_eq!(
        names,
        ["blog-api-1", "shop-db-1", "shop-web-1", "shop-worker-1"]
    );
    let fx = app.update(key('y'));
    assert_eq!(fx.len(), 4, "{fx:?}");
    assert!(fx.iter().all(|f| matches!(
        f,
        Effect::Engine(
            _,
            Request::Container {
                op: ContainerOp::Restart,
                ..
            }
        )
    )));
}

#[test]
fn removing_a_project_opens_the_container_remove_dialog_on_all_its_containers() {
    let mut app = projects_app(120, 30);
    select(&mut app, "shop");
    let fx = app.update(key('d'));
    // The dialog asks what each writable layer holds, as for one container.
    assert_eq!(fx.len(), 3, "{fx:?}");
    let Some(Overlay::ConfirmRemove(d)) = &app.screen.overlay else {
        panic!("the remove dialog: {:?}", app.screen.overlay);
    };
    assert_eq!(d.about.as_deref(), Some("project shop"));
    assert_eq!(d.targets.len(), 3);
    let s = screen_text(&app);
    assert!(s.contains("Remove project shop: 3 containers?"), "{s}");
    assert!(s.contains("they will be killed first"), "{s}");
}

#[test]
fn compose_runs_on_the_files_the_labels_name_and_never_on_a_guess() {
    let mut app = projects_app(120, 30);
    select(&mut app, "blog");
    let fx = app.update(key('u'));
    assert!(fx.is_empty() && app.screen.overlay.is_none(), "{fx:?}");
    assert!(
        screen_text(&app).contains("name no compose files, and dockhand does not guess them"),
        "{}",
        screen_text(&app)
    );
    select(&mut app, "shop");
    app.update(key('x'));
    let Some(Overlay::ProjectConfirm(d)) = &app.screen.overlay else {
        panic!("a confirmation: {:?}", app.screen.overlay);
    };
    let ProjectRun::Compose(call) = d.run.clone() else {
        panic!("a compose run: {:?}", d.run);
    };
    assert_eq!(call.verb, ComposeVerb::Down);
    assert_eq!(
        call.args(),
        [
            "-p",
            "shop",
            "--project-directory",
            "/srv/shop",
            "-f",
            "/srv/shop/compose.yaml",
            "-f",
            "/srv/shop/prod.yaml",
            "down"
        ]
    );
    let s = screen_text(&app);
    assert!(s.contains("Run compose down project shop?"), "{s}");
    assert!(s.contains("volumes stay"), "{s}");
    let fx = app.update(key('y'));
    assert!(
        matches!(fx.as_slice(), [Effect::Engine(_, Request::Compose { call: c })] if *c == call),
        "{fx:?}"
    );
    assert!(screen_text(&app).contains("compose down shop…"));
}

#[test]
fn read_only_hides_project_actions_but_not_the_view() {
    let config = Config {
        read_only: true,
        ..Config::default()
    };
    let mut app = connected_app(&config, NOW, (120, 30), fleet());
    press_char(&mut app, '5');
    select(&mut app, "shop");
    for k in ['s', 'S', 'r', 'p', 'd', 'u', 'x', 'P'] {
        let fx = app.update(key(k));
        assert!(fx.is_empty() && app.screen.overlay.is_none(), "{k}: {fx:?}");
    }
    press(&mut app, KeyCode::Enter);
    assert!(screen_text(&app).contains("shop-web-1"));
}

#[test]
fn a_container_stopping_outside_shows_in_its_project_by_the_next_frame() {
    use dockhand::app::Msg;
    use dockhand::engine::Report;
    use dockhand::engine::model::{EngineEvent, EventAction, EventKind};
    use dockhand::ids::HostId;
    let mut app = projects_app(120, 30);
    let web = id_of("shop-web-1");
    let fx = app.update(Msg::Engine(
        HostId::FIRST,
        Report::Event(EngineEvent {
            kind: EventKind::Container,
            action: EventAction::Die,
            id: web.to_string(),
            time: NOW,
            exit_code: Some(0),
            actor: Default::default(),
        }),
    ));
    let seq = fx
        .iter()
        .find_map(|f| match f {
            Effect::Engine(_, Request::RefreshContainer { seq, .. }) => Some(*seq),
            _ => None,
        })
        .expect("the row is read again");
    let mut stopped = exited(
        with_project(container("shop-web-1", NOW), "shop", "web"),
        0,
        NOW,
    );
    stopped.compose_files = files("/srv/shop", &["/srv/shop/compose.yaml"]);
    app.update(Msg::Engine(
        HostId::FIRST,
        Report::Container {
            seq,
            id: web,
            result: Ok(Some(stopped)),
        },
    ));
    // The loop gathers before it draws (once for a whole burst of reports).
    app.prepare_frame();
    let s = screen_text(&app);
    let shop = s.lines().find(|l| l.contains("▸ shop")).expect("shop row");
    assert!(shop.contains("1/3"), "{shop}");
}

#[test]
fn snapshots() {
    for (w, h) in [(80, 24), (120, 30)] {
        let mut app = projects_app(w, h);
        insta::assert_snapshot!(format!("projects_folded_{w}x{h}"), render(&app).backend());
        select(&mut app, "shop");
        press(&mut app, KeyCode::Enter);
        insta::assert_snapshot!(format!("projects_unfolded_{w}x{h}"), render(&app).backend());
        app.update(key('s'));
        insta::assert_snapshot!(
            format!("projects_stop_confirm_{w}x{h}"),
            render(&app).backend()
        );
        press(&mut app, KeyCode::Esc);
        app.update(key('u'));
        insta::assert_snapshot!(
            format!("projects_compose_up_{w}x{h}"),
            render(&app).backend()
        );
    }
}
