//! A shell or a command in a container, as the app asks for it: which command (the host's, the
//! config's, or the first shell found), as which user, refusals (not running, read-only), the
//! command remembered per image, and how the end is told.

// A test may unwrap, expect and panic: that is how it fails, with the reason.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use dockhand::app::{App, Effect, HostSpec, Msg};
use dockhand::config::Config;
use dockhand::engine::exec::{Ended, Run};
use dockhand::engine::model::Container;
use dockhand::ids::HostId;
use dockhand::testing::*;

const NOW: i64 = 1_764_400_000;

fn app_with(cfg: Config, spec: HostSpec, list: Vec<Container>) -> App {
    hosts_app(&cfg, NOW, (120, 30), &[spec], list)
}

/// The one session asked for: the command and user (none for the first shell found), whether
/// it holds its output, the container's name; attaching gives its detach keys as the user.
fn shell_of(fx: &[Effect]) -> (Option<Vec<String>>, Option<String>, bool, String) {
    match fx {
        [
            Effect::Shell {
                host,
                run,
                hold,
                name,
                ..
            },
        ] => {
            assert_eq!(*host, HostId::FIRST);
            let (cmd, user) = match run {
                Run::Shell => (None, None),
                Run::Command { words, user } => (Some(words.clone()), user.clone()),
                Run::Attach { detach_keys } => (None, Some(format!("detach {detach_keys}"))),
            };
            (cmd, user, *hold, name.clone())
        }
        other => panic!("expected one shell, got {other:?}"),
    }
}

fn toast(app: &App) -> String {
    app.screen
        .toasts
        .latest()
        .map(|t| t.text.clone())
        .unwrap_or_default()
}

#[test]
fn e_asks_for_the_first_shell_found_in_a_running_container() {
    let mut app = app_with(
        Config::default(),
        host_spec("local", "unix:///run/docker.sock"),
        vec![container("web", NOW)],
    );
    let (cmd, user, hold, name) = shell_of(&app.update(key('e')));
    assert_eq!((cmd, user, hold), (None, None, false));
    assert_eq!(name, "web");
}

#[test]
fn a_stopped_container_gets_a_message_not_a_session() {
    let mut app = app_with(
        Config::default(),
        host_spec("local", "unix:///run/docker.sock"),
        vec![exited(container("job", NOW), 0, NOW - 60)],
    );
    assert!(app.update(key('e')).is_empty());
    assert!(
        toast(&app).contains("job is exited: a shell runs only in a running container"),
        "{}",
        toast(&app)
    );
    assert!(app.update(key('E')).is_empty());
    assert!(app.screen.overlay.is_none());
}

#[test]
fn the_hosts_shell_comes_before_the_configs() {
    let cfg = Config {
        shell: Some("sh -l".into()),
        ..Config::default()
    };
    // The config's, on a host without one.
    let mut app = app_with(
        cfg.clone(),
        host_spec("local", "unix:///run/docker.sock"),
        vec![container("web", NOW)],
    );
    let (cmd, user, _, _) = shell_of(&app.update(key('e')));
    assert_eq!(cmd, Some(vec!["sh".to_string(), "-l".to_string()]));
    assert_eq!(user, None);
    // The host's own, with a user.
    let spec = HostSpec {
        shell: Some("root@bash -l".into()),
        ..host_spec("prod", "unix:///run/docker.sock")
    };
    let mut app = app_with(cfg, spec, vec![container("web", NOW)]);
    let (cmd, user, hold, _) = shell_of(&app.update(key('e')));
    assert_eq!(cmd, Some(vec!["bash".to_string(), "-l".to_string()]));
    assert_eq!(user.as_deref(), Some("root"));
    assert!(!hold, "a shell's prompt shows when it ends");
}

#[test]
fn a_read_only_host_refuses_the_shell() {
    let spec = HostSpec {
        read_only: true,
        ..host_spec("prod", "unix:///run/docker.sock")
    };
    let mut app = app_with(Config::default(), spec, vec![container("web", NOW)]);
    assert!(app.update(key('e')).is_empty());
    assert!(
        toast(&app).contains("prod is read-only: shell is disabled"),
        "{}",
        toast(&app)
    );
    assert!(app.update(key('E')).is_empty());
    assert!(app.screen.overlay.is_none());
}

