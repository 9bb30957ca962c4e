//! Container logs (`docker logs`): the engine's answer split into [`RawLine`]s, and a follower
//! that survives the container stopping and starting again.
//!
//! - [`Engine::logs`] reads once: the history (`tail`, `since`, `until`), then, with `follow`,
//!   what the container writes until it stops. Every line carries the engine's timestamp.
//! - [`Engine::follow_logs`] follows for as long as the caller holds it: when the container
//!   stops it says so ([`LogEvent::Ended`]), waits for it to start again (engine events, with
//!   an inspect as a safety net), says [`LogEvent::Resumed`] and goes on from the last byte it
//!   delivered, without repeating one. Dropping it cancels everything.
//!
//! # What the engine sends (observed on Docker 20.10.24 / API 1.41 and 26.1.5 / API 1.45)
//!
//! - `timestamps=1` is always asked for: ordering, resuming and de-duplicating need it. Each
//!   engine log *message* starts with `2026-11-29T18:44:31.123456789Z ` (always 9 digits).
//! - Without a TTY the body is multiplexed: frames of an 8-byte header (1 = stdout, 2 = stderr,
//!   3 = the engine's own error text) and one message each. With a TTY (`docker run -t`) there
//!   is no framing at all: messages follow each other, lines end in `\r\n` (the pty's), and
//!   stdout and stderr are one stream. API 1.45 names the two in `Content-Type`; 1.41 does
//!   not, so the first byte decides (a header starts with 0 to 3, a timestamp with a digit).
//! - The engine (json-file driver) cuts output into messages at `\n` and at 16 KiB: a 1 MB line
//!   is 64 messages, **all stamped with the time of the first** (both engines). So a message
//!   with the same stamp as the unfinished line before it continues that line.
//! - The engine keeps a line without `\n` to itself until 16 KiB have gathered or the process
//!   closes its output: `printf 'prompt> '; sleep 300` shows nothing on either engine (nor in
//!   `docker logs`) until the process exits. What the engine *does* send is shown promptly:
//!   a piece that is not followed by more within [`FLUSH_AFTER`] comes out as `partial`.
//! - Messages are written by one goroutine per stream, so stdout and stderr lines can come in a
//!   different order than the program wrote them (seen on 26.1: `echo a; echo b >&2` logs b
//!   first). Timestamps are not strictly increasing across the two streams.
//! - `since` and `until` accept `SECONDS.NANOS` on both engines and compare to the nanosecond;
//!   both are inclusive (`since=T` returns the message stamped T, `until=T` too). So a line's
//!   own `ts` can be handed back as `since`. (bollard's `LogsOptions` only has `i32` seconds.)
//! - Errors: 404 `No such container`; 501 `configured logging driver does not support reading`
//!   (`--log-driver none`, syslog…); 400 when neither stream is chosen.
//! - A follow ends when the container stops (also for `docker restart`: the stream ends before
//!   the restart returns) and when it is removed. It often ends *without the last message*
//!   written as the container stopped (4 times in 6 on 20.10, measured with curl), and one far
//!   behind ends after the rotated file, never reading the current one (20.10, a third of a
//!   flood lost). A plain reading afterwards has everything: the follower makes one (from
//!   where it got to) whenever the container stops.
//! - A follow far behind can also *skip* lines where the file rotated (26.1, `yes` with
//!   `max-size=100m`: after the last line of the first file came one stamped 3 s later, 1.4 M
//!   lines in between never sent; a plain reading has them). The sign: two lines whose stamps
//!   are further apart than the time the body kept dockhand waiting between them. The follower
//!   then reads that interval plainly (`since`/`until`) before going on; see [`skipped`].
//! - The default json-file driver keeps lines as JSON strings: invalid UTF-8 comes back as
//!   U+FFFD (`EF BF BD`); escapes, NUL and CR come back as written. The `local` driver keeps
//!   the bytes.
//!
//! # Why not bollard's `logs()`
//!
//! bollard 0.21 decodes TTY output over a unix socket by waiting for `\n`: a TTY line without
//! one (a progress bar redrawn with `\r` for an hour) grows its buffer without bound and shows
//! nothing. Its `since`/`until` are whole seconds. So the body is read raw (through
//! `export_container`, whose request is pointed at the logs path like [`Engine::get_raw`]) and
//! decoded here, with fixed bounds: one input chunk, at most [`DEFAULT_LINE_CAP`] bytes per
//! line and stream, a few lines ready. Nothing is read from the engine until the caller asks
//! for the next line, so a slow reader slows the engine's sender (backpressure), it never
//! makes dockhand buffer.

use std::collections::{HashMap, VecDeque};
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::task::{Context, Poll};
use std::time::Duration;

use bollard::errors::Error;
use bollard::query_parameters::{EventsOptions, InspectContainerOptions};
use futures_util::{Stream, StreamExt, future, stream};
use http::uri::PathAndQuery;
use tracing::{debug, warn};

use super::backoff::Backoff;
use super::connect::Engine;
use super::errors::describe;
use super::raw::rewrite_uri;
use crate::logs::{RawLine, Stream as Std};

/// Bytes kept of one line; the rest is counted in [`RawLine::dropped`]. A line of 64 KiB is
/// about 400 rows of a wide terminal; more helps nobody read, and a ring of lines stays small.
/// [`Engine::logs_capped`] takes another cap (e.g. to save whole lines to a file).
pub const DEFAULT_LINE_CAP: usize = 64 * 1024;
/// A line without its newline is shown (as `partial`) when nothing more arrives for this long.
pub const FLUSH_AFTER: Duration = Duration::from_millis(200);
/// What the follower says when the container is gone (also for a 404 from any log request).
pub const GONE: &str = "the container no longer exists";

/// The engine's log message size: it cuts longer lines into pieces of this size.
const ENGINE_CHUNK: usize = 16 * 1024;
/// Longest timestamp (with its space) looked for at the start of a message.
const TS_MAX: usize = 40;
/// How long the follower lets the engine take to record a stop after the stream ended.
const SETTLE: Duration = Duration::from_secs(2);
const SETTLE_POLL: Duration = Duration::from_millis(100);
/// While waiting for a start event, the container is also inspected this often, in case an
/// event was missed.
const WAIT_RECHECK: Duration = Duration::from_secs(30);
/// How much further apart two lines' stamps may be than the time the follow kept dockhand
/// waiting between them before the interval is read again ([`skipped`]). Covers the engine's
/// own delays in noticing that its file grew; a false alarm costs one plain reading.
const SKIP_SLACK: Duration = Duration::from_millis(300);

