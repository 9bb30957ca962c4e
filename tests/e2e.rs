//! End to end: the built binary in a pseudo-terminal against the private test engine, read
//! through a terminal emulator (vt100) as a person would see it. Containers are set up and checked
//! with the docker CLI, "outside" dockhand.
//!
//! Other tests' containers share the engine, so every scenario first filters the list down to
//! its own uniquely named containers.

// A test may unwrap, expect and panic: that is how it fails, with the reason.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

#[path = "e2e/tui.rs"]
mod tui;

use std::time::{Duration, Instant};

use common::{Cli, setup_blocking, unique};
use tui::*;

#[test]
fn help_and_version_print_and_exit_zero() {
    let (home, _) = home_with_config("");
    let (code, out, err) = run_plain(&["--help"], home.path());
    assert_eq!(code, Some(0), "--help: {err}");
    assert!(
        out.contains("A terminal UI for managing Docker hosts"),
        "{out}"
    );
    for flag in ["--host", "--config", "--read-only", "--version"] {
        assert!(out.contains(flag), "--help mentions {flag}: {out}");
    }

    let (code, out, err) = run_plain(&["--version"], home.path());
    assert_eq!(code, Some(0), "--version: {err}");
    assert_eq!(
        out.trim(),
        format!("dockhand {}", env!("CARGO_PKG_VERSION"))
    );
}

#[test]
fn a_bad_config_file_exits_2_before_touching_the_terminal() {
    let text = "[general]\nresync_interval = 5\n";
    let (home, config) = home_with_config(text);
    // The address names nothing: this test must not need (or touch) any engine.
    let host = format!("unix://{}", home.path().join("none.sock").display());
    let place = format!("{}:2", config.display());

    // Without a terminal: the message is on stderr and names the file and line.
    let (code, out, err) = run_plain(
        &["--host", &host, "--config", &config.display().to_string()],
        home.path(),
    );
    assert_eq!(code, Some(2), "stdout: {out}\nstderr: {err}");
    assert!(err.contains(&place), "stderr names {place}: {err}");
    assert!(
        err.contains("resync_interval"),
        "stderr names the key: {err}"
    );
    assert!(out.is_empty(), "nothing on stdout: {out:?}");

    // In a terminal: it exits the same way without switching any terminal mode.
    let mut tui = Tui::start(&host, text);
    let status = tui.wait_exit(Duration::from_secs(10));
    assert_eq!(status.exit_code(), 2, "{status:?}\n{}", tui.diagnostics());
    tui.wait_eof(Duration::from_secs(5));
    let raw = String::from_utf8_lossy(&tui.raw_since(0)).into_owned();
    let tui_place = format!("{}:2", tui.dir.path().join("config.toml").display());
    assert!(
        raw.contains(&tui_place),
        "the message names {tui_place}: {raw:?}"
    );
    for seq in ["\x1b[?1049h", "\x1b[?25l", "\x1b[?2004h"] {
        assert!(
            !raw.contains(seq),
            "the terminal was touched ({seq:?}): {raw:?}"
        );
    }
}

