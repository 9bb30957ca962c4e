//! Live numbers: how they read (units on every number), the stats view of one container
//! (current values, limits and a chart of each over the window), and how fresh they are.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Sparkline};

use crate::app::stats::Chart;
use crate::app::{App, StatsView};
use crate::sanitize::clean;
use crate::stats::{Rates, Source};

/// Bytes in binary units, as `docker stats` shows memory: `512B`, `12.3MiB`, `1.94GiB`.
pub fn bytes(n: u64) -> String {
    crate::units::binary_size(n)
}

/// A rate in bytes per second, in decimal units as `docker stats` prints network and block
/// I/O (memory is binary there, and here): `0B/s`, `1.23kB/s`.
pub fn rate(per_s: f64) -> String {
    format!(
        "{}/s",
        crate::units::human_size(per_s.max(0.0).round() as i64)
    )
}

pub fn percent(p: f64) -> String {
    if p >= 99.95 {
        format!("{p:.0}%")
    } else {
        format!("{p:.1}%")
    }
}

/// The CPU cell: `12.5%`, `—` before two samples.
pub fn cpu_text(r: &Rates) -> String {
    r.cpu_percent.map_or_else(|| "—".to_string(), percent)
}

/// The memory cell: `120.5MiB / 1.94GiB`.
pub fn mem_text(r: &Rates) -> String {
    match (r.mem_used, r.mem_limit) {
        (Some(u), Some(l)) => format!("{} / {}", bytes(u), bytes(l)),
        (Some(u), None) => bytes(u),
        _ => "n/a".to_string(),
    }
}

/// A pair of rates (`rx / tx`, `read / write`), `n/a` when the engine reports none.
pub fn pair_text(a: Option<f64>, b: Option<f64>) -> String {
    match (a, b) {
        (Some(a), Some(b)) => format!("{} / {}", rate(a), rate(b)),
        _ => "n/a".to_string(),
    }
}

pub fn source_text(s: Source) -> &'static str {
    match s {
        Source::Cgroup => "cgroup files",
        Source::Api => "engine API",
    }
}

/// How numbers on screen were read, from the source of each: one source, or the more
/// common one with a count of the other (`cgroup files (2 via engine API)`); `None` when there
/// are none.
pub fn sources_text(sources: impl Iterator<Item = Source>) -> Option<String> {
    let (mut files, mut api) = (0usize, 0usize);
    for s in sources {
        match s {
            Source::Cgroup => files += 1,
            Source::Api => api += 1,
        }
    }
    let (main, other, n) = match (files, api) {
        (0, 0) => return None,
        (_, 0) => return Some(source_text(Source::Cgroup).to_string()),
        (0, _) => return Some(source_text(Source::Api).to_string()),
        (f, a) if f >= a => (Source::Cgroup, Source::Api, a),
        (f, _) => (Source::Api, Source::Cgroup, f),
    };
    Some(format!(
        "{} ({n} via {})",
        source_text(main),
        source_text(other)
    ))
}

/// The top of a memory chart: the next power of two above the peak, at most the limit, so
/// that a container using 0.5 % of its limit still draws bars.
pub fn mem_scale(peak: u64, limit: Option<u64>) -> u64 {
    let top = peak.max(1).checked_next_power_of_two().unwrap_or(u64::MAX);
    limit.map_or(top, |l| top.min(l.max(1)))
}

/// "sampled 3s ago" in the units a glance needs.
pub fn age_text(age: i64) -> String {
    if age < 2 {
        "just sampled".to_string()
    } else {
        format!("sampled {}s ago", age)
    }
}

