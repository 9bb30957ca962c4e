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
//! counted in `dropped`), and the lines of one chunk. The [`Cursor`] counts every content byte
//! read at the latest stamp, so a reading started from it (`since` is inclusive) skips exactly
//! what was delivered, no more and no less.

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

/// Where a reading got to, so that the next reading (from `since` = that stamp) skips exactly
/// what was delivered.
#[derive(Clone, Debug, Default)]
pub(super) struct Cursor {
    /// The latest stamp seen, and how many content bytes of messages with that stamp were read
    /// (delivered, capped away or skipped). The engine's `since` is inclusive, so a reading
    /// from that stamp starts with those bytes again: they are skipped.
    pub(super) at: Option<(i64, u64)>,
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
    at: Option<(i64, u64)>,
    /// From the cursor the reading started at: bytes at that stamp still to skip.
    skip: Option<(i64, u64)>,
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
            skip: from.at.filter(|(_, n)| *n > 0),
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