/// Three containers; stop one and remove another from the UI; quit cleanly.
#[test]
fn stop_and_remove_from_the_ui_then_quit_restores_the_terminal() {
    let (_engine, cli) = setup_blocking();
    let clean = cli.cleanup();
    let base = unique("ui");
    let names: Vec<String> = ["one", "two", "three"]
        .iter()
        .map(|s| clean.container(&format!("{base}-{s}")))
        .collect();
    for n in &names {
        // A short grace period: `sleep` as pid 1 ignores SIGTERM.
        cli.run_detached(n, &["--stop-timeout", "3"], &["sleep", "300"]);
    }

    let mut tui = Tui::start(cli.host(), "");
    tui.wait_loaded();
    // Only this test's containers, whatever else the engine runs.
    tui.set_filter(&format!("{base}-"));
    for n in &names {
        tui.wait_line(&[n, "running"], Duration::from_secs(10));
    }
    tui.wait_for(" Containers 3 of ", Duration::from_secs(5));

    // Stop the first: filtered to its full name, it is the only (so the selected) row.
    stop_from_ui(&mut tui, &cli, &names[0]);

    // Remove the second, after the dialog.
    tui.set_filter(&names[1]);
    tui.wait_for(" Containers 1 of ", Duration::from_secs(5));
    tui.send("d");
    tui.wait_line(&["Remove container", &names[1]], Duration::from_secs(5));
    tui.wait_for("it will be killed first", Duration::from_secs(1));
    tui.send("y");
    common::wait_until(
        &format!("{} to leave docker ps -a", names[1]),
        Duration::from_secs(10),
        || {
            if cli.listed(&names[1]) {
                Err("listed")
            } else {
                Ok(())
            }
        },
    );
    // The engine may hold no other container at that moment, which the pane says instead.
    let gone = format!("No container matches \"{}\"", names[1]);
    tui.wait_screen("the removed row gone", Duration::from_secs(5), |s| {
        s.contains(&gone) || s.contains("No containers on this engine")
    });

    // Nothing else was touched.
    assert_eq!(cli.state(&names[0]).as_deref(), Some("exited"));
    assert_eq!(cli.state(&names[2]).as_deref(), Some("running"));

    tui.quit_and_check_restored();
}

fn stop_from_ui(tui: &mut Tui, cli: &Cli, name: &str) {
    tui.set_filter(name);
    tui.wait_for(" Containers 1 of ", Duration::from_secs(5));
    tui.wait_line(&[name, "running"], Duration::from_secs(5));
    tui.send("s");
    cli.wait_state_blocking(name, "exited", Duration::from_secs(20));
    tui.wait_line(&[name, "exited"], Duration::from_secs(5));
}

/// A container started outside shows up at once: through the event stream, not the resync.
#[test]
fn a_container_started_outside_appears_within_3_seconds() {
    let (_engine, cli) = setup_blocking();
    let clean = cli.cleanup();
    let base = unique("evt");
    // An hour between resyncs: only an event can bring the new row.
    let mut tui = Tui::start(cli.host(), "[general]\nresync_interval = \"1h\"\n");
    tui.wait_loaded();
    tui.set_filter(&base);
    // With no other container on the engine the pane says so instead.
    let none = format!("No container matches \"{base}\"");
    tui.wait_screen("an empty filtered list", Duration::from_secs(5), |s| {
        s.contains(&none) || s.contains("No containers on this engine")
    });

    let name = clean.container(&format!("{base}-new"));
    cli.run_detached(&name, &[], &["sleep", "300"]);
    let started = Instant::now();
    tui.wait_for(&name, Duration::from_secs(3));
    tui.wait_line(&[&name, "running"], Duration::from_secs(3));
    eprintln!(
        "the new container was on screen as running after {:?}",
        started.elapsed()
    );

    tui.quit_and_check_restored();
}

#[test]
fn sigterm_restores_the_terminal() {
    let (_engine, cli) = setup_blocking();
    let mut tui = Tui::start(cli.host(), "");
    tui.wait_loaded();
    let mark = tui.raw_len();
    // kill(1), not libc::kill: the crate allows no unsafe code for what a command does.
    let sent = std::process::Command::new("kill")
        .args(["-TERM", &tui.pid().to_string()])
        .status()
        .expect("run kill");
    assert!(sent.success(), "send SIGTERM");
    tui.check_exit_restored(mark);
}

#[test]
fn resizing_below_the_minimum_says_so_and_recovers() {
    let (_engine, cli) = setup_blocking();
    let mut tui = Tui::start(cli.host(), "");
    tui.wait_loaded();
    tui.resize(40, 8);
    tui.wait_for("Terminal too small", Duration::from_secs(5));
    tui.resize(COLS, ROWS);
    tui.wait_for(" Containers ", Duration::from_secs(5));
    tui.quit_and_check_restored();
}

