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
//! - `since` only finds where to start: 26.1 gives the first message stamped at or after it
//!   and *everything after it in the file*, earlier stamps included. Recorded
//!   (`tests/fixtures/logs/`): `echo run; echo >&2 err-run` logged `run` at .215817567 then
//!   `err-run` at .215748447; `since=….215817567` returned both, in that order (about 1 exited
//!   container in 20 on a busy machine has its two lines in the file against stamp order).
//!   So the [`decoder::Cursor`] keeps a stamp per stream, where stamps do go up.
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
//!   then reads that interval plainly (`since`/`until`) before going on; see
//!   [`follower::skipped`].
//! - A flood is written faster than the engine can stream it: busybox `seq 1 2000000000`
//!   writes about 300,000 lines/s, a follow receives about 80,000 lines/s (the docker CLI
//!   too, 20.10 on 2 cores), so a follow that reads everything falls further behind for as
//!   long as the flood lasts (16 s behind after 25 s). A follow that keeps up ([`Pace`])
//!   jumps ahead instead; see [`keep_up`].
//! - `tail` and `since` apply together (the last N messages, of those at or after `since`),
//!   so a jump re-opens at the tail without repeating what was delivered.
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
//!
//! # Where things are
//!
//! - [`request`]: what is asked of the engine ([`LogRequest`], the query, the raw body) and its
//!   errors as data ([`LogEnd`], worded in the app);
//! - [`timestamp`]: the engine's RFC 3339 stamps to nanoseconds;
//! - [`decoder`]: the body (multiplexed or TTY) to lines, pure and bounded;
//! - [`lines`]: the decoder driven by the body as a stream, with the [`FLUSH_AFTER`] rule;
//! - [`follower`]: [`Engine::follow_logs`] through stops, restarts and skipped rotations, and
//!   what it yields ([`LogEvent`]);
//! - [`keep_up`]: how far behind a follow is, told from the stamps, and how many lines a jump
//!   ahead leaves out ([`LogGap`]), for a follow that keeps up with a flood ([`Pace`]).
//!
//! This file is only the public surface: the submodules import each other (request and
//! timestamp are leaves), never this file, so there is no circle through it.

mod decoder;
mod follower;
mod keep_up;
mod lines;
mod request;
mod timestamp;

use futures_util::{Stream, StreamExt, stream};

use super::connect::Engine;
use crate::logs::RawLine;
use decoder::Cursor;
use follower::Follower;

pub use follower::{LogEvent, Pace};
pub use keep_up::{BUDGET, JUMP_TAIL, LogGap, MAX_LAG};
pub use lines::{FLUSH_AFTER, decode_body};
pub(crate) use request::path_segment;
pub use request::{LogEnd, LogRequest};
pub use timestamp::parse_timestamp;

/// Bytes kept of one line; the rest is counted in [`RawLine::dropped`]. A line of 64 KiB is
/// about 400 rows of a wide terminal; more helps nobody read, and a ring of lines stays small.
/// [`Engine::logs_capped`] takes another cap (e.g. to save whole lines to a file).
pub const DEFAULT_LINE_CAP: usize = 64 * 1024;

impl Engine {
    /// The container's log as lines: stdout and stderr, each line stamped by the engine.
    /// `id` is a container id or name. An `Err` is always the last item ([`LogEnd::Gone`]
    /// when the container does not exist).
    pub fn logs(
        &self,
        id: &str,
        req: &LogRequest,
    ) -> impl Stream<Item = Result<RawLine, LogEnd>> + Send + Unpin + use<> {
        self.logs_capped(id, req, DEFAULT_LINE_CAP)
    }

    /// [`Engine::logs`] keeping up to `line_cap` bytes of each line.
    pub fn logs_capped(
        &self,
        id: &str,
        req: &LogRequest,
        line_cap: usize,
    ) -> impl Stream<Item = Result<RawLine, LogEnd>> + Send + Unpin + use<> {
        self.log_lines(id, req, line_cap, Cursor::default())
            .map(|r| r.map_err(|e| e.end))
    }

    /// Follows a swarm service's merged log (`docker service logs -f -t --details`), from the
    /// last `tail` lines of each task, until the engine ends the stream (the service removed,
    /// the engine gone); an `Err` is always the last item. Each line still begins with the
    /// details naming its task (see `engine::swarm::logs`); no reconnect.
    pub fn service_logs(
        &self,
        service: &str,
        tail: u64,
    ) -> impl Stream<Item = Result<RawLine, LogEnd>> + Send + Unpin + use<> {
        let body = self.service_log_body(service, tail);
        lines::LogLines::new(
            body,
            decoder::Decoder::new(DEFAULT_LINE_CAP, Cursor::default()),
        )
        .map(|r| r.map_err(|e| e.end))
    }

    /// Follows the container's log through stops and starts (see [`LogEvent`]), every line
    /// however far behind that puts the reader. `req.follow` is ignored (always followed);
    /// `tail` applies to the first reading only. With `until` set the stream ends for good
    /// when the first reading does. Cancel by dropping it.
    pub fn follow_logs(
        &self,
        id: &str,
        req: &LogRequest,
    ) -> impl Stream<Item = LogEvent> + Send + Unpin + use<> {
        self.follow_logs_paced(id, req, DEFAULT_LINE_CAP, Pace::Everything)
    }

    /// [`Engine::follow_logs`] keeping up to `line_cap` bytes of each line, and keeping up
    /// with a flood or not ([`Pace`]).
    pub fn follow_logs_paced(
        &self,
        id: &str,
        req: &LogRequest,
        line_cap: usize,
        pace: Pace,
    ) -> impl Stream<Item = LogEvent> + Send + Unpin + use<> {
        let follower = Follower::new(self.clone(), id, req, line_cap, pace);
        Box::pin(stream::unfold(follower, |mut f| async move {
            let ev = f.next().await?;
            Some((ev, f))
        }))
    }
}