/// Which part of a container's log to read.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LogRequest {
    /// Only the last N messages (`None`: all). The engine counts messages: a line longer than
    /// 16 KiB is several.
    pub tail: Option<u64>,
    /// Only lines stamped at or after this time, in **nanoseconds** since the epoch, the unit
    /// of [`RawLine::ts`] (a line's `ts` can be given back as is). Sent as `SECONDS.NANOS`.
    pub since: Option<i64>,
    /// Only lines stamped at or before this time, nanoseconds since the epoch.
    pub until: Option<i64>,
    /// Keep the stream open for new lines until the container stops. The engine's follow can
    /// miss the last lines written as the container stops; [`Engine::follow_logs`] makes up
    /// for it.
    pub follow: bool,
}

/// What [`Engine::follow_logs`] yields.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LogEvent {
    Line(RawLine),
    /// The stream stopped, with the reason in words. `resumable`: the follower is waiting for
    /// the container to start again and will say [`LogEvent::Resumed`]; when false this is
    /// the last item (the container is gone, or its logs cannot be read).
    Ended {
        reason: String,
        resumable: bool,
    },
    /// Lines flow again (the container started again); nothing already delivered is repeated.
    Resumed,
}

impl Engine {
    /// The container's log as lines: stdout and stderr, each line stamped by the engine.
    /// `id` is a container id or name. An `Err` is always the last item; its text is for
    /// people ([`GONE`] when the container does not exist).
    pub fn logs(
        &self,
        id: &str,
        req: &LogRequest,
    ) -> impl Stream<Item = Result<RawLine, String>> + Send + Unpin + use<> {
        self.logs_capped(id, req, DEFAULT_LINE_CAP)
    }

    /// [`Engine::logs`] keeping up to `line_cap` bytes of each line.
    pub fn logs_capped(
        &self,
        id: &str,
        req: &LogRequest,
        line_cap: usize,
    ) -> impl Stream<Item = Result<RawLine, String>> + Send + Unpin + use<> {
        self.log_lines(id, req, line_cap, Cursor::default())
            .map(|r| r.map_err(|e| e.message))
    }

    /// Follows the container's log through stops and starts (see [`LogEvent`]). `req.follow`
    /// is ignored (always followed); `tail` applies to the first reading only. With `until`
    /// set the stream ends for good when the first reading does. Cancel by dropping it.
    pub fn follow_logs(
        &self,
        id: &str,
        req: &LogRequest,
    ) -> impl Stream<Item = LogEvent> + Send + Unpin + use<> {
        self.follow_logs_capped(id, req, DEFAULT_LINE_CAP)
    }

    /// [`Engine::follow_logs`] keeping up to `line_cap` bytes of each line.
    pub fn follow_logs_capped(
        &self,
        id: &str,
        req: &LogRequest,
        line_cap: usize,
    ) -> impl Stream<Item = LogEvent> + Send + Unpin + use<> {
        let follower = Follower {
            engine: self.clone(),
            id: id.to_string(),
            req: LogRequest {
                follow: true,
                ..req.clone()
            },
            cap: line_cap,
            cursor: Cursor::default(),
            instance: None,
            phase: Phase::Start,
            queue: VecDeque::new(),
            backoff: Backoff::new(),
            last_stop: None,
            last_ts: None,
        };
        Box::pin(stream::unfold(follower, |mut f| async move {
            let ev = f.next().await?;
            Some((ev, f))
        }))
    }

    fn log_lines(&self, id: &str, req: &LogRequest, cap: usize, from: Cursor) -> LogLines {
        LogLines::new(self.log_body(id, req), Decoder::new(cap, from))
    }

    /// The raw response body of `GET /containers/{id}/logs`.
    ///
    /// bollard has no public raw streaming request; `export_container` is a plain GET whose
    /// body comes back as bytes, and a request modifier points it at the logs path (as
    /// [`Engine::get_raw`] does with ping). The modifier runs when the request is built, before
    /// anything is sent, so an unmodified export (a tarball of the container) is never asked for.
    fn log_body(&self, id: &str, req: &LogRequest) -> Body {
        let target = format!("/containers/{}/logs?{}", path_segment(id), query(req));
        let target = match target.parse::<PathAndQuery>() {
            Ok(t) => t,
            Err(e) => return failed(format!("cannot ask for the logs of {id:?}: {e}")),
        };
        let rewritten = Arc::new(AtomicBool::new(false));
        let flag = rewritten.clone();
        let docker = self.docker.clone().with_request_modifier(move |mut r| {
            if let Ok(uri) = rewrite_uri(r.uri(), &target) {
                *r.uri_mut() = uri;
                flag.store(true, Ordering::SeqCst);
            }
            r
        });
        let body = docker.export_container(id);
        if !rewritten.load(Ordering::SeqCst) {
            return failed(format!(
                "could not address the logs of {id:?} on this connection"
            ));
        }
        Box::pin(body.map(|r| match r {
            Ok(bytes) => Ok(Box::new(bytes) as Chunk),
            Err(e) => Err(explain(&e)),
        }))
    }
}

/// One piece of the response body, as the transport gave it.
type Chunk = Box<dyn AsRef<[u8]> + Send>;
type Body = Pin<Box<dyn Stream<Item = Result<Chunk, LogError>> + Send>>;

fn failed(message: String) -> Body {
    Box::pin(stream::once(future::ready(Err(LogError {
        message,
        status: None,
    }))))
}

/// An error in words, with the engine's HTTP status when it answered with one.
#[derive(Clone, Debug)]
struct LogError {
    message: String,
    status: Option<u16>,
}

impl LogError {
    /// The engine refused for a reason that asking again will not change.
    fn is_final(&self) -> bool {
        matches!(self.status, Some(s) if (400..500).contains(&s) && s != 404 || s == 501)
    }
}

