//! The worker's log tasks: following one or more containers' logs (merged by time when
//! several, sent to the app in batches) and writing a container's whole log to a file.
//!
//! The log view follows at [`Pace::KeepUp`]: each container's follower jumps ahead on its own
//! when it falls behind (so one flooding container of a merged view cannot hold the view
//! back), and the budget of lines a second is shared between the containers followed. A jump's
//! gap goes through the merger like a line, stamped as the first line after it, so it is
//! reported ([`Report::LogSkipped`]) in its place among the lines, after those before it.

use std::collections::HashMap;
use std::time::Duration;

use futures_util::StreamExt;
use tokio::sync::mpsc;

use super::LogRender;
use crate::engine::connect::Engine;
use crate::engine::logs::{BUDGET, DEFAULT_LINE_CAP, LogEnd, LogEvent, LogGap, LogRequest, Pace};
use crate::engine::protocol::Report;
use crate::ids::ContainerId;
use crate::logs::merge::Merger;
use crate::logs::{LogLine, RawLine, ansi};

/// Log lines are sent in batches: at most this long after the first line of a batch...
pub(super) const LOG_BATCH_TIME: Duration = Duration::from_millis(50);
/// ...or as soon as this many lines are waiting. A flood thus costs one report (and at most one
/// frame) per batch, and the channel's bound slows the reader instead of growing memory.
pub(super) const LOG_BATCH_LINES: usize = 2000;

/// Each source's line still open (shown as partial), so that its rest is shown as one line
/// with it; bounded by the engine's line cap.
#[derive(Default)]
pub(super) struct OpenLines(HashMap<(u16, bool), Vec<u8>>);

impl OpenLines {
    /// `raw`, a line of `source` whose text is `text` (its bytes, or what is left of them), as
    /// shown: joined to the open part it continues, with what the cap dropped said.
    pub(super) fn line(
        &mut self,
        source: u16,
        raw: &RawLine,
        text: &[u8],
        render: &LogRender,
    ) -> LogLine {
        let key = (source, raw.stream == crate::logs::Stream::Stderr);
        let mut bytes = if raw.continued {
            self.0.remove(&key).unwrap_or_default()
        } else {
            self.0.remove(&key);
            Vec::new()
        };
        bytes.extend_from_slice(text);
        if raw.dropped > 0 {
            bytes.extend_from_slice(format!(" … [{} more bytes]", raw.dropped).as_bytes());
        }
        let line = LogLine {
            ts: raw.ts,
            stream: raw.stream,
            source,
            text: ansi::render(&bytes, render.colors, render.max_chars),
            partial: raw.partial,
            continues: raw.continued,
            marker: false,
        };
        if raw.partial {
            self.0.insert(key, bytes);
        }
        line
    }
}

/// A container to follow: on which engine, and its index among the followed (the `source` of
/// its lines).
pub struct LogSource {
    pub engine: Engine,
    pub id: ContainerId,
    pub index: u16,
}

/// Follows one or more containers' logs, on one engine or several; several are interleaved by
/// time (a quiet container holds the others back at most [`MERGE_GRACE_NANOS`]).
pub async fn run_logs(
    followed: Vec<LogSource>,
    stream: u64,
    req: LogRequest,
    render: LogRender,
    tx: mpsc::Sender<Report>,
) {
    let count = followed
        .iter()
        .map(|f| usize::from(f.index) + 1)
        .max()
        .unwrap_or(0);
    // The budget is the view's: shared by the containers followed.
    let budget = BUDGET / u32::try_from(followed.len().max(1)).unwrap_or(u32::MAX);
    let pace = Pace::KeepUp {
        budget: budget.max(MIN_BUDGET),
    };
    let sources = followed.iter().map(|f| {
        let index = f.index;
        f.engine
            .follow_logs_paced(f.id.as_str(), &req, DEFAULT_LINE_CAP, pace)
            .map(move |ev| (index, ev))
            .boxed()
    });
    let mut all = futures_util::stream::select_all(sources);
    let mut merger: Merger<Piece> = Merger::new(MERGE_GRACE_NANOS, LOG_BATCH_LINES * 4);
    for _ in 0..count {
        merger.add_source(0);
    }
    let merging = count > 1;
    let mut open = OpenLines::default();
    let mut batch: Vec<LogLine> = Vec::new();
    let mut deadline: Option<tokio::time::Instant> = None;
    loop {
        let next = match deadline {
            Some(d) => match tokio::time::timeout_at(d, all.next()).await {
                Ok(item) => item,
                Err(_) => {
                    // The batch is due: send what is there.
                    if !flush(&tx, stream, &mut batch, &mut merger, merging).await {
                        return;
                    }
                    deadline = None;
                    continue;
                }
            },
            None => all.next().await,
        };
        let Some((source, ev)) = next else {
            let _ = flush(&tx, stream, &mut batch, &mut merger, merging).await;
            return;
        };
        match ev {
            LogEvent::Line(raw) => {
                let line = open.line(source, &raw, &raw.bytes, &render);
                if merging {
                    // The merger orders plain nanoseconds.
                    let ts = line.ts.map(|t| t.0);
                    merger.push(usize::from(source), ts, Piece::Line(line), unix_nanos());
                } else {
                    batch.push(line);
                }
                deadline.get_or_insert_with(|| tokio::time::Instant::now() + LOG_BATCH_TIME);
                if batch.len() + merger.held() >= LOG_BATCH_LINES
                    && !flush(&tx, stream, &mut batch, &mut merger, merging).await
                {
                    return;
                }
            }
            LogEvent::Ended { reason, .. } => {
                if !flush(&tx, stream, &mut batch, &mut merger, merging).await {
                    return;
                }
                let ended = Report::LogEnded {
                    stream,
                    source,
                    reason,
                };
                if tx.send(ended).await.is_err() {
                    return;
                }
            }
            LogEvent::Skipped(gap) => {
                if merging {
                    // Stamped as the line after it, which comes next from this source: equal
                    // stamps keep their order of arrival.
                    let ts = Some(gap.before.0);
                    merger.push(usize::from(source), ts, Piece::Gap(gap), unix_nanos());
                    deadline.get_or_insert_with(|| tokio::time::Instant::now() + LOG_BATCH_TIME);
                } else {
                    if !flush(&tx, stream, &mut batch, &mut merger, merging).await {
                        return;
                    }
                    if !send_gap(&tx, stream, source, gap).await {
                        return;
                    }
                }
            }
            LogEvent::Resumed => {
                if tx
                    .send(Report::LogResumed { stream, source })
                    .await
                    .is_err()
                {
                    return;
                }
            }
        }
    }
}