/// The stats view takes the list's place (between the header and the footer, which keeps its
/// key hints), so no border of the list shows around it.
pub fn draw(frame: &mut Frame, area: Rect, app: &App, v: &StatsView) {
    let t = &app.settings.theme;
    let rect = super::between_bars(area);
    frame.render_widget(Clear, rect);
    let book = &app.overlay_host().containers.stats;
    let entry = book.get(v.id.as_str());
    let mut title = vec![Span::styled(
        format!(" Stats of {} ", clean(&v.name)),
        t.fg(t.accent).add_modifier(Modifier::BOLD),
    )];
    if let Some(e) = entry {
        // The charts hold the whole window: say how those numbers were read, not only the
        // last one.
        let via = sources_text(e.history.iter().map(|p| p.source))
            .unwrap_or_else(|| source_text(e.last.source).to_string());
        title.push(Span::styled(
            format!(
                "· {} · via {via} · every 1s · last {} ",
                age_text((app.now - e.at).max(0)),
                window_text(book.config.window)
            ),
            t.fg(t.dim),
        ));
    }
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(t.fg(t.accent))
        .title(Line::from(title));
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    let running = app
        .overlay_host()
        .containers
        .list
        .get(v.id.as_str())
        .is_some_and(|c| c.state == crate::engine::model::ContainerState::Running);
    let Some(e) = entry.filter(|_| running) else {
        let msg = if !running {
            "Not running: no live numbers.".to_string()
        } else if let Some(err) = book.error(v.id.as_str()) {
            format!("Could not sample it: {}", clean(err))
        } else {
            "Sampling…".to_string()
        };
        let style = if book.error(v.id.as_str()).is_some() {
            t.fg(t.error)
        } else {
            t.fg(t.dim)
        };
        frame.render_widget(Paragraph::new(Span::styled(msg, style)), inner);
        return;
    };
    let r = &e.rates;
    let width = inner.width as usize;
    let last = |chart: Chart| -> Vec<u64> {
        let pts: Vec<u64> = e.history.iter().filter_map(|p| p.bar(chart)).collect();
        let skip = pts.len().saturating_sub(width);
        pts[skip..].to_vec()
    };
    let peak = |d: &[u64]| d.iter().copied().max().unwrap_or(0);

    let cpus = e.last.online_cpus.max(1);
    let cpu = last(Chart::Cpu);
    let mem = last(Chart::Mem);
    let mem_top = mem_scale(peak(&mem), r.mem_limit);
    let rx = last(Chart::NetRx);
    let tx = last(Chart::NetTx);
    let rd = last(Chart::BlkRead);
    let wr = last(Chart::BlkWrite);

    let heading = |label: &str, value: String, note: String| {
        Line::from(vec![
            Span::styled(
                format!("{label:<11}"),
                t.fg(t.accent).add_modifier(Modifier::BOLD),
            ),
            Span::styled(
                value,
                ratatui::style::Style::default().add_modifier(Modifier::BOLD),
            ),
            Span::styled(note, t.fg(t.dim)),
        ])
    };
    let sections = [
        (
            heading(
                "CPU",
                cpu_text(r),
                format!(
                    "  of {cpus} CPU{} (100% = one core) · peak {}",
                    if cpus == 1 { "" } else { "s" },
                    percent(peak(&cpu) as f64 / 10.0)
                ),
            ),
            vec![(
                cpu.clone(),
                Some((cpus as u64 * 1000).min(peak(&cpu).max(1000))),
            )],
        ),
        (
            heading(
                "Memory",
                mem_text(r),
                match (r.mem_percent, r.mem_limit) {
                    (Some(p), Some(l)) if mem_top >= l => format!(
                        "  ({}) · peak {} · chart 0 to the limit",
                        percent(p),
                        bytes(peak(&mem))
                    ),
                    (Some(p), Some(_)) => format!(
                        "  ({}) · peak {} · chart 0–{}",
                        percent(p),
                        bytes(peak(&mem)),
                        bytes(mem_top)
                    ),
                    _ => format!(
                        "  · peak {} · chart 0–{}",
                        bytes(peak(&mem)),
                        bytes(mem_top)
                    ),
                },
            ),
            vec![(mem.clone(), Some(mem_top))],
        ),
        (
            heading(
                "Network",
                pair_text(r.net_rx_per_s, r.net_tx_per_s),
                if r.net_rx_per_s.is_some() {
                    format!(
                        "  received / sent · peaks {} / {}",
                        rate(peak(&rx) as f64),
                        rate(peak(&tx) as f64)
                    )
                } else {
                    "  (no network, or none reported)".to_string()
                },
            ),
            vec![(rx, None), (tx, None)],
        ),
        (
            heading(
                "Block I/O",
                pair_text(r.blk_read_per_s, r.blk_write_per_s),
                if r.blk_read_per_s.is_some() {
                    format!(
                        "  read / written · peaks {} / {}",
                        rate(peak(&rd) as f64),
                        rate(peak(&wr) as f64)
                    )
                } else {
                    "  (the engine reports none)".to_string()
                },
            ),
            vec![(rd, None), (wr, None)],
        ),
    ];
    let pids = Line::from(vec![
        Span::styled(
            format!("{:<11}", "PIDs"),
            t.fg(t.accent).add_modifier(Modifier::BOLD),
        ),
        Span::raw(r.pids.map_or_else(|| "n/a".to_string(), |p| p.to_string())),
    ]);
    // Each section: its heading line and a chart of what is left, shared evenly.
    // Charts share the height left by the headings; a section with nothing reported ("n/a")
    // gets none.
    let charted = [
        true,
        r.mem_used.is_some(),
        r.net_rx_per_s.is_some(),
        r.blk_read_per_s.is_some(),
    ];
    let n = charted.iter().filter(|c| **c).count() as u16;
    let chart_rows = inner.height.saturating_sub(5 + 4) / n.max(1);
    let mut constraints = Vec::new();
    for c in charted {
        constraints.push(Constraint::Length(1));
        constraints.push(Constraint::Length(if c { chart_rows } else { 0 }));
        constraints.push(Constraint::Length(1));
    }
    constraints.push(Constraint::Length(1));
    let areas = Layout::vertical(constraints).split(inner);
    for (i, (head, charts)) in sections.into_iter().enumerate() {
        frame.render_widget(Paragraph::new(head), areas[i * 3]);
        let area = areas[i * 3 + 1];
        if area.height == 0 {
            continue;
        }
        let parts = Layout::horizontal(vec![Constraint::Fill(1); charts.len()]).split(area);
        for (j, (data, max)) in charts.into_iter().enumerate() {
            let color = if j == 0 { t.accent } else { t.marked };
            let mut s = Sparkline::default().data(&data).style(t.fg(color));
            if let Some(m) = max {
                s = s.max(m.max(1));
            }
            frame.render_widget(s, parts[j]);
        }
    }
    frame.render_widget(Paragraph::new(pids), areas[12]);
}