#[test]
fn capital_e_runs_what_is_typed_and_offers_it_again_for_the_same_image() {
    let mut web = container("web", NOW);
    web.image = "shop/web:1".into();
    let mut web2 = container("web-2", NOW);
    web2.image = "shop/web:1".into();
    let mut db = container("db", NOW);
    db.image = "postgres:16".into();
    let mut app = app_with(
        Config::default(),
        host_spec("local", "unix:///run/docker.sock"),
        vec![web, web2, db],
    );
    // Rows by name: db, web, web-2. On web:
    app.update(key('N'));
    app.update(key('j'));
    app.update(key('E'));
    for c in "app@python3 -c 'print(42)'".chars() {
        app.update(key(c));
    }
    let fx = app.update(code(crossterm::event::KeyCode::Enter));
    // Saved for the next run first (the runtime writes it to the state folder).
    match fx.first() {
        Some(Effect::SaveCommands(saved)) => assert_eq!(
            saved.get("shop/web:1").map(String::as_str),
            Some("app@python3 -c 'print(42)'")
        ),
        other => panic!("expected the commands saved first, got {other:?}"),
    }
    let (cmd, user, hold, name) = shell_of(&fx[1..]);
    assert_eq!(name, "web");
    assert_eq!(
        cmd,
        Some(vec![
            "python3".to_string(),
            "-c".to_string(),
            "print(42)".to_string()
        ])
    );
    assert_eq!(user.as_deref(), Some("app"));
    assert!(hold, "a command's output stays until a key");

    // Offered again on web-2 (same image), not on db.
    app.update(key('j'));
    app.update(key('E'));
    let screen = format!("{:?}", render(&app).backend());
    assert!(screen.contains("app@python3 -c 'print(42)'"), "{screen}");
    app.update(code(crossterm::event::KeyCode::Esc));
    app.update(key('g'));
    app.update(key('E'));
    let screen = format!("{:?}", render(&app).backend());
    assert!(!screen.contains("print(42)"), "{screen}");
    // An unclosed quote stays in the prompt with why.
    for c in "sh -c 'oops".chars() {
        app.update(key(c));
    }
    assert!(
        app.update(code(crossterm::event::KeyCode::Enter))
            .is_empty()
    );
    let screen = format!("{:?}", render(&app).backend());
    assert!(screen.contains("is not closed"), "{screen}");
}

/// Commands remembered in an earlier run are offered; the same command again is not saved
/// again, and nothing is saved when the file could not be read at start.
#[test]
fn commands_from_an_earlier_run_are_offered_and_saved_only_when_changed() {
    let mut db = container("db", NOW);
    db.image = "postgres:16".into();
    let mut app = app_with(
        Config::default(),
        host_spec("local", "unix:///run/docker.sock"),
        vec![db],
    );
    app.exec_memory
        .insert("postgres:16".into(), "postgres@psql -U app".into());
    app.update(key('E'));
    let screen = format!("{:?}", render(&app).backend());
    assert!(screen.contains("postgres@psql -U app"), "{screen}");
    let fx = app.update(code(crossterm::event::KeyCode::Enter));
    assert_eq!(
        shell_of(&fx).1.as_deref(),
        Some("postgres"),
        "unchanged: not saved"
    );

    app.save_commands = false;
    app.update(key('E'));
    for c in " -d shop".chars() {
        app.update(key(c));
    }
    let fx = app.update(code(crossterm::event::KeyCode::Enter));
    assert_eq!(
        shell_of(&fx).0.map(|w| w.join(" ")).as_deref(),
        Some("psql -U app -d shop"),
        "run, and not saved over a file that could not be read"
    );
    assert_eq!(
        app.exec_memory["postgres:16"],
        "postgres@psql -U app -d shop"
    );
}

