//! Entry point: flags, config (checked before the terminal is touched), whether there is a
//! terminal to run in, logging, host resolution, then the loop.

use std::process::ExitCode;

use clap::Parser;

use dockhand::app::App;
use dockhand::cli::Cli;
use dockhand::engine::host::HostEnv;
use dockhand::engine::named::resolve_named;
use dockhand::{config, logging, runtime, terminal};

fn main() -> ExitCode {
    let cli = Cli::parse();
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
    // Resolved before the app is made: a configured host's read-only applies from the start.
    let (resolution, named) = resolve_named(
        cli.host.as_deref(),
        &HostEnv::from_process(),
        cfg.host.as_deref(),
        &cfg.hosts,
    );
    if let Some(h) = &named {
        cfg.read_only |= h.read_only;
    }
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
    tracing::info!(?resolution, host = ?named.as_ref().map(|h| &h.name), "hosts to try");

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
    let mut app = App::new(&cfg, dockhand::clock::unix_now());
    if let Some(h) = &named {
        app.name_host(h);
    }
    let log_render = dockhand::engine::supervisor::LogRender {
        colors: cfg.logs.colors,
        max_chars: cfg.logs.max_line_chars,
    };
    let result = rt.block_on(runtime::run(app, resolution, log_render, cfg.mouse));
    // The bollard client may hold connections; do not wait for them on the way out.
    rt.shutdown_timeout(std::time::Duration::from_millis(200));
    terminal::restore();
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("dockhand: {e}");
            ExitCode::FAILURE
        }
    }
}
