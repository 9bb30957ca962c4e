//! One logs request read as a stream of lines: the [`Decoder`] driven by the body, one chunk
//! at a time and only when the caller asks for the next line (so a slow reader slows the
//! engine's sender; nothing piles up in dockhand).
//!
//! A line the engine sent without its newline is shown as `partial` once the body has given
//! nothing more for [`FLUSH_AFTER`]; the engine itself holds back an unfinished line until
//! 16 KiB gather or the process closes its output, so this only shows what the engine did
//! send. The time the body kept the reader waiting is measured for the follower's check of
//! skipped lines ([`LogLines::take_waited`]).

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use futures_util::{Stream, StreamExt};

use super::decoder::{Cursor, Decoder};
use super::request::{Body, Chunk, LogEnd, LogError, LogRequest};
use crate::engine::connect::Engine;
use crate::logs::RawLine;

/// A line without its newline is shown (as `partial`) when nothing more arrives for this long.
pub const FLUSH_AFTER: Duration = Duration::from_millis(200);

impl Engine {
    pub(super) fn log_lines(
        &self,
        id: &str,
        req: &LogRequest,
        cap: usize,
        from: Cursor,
    ) -> LogLines {
        LogLines::new(self.log_body(id, req), Decoder::new(cap, from))
    }
}

/// The lines of one logs request, decoded as they are asked for.
pub(super) struct LogLines {
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
    pub(super) fn new(body: Body, dec: Decoder) -> LogLines {
        LogLines {
            body,
            dec,
            flush: None,
            end: None,
            waited: Duration::ZERO,
            pending_since: None,
        }
    }

    pub(super) fn cursor(&self) -> Cursor {
        self.dec.cursor()
    }

    /// The time spent waiting for the body since the last call.
    pub(super) fn take_waited(&mut self) -> Duration {
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
) -> impl Stream<Item = Result<RawLine, LogEnd>> + Send + Unpin
where
    B: AsRef<[u8]> + Send + 'static,
    S: Stream<Item = Result<B, String>> + Send + 'static,
{
    let body: Body = Box::pin(body.map(|r| match r {
        Ok(b) => Ok(Box::new(b) as Chunk),
        Err(message) => Err(LogError {
            end: LogEnd::Failed(message),
            status: None,
        }),
    }));
    LogLines::new(body, Decoder::new(line_cap, Cursor::default())).map(|r| r.map_err(|e| e.end))
}