#[test]
fn without_an_engine_it_says_what_was_tried_and_q_quits() {
    let dir = tempfile::tempdir().expect("tempdir");
    let sock = dir.path().join("nothing-here.sock");
    let mut tui = Tui::start(&format!("unix://{}", sock.display()), "");
    let screen = tui.wait_for("No Docker engine answered.", Duration::from_secs(10));
    assert!(screen.contains(&sock.display().to_string()), "{screen}");
    assert!(screen.contains("no socket there"), "{screen}");
    assert!(screen.contains("Trying again in"), "{screen}");
    tui.quit_and_check_restored();
}

/// The prune flow end to end, on an engine of its own (a preview lists the whole engine's
/// dangling images, so other tests' must not be there): switch to images, open disk usage,
/// preview the prune of dangling images, confirm, and check the engine no longer has them
/// while the tagged image stays.
#[test]
fn prune_dangling_images_through_the_preview() {
    let own = common::OwnEngine::start();
    let cli = &own.cli;
    cli.ok(&[
        "create",
        "--network",
        "none",
        "--name",
        "src",
        common::IMAGE,
        "true",
    ]);
    // Committing twice to one tag leaves the first image without a name: dangling.
    cli.ok(&["commit", "src", "dh/dangle:t"]);
    cli.ok(&["commit", "src", "dh/dangle:t"]);
    cli.ok(&["rm", "src"]);
    let dangling = cli.ok(&["images", "-q", "--filter", "dangling=true"]);
    assert_eq!(
        dangling.lines().count(),
        1,
        "one dangling image to prune: {dangling}"
    );

    let mut tui = Tui::start(cli.host(), "");
    tui.wait_screen("the empty container list", Duration::from_secs(15), |s| {
        s.contains("No containers on this engine")
    });
    tui.send("2");
    tui.wait_for("<none>:<none>", Duration::from_secs(10));
    tui.wait_for("dh/dangle:t", Duration::from_secs(10));
    tui.send("D");
    tui.wait_for("RECLAIMABLE", Duration::from_secs(10));
    tui.send("j");
    tui.send("p");
    let screen = tui.wait_for(
        "Prune dangling images: 1 of 1 marked",
        Duration::from_secs(10),
    );
    let listed: Vec<&str> = screen.lines().filter(|l| l.contains("[x] image")).collect();
    assert_eq!(listed.len(), 1, "{screen}");
    assert!(
        listed[0].contains("<none>"),
        "only the dangling image: {listed:?}"
    );
    tui.send("\r");
    tui.wait_for("Pruned dangling images", Duration::from_secs(20));
    tui.wait_for("pruned 1 object", Duration::from_secs(5));
    let left = cli.ok(&["images", "-q", "--filter", "dangling=true"]);
    assert_eq!(left.trim(), "", "the engine has no dangling image left");
    assert_eq!(
        cli.ok(&["images", "-q", "dh/dangle:t"]).lines().count(),
        1,
        "the tagged image stays"
    );
    tui.send("\r");
    tui.quit_and_check_restored();
}

