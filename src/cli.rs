//! Command-line flags.

use std::path::PathBuf;

use clap::Parser;

#[derive(Parser, Debug, Clone)]
#[command(
    name = "dockhand",
    version,
    about = "A terminal UI for managing Docker hosts",
    long_about = "A terminal UI for managing Docker hosts: see containers at a glance, start, stop, \
restart, pause, kill and remove them with one key, live from the engine's event stream.\n\n\
The engine is found in this order: --host; DOCKER_HOST (with DOCKER_TLS_VERIFY and \
DOCKER_CERT_PATH); DOCKER_CONTEXT or the docker CLI's current context; `host` in the config \
file; then the usual sockets (/var/run/docker.sock, rootless, Docker Desktop, colima, OrbStack, \
podman).\n\nOver ssh, dockhand runs the system ssh (BatchMode: it never prompts); DOCKHAND_SSH_CONFIG=FILE gives ssh another config file (ssh -F)."
)]
pub struct Cli {
    /// Engine address (unix:///path, tcp://host:port, https://host:port,
    /// ssh://user@host:port), or the name of a [[hosts]] entry in the config.
    #[arg(short = 'H', long, value_name = "URI|NAME")]
    pub host: Option<String>,

    /// Config file (default: the platform's config dir, dockhand/config.toml).
    #[arg(short, long, value_name = "PATH")]
    pub config: Option<PathBuf>,

    /// Hide and disable every action that changes the engine.
    #[arg(long)]
    pub read_only: bool,

    /// Log detail: error, warn, info, debug or trace. Logs go to a file, never the terminal.
    #[arg(long, value_name = "LEVEL", default_value = "info")]
    pub log_level: String,

    /// Log file (default: the platform's state dir, dockhand/dockhand.log).
    #[arg(long, value_name = "PATH")]
    pub log_file: Option<PathBuf>,

    /// Print the config file path that would be used, and exit.
    #[arg(long)]
    pub print_config_path: bool,
}