#[test]
fn the_end_of_a_session_is_told() {
    let mut app = app_with(
        Config::default(),
        host_spec("local", "unix:///run/docker.sock"),
        vec![container("web", NOW)],
    );
    let id = app.host().containers.list.selected().unwrap().id.clone();
    let end = |what: &str, result: Result<Ended, String>| Msg::ShellEnded {
        host: HostId::FIRST,
        container: id.clone(),
        name: "web".into(),
        what: what.into(),
        result,
    };
    app.update(end("shell", Ok(Ended::Exited(Some(0)))));
    assert_eq!(toast(&app), "shell in web ended (exit code 0)");
    app.update(end("python3", Ok(Ended::Exited(Some(2)))));
    assert_eq!(toast(&app), "python3 in web ended with exit code 2");
    app.update(end(
        "shell",
        Err(
            "the container has no shell (none of bash, ash, sh): give a command to run instead"
                .into(),
        ),
    ));
    assert!(toast(&app).starts_with("shell in web: the container has no shell"));
    app.update(end("attached", Ok(Ended::Detached)));
    assert_eq!(toast(&app), "detached from web: it keeps running");
}

#[test]
fn x_attaches_with_the_configured_detach_keys() {
    let cfg = Config {
        detach_keys: "ctrl-a,d".into(),
        ..Config::default()
    };
    let mut app = app_with(
        cfg,
        host_spec("local", "unix:///run/docker.sock"),
        vec![container("web", NOW)],
    );
    let (cmd, detach, hold, _) = shell_of(&app.update(key('x')));
    assert_eq!(cmd, None);
    assert_eq!(detach.as_deref(), Some("detach ctrl-a,d"));
    assert!(!hold);
}

#[test]
fn a_session_ended_by_its_container_stopping_says_so() {
    let mut app = app_with(
        Config::default(),
        host_spec("local", "unix:///run/docker.sock"),
        vec![exited(container("web", NOW), 137, NOW)],
    );
    let id = app.host().containers.list.selected().unwrap().id.clone();
    app.update(Msg::ShellEnded {
        host: HostId::FIRST,
        container: id,
        name: "web".into(),
        what: "shell".into(),
        result: Ok(Ended::Exited(Some(137))),
    });
    assert_eq!(
        toast(&app),
        "shell in web (the container stopped) ended with exit code 137"
    );
}

fn typed(app: &mut App, text: &str) {
    for c in text.chars() {
        app.update(key(c));
    }
}

#[test]
fn f_copies_a_path_out_to_a_local_folder_and_tells_how_far_and_how_it_ended() {
    use dockhand::engine::copy::Copied;
    use dockhand::engine::{Report, Request};
    let mut app = app_with(
        Config::default(),
        host_spec("local", "unix:///run/docker.sock"),
        vec![container("web", NOW)],
    );
    app.update(key('f'));
    typed(&mut app, "/etc/nginx");
    assert!(
        app.update(code(crossterm::event::KeyCode::Enter))
            .is_empty()
    );
    // Then the local folder (none known in tests: the current one).
    typed(&mut app, "/backup");
    let fx = app.update(code(crossterm::event::KeyCode::Enter));
    let what = match fx.as_slice() {
        [
            Effect::Engine(
                HostId::FIRST,
                Request::CopyOut {
                    path, dest, what, ..
                },
            ),
        ] => {
            assert_eq!(path, "/etc/nginx");
            assert!(dest.ends_with("/backup"), "{dest}");
            what.clone()
        }
        other => panic!("expected one copy out, got {other:?}"),
    };
    assert_eq!(toast(&app), "copying /etc/nginx from web…");
    app.update(Msg::Engine(
        HostId::FIRST,
        Report::CopyProgress {
            what: what.clone(),
            bytes: 3 << 20,
        },
    ));
    assert_eq!(toast(&app), "copying /etc/nginx from web: 3.00MiB…");
    app.update(Msg::Engine(
        HostId::FIRST,
        Report::Copied {
            what: what.clone(),
            result: Ok(Copied {
                bytes: 2048,
                entries: 3,
                to: "/backup/nginx".into(),
            }),
        },
    ));
    assert_eq!(
        toast(&app),
        "copied /etc/nginx from web: 3 entries, 2.00KiB, now at /backup/nginx"
    );
    app.update(Msg::Engine(
        HostId::FIRST,
        Report::Copied {
            what,
            result: Err("/backup/nginx exists already: nothing was copied".into()),
        },
    ));
    assert!(toast(&app).starts_with("could not copy /etc/nginx from web: /backup/nginx exists"));
}