/// Logs end to end: open the full-screen logs of a container printing lines, search, save
/// the lines in view (filtered to the matches) to a file, and check the file.
#[test]
fn logs_search_and_save_to_a_file() {
    let (_engine, cli) = setup_blocking();
    let clean = cli.cleanup();
    let name = clean.container(&unique("logs"));
    cli.run_detached(
        &name,
        &[],
        &[
            "sh",
            "-c",
            "i=0; while [ $i -lt 30 ]; do i=$((i+1)); if [ $((i % 10)) -eq 0 ]; then echo \"tick $i needle\"; else echo \"tick $i\"; fi; done; sleep 300",
        ],
    );
    let mut tui = Tui::start(cli.host(), "");
    tui.wait_loaded();
    tui.set_filter(&name);
    tui.wait_for(&name, Duration::from_secs(5));
    tui.send("L");
    tui.wait_for("tick 30 needle", Duration::from_secs(10));
    tui.send("/needle\r");
    tui.wait_for("3 matches", Duration::from_secs(5));
    tui.send("f");
    tui.wait_for("only matches", Duration::from_secs(5));
    tui.send("s");
    tui.wait_for("Save the lines in view", Duration::from_secs(5));
    // Replace the proposed name with one in the test's folder.
    let path = tui.dir.path().join("saved.log");
    let erase = "\x7f".repeat(80);
    tui.send(&format!("{erase}{}\r", path.display()));
    tui.wait_for("saved 3 lines", Duration::from_secs(5));
    let text = std::fs::read_to_string(&path).expect("the saved file");
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 3, "{text}");
    for (line, n) in lines.iter().zip([10, 20, 30]) {
        assert!(line.ends_with(&format!("tick {n} needle")), "{line}");
        // Each line keeps the engine's timestamp.
        assert!(
            line.get(..4).is_some_and(|y| y.parse::<u32>().is_ok()),
            "{line}"
        );
    }
    // Back to the list (L, not esc: an esc right before q would read as alt-q).
    tui.send("L");
    tui.wait_for("L full screen", Duration::from_secs(5));
    tui.quit_and_check_restored();
}

/// Live numbers end to end: a container burning a core shows in its row the share of a core
/// the kernel counted for it (about 100 % on an idle machine), one with a memory limit shows
/// the limit, the stats view opens on enter and the processes
/// view (`t`) lists the container's processes.
#[test]
fn live_numbers_stats_view_and_processes() {
    let (_engine, cli) = setup_blocking();
    let clean = cli.cleanup();
    // Short names: the NAME column of a 160-column terminal shows them whole.
    let base = unique("l");
    let busy = clean.container(&format!("{base}-b"));
    let capped = clean.container(&format!("{base}-m"));
    cli.run_detached(&busy, &[], &["sh", "-c", "yes > /dev/null"]);
    cli.run_detached(&capped, &["--memory", "64m"], &["sleep", "300"]);
    let mut tui = Tui::start(cli.host(), "");
    tui.wait_loaded();
    tui.set_filter(&base);
    // The busy row's CPU figure, once two samples have given it one.
    let cpu = |line: &str| -> Option<f64> {
        line.split_whitespace()
            .find_map(|w| w.strip_suffix('%').and_then(|n| n.parse::<f64>().ok()))
    };
    let pid: u32 = cli
        .inspect(&busy, "{{.State.Pid}}")
        .and_then(|p| p.parse().ok())
        .expect("the busy container's pid");
    // Each second, the row's figure against what the kernel counted over that second.
    let mut seen = Vec::new();
    let mut row = String::new();
    for _ in 0..20 {
        let (before, at) = (common::kernel_cpu_ns(pid), Instant::now());
        std::thread::sleep(Duration::from_secs(1));
        let kernel = common::kernel_cpu_ns(pid).saturating_sub(before) as f64
            / at.elapsed().as_secs_f64()
            / 1e7;
        let screen = tui.screen();
        let line = screen
            .lines()
            .find(|l| l.contains(&busy))
            .unwrap_or_default();
        let shown = cpu(line);
        seen.push((shown, kernel));
        if shown.is_some_and(|c| (c - kernel).abs() < 25.0 && kernel > 10.0) {
            row = line.to_string();
            break;
        }
    }
    assert!(
        !row.is_empty(),
        "the busy row's CPU % against the kernel's share of one core, each second: {seen:?}\n{}",
        tui.screen()
    );
    assert!(
        row.contains("iB / "),
        "memory used / limit with units: {row}"
    );
    tui.wait_line(&[&capped, "/ 64.0MiB"], Duration::from_secs(20));
    tui.wait_for("numbers: selected 1s", Duration::from_secs(5));

    tui.set_filter(&busy);
    tui.send("\r");
    tui.wait_for(&format!("Stats of {busy}"), Duration::from_secs(5));
    tui.wait_line(&["CPU", "(100% = one core)"], Duration::from_secs(5));
    tui.wait_line(&["Memory", "iB / "], Duration::from_secs(5));
    tui.send("t");
    tui.wait_for(&format!("Processes in {busy}"), Duration::from_secs(5));
    tui.wait_line(&["yes"], Duration::from_secs(10));
    // `t` again closes the view (esc right before q would read as alt-q).
    tui.send("t");
    tui.wait_screen("the list again", Duration::from_secs(5), |s| {
        !s.contains("Processes in")
    });
    tui.quit_and_check_restored();
}

