//! The logs body to lines: pure (fed chunks, asked for lines), no I/O and no clock; the
//! [`FLUSH_AFTER`](super::lines::FLUSH_AFTER) rule and the reading are [`super::lines`]'s.
//!
//! What it relies on (measured, see the module notes of [`super`]):
//!
//! - with `timestamps=1` a multiplexed body starts with a frame header (first byte 0 to 3) and
//!   a TTY body with a digit, so the first byte tells them apart;
//! - every engine message starts with its stamp and a space; the engine cuts messages at `\n`
//!   and at [`ENGINE_CHUNK`], and the pieces of one long line all carry its first stamp, so a
//!   message with the stamp of the unfinished line of its stream continues that line;
//! - a TTY line ends in `\r\n`: the `\r` is the pty's and is dropped.
//!
//! Invariants: memory is bounded whatever the body: one chunk (plus a cut header or stamp of
//! under [`TS_MAX`] bytes carried over), at most `cap` bytes per line and stream (the rest is
//! counted in `dropped`), and the lines of one chunk. The [`Cursor`] counts, per stream, every
//! content byte read at that stream's latest stamp, so a reading started from it (`since` is
//! the latest of the two, inclusive) skips exactly what was delivered, no more and no less.
//!
//! Why per stream: stamps only go up within a stream (one engine goroutine stamps and writes
//! each), not across the two, and a reading from `since` returns everything written after the
//! first message stamped at or after it, earlier stamps included (26.1, recorded: the file
//! held `err-run` at .844524342 then `run` at .844459320; `since=.844524342` returned both).
//! So a message stamped before the latest stamp is only known to be delivered by its own
//! stream's stamp: with one cursor for both, skipping ended at the first later stamp and the
//! other stream's earlier message came twice.

use std::collections::VecDeque;

use tracing::warn;

use super::request::Chunk;
use super::timestamp::parse_timestamp;
use crate::logs::{RawLine, Stream as Std};
use crate::time::Nanos;

/// The engine's log message size: it cuts longer lines into pieces of this size.
const ENGINE_CHUNK: usize = 16 * 1024;
/// Longest timestamp (with its space) looked for at the start of a message.
const TS_MAX: usize = 40;

/// Where a reading got to, so that the next reading (from `since` = [`Cursor::since`]) skips
/// exactly what was delivered.
#[derive(Clone, Debug, Default)]
pub(super) struct Cursor {
    /// Per stream (stdout, stderr; a TTY's one stream is stdout): the latest stamp seen, and
    /// how many content bytes of that stream's messages with that stamp were read (delivered,
    /// capped away or skipped). The next reading gives them again: its messages of the stream
    /// stamped earlier are skipped whole, those bytes at the stamp are skipped, and what
    /// follows them is new.
    at: [Option<(i64, u64)>; 2],
    /// Per stream (stdout, stderr): a line shown as partial whose rest may still come.
    open: [Option<Open>; 2],
}

impl Cursor {
    /// Where the next reading starts (`since`, inclusive): the latest stamp seen.
    pub(super) fn since(&self) -> Option<i64> {
        self.at.iter().flatten().map(|(ts, _)| *ts).max()
    }
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
struct CurrentMessage {
    lane: usize,
    ts: Option<i64>,
    /// Its bytes count towards the cursor (its stamp is the latest seen).
    counted: bool,
    /// Bytes of it still to drop (already delivered by an earlier reading).
    skip: u64,
}

/// Turns a logs response body into lines, a piece at a time. Pure: fed chunks, asked for lines.
pub(super) struct Decoder {
    cap: usize,
    mode: Mode,
    state: State,
    /// Payload bytes left in the current frame (multiplexed bodies).
    frame_left: usize,
    /// Content bytes since the last stamp, and whether 16 KiB boundaries are looked at (TTY).
    msg_len: usize,
    bounds: bool,
    msg: CurrentMessage,
    lanes: [Lane; 2],
    ready: VecDeque<RawLine>,
    /// Per stream, as in [`Cursor`].
    at: [Option<(i64, u64)>; 2],
    /// Per stream, from the cursor the reading started at: its stamp and the bytes at it still
    /// to skip; `None` once a message of the stream is past what was delivered.
    skip: [Option<(i64, u64)>; 2],
    chunk: Option<Chunk>,
    off: usize,
    /// The end of a chunk that cut a header or a stamp in two, put before the next chunk.
    carry: Vec<u8>,
}

/// What one decoding step did with the bytes it was given.
enum Progress {
    /// Used this many (possibly none: the state changed and the same bytes are looked at again).
    Consumed(usize),
    /// Cannot decide from these bytes alone (a cut header or stamp): keep them for the next chunk.
    NeedMore,
}

fn lane_stream(lane: usize) -> Std {
    if lane == 1 { Std::Stderr } else { Std::Stdout }
}

impl Decoder {
    pub(super) fn new(cap: usize, from: Cursor) -> Decoder {
        let [o0, o1] = from.open;
        Decoder {
            cap,
            mode: Mode::Unknown,
            state: State::Sniff,
            frame_left: 0,
            msg_len: 0,
            bounds: false,
            msg: CurrentMessage::default(),
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
            skip: from.at,
            chunk: None,
            off: 0,
            carry: Vec::new(),
        }
    }

