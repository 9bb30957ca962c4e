//! Commands in containers through the exec API, against a real, private engine: finding a
//! shell, a TTY session's bytes both ways, its size and resizes, its exit code, and the
//! refusals (no shell, a stopped container).

// A test may unwrap, expect and panic: that is how it fails, with the reason.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::process::{Command, Stdio};
use std::time::Duration;

use futures_util::StreamExt;
use tokio::io::AsyncWriteExt;
use tokio::time::{Instant, timeout_at};

use common::{Cli, docker_binary, setup, unique};
use dockhand::engine::Engine;
use dockhand::engine::exec::{Ended, Session};

/// Reads a session's output until it ends, for at most 15 s; the text read.
async fn read_to_end(s: &mut Session) -> String {
    let deadline = Instant::now() + Duration::from_secs(15);
    let mut out = Vec::new();
    loop {
        match timeout_at(deadline, s.output.next()).await {
            Err(_) => panic!(
                "the session did not end within 15 s; read so far: {}",
                String::from_utf8_lossy(&out)
            ),
            Ok(None) => break,
            Ok(Some(Err(e))) => panic!("the session's output failed: {e}"),
            Ok(Some(Ok(bytes))) => out.extend_from_slice(&bytes),
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The exec's exit code once the engine has recorded it (bounded).
async fn exit_code(engine: &Engine, exec: &str) -> i64 {
    for _ in 0..100 {
        if let Some(code) = engine.exit_code(exec).await.expect("inspect the exec") {
            return code;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    panic!("no exit code for exec {exec} within 2 s");
}

#[tokio::test]
async fn a_shell_session_runs_commands_and_gives_its_exit_code() {
    let (engine, cli) = setup().await;
    let clean = cli.cleanup();
    let name = clean.container(&unique("exec"));
    let id = cli.run_detached(&name, &[], &["sleep", "300"]);
    // The test image is busybox: ash and sh, no bash.
    assert_eq!(
        engine.find_shell(&id).await.expect("find a shell"),
        Some("ash")
    );

    let mut s = engine
        .open_session(&id, &["sh".to_string()], None, (100, 30))
        .await
        .expect("open a session");
    s.input
        .write_all(b"stty size; echo $((6*7)); echo made > /tmp/from-session; exit 5\n")
        .await
        .expect("type into the session");
    let text = read_to_end(&mut s).await;
    assert!(
        text.contains("30 100"),
        "the TTY has the size given: {text}"
    );
    assert!(text.contains("42"), "{text}");
    assert_eq!(exit_code(&engine, &s.id).await, 5);
    assert_eq!(cli.ok(&["exec", &name, "cat", "/tmp/from-session"]), "made");
}

#[tokio::test]
async fn a_resize_reaches_the_session() {
    let (engine, cli) = setup().await;
    let clean = cli.cleanup();
    let name = clean.container(&unique("resize"));
    let id = cli.run_detached(&name, &[], &["sleep", "300"]);
    let mut s = engine
        .open_session(&id, &["sh".to_string()], None, (80, 24))
        .await
        .expect("open a session");
    engine
        .resize_session(&s.id, 132, 43)
        .await
        .expect("resize the session");
    s.input
        .write_all(b"stty size; exit\n")
        .await
        .expect("type into the session");
    let text = read_to_end(&mut s).await;
    assert!(text.contains("43 132"), "the new size inside: {text}");
}

/// An image holding only a static busybox at /busybox (no applet links): no shell by any name.
fn import_shell_less_image(cli: &Cli, reference: &str) {
    let dir = tempfile::tempdir().expect("a temp dir");
    std::fs::copy("/bin/busybox", dir.path().join("busybox")).expect("copy /bin/busybox");
    let tar_file = dir.path().join("rootfs.tar");
    let tar = Command::new("tar")
        .args(["-C", &dir.path().display().to_string(), "-cf"])
        .arg(&tar_file)
        .arg("busybox")
        .status()
        .expect("run tar");
    assert!(tar.success(), "tar failed");
    let out = Command::new(docker_binary())
        .args(["-H", cli.host(), "import"])
        .arg(&tar_file)
        .arg(reference)
        .stdin(Stdio::null())
        .output()
        .expect("run docker import");
    assert!(
        out.status.success(),
        "docker import failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[tokio::test]
async fn no_shell_and_a_stopped_container_are_refused_in_words() {
    let (engine, cli) = setup().await;
    let clean = cli.cleanup();
    let image = clean.image(&format!("local/{}:test", unique("noshell")));
    import_shell_less_image(&cli, &image);
    let name = clean.container(&unique("noshell"));
    let id = cli.ok(&[
        "run",
        "-d",
        "--network",
        "none",
        "--name",
        &name,
        &image,
        "/busybox",
        "sleep",
        "300",
    ]);
    assert_eq!(
        engine.find_shell(&id).await.expect("look for a shell"),
        None,
        "none of bash, ash, sh"
    );

    let stopped = clean.container(&unique("stopped"));
    let sid = cli.create(&stopped, &[], &["sleep", "300"]);
    let err = match engine
        .open_session(&sid, &["sh".to_string()], None, (80, 24))
        .await
    {
        Ok(_) => panic!("a session in a container that is not running"),
        Err(e) => e,
    };
    assert!(err.contains("not running"), "{err}");
}

#[tokio::test]
async fn attach_and_detach_leave_the_container_running() {
    let (engine, cli) = setup().await;
    let clean = cli.cleanup();
    let name = clean.container(&unique("attach"));
    let id = cli.run_detached(&name, &["-it"], &["sh"]);
    let mut s = engine
        .attach_session(&id, "ctrl-p,ctrl-q", (100, 30))
        .await
        .expect("attach");
    // ctrl-p ctrl-q: the engine detaches and closes the stream.
    s.input
        .write_all(b"echo $((6*7))\n")
        .await
        .expect("type into the container");
    tokio::time::sleep(Duration::from_millis(300)).await;
    s.input
        .write_all(&[0x10, 0x11])
        .await
        .expect("the detach keys");
    let text = read_to_end(&mut s).await;
    assert!(text.contains("42"), "{text}");
    assert_eq!(
        engine.ended(&s).await.expect("how it ended"),
        Ended::Detached
    );
    assert_eq!(cli.state(&name).as_deref(), Some("running"));

    // Without a TTY or open stdin there is nothing to attach to: refused with why.
    let quiet = clean.container(&unique("quiet"));
    let qid = cli.run_detached(&quiet, &[], &["sleep", "300"]);
    let err = match engine.attach_session(&qid, "ctrl-p,ctrl-q", (80, 24)).await {
        Ok(_) => panic!("attached to a container without a TTY or open stdin"),
        Err(e) => e,
    };
    assert!(err.contains("without a TTY or open stdin"), "{err}");
}