/// Connecting a container to a network from the networks pane shows it in the network's row
/// at once. (The engine sends its `connect` event before it records the container's new
/// network: a list made at the event alone missed it until the next resync.)
#[test]
fn a_container_connected_from_the_networks_pane_shows_in_its_row_at_once() {
    let (_engine, cli) = setup_blocking();
    let clean = cli.cleanup();
    let home = clean.network(&unique("home"));
    let extra = clean.network(&unique("extra"));
    cli.ok(&["network", "create", "--internal", &home]);
    cli.ok(&["network", "create", "--internal", &extra]);
    let name = clean.container(&unique("joiner"));
    cli.ok(&[
        "run",
        "-d",
        "--network",
        &home,
        "--name",
        &name,
        common::IMAGE,
        "sleep",
        "300",
    ]);
    // An hour between resyncs: only the connect itself can bring the change.
    let mut tui = Tui::start(cli.host(), "[general]\nresync_interval = \"1h\"\n");
    tui.wait_loaded();
    tui.send("4");
    tui.wait_for(&extra, Duration::from_secs(10));
    tui.set_filter(&extra);
    tui.send("C");
    tui.wait_for("Container to connect", Duration::from_secs(5));
    tui.send(&format!("{name}\r"));
    let started = Instant::now();
    tui.wait_line(&[&extra, &name], Duration::from_secs(3));
    eprintln!(
        "the connected container was in the row after {:?}",
        started.elapsed()
    );
    assert_eq!(
        cli.networks_of(&name).len(),
        2,
        "the engine has it on both networks"
    );
    tui.quit_and_check_restored();
}

/// After an engine outage (a crash) the rows count from what the engine says now: a
/// container that stopped in the outage shows its exit as seconds ago, not counted from the
/// start event seen before the outage.
#[test]
fn after_an_engine_restart_a_stopped_container_counts_from_its_exit() {
    let own = common::OwnEngine::start();
    let cli = &own.cli;
    cli.ok(&[
        "create",
        "--network",
        "none",
        "--name",
        "outage",
        common::IMAGE,
        "sleep",
        "300",
    ]);
    let mut tui = Tui::start(cli.host(), "");
    tui.wait_loaded();
    // Started while dockhand watches: it knows the start's exact time from the event.
    cli.ok(&["start", "outage"]);
    tui.wait_line(&["outage", "running"], Duration::from_secs(5));
    std::thread::sleep(Duration::from_secs(20));
    own.crash_and_restart();
    let line = tui.wait_line(&["outage", "exited"], Duration::from_secs(30));
    // "Exited Less than a second ago", "Exited 1 second ago", "Exited 12 seconds ago"; a
    // minute or more reads "About a minute" / "N minutes" and fails the parse below.
    let rest = line.split("Exited ").nth(1).unwrap_or_default();
    let secs: i64 = if rest.starts_with("Less than") {
        0
    } else {
        rest.split(' ')
            .next()
            .and_then(|n| n.parse().ok())
            .unwrap_or_else(|| panic!("an exit some seconds ago: {line}"))
    };
    assert!(
        secs < 25,
        "the exit was moments ago, not 30 s after the start: {line}"
    );
    assert!(
        tui.screen().contains("connected"),
        "reconnected: {}",
        tui.screen()
    );
    tui.quit_and_check_restored();
}

