//! Command-line flags and the subcommands that print something about dockhand itself (shell
//! completions, the man page) and exit without a terminal or an engine.

use std::path::PathBuf;

use clap::{CommandFactory, Parser, Subcommand};

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

    /// Without one, dockhand runs its terminal UI.
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// What dockhand prints instead of running: each goes to stdout, and dockhand exits.
#[derive(Subcommand, Debug, Clone)]
pub enum Command {
    /// Print a shell completion script for SHELL to stdout (see the README to install it).
    Completions {
        /// The shell the script is for.
        #[arg(value_enum, value_name = "SHELL")]
        shell: clap_complete::Shell,
    },
    /// Print dockhand's man page (roff) to stdout, e.g. `dockhand man > dockhand.1`.
    Man,
}

/// Writes what `command` prints to `out`: built from the clap definitions above, so that the
/// completions and the man page always name the flags as they are.
pub fn print(command: &Command, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    let mut cmd = Cli::command();
    match command {
        Command::Completions { shell } => {
            let name = cmd.get_name().to_string();
            // Into memory first: clap_complete panics when its writer fails (a closed pipe),
            // and dockhand must say an error, not panic, on what it cannot control.
            let mut script = Vec::new();
            clap_complete::generate(*shell, &mut cmd, name, &mut script);
            out.write_all(&script)
        }
        Command::Man => clap_mangen::Man::new(cmd).render(out),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_definitions_are_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn flags_still_parse_without_a_subcommand() {
        let cli =
            Cli::try_parse_from(["dockhand", "--host", "tcp://x:2375", "--read-only"]).unwrap();
        assert_eq!(cli.host.as_deref(), Some("tcp://x:2375"));
        assert!(cli.read_only);
        assert!(cli.command.is_none());
    }

    #[test]
    fn subcommands_parse() {
        let cli = Cli::try_parse_from(["dockhand", "completions", "zsh"]).unwrap();
        assert!(matches!(
            cli.command,
            Some(Command::Completions {
                shell: clap_complete::Shell::Zsh
            })
        ));
        let cli = Cli::try_parse_from(["dockhand", "man"]).unwrap();
        assert!(matches!(cli.command, Some(Command::Man)));
        let err = Cli::try_parse_from(["dockhand", "completions", "tcsh"]).unwrap_err();
        assert_eq!(err.exit_code(), 2);
    }

    #[test]
    fn the_man_page_is_roff() {
        let mut out = Vec::new();
        print(&Command::Man, &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(text.contains(".TH dockhand 1"), "{text}");
        // roff escapes the dashes of a flag.
        assert!(text.contains(r"\-\-read\-only"), "{text}");
    }
}
