//! Container logs as data: lines from the engine made safe for a terminal, kept in a bounded
//! buffer, searched and filtered, interleaved across containers. Pure: no engine, no terminal,
//! so every piece is tested on bytes it is given.
//!
//! - [`ansi`]: raw bytes to safe styled text (colours kept or stripped, everything else escaped);
//! - [`ring`]: the bounded buffer a stream's lines live in;
//! - [`search`]: search (matches, next/previous) and filter with context;
//! - [`json`]: JSON lines shown pretty or as key=value;
//! - [`merge`]: several containers' lines in one stream, by timestamp.

pub mod ansi;
pub mod json;
pub mod merge;
pub mod ring;
pub mod search;

use crate::time::Nanos;

/// Which of the container's outputs a line came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum Stream {
    #[default]
    Stdout,
    Stderr,
}

/// A line as the engine gave it (after demultiplexing), before it is made safe.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct RawLine {
    /// The engine's timestamp (`timestamps=true`), nanoseconds since the epoch.
    pub ts: Option<Nanos>,
    pub stream: Stream,
    /// The line's bytes without its newline. Anything: invalid UTF-8, escapes, 1 MB.
    pub bytes: Vec<u8>,
    /// True when the line had no newline yet (a prompt, or the end of what arrived so far).
    pub partial: bool,
    /// Bytes of the line beyond the cap that were not kept (`bytes` holds the first ones).
    /// 0 for all but very long lines.
    pub dropped: usize,
    /// True when this line goes on from the previous line of the same stream, which came as
    /// `partial` before its end had arrived (a view may join the two). Same `ts` as that line.
    pub continued: bool,
}

/// A line ready to show: made safe, styled, from one of the followed containers.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct LogLine {
    pub ts: Option<Nanos>,
    pub stream: Stream,
    /// Which followed container it came from (an index into the view's targets).
    pub source: u16,
    pub text: ansi::StyledText,
    /// The line had no newline yet when it was shown (a prompt).
    pub partial: bool,
    /// This line completes the partial line shown before it (same source and output), and
    /// replaces it.
    pub continues: bool,
    /// dockhand's own line, not the container's output: where the followed container stopped
    /// or started again. Shown styled apart, never searched or saved.
    pub marker: bool,
}

impl ring::ItemSize for LogLine {
    fn size_bytes(&self) -> usize {
        self.text.size_bytes() + std::mem::size_of::<LogLine>()
    }
}