fn explain(e: &Error) -> LogError {
    let (message, status) = match e {
        Error::DockerResponseServerError {
            status_code: 404, ..
        } => (GONE.to_string(), Some(404)),
        Error::DockerResponseServerError {
            status_code,
            message,
        } if message.contains("does not support reading") => (
            "its logging driver keeps no log that can be read back (like `docker logs`, \
             dockhand cannot show it)"
                .to_string(),
            Some(*status_code),
        ),
        Error::DockerResponseServerError { status_code, .. } => (describe(e), Some(*status_code)),
        _ => (describe(e), None),
    };
    LogError { message, status }
}

/// The query of a logs request: both streams, timestamps, and the window.
fn query(req: &LogRequest) -> String {
    let mut q = String::from("stdout=1&stderr=1&timestamps=1");
    q.push_str(if req.follow { "&follow=1" } else { "&follow=0" });
    match req.tail {
        Some(n) => q.push_str(&format!("&tail={n}")),
        None => q.push_str("&tail=all"),
    }
    if let Some(s) = req.since {
        q.push_str(&format!("&since={}", engine_time(s)));
    }
    if let Some(u) = req.until {
        q.push_str(&format!("&until={}", engine_time(u)));
    }
    q
}

/// Nanoseconds since the epoch as the engine takes them: `SECONDS.NANOS` (9 digits).
fn engine_time(nanos: i64) -> String {
    let nanos = nanos.max(0);
    format!("{}.{:09}", nanos / 1_000_000_000, nanos % 1_000_000_000)
}

/// A container id or name as one path segment (names are `[a-zA-Z0-9][a-zA-Z0-9_.-]*`;
/// anything else is escaped rather than trusted).
pub(crate) fn path_segment(id: &str) -> String {
    let mut s = String::with_capacity(id.len());
    for b in id.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.') {
            s.push(b as char);
        } else {
            s.push_str(&format!("%{b:02X}"));
        }
    }
    s
}

// ------------------------------------------------------------------------ time --

/// An RFC 3339 time (`2026-11-29T18:44:31.123456789Z`, any number of fraction digits, `Z` or
/// an offset) to nanoseconds since the epoch.
pub fn parse_timestamp(s: &[u8]) -> Option<i64> {
    fn num(s: &[u8], from: usize, len: usize) -> Option<i64> {
        let d = s.get(from..from + len)?;
        d.iter().try_fold(0i64, |acc, b| {
            b.is_ascii_digit().then_some(acc * 10 + i64::from(b - b'0'))
        })
    }
    if s.len() < 20 {
        return None;
    }
    let (year, month, day) = (num(s, 0, 4)?, num(s, 5, 2)?, num(s, 8, 2)?);
    let (hour, min, sec) = (num(s, 11, 2)?, num(s, 14, 2)?, num(s, 17, 2)?);
    if s[4] != b'-' || s[7] != b'-' || !matches!(s[10], b'T' | b't' | b' ') {
        return None;
    }
    if s[13] != b':' || s[16] != b':' {
        return None;
    }
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) || hour > 23 || min > 59 || sec > 60 {
        return None;
    }
    let mut i = 19;
    let mut frac = 0i64;
    if s.get(i) == Some(&b'.') {
        i += 1;
        let start = i;
        while i < s.len() && s[i].is_ascii_digit() {
            if i - start < 9 {
                frac = frac * 10 + i64::from(s[i] - b'0');
            }
            i += 1;
        }
        let digits = i - start;
        if digits == 0 {
            return None;
        }
        for _ in digits..9 {
            frac *= 10;
        }
    }
    let offset = match s.get(i)? {
        b'Z' | b'z' => {
            i += 1;
            0
        }
        sign @ (b'+' | b'-') => {
            let (h, m) = (num(s, i + 1, 2)?, num(s, i + 4, 2)?);
            if s.get(i + 3) != Some(&b':') {
                return None;
            }
            i += 6;
            let o = h * 3600 + m * 60;
            if *sign == b'-' { -o } else { o }
        }
        _ => return None,
    };
    if i != s.len() {
        return None;
    }
    let days = days_from_civil(year, month, day);
    let secs = days * 86_400 + hour * 3600 + min * 60 + sec - offset;
    secs.checked_mul(1_000_000_000)?.checked_add(frac)
}

/// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

// --------------------------------------------------------------------- decoder --

/// Where a reading got to, so that the next reading (from `since` = that stamp) skips exactly
/// what was delivered.
#[derive(Clone, Debug, Default)]
struct Cursor {
    /// The latest stamp seen, and how many content bytes of messages with that stamp were read
    /// (delivered, capped away or skipped). The engine's `since` is inclusive, so a reading
    /// from that stamp starts with those bytes again: they are skipped.
    at: Option<(i64, u64)>,
    /// Per stream (stdout, stderr): a line shown as partial whose rest may still come.
    open: [Option<Open>; 2],
}

/// A line emitted as partial: its stamp and how many bytes of it were kept.
#[derive(Clone, Copy, Debug)]
struct Open {
    ts: i64,
    kept: usize,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Mode {
    Unknown,
    Mux,
    Tty,
}

/// Why a timestamp is looked for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum StampAt {
    /// At the start of a message: one is always there.
    Start,
    /// In a TTY line, 16 KiB into a message: the next message starts here if the line is long.
    Boundary,
    /// In a TTY stream, where skipping the already delivered bytes stopped.
    AfterSkip,
}

#[derive(Debug)]
enum State {
    Sniff,
    Header,
    Stamp(StampAt),
    Content,
    /// Bytes of a frame that are not container output; `note` keeps the engine's own error
    /// text (stream 3) for the log.
    Discard {
        left: usize,
        note: Option<Vec<u8>>,
    },
}

/// A line being put together.
#[derive(Debug)]
struct Pending {
    ts: Option<i64>,
    bytes: Vec<u8>,
    dropped: usize,
    /// How many bytes of this line may be kept (less than the cap for a continuation).
    budget: usize,
    continued: bool,
    /// The last byte appended was `\r` (a TTY line's end is `\r\n`).
    cr: bool,
}

#[derive(Debug, Default)]
struct Lane {
    line: Option<Pending>,
    open: Option<Open>,
}

