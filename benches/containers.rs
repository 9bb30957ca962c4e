//! The containers pane at scale: a whole 200x50 frame drawn with 1,000 and 10,000 containers,
//! one keystroke of the filter, a sort change, and a burst of 1,000 engine events (each row
//! refreshed from the engine, as the runtime delivers them) followed by one frame. The budget
//! is one frame, 16 ms, for each keystroke, sort change and frame at 10,000 rows.
//!
//! Times are the CPU time of the bench's thread (see [`cpu_now`]), not the wall clock.
//!
//! Before the benches run, the bytes the app holds per container row are printed (a counting
//! allocator, this file's only), at 1,000 and 10,000 rows: growth should be linear and small.
//! Each bench is short so that `cargo bench --bench containers` finishes in about a minute.

// A test may unwrap, expect and panic: that is how it fails, with the reason.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::alloc::{GlobalAlloc, Layout, System};
use std::hint::black_box;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use criterion::{BenchmarkId, Criterion, SamplingMode};
use crossterm::event::KeyCode;
use dockhand::app::{App, Effect, Msg};
use dockhand::config::Config;
use dockhand::engine::model::{Container, ContainerState, EngineEvent, EventAction, EventKind};
use dockhand::engine::{Report, Request};
use dockhand::ids::{ContainerId, HostId};
use dockhand::testing::{
    code, connected_app, container, exited, key, with_port, with_project, with_state,
};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

const NOW: i64 = 1_764_400_000;

/// The terminal the frames are drawn in.
const SIZE: (u16, u16) = (200, 50);

/// Row counts of the frame benches; the keystroke, sort and burst benches use both too, so the
/// growth from one to the other shows.
const ROWS: [usize; 2] = [1_000, 10_000];

/// Events in a burst.
const BURST: usize = 1_000;

/// Counts the bytes live on the heap, to tell what the app holds per row.
struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);

// The only unsafe in the crate: a global allocator must implement an unsafe trait. It hands
// every call to the system allocator unchanged and only counts; it exists in this bench alone.
#[allow(unsafe_code)]
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        LIVE.fetch_add(layout.size(), Ordering::Relaxed);
        // SAFETY: the caller's layout is passed on as it came.
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
        // SAFETY: `ptr` was allocated by `System` with this layout (every allocation is).
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
        LIVE.fetch_add(new_size, Ordering::Relaxed);
        // SAFETY: as `dealloc` for `ptr` and `layout`; the new size comes from the caller.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// The CPU time this thread has used. The benches time with it rather than the wall clock: on a
/// machine busy with other work (builds), the wall clock counts the time spent waiting for a
/// core, which says nothing about the pane.
#[allow(unsafe_code)]
fn cpu_now() -> Duration {
    let mut t = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `t` is a timespec the call fills; the clock id is a constant Linux knows.
    let rc = unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut t) };
    assert_eq!(rc, 0, "the thread's CPU clock");
    Duration::new(t.tv_sec as u64, t.tv_nsec as u32)
}

/// CPU time of `f` run `iters` times.
fn cpu_time(iters: u64, mut f: impl FnMut()) -> Duration {
    let start = cpu_now();
    for _ in 0..iters {
        f();
    }
    cpu_now() - start
}

/// Compose projects and their services, and the images they run.
const PROJECTS: [(&str, &[&str]); 4] = [
    ("shop", &["web", "api", "worker", "db", "cache"]),
    ("billing", &["api", "queue", "db"]),
    ("search", &["indexer", "query", "es"]),
    ("metrics", &["prometheus", "grafana"]),
];

const IMAGES: [&str; 6] = [
    "nginx:1.27-alpine",
    "registry.example.com:5000/team/api:2024-11-01",
    "postgres:16",
    "redis:7",
    "docker.elastic.co/elasticsearch/elasticsearch:8.15.0",
    "local/busybox:test",
];

/// Container `i` of a realistic host: most in a compose project, some publishing a port;
/// about six in ten running, three exited (some failed), one only created.
fn fleet_member(i: usize) -> Container {
    let (project, services) = PROJECTS[i % PROJECTS.len()];
    let service = services[(i / PROJECTS.len()) % services.len()];
    let mut c = if i % 10 < 7 {
        with_project(
            container(&format!("{project}-{service}-{i}"), NOW),
            project,
            service,
        )
    } else {
        container(&format!("job-{i}"), NOW)
    };
    c.image = IMAGES[i % IMAGES.len()].to_string();
    c.created = NOW - 3600 - (i as i64 * 37) % 86_400;
    c.state_since = Some(NOW - 60 - (i as i64 * 53) % 7200);
    if i % 5 == 0 {
        c = with_port(c, 8000 + (i % 1000) as u16, 80);
    }
    match i % 10 {
        6 | 7 => exited(c, 0, NOW - (i as i64 % 5000)),
        8 => exited(c, 137, NOW - (i as i64 % 3000)),
        9 => with_state(c, ContainerState::Created),
        _ => c,
    }
}