/// A host named in the config is chosen by its name (`--host NAME`): dockhand connects to its
/// address, lists its containers and names it in the header; its read-only applies.
#[test]
fn a_configured_host_is_chosen_by_name_and_named_in_the_header() {
    let (_engine, cli) = setup_blocking();
    let config = format!(
        "[[hosts]]\nname = \"testbench\"\naddress = \"{}\"\naccent = \"magenta\"\nread_only = true\n",
        cli.host()
    );
    let mut tui = Tui::start("testbench", &config);
    tui.wait_loaded();
    let screen = tui.wait_for("READ-ONLY", Duration::from_secs(5));
    let header = screen.lines().next().unwrap_or_default();
    assert!(header.contains("│ testbench │"), "{header}");
    assert!(header.contains("connected"), "{header}");
    tui.quit_and_check_restored();
}

/// Two engines at once (the test engine and one of the test's own, of the other kind: A and B
/// in CI): the switcher lists both,
/// each keeps its filter across switches, the all-hosts list shows both engines' containers
/// under the right HOST, and a stop from there reaches the row's own engine and not the other.
#[test]
fn two_engines_switch_keep_state_and_stop_from_the_all_hosts_list() {
    let (_engine, cli_a) = setup_blocking();
    let other = match common::test_engine_kind() {
        common::EngineKind::A => common::EngineKind::B,
        common::EngineKind::B => common::EngineKind::A,
    };
    let b = common::OwnEngine::start_kind(other);
    let cli_b = &b.cli;
    let clean_a = cli_a.cleanup();
    // The same name on both engines: only the HOST column tells them apart.
    let name = clean_a.container(&unique("twin"));
    cli_a.run_detached(&name, &["--stop-timeout", "3"], &["sleep", "300"]);
    cli_b.run_detached(&name, &["--stop-timeout", "3"], &["sleep", "300"]);
    let only_b = unique("only-b");
    cli_b.run_detached(&only_b, &[], &["sleep", "300"]);
    let config = format!(
        "[[hosts]]\nname = \"alpha\"\naddress = \"{}\"\naccent = \"green\"\n\n\
         [[hosts]]\nname = \"bravo\"\naddress = \"{}\"\naccent = \"magenta\"\n",
        cli_a.host(),
        cli_b.host()
    );
    let mut tui = Tui::start("alpha", &config);
    tui.wait_loaded();
    tui.set_filter(&name);
    tui.wait_line(&[&name, "running"], Duration::from_secs(10));

    // The switcher lists both; bravo was never shown, so it is not connected yet.
    tui.send("H");
    tui.wait_line(
        &["bravo", "not connected", cli_b.host()],
        Duration::from_secs(5),
    );
    tui.wait_line(
        &["alpha", "connected", cli_a.host()],
        Duration::from_secs(1),
    );
    tui.send("bravo\r");
    tui.wait_line(&["│ bravo │", "connected"], Duration::from_secs(10));
    tui.wait_line(&[&only_b, "running"], Duration::from_secs(10));

    // Back to alpha: its filter is as it was left, on screen at once.
    tui.send("Halpha\r");
    let screen = tui.wait_line(&["│ alpha │"], Duration::from_secs(5));
    assert!(screen.contains("alpha"), "{screen}");
    tui.wait_for(&format!("· filter \"{name}\""), Duration::from_secs(2));
    tui.wait_for(" Containers 1 of ", Duration::from_secs(2));

    // All hosts: the twin on both, each under its own host.
    tui.send("H");
    tui.wait_line(&["all hosts", "2 connected"], Duration::from_secs(5));
    tui.send("all\r");
    tui.wait_line(
        &["│ all hosts │", "2 of 2 connected"],
        Duration::from_secs(5),
    );
    tui.filter.clear();
    tui.set_filter(&name);
    let row_a = tui.wait_line(&[&name, "alpha", "running"], Duration::from_secs(10));
    let row_b = tui.wait_line(&[&name, "bravo", "running"], Duration::from_secs(10));
    assert_ne!(row_a, row_b);
    // Select bravo's row (the first row is selected; the two tie on state and name).
    let screen = tui.screen();
    let lines: Vec<&str> = screen.lines().collect();
    let at = |host: &str| {
        lines
            .iter()
            .position(|l| l.contains(&name) && l.contains(host))
            .unwrap_or_else(|| panic!("no {host} row:\n{screen}"))
    };
    if at("bravo") > at("alpha") {
        tui.send("j");
    }
    tui.send("s");
    cli_b.wait_state_blocking(&name, "exited", Duration::from_secs(20));
    tui.wait_line(&[&name, "bravo", "exited"], Duration::from_secs(5));
    assert_eq!(
        cli_a.state(&name).as_deref(),
        Some("running"),
        "the same name on the other engine is untouched"
    );
    tui.wait_line(&[&name, "alpha", "running"], Duration::from_secs(1));
    tui.quit_and_check_restored();
}