/// The message being read.
#[derive(Debug, Default)]
struct Msg {
    lane: usize,
    ts: Option<i64>,
    /// Its bytes count towards the cursor (its stamp is the latest seen).
    counted: bool,
    /// Bytes of it still to drop (already delivered by an earlier reading).
    skip: u64,
}

/// Turns a logs response body into lines, a piece at a time. Pure: fed chunks, asked for lines.
struct Decoder {
    cap: usize,
    mode: Mode,
    state: State,
    /// Payload bytes left in the current frame (multiplexed bodies).
    frame_left: usize,
    /// Content bytes since the last stamp, and whether 16 KiB boundaries are looked at (TTY).
    msg_len: usize,
    bounds: bool,
    msg: Msg,
    lanes: [Lane; 2],
    ready: VecDeque<RawLine>,
    at: Option<(i64, u64)>,
    /// From the cursor the reading started at: bytes at that stamp still to skip.
    skip: Option<(i64, u64)>,
    chunk: Option<Chunk>,
    off: usize,
    /// The end of a chunk that cut a header or a stamp in two, put before the next chunk.
    carry: Vec<u8>,
}

enum Step {
    Consumed(usize),
    NeedMore,
}

fn lane_stream(lane: usize) -> Std {
    if lane == 1 { Std::Stderr } else { Std::Stdout }
}

impl Decoder {
    fn new(cap: usize, from: Cursor) -> Decoder {
        let [o0, o1] = from.open;
        Decoder {
            cap,
            mode: Mode::Unknown,
            state: State::Sniff,
            frame_left: 0,
            msg_len: 0,
            bounds: false,
            msg: Msg::default(),
            lanes: [
                Lane {
                    line: None,
                    open: o0,
                },
                Lane {
                    line: None,
                    open: o1,
                },
            ],
            ready: VecDeque::new(),
            at: from.at,
            skip: from.at.filter(|(_, n)| *n > 0),
            chunk: None,
            off: 0,
            carry: Vec::new(),
        }
    }

    fn cursor(&self) -> Cursor {
        Cursor {
            at: self.at,
            open: [self.lanes[0].open, self.lanes[1].open],
        }
    }

    fn feed(&mut self, chunk: Chunk) {
        if self.carry.is_empty() {
            self.chunk = Some(chunk);
        } else {
            let mut joined = std::mem::take(&mut self.carry);
            joined.extend_from_slice((*chunk).as_ref());
            self.chunk = Some(Box::new(joined));
        }
        self.off = 0;
    }

    /// The next complete line from what was fed, if any.
    fn next_line(&mut self) -> Option<RawLine> {
        loop {
            if let Some(line) = self.ready.pop_front() {
                return Some(line);
            }
            let chunk = self.chunk.take()?;
            let data = &(*chunk).as_ref()[self.off..];
            if data.is_empty() {
                self.off = 0;
                continue;
            }
            match self.step(data, false) {
                Step::Consumed(n) => {
                    self.off += n;
                    self.chunk = Some(chunk);
                }
                Step::NeedMore => {
                    self.carry.extend_from_slice(data);
                    self.off = 0;
                }
            }
        }
    }

    /// The body ended: decode what was held back and let every unfinished line out.
    fn finish(&mut self) {
        let carry = std::mem::take(&mut self.carry);
        let mut off = 0;
        while off < carry.len() {
            match self.step(&carry[off..], true) {
                Step::Consumed(n) => off += n,
                Step::NeedMore => break,
            }
        }
        self.flush();
    }

    /// Whether a line has bytes that are not shown yet.
    fn holds_unshown(&self) -> bool {
        self.lanes.iter().any(|l| {
            l.line
                .as_ref()
                .is_some_and(|p| !p.bytes.is_empty() || p.dropped > 0)
        })
    }

    /// Shows every unfinished line as `partial`; a later piece of it comes as `continued`.
    fn flush(&mut self) {
        let mut order = [0usize, 1];
        order.sort_by_key(|l| self.lanes[*l].line.as_ref().and_then(|p| p.ts));
        for l in order {
            let has = self.lanes[l]
                .line
                .as_ref()
                .is_some_and(|p| !p.bytes.is_empty() || p.dropped > 0);
            if !has {
                continue;
            }
            if let Some(p) = self.lanes[l].line.take() {
                let open = p.ts.map(|ts| Open {
                    ts,
                    kept: self.cap.saturating_sub(p.budget) + p.bytes.len(),
                });
                self.emit(l, p, true);
                self.lanes[l].open = open;
            }
        }
    }

    fn emit(&mut self, lane: usize, mut p: Pending, partial: bool) {
        if p.bytes.capacity() > p.bytes.len() + p.bytes.len() / 4 + 64 {
            p.bytes.shrink_to_fit();
        }
        self.ready.push_back(RawLine {
            ts: p.ts,
            stream: lane_stream(lane),
            bytes: p.bytes,
            partial,
            dropped: p.dropped,
            continued: p.continued,
        });
    }

    fn step(&mut self, data: &[u8], eof: bool) -> Step {
        match self.state {
            State::Sniff => {
                // With timestamps on, a TTY body starts with a digit; a frame header with 0-3.
                self.mode = if data[0] <= 3 { Mode::Mux } else { Mode::Tty };
                self.state = match self.mode {
                    Mode::Mux => State::Header,
                    _ => State::Stamp(StampAt::Start),
                };
                Step::Consumed(0)
            }
            State::Header => {
                if data.len() < 8 {
                    return if eof {
                        Step::Consumed(data.len())
                    } else {
                        Step::NeedMore
                    };
                }
                let len = u32::from_be_bytes([data[4], data[5], data[6], data[7]]) as usize;
                self.state = match data[0] {
                    _ if len == 0 => State::Header,
                    kind @ (1 | 2) => {
                        self.msg.lane = usize::from(kind - 1);
                        self.frame_left = len;
                        State::Stamp(StampAt::Start)
                    }
                    3 => State::Discard {
                        left: len,
                        note: Some(Vec::new()),
                    },
                    _ => State::Discard {
                        left: len,
                        note: None,
                    },
                };
                Step::Consumed(8)
            }
            State::Discard { .. } => self.discard(data),
            State::Stamp(why) => self.stamp(data, why, eof),
            State::Content => Step::Consumed(self.content(data)),
        }
    }