/// A new file to write to: an existing file is never overwritten.
async fn create_new(path: &str) -> Result<tokio::io::BufWriter<tokio::fs::File>, String> {
    let file = tokio::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .await
        .map_err(|e| e.to_string())?;
    Ok(tokio::io::BufWriter::new(file))
}

/// Writes lines to a new file; how many, or why not.
pub(super) async fn save_lines(path: &str, lines: &[String]) -> Result<usize, String> {
    use tokio::io::AsyncWriteExt;
    let mut out = create_new(path).await?;
    for l in lines {
        out.write_all(l.as_bytes())
            .await
            .map_err(|e| e.to_string())?;
        out.write_all(b"\n").await.map_err(|e| e.to_string())?;
    }
    out.flush().await.map_err(|e| e.to_string())?;
    Ok(lines.len())
}

/// Writes a container's whole log to a new file, line by line as it arrives; how many, or
/// why not (a file error as [`LogEnd::Failed`]).
pub(super) async fn save_log(
    engine: &Engine,
    container: &str,
    path: &str,
) -> Result<usize, LogEnd> {
    use tokio::io::AsyncWriteExt;
    let mut out = create_new(path).await.map_err(LogEnd::Failed)?;
    let req = LogRequest {
        tail: None,
        follow: false,
        ..Default::default()
    };
    let mut lines = engine.logs(container, &req);
    let mut n = 0;
    while let Some(line) = lines.next().await {
        let line = line?;
        if let Some(ts) = line.ts.and_then(|t| t.to_rfc3339()) {
            out.write_all(format!("{ts} ").as_bytes())
                .await
                .map_err(|e| LogEnd::Failed(e.to_string()))?;
        }
        out.write_all(&line.bytes)
            .await
            .map_err(|e| LogEnd::Failed(e.to_string()))?;
        out.write_all(b"\n")
            .await
            .map_err(|e| LogEnd::Failed(e.to_string()))?;
        n += 1;
    }
    out.flush()
        .await
        .map_err(|e| LogEnd::Failed(e.to_string()))?;
    Ok(n)
}

/// How long a merged stream waits for a quiet container before showing later lines of others.
const MERGE_GRACE_NANOS: i64 = 300_000_000;
/// The fewest lines a second each container of a merged view may read before it jumps ahead,
/// however many are followed.
const MIN_BUDGET: u32 = 1_000;

/// What a merged stream orders: a line, or the gap a container's follow left when it jumped.
enum Piece {
    Line(LogLine),
    Gap(LogGap),
}

async fn send_gap(tx: &mpsc::Sender<Report>, stream: u64, source: u16, gap: LogGap) -> bool {
    tx.send(Report::LogSkipped {
        stream,
        source,
        gap,
    })
    .await
    .is_ok()
}

fn unix_nanos() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos() as i64)
        .unwrap_or_default()
}

/// Sends the waiting lines as one report (a gap between them splits it in two, with the gap
/// reported in between); false when the app is gone.
async fn flush(
    tx: &mpsc::Sender<Report>,
    stream: u64,
    batch: &mut Vec<LogLine>,
    merger: &mut Merger<Piece>,
    merging: bool,
) -> bool {
    if merging {
        while let Some(m) = merger.pop(unix_nanos()) {
            match m.item {
                Piece::Line(line) => batch.push(line),
                Piece::Gap(gap) => {
                    let source = u16::try_from(m.source).unwrap_or(u16::MAX);
                    if !send_batch(tx, stream, batch).await
                        || !send_gap(tx, stream, source, gap).await
                    {
                        return false;
                    }
                }
            }
        }
    }
    send_batch(tx, stream, batch).await
}

/// Sends the batch, when it has lines, as one report; false when the app is gone.
pub(super) async fn send_batch(
    tx: &mpsc::Sender<Report>,
    stream: u64,
    batch: &mut Vec<LogLine>,
) -> bool {
    if batch.is_empty() {
        return true;
    }
    let lines = std::mem::take(batch);
    tx.send(Report::LogLines { stream, lines }).await.is_ok()
}