fn fleet(n: usize) -> Vec<Container> {
    (0..n).map(fleet_member).collect()
}

/// An app of [`SIZE`] connected to an engine with `n` containers, every one shown.
fn app_with(n: usize) -> App {
    connected_app(&Config::default(), NOW, SIZE, fleet(n))
}

fn terminal() -> Terminal<TestBackend> {
    Terminal::new(TestBackend::new(SIZE.0, SIZE.1)).unwrap()
}

fn frame(term: &mut Terminal<TestBackend>, app: &App) {
    term.draw(|f| dockhand::ui::draw(f, app)).unwrap();
}

/// Heap bytes an app with `n` containers holds, drawn once and, when `events`, after every tenth
/// container died (which leaves its exact state time behind).
fn held(n: usize, events: bool) -> usize {
    let before = LIVE.load(Ordering::Relaxed);
    let mut app = app_with(n);
    let mut term = terminal();
    frame(&mut term, &app);
    if events {
        burst(&mut app, n, n / 10, 0);
    }
    let after = LIVE.load(Ordering::Relaxed);
    drop(term);
    drop(app);
    after.saturating_sub(before)
}

/// Bytes per container row: what an app with `n` rows holds past an empty one, divided by
/// `n`. Counted as asked of the allocator (its own few bytes per block aside).
fn bytes_per_row(n: usize, events: bool) -> f64 {
    let empty = held(0, events);
    held(n, events).saturating_sub(empty) as f64 / n as f64
}

fn memory() {
    for n in ROWS {
        println!(
            "containers/memory/{n}: {:.0} bytes per row listed, {:.0} after a tenth of them died",
            bytes_per_row(n, false),
            bytes_per_row(n, true)
        );
    }
}

fn config() -> Criterion {
    Criterion::default()
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2))
        .sample_size(10)
        .configure_from_args()
}

fn draw_frame(c: &mut Criterion) {
    let mut g = c.benchmark_group("frame");
    for n in ROWS {
        let app = app_with(n);
        let mut term = terminal();
        g.bench_function(BenchmarkId::from_parameter(n), |b| {
            b.iter_custom(|iters| cpu_time(iters, || frame(&mut term, black_box(&app))))
        });
    }
    g.finish();
}

/// Times `timed` alone, `iters` times, with `untimed` after each to put the state back.
fn alternate(
    iters: u64,
    app: &mut App,
    mut timed: impl FnMut(&mut App),
    mut untimed: impl FnMut(&mut App),
) -> Duration {
    let mut total = Duration::ZERO;
    for _ in 0..iters {
        let t = cpu_now();
        timed(app);
        total += cpu_now() - t;
        untimed(app);
    }
    total
}

/// One character typed into the open filter prompt: `-` matches every compose container, so
/// nearly every row is filtered and sorted again (the backspace that puts it back is not timed).
fn filter_keystroke(c: &mut Criterion) {
    let mut g = c.benchmark_group("filter_key");
    for n in ROWS {
        let mut app = app_with(n);
        app.update(key('/'));
        g.bench_function(BenchmarkId::new("update", n), |b| {
            b.iter_custom(|iters| {
                alternate(
                    iters,
                    &mut app,
                    |a| drop(black_box(a.update(key('-')))),
                    |a| drop(a.update(code(KeyCode::Backspace))),
                )
            })
        });
        let mut term = terminal();
        g.bench_function(BenchmarkId::new("update_draw", n), |b| {
            b.iter_custom(|iters| {
                alternate(
                    iters,
                    &mut app,
                    |a| {
                        a.update(key('-'));
                        frame(&mut term, a);
                    },
                    |a| drop(a.update(code(KeyCode::Backspace))),
                )
            })
        });
    }
    g.finish();
}