#[test]
fn a_read_only_host_copies_out_but_not_in() {
    let spec = HostSpec {
        read_only: true,
        ..host_spec("prod", "unix:///run/docker.sock")
    };
    let mut app = app_with(Config::default(), spec, vec![container("web", NOW)]);
    app.update(key('F'));
    assert!(app.screen.overlay.is_none(), "copy in is refused");
    assert!(
        toast(&app).contains("prod is read-only: copy_in is disabled"),
        "{}",
        toast(&app)
    );
    app.update(key('f'));
    assert!(app.screen.overlay.is_some(), "copy out is allowed");
}

#[test]
fn b_browses_folders_and_f_copies_the_selected_entry_out() {
    use crossterm::event::KeyCode;
    use dockhand::app::Overlay;
    use dockhand::engine::copy::{EntryKind, FileEntry, ListedBy, Listing};
    use dockhand::engine::{Report, Request};
    let mut app = app_with(
        Config::default(),
        host_spec("local", "unix:///run/docker.sock"),
        vec![exited(container("web", NOW), 0, NOW - 60)],
    );
    let asked = |fx: &[Effect]| match fx {
        [Effect::Engine(HostId::FIRST, Request::ListDir { seq, path, .. })] => (*seq, path.clone()),
        other => panic!("expected one listing, got {other:?}"),
    };
    let entry = |name: &str, kind| FileEntry {
        name: name.into(),
        kind,
        size: 5,
        mode: 0o644,
        mtime: NOW - 3600,
        target: None,
    };
    let listed_by = |app: &mut App, seq, path: &str, entries, by, cut| {
        app.update(Msg::Engine(
            HostId::FIRST,
            Report::Listed {
                seq,
                result: Ok(Listing {
                    path: path.into(),
                    entries,
                    cut,
                    by,
                }),
            },
        ));
    };
    let listed = |app: &mut App, seq, path: &str, entries| {
        listed_by(app, seq, path, entries, ListedBy::Archive, false)
    };
    // A stopped container too: the archive API needs no process.
    let (seq, path) = asked(&app.update(key('b')));
    assert_eq!(path, "/");
    listed(
        &mut app,
        seq,
        "/",
        vec![entry("etc", EntryKind::Dir), entry("note", EntryKind::File)],
    );
    let screen = format!("{:?}", render(&app).backend());
    assert!(
        screen.contains("Files of web: / · 2 entries · read through the engine's archive API"),
        "{screen}"
    );
    assert!(screen.contains("etc/"), "{screen}");

    let (seq2, path) = asked(&app.update(code(KeyCode::Enter)));
    assert_eq!(path, "/etc");
    // The root's answer coming late is not taken for /etc.
    listed(&mut app, seq, "/", vec![entry("stale", EntryKind::File)]);
    let Some(Overlay::Files(v)) = &app.screen.overlay else {
        panic!("the browser is open")
    };
    assert!(v.listing.is_none(), "still asking for /etc");
    listed(
        &mut app,
        seq2,
        "/etc",
        vec![entry("hosts", EntryKind::File)],
    );
    // f copies the selected entry (by its full path) out.
    match app.update(key('f')).as_slice() {
        [Effect::Engine(HostId::FIRST, Request::CopyOut { path, .. })] => {
            assert_eq!(path, "/etc/hosts")
        }
        other => panic!("expected a copy out, got {other:?}"),
    }
    // Backspace goes up; the title says how a big folder was listed.
    let (seq3, path) = asked(&app.update(code(KeyCode::Backspace)));
    assert_eq!(path, "/");
    let two = || vec![entry("etc", EntryKind::Dir), entry("note", EntryKind::File)];
    listed_by(&mut app, seq3, "/", two(), ListedBy::Stat, false);
    let screen = format!("{:?}", render(&app).backend());
    assert!(
        screen.contains("2 entries · listed by stat in the container"),
        "{screen}"
    );
    let (seq4, path) = asked(&app.update(ctrl('r')));
    assert_eq!(path, "/", "listed again");
    listed_by(&mut app, seq4, "/", two(), ListedBy::Archive, true);
    let screen = format!("{:?}", render(&app).backend());
    assert!(
        screen.contains(
            "2 entries · cut at 32.0MiB of its archive (listed whole by stat only while running)"
        ),
        "{screen}"
    );
    app.update(code(KeyCode::Esc));
    assert!(app.screen.overlay.is_none());
}