    pub(super) fn cursor(&self) -> Cursor {
        Cursor {
            at: self.at,
            open: [self.lanes[0].open, self.lanes[1].open],
        }
    }

    pub(super) fn feed(&mut self, chunk: Chunk) {
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
    pub(super) fn next_line(&mut self) -> Option<RawLine> {
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
                Progress::Consumed(n) => {
                    self.off += n;
                    self.chunk = Some(chunk);
                }
                Progress::NeedMore => {
                    self.carry.extend_from_slice(data);
                    self.off = 0;
                }
            }
        }
    }

    /// The body ended: decode what was held back and let every unfinished line out.
    pub(super) fn finish(&mut self) {
        let carry = std::mem::take(&mut self.carry);
        let mut off = 0;
        while off < carry.len() {
            match self.step(&carry[off..], true) {
                Progress::Consumed(n) => off += n,
                Progress::NeedMore => break,
            }
        }
        self.flush();
    }

    /// Whether a line has bytes that are not shown yet.
    pub(super) fn holds_unshown(&self) -> bool {
        self.lanes.iter().any(|l| {
            l.line
                .as_ref()
                .is_some_and(|p| !p.bytes.is_empty() || p.dropped > 0)
        })
    }

    /// Shows every unfinished line as `partial`; a later piece of it comes as `continued`.
    pub(super) fn flush(&mut self) {
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
            ts: p.ts.map(Nanos),
            stream: lane_stream(lane),
            bytes: p.bytes,
            partial,
            dropped: p.dropped,
            continued: p.continued,
        });
    }

    fn step(&mut self, data: &[u8], eof: bool) -> Progress {
        match self.state {
            State::Sniff => {
                // With timestamps on, a TTY body starts with a digit; a frame header with 0-3.
                self.mode = if data[0] <= 3 { Mode::Mux } else { Mode::Tty };
                self.state = match self.mode {
                    Mode::Mux => State::Header,
                    _ => State::Stamp(StampAt::Start),
                };
                Progress::Consumed(0)
            }
            State::Header => {
                if data.len() < 8 {
                    return if eof {
                        Progress::Consumed(data.len())
                    } else {
                        Progress::NeedMore
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
                Progress::Consumed(8)
            }
            State::Discard { .. } => self.discard(data),
            State::Stamp(why) => self.stamp(data, why, eof),
            State::Content => Progress::Consumed(self.content(data)),
        }
    }

    /// Frame bytes that are not container output (stdin, the engine's own error text).
    fn discard(&mut self, data: &[u8]) -> Progress {
        let State::Discard { left, note } = &mut self.state else {
            return Progress::Consumed(0);
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
        Progress::Consumed(n)
    }

    /// Looks for the engine's timestamp at the start of a message (or where one may be).
    fn stamp(&mut self, data: &[u8], why: StampAt, eof: bool) -> Progress {
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
                    return Progress::NeedMore;
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
                Progress::Consumed(used)
            }
            None => {
                match why {
                    StampAt::Start => self.begin_message(None),
                    // Not a message boundary after all: the same message goes on.
                    StampAt::Boundary | StampAt::AfterSkip => self.bounds = false,
                }
                Progress::Consumed(0)
            }
        }
    }

    fn begin_message(&mut self, ts: Option<i64>) {
        let l = self.msg.lane;
        // The cursor: the stream's latest stamp and the bytes read at it.
        self.msg.counted = match (ts, self.at[l]) {
            (Some(t), Some((a, _))) if t < a => false,
            (Some(t), Some((a, _))) if t == a => true,
            (Some(t), _) => {
                self.at[l] = Some((t, 0));
                true
            }
            (None, _) => false,
        };
        // Skipping what an earlier reading delivered of this stream.
        self.msg.skip = 0;
        if let Some((st, left)) = self.skip[l] {
            match ts {
                Some(t) if t < st => self.msg.skip = u64::MAX,
                Some(t) if t == st && left > 0 => self.msg.skip = left,
                _ => self.skip[l] = None,
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
            && let Some((_, n)) = &mut self.at[self.msg.lane]
        {
            *n += k as u64;
        }
        let mut skip_ended = false;
        if skipping {
            if self.msg.skip != u64::MAX {
                self.msg.skip -= k as u64;
                let lane_skip = &mut self.skip[self.msg.lane];
                if let Some((_, left)) = lane_skip {
                    *left = left.saturating_sub(k as u64);
                    if *left == 0 {
                        *lane_skip = None;
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

#[cfg(test)]
mod tests {
    use super::*;

    const CAP: usize = 1024;

    /// Recorded on engine B (26.1.5) by `tests/fixtures/logs/record.py`: the follow of an
    /// exited `sh -c "echo run; echo >&2 err-run"` and the catch-up from its cursor.
    fn fixture(name: &str) -> (&'static [u8], &'static [u8]) {
        match name {
            "stderr-first" => (
                include_bytes!(
                    "../../../tests/fixtures/logs/b-exited-stderr-stamped-first.follow.bin"
                ),
                include_bytes!(
                    "../../../tests/fixtures/logs/b-exited-stderr-stamped-first.catchup.bin"
                ),
            ),
            _ => (
                include_bytes!(
                    "../../../tests/fixtures/logs/b-exited-stdout-stamped-first.follow.bin"
                ),
                include_bytes!(
                    "../../../tests/fixtures/logs/b-exited-stdout-stamped-first.catchup.bin"
                ),
            ),
        }
    }

    /// Decodes a whole body (in chunks of `size`) from `from`; the lines and the cursor after.
    fn read(body: &[u8], size: usize, from: Cursor) -> (Vec<(Std, String)>, Cursor) {
        let mut dec = Decoder::new(CAP, from);
        let mut out = Vec::new();
        for piece in body.chunks(size) {
            dec.feed(Box::new(piece.to_vec()));
            while let Some(l) = dec.next_line() {
                out.push((l.stream, String::from_utf8_lossy(&l.bytes).into_owned()));
            }
        }
        dec.finish();
        while let Some(l) = dec.next_line() {
            out.push((l.stream, String::from_utf8_lossy(&l.bytes).into_owned()));
        }
        (out, dec.cursor())
    }

    fn frame(kind: u8, stamp: &str, content: &str) -> Vec<u8> {
        let payload = format!("{stamp} {content}");
        let mut f = vec![kind, 0, 0, 0];
        f.extend_from_slice(&(payload.len() as u32).to_be_bytes());
        f.extend_from_slice(payload.as_bytes());
        f
    }

    #[test]
    fn a_catch_up_from_the_cursor_repeats_nothing_of_the_recorded_streams() {
        // The file holds `run` then `err-run`, stamped 69 µs *earlier*; `since` = the stamp of
        // `run` returns both (the engine's `since` only finds where to start). With one cursor
        // for both streams, skipping ended after `run` and `err-run` came twice (the flaky
        // `an_exited_container_is_followed_until_it_starts_again`). And the other way round.
        for (name, first) in [("stderr-first", Std::Stdout), ("stdout-first", Std::Stderr)] {
            let (follow, catch_up) = fixture(name);
            assert_eq!(
                follow, catch_up,
                "{name}: the engine gave the same body twice"
            );
            for size in [1, 7, 4096] {
                let (lines, cursor) = read(follow, size, Cursor::default());
                let mut texts: Vec<_> = lines.iter().map(|(_, t)| t.as_str()).collect();
                assert_eq!(lines[0].0, first, "{name}");
                texts.sort();
                assert_eq!(texts, ["err-run", "run"], "{name}");
                let (again, after) = read(catch_up, size, cursor.clone());
                assert!(again.is_empty(), "{name}, chunks of {size}: {again:?}");
                assert_eq!(after.at, cursor.at, "{name}");
            }
        }
    }

    #[test]
    fn a_message_of_the_other_stream_stamped_earlier_and_not_yet_read_is_not_lost() {
        // The follow ended after `run` (it can miss the last messages); the catch-up from
        // `run`'s stamp gives the file on from there: `err-run`, stamped earlier, is new.
        let (_, catch_up) = fixture("stderr-first");
        let run_frame = &catch_up[..8 + 0x23];
        let (lines, cursor) = read(run_frame, 4096, Cursor::default());
        assert_eq!(lines, [(Std::Stdout, "run".to_string())]);
        let (rest, _) = read(catch_up, 4096, cursor);
        assert_eq!(rest, [(Std::Stderr, "err-run".to_string())]);
    }

    #[test]
    fn each_stream_resumes_after_its_own_bytes_at_its_own_stamp() {
        let t1 = "2026-12-02T11:43:46.000000001Z";
        let t2 = "2026-12-02T11:43:46.000000002Z";
        let t3 = "2026-12-02T11:43:46.000000003Z";
        // Delivered: stdout a, b (both at t2), stderr x (t1) and y (t3).
        let mut seen = frame(1, t2, "a\n");
        seen.extend(frame(2, t1, "x\n"));
        seen.extend(frame(1, t2, "b\n"));
        seen.extend(frame(2, t3, "y\n"));
        let (lines, cursor) = read(&seen, 4096, Cursor::default());
        assert_eq!(lines.len(), 4);
        assert_eq!(cursor.since(), Some(1_796_211_826_000_000_003));
        // The delivered messages again (as a reading from t1 gives them), then new ones of
        // both streams, each at its stream's latest stamp.
        let mut again = seen.clone();
        again.extend(frame(1, t2, "c\n"));
        again.extend(frame(2, t3, "z\n"));
        let (new, _) = read(&again, 3, cursor);
        let want = [(Std::Stdout, "c"), (Std::Stderr, "z")];
        assert_eq!(new, want.map(|(s, t)| (s, t.to_string())));
    }
}