    /// Frame bytes that are not container output (stdin, the engine's own error text).
    fn discard(&mut self, data: &[u8]) -> Step {
        let State::Discard { left, note } = &mut self.state else {
            return Step::Consumed(0);
        };
        let n = (*left).min(data.len());
        *left -= n;
        if let Some(note) = note {
            let room = 512usize.saturating_sub(note.len());
            note.extend_from_slice(&data[..n.min(room)]);
        }
        if *left == 0 {
            if let Some(note) = note {
                warn!(message = %String::from_utf8_lossy(note).trim(), "engine error in a log stream");
            }
            self.state = State::Header;
        }
        Step::Consumed(n)
    }

    /// Looks for the engine's timestamp at the start of a message (or where one may be).
    fn stamp(&mut self, data: &[u8], why: StampAt, eof: bool) -> Step {
        let avail = match self.mode {
            Mode::Mux => data.len().min(self.frame_left),
            _ => data.len(),
        };
        let window = &data[..avail.min(TS_MAX)];
        let end = window.iter().position(|b| *b == b' ' || *b == b'\n');
        let found = match end {
            Some(i) if window[i] == b' ' => parse_timestamp(&window[..i]).map(|ts| (ts, i + 1)),
            Some(_) => None,
            None => {
                let whole_frame = self.mode == Mode::Mux && self.frame_left <= data.len();
                if window.len() < TS_MAX && !whole_frame && !eof {
                    return Step::NeedMore;
                }
                None
            }
        };
        self.state = State::Content;
        match found {
            Some((ts, used)) => {
                if self.mode == Mode::Mux {
                    self.frame_left -= used;
                }
                self.begin_message(Some(ts));
                if self.mode == Mode::Mux && self.frame_left == 0 {
                    self.state = State::Header;
                }
                Step::Consumed(used)
            }
            None => {
                match why {
                    StampAt::Start => self.begin_message(None),
                    // Not a message boundary after all: the same message goes on.
                    StampAt::Boundary | StampAt::AfterSkip => self.bounds = false,
                }
                Step::Consumed(0)
            }
        }
    }

    fn begin_message(&mut self, ts: Option<i64>) {
        // The cursor: the latest stamp and the bytes read at it.
        self.msg.counted = match (ts, self.at) {
            (Some(t), Some((a, _))) if t < a => false,
            (Some(t), Some((a, _))) if t == a => true,
            (Some(t), _) => {
                self.at = Some((t, 0));
                true
            }
            (None, _) => false,
        };
        // Skipping what an earlier reading delivered.
        self.msg.skip = 0;
        if let Some((st, left)) = self.skip {
            match ts {
                Some(t) if t < st => self.msg.skip = u64::MAX,
                Some(t) if t == st => self.msg.skip = left,
                _ => self.skip = None,
            }
        }
        // A message with another stamp ends the unfinished line of its stream.
        let lane = &mut self.lanes[self.msg.lane];
        let same = |t: Option<i64>| ts.is_some() && t == ts;
        if lane.line.as_ref().is_some_and(|p| !same(p.ts)) {
            if let Some(p) = lane.line.take() {
                lane.open = None;
                let l = self.msg.lane;
                self.emit(l, p, true);
            }
        } else if lane.line.is_none() && lane.open.is_some_and(|o| !same(Some(o.ts))) {
            lane.open = None;
        }
        self.msg.ts = ts;
        self.msg_len = 0;
        self.bounds = true;
    }

    /// Message content up to the next line end, frame end, boundary or end of the skip.
    fn content(&mut self, data: &[u8]) -> usize {
        let mut k = data.len();
        if self.mode == Mode::Mux {
            k = k.min(self.frame_left);
        } else if self.bounds {
            k = k.min(ENGINE_CHUNK.saturating_sub(self.msg_len).max(1));
        }
        let skipping = self.msg.skip > 0;
        if skipping {
            k = k.min(usize::try_from(self.msg.skip).unwrap_or(usize::MAX));
        }
        let nl = data[..k].iter().position(|b| *b == b'\n');
        let k = nl.map_or(k, |i| i + 1);
        // Skipped bytes were counted by the reading that delivered them.
        if self.msg.counted
            && !skipping
            && let Some((_, n)) = &mut self.at
        {
            *n += k as u64;
        }
        let mut skip_ended = false;
        if skipping {
            if self.msg.skip != u64::MAX {
                self.msg.skip -= k as u64;
                if let Some((_, left)) = &mut self.skip {
                    *left = left.saturating_sub(k as u64);
                    if *left == 0 {
                        self.skip = None;
                        skip_ended = true;
                    }
                }
            }
        } else {
            let end = nl.unwrap_or(k);
            self.append(&data[..end]);
            if nl.is_some() {
                self.end_line();
            }
        }
        match self.mode {
            Mode::Mux => {
                self.frame_left -= k;
                if self.frame_left == 0 {
                    self.state = State::Header;
                }
            }
            _ => {
                if nl.is_some() {
                    self.state = State::Stamp(StampAt::Start);
                } else {
                    self.msg_len += k;
                    if skip_ended {
                        self.state = State::Stamp(StampAt::AfterSkip);
                    } else if self.bounds && self.msg_len >= ENGINE_CHUNK {
                        self.state = State::Stamp(StampAt::Boundary);
                    }
                }
            }
        }
        k
    }

    fn append(&mut self, bytes: &[u8]) {
        let (cap, ts) = (self.cap, self.msg.ts);
        let lane = &mut self.lanes[self.msg.lane];
        let line = lane.line.get_or_insert_with(|| {
            let (continued, budget) = match lane.open {
                Some(o) if ts == Some(o.ts) => (true, cap.saturating_sub(o.kept)),
                _ => (false, cap),
            };
            Pending {
                ts,
                bytes: Vec::new(),
                dropped: 0,
                budget,
                continued,
                cr: false,
            }
        });
        if bytes.is_empty() {
            return;
        }
        let room = line.budget.saturating_sub(line.bytes.len());
        let take = room.min(bytes.len());
        line.bytes.extend_from_slice(&bytes[..take]);
        line.dropped += bytes.len() - take;
        line.cr = bytes.last() == Some(&b'\r');
    }