/// A sort change from state to name (`N`; back with `T`, not timed).
fn sort_change(c: &mut Criterion) {
    let mut g = c.benchmark_group("sort_key");
    for n in ROWS {
        let mut app = app_with(n);
        g.bench_function(BenchmarkId::new("update", n), |b| {
            b.iter_custom(|iters| {
                alternate(
                    iters,
                    &mut app,
                    |a| drop(black_box(a.update(key('N')))),
                    |a| drop(a.update(key('T'))),
                )
            })
        });
        let mut term = terminal();
        g.bench_function(BenchmarkId::new("update_draw", n), |b| {
            b.iter_custom(|iters| {
                alternate(
                    iters,
                    &mut app,
                    |a| {
                        a.update(key('N'));
                        frame(&mut term, a);
                    },
                    |a| drop(a.update(key('T'))),
                )
            })
        });
    }
    g.finish();
}

/// `count` containers of the `n` (spread evenly: every tenth when `count` is a tenth, all of
/// them running) die, or start again when `round` is odd, as the runtime delivers it: the
/// events, then the engine's answers to the row refreshes they asked for.
fn burst(app: &mut App, n: usize, count: usize, round: u64) {
    let up = round % 2 == 1;
    let count = count.min(n);
    let stride = n.checked_div(count).unwrap_or(1);
    let members: Vec<Container> = (0..count).map(|i| fleet_member(i * stride)).collect();
    let mut asked: Vec<(u64, ContainerId)> = Vec::with_capacity(count);
    for (i, c) in members.iter().enumerate() {
        let ev = EngineEvent {
            kind: EventKind::Container,
            action: if up {
                EventAction::Start
            } else {
                EventAction::Die
            },
            id: c.id.as_str().to_string(),
            time: NOW + i as i64,
            exit_code: if up { None } else { Some(0) },
            actor: Default::default(),
        };
        for fx in app.update(Msg::Engine(HostId::FIRST, Report::Event(ev))) {
            if let Effect::Engine(_, Request::RefreshContainer { seq, id }) = fx {
                asked.push((seq, id));
            }
        }
    }
    for ((seq, id), mut c) in asked.into_iter().zip(members) {
        if !up {
            c = exited(c, 0, NOW);
        }
        let result = Ok(Some(c));
        app.update(Msg::Engine(
            HostId::FIRST,
            Report::Container { seq, id, result },
        ));
    }
}

fn event_burst(c: &mut Criterion) {
    let mut g = c.benchmark_group("event_burst");
    // One burst is many frames' worth of work: a few flat samples are enough.
    g.sampling_mode(SamplingMode::Flat);
    for n in ROWS {
        let mut app = app_with(n);
        let mut term = terminal();
        let mut round = 0;
        g.bench_function(BenchmarkId::new("1000_events_then_frame", n), |b| {
            b.iter_custom(|iters| {
                cpu_time(iters, || {
                    burst(&mut app, n, BURST, round);
                    frame(&mut term, &app);
                    round += 1;
                })
            })
        });
    }
    g.finish();
}

/// The compose projects pane in front (gathered from the containers list, one project
/// unfolded): a frame, and one or 1,000 containers' deaths as the runtime delivers them (the
/// events, the rows' refreshes) followed by a frame, before which the projects are gathered
/// again, once.
fn projects_pane(c: &mut Criterion) {
    let mut g = c.benchmark_group("projects");
    for n in ROWS {
        let mut app = app_with(n);
        app.update(key('5'));
        app.update(Msg::Key(crossterm::event::KeyEvent::new(
            crossterm::event::KeyCode::Enter,
            crossterm::event::KeyModifiers::NONE,
        )));
        let mut term = terminal();
        g.bench_function(BenchmarkId::new("frame", n), |b| {
            b.iter_custom(|iters| cpu_time(iters, || frame(&mut term, black_box(&app))))
        });
        let mut round = 0;
        for (name, events) in [("event_then_frame", 1), ("1000_events_then_frame", BURST)] {
            g.bench_function(BenchmarkId::new(name, n), |b| {
                b.iter_custom(|iters| {
                    cpu_time(iters, || {
                        burst(&mut app, n, events, round);
                        // As the loop does before each frame.
                        app.prepare_frame();
                        frame(&mut term, &app);
                        round += 1;
                    })
                })
            });
        }
    }
    g.finish();
}

fn main() {
    memory();
    let mut c = config();
    draw_frame(&mut c);
    filter_keystroke(&mut c);
    sort_change(&mut c);
    event_burst(&mut c);
    projects_pane(&mut c);
    c.final_summary();
}
