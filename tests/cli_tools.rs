//! The binary's subcommands that need no terminal and no engine: shell completions and the man
//! page, run as a user or a package build would (stdout, exit status), with the flags beside
//! them still parsed as before.

// A test may unwrap, expect and panic: that is how it fails, with the reason.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::process::{Command, Output, Stdio};

/// Runs dockhand with `args`, no stdin and no terminal, and what it printed.
fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_dockhand"))
        .args(args)
        .stdin(Stdio::null())
        // Nothing from the machine's own docker setup or config may matter here.
        .env_remove("DOCKER_HOST")
        .env("HOME", std::env::temp_dir())
        .output()
        .unwrap()
}

fn stdout(out: &Output) -> String {
    String::from_utf8(out.stdout.clone()).unwrap()
}

#[test]
fn completions_for_bash_zsh_and_fish_name_the_subcommands_and_flags() {
    for shell in ["bash", "zsh", "fish"] {
        let out = run(&["completions", shell]);
        assert_eq!(out.status.code(), Some(0), "{shell}: {out:?}");
        assert!(out.stderr.is_empty(), "{shell}: {out:?}");
        let script = stdout(&out);
        for word in [
            "completions",
            "man",
            "--host",
            "--config",
            "--read-only",
            "--log-level",
            "--log-file",
            "--print-config-path",
        ] {
            // fish names long flags without their dashes (`-l read-only`).
            let found = script.contains(word) || script.contains(word.trim_start_matches('-'));
            assert!(found, "{shell} completions lack {word}:\n{script}");
        }
    }
    assert!(stdout(&run(&["completions", "bash"])).contains("complete -F _dockhand"));
    assert!(stdout(&run(&["completions", "zsh"])).starts_with("#compdef dockhand"));
    assert!(stdout(&run(&["completions", "fish"])).contains("complete -c dockhand"));
}

#[test]
fn the_man_page_is_roff_with_name_synopsis_and_options() {
    let out = run(&["man"]);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let page = stdout(&out);
    assert!(page.contains(".TH dockhand 1"), "{page}");
    for section in [".SH NAME", ".SH SYNOPSIS", ".SH OPTIONS", ".SH SUBCOMMANDS"] {
        assert!(page.contains(section), "no {section}:\n{page}");
    }
    // roff escapes dashes in flags.
    assert!(page.contains(r"\-\-read\-only"), "{page}");
    assert!(page.contains(env!("CARGO_PKG_VERSION")), "{page}");
}

#[test]
fn an_unknown_shell_is_refused_with_the_ones_there_are_and_exit_2() {
    let out = run(&["completions", "tcsh"]);
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    assert!(out.stdout.is_empty(), "{out:?}");
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("invalid value 'tcsh'"), "{err}");
    assert!(
        err.contains("bash") && err.contains("zsh") && err.contains("fish"),
        "{err}"
    );
}

#[test]
fn a_subcommand_without_its_shell_says_what_is_missing() {
    let out = run(&["completions"]);
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("<SHELL>"), "{err}");
}

#[test]
fn the_flags_still_work_beside_the_subcommands() {
    // --print-config-path exits before any terminal or engine, like the subcommands.
    let out = run(&[
        "--config",
        "/nonexistent/dockhand.toml",
        "--print-config-path",
    ]);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert_eq!(stdout(&out).trim(), "/nonexistent/dockhand.toml");
    let help = stdout(&run(&["--help"]));
    assert!(
        help.contains("completions") && help.contains("man"),
        "{help}"
    );
    assert!(help.contains("--host"), "{help}");
}