fn window_text(secs: i64) -> String {
    if secs % 60 == 0 {
        format!("{}m", secs / 60)
    } else {
        format!("{secs}s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_carry_units() {
        assert_eq!(bytes(0), "0B");
        assert_eq!(bytes(1023), "1023B");
        assert_eq!(bytes(64 * 1024 * 1024), "64.0MiB");
        assert_eq!(bytes(126_353_408), "120MiB");
        assert_eq!(bytes(2_083_000_000), "1.94GiB");
        // Network and block I/O in decimal units, as `docker stats` prints them.
        assert_eq!(rate(1228.8), "1.23kB/s");
        assert_eq!(percent(99.3), "99.3%");
        assert_eq!(percent(187.46), "187%");
        assert_eq!(pair_text(None, Some(1.0)), "n/a");
        assert_eq!(
            mem_text(&Rates {
                mem_used: Some(1024),
                mem_limit: Some(64 * 1024 * 1024),
                ..Rates::default()
            }),
            "1.00KiB / 64.0MiB"
        );
    }

    #[test]
    fn sources_say_how_all_the_numbers_were_read() {
        use Source::{Api, Cgroup};
        assert_eq!(sources_text([].into_iter()), None);
        assert_eq!(
            sources_text([Cgroup, Cgroup].into_iter()).as_deref(),
            Some("cgroup files")
        );
        // One container restarted, its first samples through the API: the rest still files.
        assert_eq!(
            sources_text([Cgroup, Api, Cgroup].into_iter()).as_deref(),
            Some("cgroup files (1 via engine API)")
        );
        assert_eq!(
            sources_text([Api, Api, Cgroup].into_iter()).as_deref(),
            Some("engine API (1 via cgroup files)")
        );
    }

    #[test]
    fn memory_charts_scale_to_what_is_used() {
        const MIB: u64 = 1024 * 1024;
        // 0.5 % of 512 MiB: charted to 4 MiB, not to the limit.
        assert_eq!(mem_scale(5 * MIB / 2, Some(512 * MIB)), 4 * MIB);
        assert_eq!(mem_scale(300 * MIB, Some(512 * MIB)), 512 * MIB);
        assert_eq!(mem_scale(300 * MIB, Some(400 * MIB)), 400 * MIB);
        assert_eq!(mem_scale(3 * MIB, None), 4 * MIB);
        assert_eq!(mem_scale(0, Some(512 * MIB)), 1);
    }
}
