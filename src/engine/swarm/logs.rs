//! A service's log lines and the task each came from.
//!
//! `GET /services/{id}/logs?follow=1&timestamps=1&details=1&stdout=1&stderr=1&tail=N` answers
//! with the same body as a container's logs (multiplexed frames; raw for a TTY service), the
//! tasks' lines interleaved as they arrive. `tail` counts per task. With `details=1` every
//! message is, as measured on Docker 20.10.24 and 26.1.5 (and written by moby's
//! `httputils.WriteLogStream`: the stamp, then the attributes, then a space, then the line):
//!
//! ```text
//! 2026-12-03T00:32:15.159047018Z com.docker.swarm.node.id=p1dp…,com.docker.swarm.service.id=cdyb…,com.docker.swarm.task.id=u356… tick
//! ```
//!
//! The attributes are `key=value` pairs joined by `,`, sorted by key, each key and value
//! escaped as a URL query (`url.QueryEscape`: a space is `+`); a container's own log
//! attributes (`--log-opt labels=…`) come among them. The stamp is read by the log decoder as
//! for a container; [`split_details`] takes the attributes off the line's bytes.
//!
//! The service must be named by id: on 20.10 a follow by name answered an empty body.

/// Who wrote a service's log line, from its details.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LineOrigin {
    pub task_id: String,
    pub node_id: String,
}

const TASK_KEY: &str = "com.docker.swarm.task.id";
const NODE_KEY: &str = "com.docker.swarm.node.id";

/// Splits a line's details off its text: the task (and node) that wrote it and the line as
/// the program wrote it. `None` when the line does not begin with details naming a task (it
/// is then left as it came).
pub fn split_details(line: &[u8]) -> Option<(LineOrigin, &[u8])> {
    let space = line.iter().position(|b| *b == b' ')?;
    let (attrs, rest) = (&line[..space], &line[space + 1..]);
    let attrs = std::str::from_utf8(attrs).ok()?;
    let mut origin = LineOrigin::default();
    for pair in attrs.split(',') {
        let (k, v) = pair.split_once('=')?;
        match unescape(k).as_str() {
            TASK_KEY => origin.task_id = unescape(v),
            NODE_KEY => origin.node_id = unescape(v),
            _ => {}
        }
    }
    if origin.task_id.is_empty() {
        return None;
    }
    Some((origin, rest))
}

/// Undoes Go's `url.QueryEscape`: `+` is a space, `%XX` a byte.
fn unescape(s: &str) -> String {
    let b = s.as_bytes();
    let hex = |c: u8| (c as char).to_digit(16).and_then(|d| u8::try_from(d).ok());
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < b.len() => match (hex(b[i + 1]), hex(b[i + 2])) {
                (Some(h), Some(l)) => {
                    out.push(h * 16 + l);
                    i += 2;
                }
                _ => out.push(b'%'),
            },
            c => out.push(c),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// How the screen names a task's lines: `web.2@node-1`, or for a global service's task (no
/// slot) `web.<node id, 12 characters>@node-1`, as `docker service logs` does (without the
/// task id it adds).
pub fn task_label(service: &str, slot: Option<u64>, node_id: &str, hostname: &str) -> String {
    let which = match slot {
        Some(s) => s.to_string(),
        None => node_id.chars().take(12).collect(),
    };
    let host = if hostname.is_empty() {
        node_id
    } else {
        hostname
    };
    format!("{service}.{which}@{host}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn details_recorded_on_both_engines_are_split_off() {
        let line = b"com.docker.swarm.node.id=p1dpv94n23jnooxdu7wq29y09,com.docker.swarm.service.id=cdybd87xlybraoypzcyzw4adk,com.docker.swarm.task.id=u356jaksn0svfiageipnuvads tick";
        let (origin, rest) = split_details(line).expect("details");
        assert_eq!(origin.task_id, "u356jaksn0svfiageipnuvads");
        assert_eq!(origin.node_id, "p1dpv94n23jnooxdu7wq29y09");
        assert_eq!(rest, b"tick");
        // An empty line, and a line with spaces of its own.
        let (_, rest) = split_details(b"com.docker.swarm.task.id=t ").expect("details");
        assert_eq!(rest, b"");
        let (_, rest) = split_details(b"com.docker.swarm.task.id=t a b  c").expect("details");
        assert_eq!(rest, b"a b  c");
    }

    #[test]
    fn escaped_attributes_of_the_container_are_read_and_skipped() {
        let line = b"com.docker.swarm.node.id=n,com.docker.swarm.service.id=s,com.docker.swarm.task.id=t,my+label=a%2Cb%3Dc hello";
        let (origin, rest) = split_details(line).expect("details");
        assert_eq!((origin.task_id.as_str(), rest), ("t", &b"hello"[..]));
        assert_eq!(unescape("a%2Cb%3Dc+d%"), "a,b=c d%");
        assert_eq!(unescape("%4"), "%4");
    }

    #[test]
    fn a_line_without_details_is_left_alone() {
        assert_eq!(split_details(b"hello world"), None);
        assert_eq!(split_details(b"a=b c"), None, "no task named");
        assert_eq!(split_details(b""), None);
    }

    #[test]
    fn tasks_are_labelled_by_slot_or_node() {
        assert_eq!(task_label("web", Some(2), "p1dpv94n23jn", "vm"), "web.2@vm");
        assert_eq!(
            task_label("agent", None, "p1dpv94n23jnooxdu7wq29y09", "vm"),
            "agent.p1dpv94n23jn@vm"
        );
        assert_eq!(task_label("web", Some(1), "n1", ""), "web.1@n1");
    }
}
