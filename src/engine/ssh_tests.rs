//! Unit tests of [`super`]: addresses, ssh's arguments, the words for ssh's failures, and the
//! transport with a stand-in `ssh` program (the real ssh: tests/engine_ssh.rs).

use super::*;

fn t(uri: &str) -> SshTarget {
    SshTarget::parse(uri).unwrap_or_else(|e| panic!("{uri}: {e}"))
}

#[test]
fn addresses_with_user_host_and_port() {
    assert_eq!(
        t("ssh://me@box:2222"),
        SshTarget {
            user: Some("me".into()),
            host: "box".into(),
            port: Some(2222)
        }
    );
    assert_eq!(
        t("ssh://box"),
        SshTarget {
            user: None,
            host: "box".into(),
            port: None
        }
    );
    assert_eq!(t("ssh://root@[::1]:22").host, "::1");
    assert_eq!(t("ssh://root@[::1]:22").port, Some(22));
    assert_eq!(t("ssh://[fe80::1]").port, None);
    assert_eq!(t("ssh://box/").host, "box");
    assert_eq!(t("ssh://a@b@box").user.as_deref(), Some("a@b"));
}

#[test]
fn bad_addresses_say_what_is_wrong() {
    let e = |uri: &str| SshTarget::parse(uri).expect_err(uri);
    assert!(e("ssh://box:0").contains("bad port \"0\""));
    assert!(e("ssh://box:99999").contains("bad port"));
    assert!(e("ssh://box:ab").contains("bad port"));
    assert!(e("ssh://box/var/run").contains("not a path"));
    assert!(e("ssh://").contains("no host"));
    assert!(e("ssh://me@").contains("no host"));
    assert!(e("ssh://-oProxyCommand=x").contains("not a host name"));
    assert!(e("ssh://-x@box").contains("not a user name"));
    assert!(e("ssh://[::1").contains("unclosed"));
    assert!(e("tcp://box").contains("not an ssh://"));
}

#[test]
fn ssh_gets_the_port_the_user_and_batch_mode() {
    let opts = SshOptions {
        program: "ssh".into(),
        config: Some("/tmp/cfg".into()),
    };
    let args: Vec<String> = ssh_args(&t("ssh://me@box:2222"), &opts)
        .into_iter()
        .map(|a| a.to_string_lossy().into_owned())
        .collect();
    let joined = args.join(" ");
    assert!(
        joined.starts_with("-F /tmp/cfg -o BatchMode=yes "),
        "{joined}"
    );
    assert!(
        joined.ends_with("-T -p 2222 -l me -- box docker system dial-stdio"),
        "{joined}"
    );
    let args = ssh_args(&t("ssh://box"), &SshOptions::default());
    let joined: Vec<String> = args
        .iter()
        .map(|a| a.to_string_lossy().into_owned())
        .collect();
    assert!(!joined.contains(&"-p".to_string()) && !joined.contains(&"-l".to_string()));
    assert!(!joined.contains(&"-F".to_string()));
}

#[test]
fn ssh_failures_in_words() {
    let target = t("ssh://root@127.0.0.1:2222");
    let unknown = "No ED25519 host key is known for [127.0.0.1]:2222 and you have requested strict checking.\r\nHost key verification failed.\r\n";
    assert_eq!(
        word_failure(&target, Some(255), unknown),
        "the host key of 127.0.0.1 is not known: connect once with ssh to check and accept it (ssh -p 2222 root@127.0.0.1)"
    );
    assert_eq!(
        word_failure(
            &target,
            Some(255),
            "root@127.0.0.1: Permission denied (publickey).\n"
        ),
        "127.0.0.1 refused the ssh login of root: no key it accepts was offered (load it into ssh-agent, or name it with IdentityFile in ~/.ssh/config)"
    );
    assert!(
        word_failure(
            &target,
            Some(127),
            "bash: line 1: docker: command not found\n"
        )
        .starts_with("there is no docker CLI on 127.0.0.1")
    );
    assert!(
        word_failure(&target, Some(1), "sh: 1: docker: not found\n")
            .starts_with("there is no docker CLI on 127.0.0.1")
    );
    assert_eq!(
        word_failure(
            &target,
            Some(255),
            "ssh: connect to host 127.0.0.1 port 2222: Connection refused\n"
        ),
        "127.0.0.1 refuses ssh connections on port 2222"
    );
    assert!(
        word_failure(
            &target,
            Some(255),
            "@@@@\n@    WARNING: REMOTE HOST IDENTIFICATION HAS CHANGED!     @\n"
        )
        .contains("CHANGED")
    );
    assert_eq!(
        word_failure(&target, Some(3), "something odd\x1b[31m\n"),
        "ssh to 127.0.0.1 failed (exit 3): something odd[31m"
    );
}

/// A stand-in for ssh: a shell script that writes `stderr` and exits with `code`.
fn fake_ssh(dir: &std::path::Path, stderr: &str, code: i32) -> PathBuf {
    use std::os::unix::fs::PermissionsExt;
    let path = dir.join("ssh");
    std::fs::write(
        &path,
        format!("#!/bin/sh\nprintf '%s\\n' '{stderr}' >&2\nexit {code}\n"),
    )
    .expect("write");
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    path
}

async fn first_error(opts: &SshOptions) -> String {
    let docker = client(&t("ssh://me@box:2222"), opts, 10).expect("client");
    let e = docker
        .version()
        .await
        .expect_err("no engine behind a fake ssh");
    crate::engine::errors::describe(&e)
}

#[tokio::test]
async fn a_remote_without_docker_is_said_so() {
    let dir = tempfile::tempdir().expect("tempdir");
    let opts = SshOptions {
        program: fake_ssh(dir.path(), "bash: line 1: docker: command not found", 127),
        config: None,
    };
    let e = first_error(&opts).await;
    assert!(e.starts_with("there is no docker CLI on box"), "{e}");
}

#[tokio::test]
async fn no_ssh_here_is_said_so() {
    let opts = SshOptions {
        program: "/nonexistent/dockhand/ssh".into(),
        config: None,
    };
    let e = first_error(&opts).await;
    assert!(e.starts_with("ssh is not installed here"), "{e}");
}