    fn end_line(&mut self) {
        let l = self.msg.lane;
        let tty = self.mode == Mode::Tty;
        let lane = &mut self.lanes[l];
        lane.open = None;
        if let Some(mut p) = lane.line.take() {
            // A pty ends lines with \r\n: the \r is the terminal's, not the program's.
            if tty && p.cr {
                if p.dropped > 0 {
                    p.dropped -= 1;
                } else {
                    p.bytes.pop();
                }
            }
            self.emit(l, p, false);
        }
    }
}

// ------------------------------------------------------------------ the stream --

/// The lines of one logs request, decoded as they are asked for.
struct LogLines {
    body: Body,
    dec: Decoder,
    flush: Option<Pin<Box<tokio::time::Sleep>>>,
    /// `None` while the body is open; then the error still to report, or nothing.
    end: Option<Option<LogError>>,
    /// How long the body kept the reader waiting (for more data) since [`Self::take_waited`]:
    /// a follow at the live edge waits as long as the container is quiet; one behind never does.
    waited: Duration,
    pending_since: Option<tokio::time::Instant>,
}

impl LogLines {
    fn new(body: Body, dec: Decoder) -> LogLines {
        LogLines {
            body,
            dec,
            flush: None,
            end: None,
            waited: Duration::ZERO,
            pending_since: None,
        }
    }

    fn cursor(&self) -> Cursor {
        self.dec.cursor()
    }

    /// The time spent waiting for the body since the last call.
    fn take_waited(&mut self) -> Duration {
        let now = tokio::time::Instant::now();
        let mut w = std::mem::take(&mut self.waited);
        if let Some(since) = &mut self.pending_since {
            w += now.saturating_duration_since(*since);
            *since = now;
        }
        w
    }
}

impl Stream for LogLines {
    type Item = Result<RawLine, LogError>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = &mut *self;
        loop {
            if let Some(line) = this.dec.next_line() {
                return Poll::Ready(Some(Ok(line)));
            }
            if let Some(end) = &mut this.end {
                return Poll::Ready(end.take().map(Err));
            }
            let polled = this.body.as_mut().poll_next(cx);
            if polled.is_pending() {
                this.pending_since
                    .get_or_insert_with(tokio::time::Instant::now);
            } else if let Some(since) = this.pending_since.take() {
                this.waited += since.elapsed();
            }
            match polled {
                Poll::Ready(Some(Ok(chunk))) => {
                    this.flush = None;
                    this.dec.feed(chunk);
                }
                Poll::Ready(Some(Err(e))) => {
                    this.dec.finish();
                    this.end = Some(Some(e));
                }
                Poll::Ready(None) => {
                    this.dec.finish();
                    this.end = Some(None);
                }
                Poll::Pending => {
                    if !this.dec.holds_unshown() {
                        this.flush = None;
                        return Poll::Pending;
                    }
                    let timer = this
                        .flush
                        .get_or_insert_with(|| Box::pin(tokio::time::sleep(FLUSH_AFTER)));
                    if timer.as_mut().poll(cx).is_pending() {
                        return Poll::Pending;
                    }
                    this.flush = None;
                    this.dec.flush();
                }
            }
        }
    }
}

/// Decodes a recorded logs response body (as the engine sent it for `timestamps=1`), given in
/// chunks as they arrived, into lines. For fixtures and tests: the same decoder as
/// [`Engine::logs`], including the [`FLUSH_AFTER`] rule when `body` pauses.
pub fn decode_body<B, S>(
    body: S,
    line_cap: usize,
) -> impl Stream<Item = Result<RawLine, String>> + Send + Unpin
where
    B: AsRef<[u8]> + Send + 'static,
    S: Stream<Item = Result<B, String>> + Send + 'static,
{
    let body: Body = Box::pin(body.map(|r| match r {
        Ok(b) => Ok(Box::new(b) as Chunk),
        Err(message) => Err(LogError {
            message,
            status: None,
        }),
    }));
    LogLines::new(body, Decoder::new(line_cap, Cursor::default())).map(|r| r.map_err(|e| e.message))
}

// -------------------------------------------------------------------- follower --

/// The container run whose log is being followed.
#[derive(Clone, Debug)]
struct Instance {
    started_at: String,
    finished_at: String,
    running: bool,
    status: String,
    exit_code: Option<i64>,
}

impl Instance {
    fn stop_reason(&self) -> String {
        match self.status.as_str() {
            "exited" => match self.exit_code {
                Some(code) => format!("the container exited with code {code}"),
                None => "the container exited".to_string(),
            },
            "restarting" => "the container is restarting".to_string(),
            "dead" => "the container is dead".to_string(),
            "removing" => "the container is being removed".to_string(),
            "created" => "the container has not started".to_string(),
            "" => "the container stopped".to_string(),
            other => format!("the container is {other}"),
        }
    }
}

enum Phase {
    /// The first reading is still to be opened.
    Start,
    Reading(Box<LogLines>),
    /// The follow skipped lines before `held` ([`skipped`]): a plain reading of the interval
    /// delivers them, then `held`, then the follow goes on.
    Refill {
        lines: Box<LogLines>,
        follow: Box<LogLines>,
        held: RawLine,
        found: u64,
    },
    /// The container stopped: a last plain reading from where the follow got to delivers what
    /// the follow may have missed, then the follower says `reason` and waits.
    CatchUp(Box<LogLines>, String),
    /// The stream ended; waiting for the container to start again.
    Waiting,
    Done,
}

struct Follower {
    engine: Engine,
    id: String,
    req: LogRequest,
    cap: usize,
    cursor: Cursor,
    /// The run whose lines were read last.
    instance: Option<Instance>,
    phase: Phase,
    queue: VecDeque<LogEvent>,
    backoff: Backoff,
    /// When the run read last stopped (engine time, ns), once known.
    last_stop: Option<i64>,
    /// The latest stamp delivered by the current reading.
    last_ts: Option<i64>,
}

/// Which reading [`Follower::open`] starts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Reading {
    First,
    /// The same run goes on (the stream ended for another reason than a stop).
    SameRun,
    NewRun,
}