/// `e` opens a shell in the selected container in this terminal: commands run there (what they
/// write stays in the container), a resize reaches it, and `exit` comes back to dockhand's
/// screen, which says how the shell ended and answers keys.
#[test]
fn a_shell_in_a_container_runs_commands_and_comes_back() {
    let (_engine, cli) = setup_blocking();
    let clean = cli.cleanup();
    let name = clean.container(&unique("shell"));
    cli.run_detached(&name, &[], &["sleep", "300"]);
    let mut tui = Tui::on_container(&cli, &name, "running");
    tui.send("e");
    tui.wait_for(
        &format!("[dockhand] a shell in {name}"),
        Duration::from_secs(10),
    );
    // busybox's ash (it has no bash).
    tui.wait_for("/ # ", Duration::from_secs(10));
    let only = |want: &'static str| move |s: &str| s.lines().any(|l| l.trim() == want);
    tui.send("echo $((6*7))\r");
    tui.wait_screen("42 alone on a line", Duration::from_secs(5), only("42"));
    tui.resize(120, 45);
    tui.send("stty size\r");
    tui.wait_screen(
        "the new size inside",
        Duration::from_secs(5),
        only("45 120"),
    );
    tui.send("echo made > /tmp/made-in-shell; exit\r");
    tui.wait_for(
        &format!("shell in {name} ended (exit code 0)"),
        Duration::from_secs(10),
    );
    assert_eq!(
        cli.ok(&["exec", &name, "cat", "/tmp/made-in-shell"]),
        "made"
    );
    // The screen is dockhand's again, and takes keys.
    tui.wait_line(&[&name, "running"], Duration::from_secs(5));
    tui.send("2");
    tui.wait_for(" Images ", Duration::from_secs(5));
    tui.quit_and_check_restored();
}

/// The engine crashing under an open shell (on an engine of the test's own, restarted at
/// once): the session ends, the terminal is dockhand's again, and the messages say how the
/// shell ended.
#[test]
fn a_shell_whose_engine_goes_away_ends_with_a_message() {
    let own = common::OwnEngine::start();
    let name = "victim";
    own.cli.run_detached(name, &[], &["sleep", "300"]);
    let mut tui = Tui::on_container(&own.cli, name, "running");
    tui.send("e");
    tui.wait_for("/ # ", Duration::from_secs(10));
    own.crash_and_restart();
    tui.wait_for("reconnected to the engine", Duration::from_secs(30));
    tui.send("m");
    let screen = tui.wait_for("Messages, newest first", Duration::from_secs(5));
    let said = screen
        .lines()
        .find(|l| l.contains(&format!("shell in {name}: ")))
        .unwrap_or_else(|| panic!("how the shell ended is among the messages:\n{screen}"));
    // Which words depends on where the crash catches the session: the stream closed under
    // it, the socket gone when it asked next, or the restarted engine not knowing the exec.
    assert!(
        [
            "cannot reach the engine",
            "lost the connection to the engine",
            "the engine no longer knows it"
        ]
        .iter()
        .any(|w| said.contains(w)),
        "{said}"
    );
    tui.send("m");
    tui.wait_line(&[name, "exited"], Duration::from_secs(10));
    tui.quit_and_check_restored();
}

