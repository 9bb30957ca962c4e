//! Entry point: flags, config (checked before the terminal is touched), whether there is a
//! terminal to run in, logging, host resolution, then the loop.

use std::io::Write as _;
use std::process::ExitCode;

use clap::Parser;

use dockhand::app::{App, HostSpec, Level};
use dockhand::cli::Cli;
use dockhand::engine::catalogue::catalogue;
use dockhand::engine::host::HostEnv;
use dockhand::{config, logging, runtime, terminal};

fn main() -> ExitCode {
    let cli = Cli::parse();
    // Before the config, the terminal and the engine: printing the completions or the man page
    // needs none of them, and works in a pipe or a package build.
    if let Some(command) = &cli.command {
        let mut out = std::io::stdout().lock();
        return match dockhand::cli::print(command, &mut out).and_then(|()| out.flush()) {
            Ok(()) => ExitCode::SUCCESS,
            // A closed pipe (`dockhand man | head`) is not worth a message.
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
            Err(e) => {
                let _ = writeln!(std::io::stderr(), "dockhand: {e}");
                ExitCode::FAILURE
            }
        };
    }
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    let (config_path, required) = match &cli.config {
        Some(p) => (Some(p.clone()), true),
        None => (config::default_path(), false),
    };
    if cli.print_config_path {
        match &config_path {
            Some(p) => println!("{}", p.display()),
            None => println!("(no config directory on this platform)"),
        }
        return ExitCode::SUCCESS;
    }
    let mut cfg = match &config_path {
        Some(p) => match config::load(p, required, no_color) {
            Ok(c) => c,
            Err(e) => {
                eprint!("{e}");
                return ExitCode::from(2);
            }
        },
        None => config::Config::default(),
    };
    // After the config (a bad file is reported wherever dockhand runs), before the log file,
    // the engine and the terminal: nothing is touched when it cannot run here.
    if let Some(why) = terminal::unavailable() {
        eprintln!("{why}");
        return ExitCode::from(2);
    }
    if no_color {
        cfg.theme.monochrome = true;
    }
    cfg.read_only |= cli.read_only;
    // Every host dockhand can show (the start address, `[[hosts]]`, docker contexts): found
    // before the app is made, which shows the start one and connects the others when shown.
    let hosts = catalogue(
        cli.host.as_deref(),
        &HostEnv::from_process(),
        cfg.host.as_deref(),
        &cfg.hosts,
    );
    let log_file = match logging::init(&cli.log_level, cli.log_file.clone()) {
        Ok(p) => p,
        Err(e) => {
            eprintln!("dockhand: {e}");
            return ExitCode::from(2);
        }
    };
    tracing::info!(
        version = env!("CARGO_PKG_VERSION"),
        ?config_path,
        ?log_file,
        "starting"
    );
    // `auto` asks the terminal for its background: here, before the loop's key reader exists
    // (it would take the answer for keys). Not asked without colours: nothing would change.
    if cfg.theme_name == config::ThemeName::Auto && !no_color {
        cfg.settle_theme(terminal::background_theme());
    }
    let start = &hosts.entries[hosts.start];
    tracing::info!(resolution = ?start.resolution, host = %start.name, "hosts to try");
    for p in &hosts.problems {
        tracing::warn!(problem = %p, "a docker context could not be read");
    }

    let rt = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("dockhand: cannot start the async runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    let specs: Vec<HostSpec> = hosts
        .entries
        .iter()
        .map(|e| HostSpec {
            name: e.name.clone(),
            address: e.address.clone(),
            source: e.source.clone(),
            read_only: e.read_only,
            shell: e.shell.clone(),
            accent: e
                .accent
                .as_deref()
                .and_then(|a| config::theme::parse_color(a).ok()),
        })
        .collect();
    let mut app = App::with_hosts(&cfg, dockhand::clock::unix_now(), &specs, hosts.start);
    for p in &hosts.problems {
        app.screen
            .toasts
            .push(Level::Warning, format!("docker context: {p}"), app.now);
    }
    // The commands typed with E in earlier runs; a broken file is said, and kept as it is.
    if let Some(path) = dockhand::remembered::commands_file() {
        match dockhand::remembered::load_commands(&path) {
            Ok(commands) => app.exec_memory = commands,
            Err(e) => {
                tracing::warn!(problem = %e, "the commands file was not read");
                app.screen.toasts.push(Level::Warning, e, app.now);
                app.save_commands = false;
            }
        }
    }
    // The `:` commands of earlier runs; a broken file is only logged (it is rewritten whole at
    // the next command, as a history is worth less than a working prompt).
    if let Some(path) = dockhand::remembered::history_file() {
        match dockhand::remembered::load_history(&path) {
            Ok(history) => app.command_history = history,
            Err(e) => tracing::warn!(problem = %e, "the command history was not read"),
        }
    }
    let resolutions = hosts.entries.into_iter().map(|e| e.resolution).collect();
    let log_render = dockhand::engine::supervisor::LogRender {
        colors: cfg.logs.colors,
        max_chars: cfg.logs.max_line_chars,
    };
    let start = dockhand::ids::HostId(hosts.start);
    let result = rt.block_on(runtime::run(app, resolutions, start, log_render, cfg.mouse));
    // The bollard client may hold connections; do not wait for them on the way out.
    rt.shutdown_timeout(std::time::Duration::from_millis(200));
    terminal::restore();
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            // Not eprintln!: the terminal may be gone (its window closed), and that panics.
            let _ = writeln!(std::io::stderr(), "dockhand: {e}");
            tracing::info!(error = %e, "ended");
            ExitCode::FAILURE
        }
    }
}