impl Follower {
    async fn next(&mut self) -> Option<LogEvent> {
        loop {
            if let Some(ev) = self.queue.pop_front() {
                return Some(ev);
            }
            match &mut self.phase {
                Phase::Done => return None,
                Phase::Start => match self.inspect().await {
                    Ok(None) => self.end_for_good(GONE.to_string()),
                    Ok(Some(i)) => {
                        self.instance = Some(i);
                        self.open(Reading::First);
                    }
                    Err(e) => {
                        self.queue.push_back(LogEvent::Ended {
                            reason: e,
                            resumable: true,
                        });
                        self.phase = Phase::Waiting;
                    }
                },
                Phase::Reading(lines) => match lines.next().await {
                    Some(Ok(line)) => {
                        self.backoff.reset();
                        let waited = lines.take_waited();
                        let last = self.last_ts;
                        if let Some(ts) = line.ts {
                            self.last_ts = Some(last.map_or(ts, |l| l.max(ts)));
                        }
                        match (last, line.ts) {
                            (Some(from), Some(to)) if skipped(from, to, waited) => {
                                self.refill(from, to, line)
                            }
                            _ => return Some(LogEvent::Line(line)),
                        }
                    }
                    Some(Err(e)) => {
                        self.cursor = lines.cursor();
                        self.stream_ended(Some(e)).await;
                    }
                    None => {
                        self.cursor = lines.cursor();
                        self.stream_ended(None).await;
                    }
                },
                Phase::Refill { lines, found, .. } => match lines.next().await {
                    Some(Ok(line)) => {
                        *found += 1;
                        return Some(LogEvent::Line(line));
                    }
                    Some(Err(_)) | None => {
                        if let Phase::Refill {
                            follow,
                            held,
                            found,
                            ..
                        } = std::mem::replace(&mut self.phase, Phase::Waiting)
                        {
                            if found > 0 {
                                debug!(found, id = %self.id, "log follower: the follow had skipped lines; read them");
                            }
                            self.phase = Phase::Reading(follow);
                            return Some(LogEvent::Line(held));
                        }
                    }
                },
                Phase::CatchUp(lines, _) => match lines.next().await {
                    Some(Ok(line)) => return Some(LogEvent::Line(line)),
                    Some(Err(_)) | None => {
                        self.cursor = lines.cursor();
                        if let Phase::CatchUp(_, reason) =
                            std::mem::replace(&mut self.phase, Phase::Waiting)
                        {
                            self.ended(reason);
                        }
                    }
                },
                Phase::Waiting => self.wait().await,
            }
        }
    }

    /// Reads the lines stamped strictly between `from` and `to` that the follow skipped, then
    /// `held` (stamped `to`) and the follow.
    fn refill(&mut self, from: i64, to: i64, held: RawLine) {
        let Phase::Reading(follow) = std::mem::replace(&mut self.phase, Phase::Waiting) else {
            return self.queue.push_back(LogEvent::Line(held));
        };
        let req = LogRequest {
            follow: false,
            tail: None,
            since: Some(from + 1),
            until: Some(to - 1),
        };
        let lines = self
            .engine
            .log_lines(&self.id, &req, self.cap, Cursor::default());
        self.phase = Phase::Refill {
            lines: Box::new(lines),
            follow,
            held,
            found: 0,
        };
    }

    /// Opens a reading from where the last one got to (or as asked, the first time).
    fn open(&mut self, reading: Reading) {
        self.last_ts = None;
        let req = self.request(reading);
        let lines = self
            .engine
            .log_lines(&self.id, &req, self.cap, self.cursor.clone());
        self.phase = Phase::Reading(Box::new(lines));
    }

    fn request(&self, reading: Reading) -> LogRequest {
        let mut req = self.req.clone();
        if let Some((ts, _)) = self.cursor.at {
            req.since = Some(ts);
            req.tail = None;
        } else if reading == Reading::NewRun {
            // Nothing was delivered: the earlier runs' lines were outside the window (`tail`,
            // `since`), and the new run's lines are all new.
            req.since = req.since.max(self.last_stop);
            req.tail = None;
        }
        req
    }

    /// The container stopped. A follow that was far behind can end before it has delivered
    /// everything (seen on Docker 20.10 with log rotation: the follow ended after the rotated
    /// file, a third of the lines unread), so one plain reading from the cursor comes first.
    fn catch_up(&mut self, reason: String) {
        let req = LogRequest {
            follow: false,
            ..self.request(Reading::SameRun)
        };
        let lines = self
            .engine
            .log_lines(&self.id, &req, self.cap, self.cursor.clone());
        self.phase = Phase::CatchUp(Box::new(lines), reason);
    }

    fn end_for_good(&mut self, reason: String) {
        self.queue.push_back(LogEvent::Ended {
            reason,
            resumable: false,
        });
        self.phase = Phase::Done;
    }

    fn ended(&mut self, reason: String) {
        self.queue.push_back(LogEvent::Ended {
            reason,
            resumable: true,
        });
        self.phase = Phase::Waiting;
    }

    async fn stream_ended(&mut self, err: Option<LogError>) {
        if let Some(e) = &err
            && e.is_final()
        {
            return self.end_for_good(e.message.clone());
        }
        if self.req.until.is_some() {
            let reason = err.map_or_else(
                || "the chosen time window is over".to_string(),
                |e| e.message,
            );
            return self.end_for_good(reason);
        }
        let before = self.instance.as_ref().map(|i| i.started_at.clone());
        // The stream can end a moment before the engine records the stop.
        let mut now = self.inspect().await;
        let mut waited = Duration::ZERO;
        while waited < SETTLE
            && matches!(&now, Ok(Some(i)) if i.running && Some(&i.started_at) == before.as_ref())
        {
            tokio::time::sleep(SETTLE_POLL).await;
            waited += SETTLE_POLL;
            now = self.inspect().await;
        }
        if let Ok(Some(i)) = &now
            && !is_zero_time(&i.finished_at)
        {
            self.last_stop = parse_timestamp(i.finished_at.as_bytes());
        }
        match now {
            Ok(None) => self.end_for_good(GONE.to_string()),
            Err(e) => self.ended(err.map_or(e, |s| s.message)),
            Ok(Some(i)) if Some(&i.started_at) != before.as_ref() => {
                self.ended("the container restarted".to_string())
            }
            Ok(Some(i)) if i.running => {
                self.ended(err.map_or_else(|| "the log stream ended".to_string(), |e| e.message))
            }
            Ok(Some(i)) => self.catch_up(i.stop_reason()),
        }
    }