/// A stopped container gets a message, not a session.
#[test]
fn a_shell_in_a_stopped_container_is_refused_with_a_message() {
    let (_engine, cli) = setup_blocking();
    let clean = cli.cleanup();
    let name = clean.container(&unique("noshell"));
    cli.create(&name, &[], &["sleep", "300"]);
    let mut tui = Tui::on_container(&cli, &name, "created");
    tui.send("e");
    tui.wait_for(
        "a shell runs only in a running container",
        Duration::from_secs(5),
    );
    tui.quit_and_check_restored();
}

/// `E` asks what to run (a user before `@`): the command runs as that user, its output stays
/// until a key, and the same command is offered again for the same image.
#[test]
fn a_command_as_a_user_runs_and_is_offered_again() {
    let (_engine, cli) = setup_blocking();
    let clean = cli.cleanup();
    let name = clean.container(&unique("exec"));
    cli.run_detached(&name, &[], &["sleep", "300"]);
    let mut tui = Tui::on_container(&cli, &name, "running");
    tui.send("E");
    tui.wait_for(&format!("Run in {name}"), Duration::from_secs(5));
    tui.send("nobody@sh -c 'id -u; exit 4'\r");
    tui.wait_for(
        "[dockhand] sh ended with exit code 4: press a key to go back",
        Duration::from_secs(10),
    );
    let screen = tui.screen();
    assert!(
        screen.lines().any(|l| l.trim() == "65534"),
        "it ran as nobody:\n{screen}"
    );
    tui.send("x");
    tui.wait_for(
        &format!("sh in {name} ended with exit code 4"),
        Duration::from_secs(5),
    );
    tui.send("E");
    tui.wait_for("nobody@sh -c 'id -u; exit 4'", Duration::from_secs(5));
    // Esc alone (a key after it at once would read as alt-KEY).
    tui.send("\x1b");
    tui.wait_screen("the prompt closed", Duration::from_secs(5), |s| {
        !s.contains("Run in")
    });
    tui.quit_and_check_restored();
}

/// `x` attaches to a container started with a TTY, the detach keys are shown before, and
/// ctrl-p ctrl-q comes back with the container still running.
#[test]
fn attach_and_detach_with_the_detach_keys() {
    let (_engine, cli) = setup_blocking();
    let clean = cli.cleanup();
    let name = clean.container(&unique("attach"));
    cli.run_detached(&name, &["-it"], &["sh"]);
    let mut tui = Tui::on_container(&cli, &name, "running");
    tui.send("x");
    tui.wait_for(
        "ctrl-p ctrl-q detaches (it keeps running)",
        Duration::from_secs(10),
    );
    tui.send("echo $((6*7))\r");
    tui.wait_screen("42 alone on a line", Duration::from_secs(5), |s| {
        s.lines().any(|l| l.trim() == "42")
    });
    tui.send("\x10\x11");
    tui.wait_for(
        &format!("detached from {name}: it keeps running"),
        Duration::from_secs(10),
    );
    assert_eq!(cli.state(&name).as_deref(), Some("running"));
    tui.wait_line(&[&name, "running"], Duration::from_secs(5));
    tui.quit_and_check_restored();
}