    /// Waits until the container runs again (then reads on), or is gone.
    async fn wait(&mut self) {
        loop {
            match self.check().await {
                Some(true) => return,
                Some(false) => {}
                None => {
                    tokio::time::sleep(self.backoff.next_wait()).await;
                    continue;
                }
            }
            // Start and destroy events of this container, from before the run we read (the
            // engine replays them; an old start is recognised by its start time).
            let since = self
                .instance
                .as_ref()
                .and_then(|i| parse_timestamp(i.started_at.as_bytes()))
                .map(|ns| (ns / 1_000_000_000 - 1).to_string());
            let filters = HashMap::from([
                ("type".to_string(), vec!["container".to_string()]),
                ("container".to_string(), vec![self.id.clone()]),
                (
                    "event".to_string(),
                    vec!["start".to_string(), "destroy".to_string()],
                ),
            ]);
            let opts = EventsOptions {
                since,
                until: None,
                filters: Some(filters),
            };
            let mut events = Box::pin(self.engine.docker.events(Some(opts)));
            loop {
                match tokio::time::timeout(WAIT_RECHECK, events.next()).await {
                    Ok(Some(Ok(ev))) => {
                        debug!(action = ?ev.action, id = %self.id, "log follower: event");
                        if ev.action.as_deref() == Some("destroy") {
                            return self.end_for_good(GONE.to_string());
                        }
                        match self.check().await {
                            Some(true) => return,
                            _ if matches!(self.phase, Phase::Done) => return,
                            _ => {}
                        }
                    }
                    Ok(Some(Err(e))) => {
                        debug!(error = %describe(&e), "log follower: event stream failed");
                        tokio::time::sleep(self.backoff.next_wait()).await;
                        break;
                    }
                    Ok(None) => {
                        tokio::time::sleep(self.backoff.next_wait()).await;
                        break;
                    }
                    Err(_) => match self.check().await {
                        Some(true) => return,
                        _ if matches!(self.phase, Phase::Done) => return,
                        _ => {}
                    },
                }
            }
        }
    }

    /// Looks at the container: `Some(true)` when reading resumed (or the follower ended),
    /// `Some(false)` to keep waiting, `None` when the engine did not answer.
    async fn check(&mut self) -> Option<bool> {
        let now = match self.inspect().await {
            Ok(None) => {
                self.end_for_good(GONE.to_string());
                return Some(true);
            }
            Ok(Some(i)) => i,
            Err(_) => return None,
        };
        let before = self.instance.as_ref().map(|i| i.started_at.clone());
        let new_run = Some(&now.started_at) != before.as_ref() && !is_zero_time(&now.started_at);
        if !new_run && !now.running {
            return Some(false);
        }
        if !new_run {
            // The same run still going: the stream ended for another reason. Read on, but
            // not in a tight loop.
            tokio::time::sleep(self.backoff.next_wait()).await;
        }
        self.instance = Some(now);
        self.queue.push_back(LogEvent::Resumed);
        self.open(if new_run {
            Reading::NewRun
        } else {
            Reading::SameRun
        });
        Some(true)
    }

    /// The container's current run, `None` when it is gone. Borrows only what it needs: the
    /// follower holds streams that are `Send` but not `Sync`.
    fn inspect(&self) -> impl Future<Output = Result<Option<Instance>, String>> + Send + use<> {
        let (engine, id) = (self.engine.clone(), self.id.clone());
        async move { inspect_run(&engine, &id).await }
    }
}

async fn inspect_run(engine: &Engine, id: &str) -> Result<Option<Instance>, String> {
    match engine
        .docker
        .inspect_container(id, None::<InspectContainerOptions>)
        .await
    {
        Ok(r) => {
            let st = r.state.unwrap_or_default();
            Ok(Some(Instance {
                started_at: st.started_at.unwrap_or_default(),
                finished_at: st.finished_at.unwrap_or_default(),
                running: st.running.unwrap_or(false),
                status: st.status.map(|s| s.to_string()).unwrap_or_default(),
                exit_code: st.exit_code,
            }))
        }
        Err(e) if super::errors::is_not_found(&e) => Ok(None),
        Err(e) => Err(describe(&e)),
    }
}

/// Whether the follow may have skipped lines between two it delivered, stamped `from` and
/// `to` (ns), with the body keeping the reader `waited` between them. A container quiet for
/// a while is waited for about that long; a follow that jumps ahead (rotation, see the module
/// notes) delivers the two back to back.
fn skipped(from: i64, to: i64, waited: Duration) -> bool {
    let gap = to.saturating_sub(from);
    let allowed = (waited + SKIP_SLACK).as_nanos();
    gap > 1 && u128::try_from(gap).is_ok_and(|g| g > allowed)
}

/// The engine's "never" (`0001-01-01T00:00:00Z`).
fn is_zero_time(t: &str) -> bool {
    t.is_empty() || t.starts_with("0001-01-01")
}

#[cfg(test)]
mod tests {
    use super::*;

    const MS: i64 = 1_000_000;

    #[test]
    fn a_jump_without_waiting_is_a_skip() {
        // Back to back, 3 s apart: what the rotation skip on 26.1 looks like.
        assert!(skipped(0, 3_000 * MS, Duration::ZERO));
        assert!(skipped(0, 400 * MS, Duration::from_millis(50)));
    }

    #[test]
    fn a_quiet_container_waited_for_is_not() {
        assert!(!skipped(0, 3_000 * MS, Duration::from_millis(2_990)));
        assert!(!skipped(0, 3_000 * MS, Duration::from_secs(5)));
        // Lines close together, read from a backlog.
        assert!(!skipped(0, 5 * MS, Duration::ZERO));
        assert!(!skipped(0, 300 * MS, Duration::ZERO));
        // Stamps going back (stdout and stderr are not in order) or equal.
        assert!(!skipped(10 * MS, 0, Duration::ZERO));
        assert!(!skipped(7, 7, Duration::ZERO));
        assert!(!skipped(7, 8, Duration::ZERO));
    }
}
