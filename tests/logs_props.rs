//! Property and fuzz tests of the pure log layer: whatever bytes a container writes, the
//! rendered text holds no control character, escape or bidi override, respects its length cap
//! and has well-formed spans; the ring buffer's accounting always adds up; filters and merges
//! keep their promises on random input.
//!
//! Cases are bounded (512 per property, a fixed-seed fuzz loop of 20,000 inputs) so this runs
//! in seconds.

// A test may unwrap, expect and panic: that is how it fails, with the reason.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::VecDeque;

use dockhand::logs::ansi::{StyledText, is_unsafe, render};
use dockhand::logs::merge::Merger;
use dockhand::logs::ring::{ItemSize, Ring};
use dockhand::logs::search::{Shown, filter_with_context};
use proptest::prelude::*;

/// Pieces that escape sequences, controls and tricky UTF-8 are made of: random concatenations
/// reach deep into the parser (unterminated strings, nested ESCs, colour arguments cut short).
const FRAGMENTS: &[&[u8]] = &[
    b"\x1b",
    b"\x1b[",
    b"\x1b]",
    b"\x1bP",
    b"\x1b_",
    b"\x1b^",
    b"\x1bX",
    b"\x1b\\",
    b"\x1b[0m",
    b"\x1b[31m",
    b"\x1b[38;5;",
    b"\x1b[48;2;",
    b"\x1b[38:2::",
    b"\x1b[2J",
    b"\x1b[?25l",
    b"\x1b]0;title",
    b"\x1b]52;c;",
    b"\x1b]8;;http://x/",
    b"\x07",
    b"\x18",
    b"\x1a",
    b"[",
    b"]",
    b";",
    b":",
    b"m",
    b"H",
    b"1",
    b"255",
    b"999999999999",
    b"\r",
    b"\r\n",
    b"\n",
    b"\t",
    b"\0",
    b"\x7f",
    b"\x9b",
    b"\x9c",
    b"\xc2\x9b",
    b"\xc2\x85",
    b"\xe2\x80\xae",
    b"\xe2\x81\xa6",
    b"\xe2\x80",
    b"\xff",
    b"\xc0\xaf",
    b"\xed\xa0\x80",
    "é".as_bytes(),
    "日本".as_bytes(),
    "🚢".as_bytes(),
    "…".as_bytes(),
    b"plain text ",
];

/// Checks every promise `render` makes about its output.
fn check(bytes: &[u8], keep_colors: bool, max_chars: usize) -> Result<StyledText, String> {
    let out = render(bytes, keep_colors, max_chars);
    let text = &out.text;
    if let Some(c) = text.chars().find(|&c| is_unsafe(c)) {
        return Err(format!("unsafe {c:?} in {text:?}"));
    }
    // Belt and braces on the bytes themselves: no ESC, C0, DEL or C1 byte sequence.
    if text.bytes().any(|b| b < 0x20 || b == 0x7f) || text.contains('\u{9b}') {
        return Err(format!("control byte in {text:?}"));
    }
    let body = match text
        .strip_suffix(" more bytes]")
        .and_then(|t| t.rfind("… [").map(|at| (t, at)))
    {
        Some((t, at)) => {
            let n: usize = t[at + "… [".len()..]
                .parse()
                .map_err(|_| format!("bad marker in {text:?}"))?;
            if n == 0 || n > bytes.len() {
                return Err(format!("marker counts {n} of {} bytes", bytes.len()));
            }
            &text[..at]
        }
        None => text.as_str(),
    };
    if body.chars().count() > max_chars {
        return Err(format!("{} chars > {max_chars}", body.chars().count()));
    }
    let mut prev_end = 0;
    for s in &out.spans {
        if s.start >= s.end || s.end > text.len() || s.start < prev_end {
            return Err(format!(
                "bad span {s:?} after {prev_end} in {} bytes",
                text.len()
            ));
        }
        if !text.is_char_boundary(s.start) || !text.is_char_boundary(s.end) {
            return Err(format!("span {s:?} splits a character"));
        }
        let styled = s.fg.is_some() || s.bg.is_some() || s.bold || s.dim || s.italic;
        if !keep_colors && (styled || s.underline || s.reverse) {
            return Err(format!("colours kept though stripped: {s:?}"));
        }
        if !s.escape && !styled && !s.underline && !s.reverse {
            return Err(format!("span with nothing to say: {s:?}"));
        }
        prev_end = s.end;
    }
    Ok(out)
}

fn fragments() -> impl Strategy<Value = Vec<u8>> {
    prop::collection::vec(
        prop_oneof![
            3 => prop::sample::select(FRAGMENTS).prop_map(<[u8]>::to_vec),
            1 => prop::collection::vec(any::<u8>(), 1..4),
        ],
        0..64,
    )
    .prop_map(|parts| parts.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn render_is_safe_on_arbitrary_bytes(
        bytes in prop::collection::vec(any::<u8>(), 0..512),
        keep in any::<bool>(),
        max in 0usize..600,
    ) {
        check(&bytes, keep, max).map_err(TestCaseError::fail)?;
    }

    #[test]
    fn render_is_safe_on_escape_fragments(
        bytes in fragments(),
        keep in any::<bool>(),
        max in 0usize..300,
    ) {
        check(&bytes, keep, max).map_err(TestCaseError::fail)?;
    }

    #[test]
    fn truncation_keeps_a_prefix_of_the_whole(bytes in fragments(), keep in any::<bool>(), max in 0usize..100) {
        let whole = render(&bytes, keep, usize::MAX).text;
        let cut = render(&bytes, keep, max).text;
        if cut != whole {
            let at = cut.rfind("… [").ok_or_else(|| TestCaseError::fail("no marker"))?;
            prop_assert!(whole.starts_with(&cut[..at]), "{cut:?} vs {whole:?}");
        }
    }

    #[test]
    fn printable_ascii_is_untouched(text in "[ -~]{0,200}") {
        let out = render(text.as_bytes(), true, usize::MAX);
        prop_assert_eq!(out.text, text);
        prop_assert!(out.spans.is_empty());
    }

    #[test]
    fn ring_accounting_adds_up(
        ops in prop::collection::vec((0u8..10, 0usize..40), 0..200),
        capacity in 1usize..20,
        budget in prop::option::of(0usize..200),
    ) {
        let mut ring = match budget {
            Some(b) => Ring::with_byte_budget(capacity, b),
            None => Ring::new(capacity),
        };
        let mut model: VecDeque<Item> = VecDeque::new();
        let mut pushed = 0u64;
        for (op, size) in ops {
            match op {
                0 => { ring.clear(); model.clear(); }
                1 => {
                    let replaced = ring.replace_last(Item(size, pushed)).is_some();
                    prop_assert_eq!(replaced, !model.is_empty());
                    if let Some(last) = model.back_mut() { *last = Item(size, pushed); }
                }
                _ => { ring.push(Item(size, pushed)); model.push_back(Item(size, pushed)); pushed += 1; }
            }
            // The model keeps the newest items that fit both limits (the newest always).
            while model.len() > capacity
                || (model.len() > 1 && budget.is_some_and(|b| model.iter().map(|s| s.0).sum::<usize>() > b))
            {
                model.pop_front();
            }
            prop_assert!(ring.len() <= capacity);
            prop_assert_eq!(ring.first_index() + ring.len() as u64, ring.total_pushed());
            prop_assert_eq!(ring.total_pushed(), pushed);
            prop_assert!(ring.evicted() <= ring.first_index());
            prop_assert_eq!(ring.iter().collect::<Vec<_>>(), model.iter().collect::<Vec<_>>());
            if let Some(b) = budget {
                prop_assert_eq!(ring.bytes(), model.iter().map(|s| s.0).sum::<usize>());
                prop_assert!(ring.bytes() <= b || ring.len() == 1);
            }
            for (abs, item) in ring.iter_abs() {
                prop_assert_eq!(ring.get_abs(abs), Some(item));
            }
        }
    }

    #[test]
    fn filter_rows_are_grep_like(
        hits in prop::collection::vec(any::<bool>(), 0..200),
        context in 0usize..5,
    ) {
        let rows = filter_with_context(hits.len(), |i| hits[i], context);
        let lines: Vec<usize> = rows.iter().filter_map(Shown::line).collect();
        prop_assert!(lines.windows(2).all(|w| w[0] < w[1]), "lines out of order");
        for (i, &hit) in hits.iter().enumerate() {
            let near = hits.iter().enumerate().any(|(j, &h)| h && i.abs_diff(j) <= context);
            let expected = if hit { Some(Shown::Match(i)) } else if near { Some(Shown::Context(i)) } else { None };
            let got = rows.iter().find(|r| r.line() == Some(i)).copied();
            prop_assert_eq!(got, expected, "line {}", i);
        }
        for (k, row) in rows.iter().enumerate() {
            if *row == Shown::Separator {
                let before = k.checked_sub(1).and_then(|p| rows.get(p)).and_then(Shown::line);
                let after = rows.get(k + 1).and_then(Shown::line);
                match (before, after) {
                    (Some(b), Some(a)) => prop_assert!(a > b + 1, "separator between adjacent lines"),
                    _ => prop_assert!(false, "separator at an edge or doubled"),
                }
            }
        }
        for w in rows.windows(2) {
            if let (Some(a), Some(b)) = (w[0].line(), w[1].line()) {
                prop_assert_eq!(b, a + 1, "gap without a separator");
            }
        }
    }

    #[test]
    fn merged_lines_come_out_in_order(
        streams in prop::collection::vec(prop::collection::vec(0i64..50, 0..20), 1..5),
        order in prop::collection::vec(any::<prop::sample::Index>(), 0..100),
    ) {
        // Each source's timestamps sorted (as the engine sends them), then delivered in a random
        // interleaving with the releases taken as they come.
        let mut queues: Vec<VecDeque<i64>> = streams
            .iter()
            .map(|s| { let mut s = s.clone(); s.sort_unstable(); s.into() })
            .collect();
        let total: usize = queues.iter().map(VecDeque::len).sum();
        let mut m = Merger::new(1_000, 10_000);
        for q in &queues {
            let src = m.add_source(0);
            if q.is_empty() { m.finish(src); }
        }
        let mut out = Vec::new();
        let mut picks = order.into_iter();
        while queues.iter().any(|q| !q.is_empty()) {
            let live: Vec<usize> = (0..queues.len()).filter(|&i| !queues[i].is_empty()).collect();
            let src = picks.next().map_or(live[0], |ix| live[ix.index(live.len())]);
            if let Some(ts) = queues[src].pop_front() {
                m.push(src, Some(ts), (src, ts), 0);
            }
            if queues[src].is_empty() { m.finish(src); }
            out.extend(m.drain(0));
        }
        out.extend(m.drain(0));
        prop_assert_eq!(m.held(), 0);
        prop_assert_eq!(out.len(), total);
        prop_assert!(out.windows(2).all(|w| w[0].ts <= w[1].ts), "{:?}", out);
    }
}

/// A ring item of a given size, numbered so that the model can tell items apart.
#[derive(Clone, Debug, PartialEq)]
struct Item(usize, u64);

impl ItemSize for Item {
    fn size_bytes(&self) -> usize {
        self.0
    }
}

/// xorshift64*: a fixed-seed generator, so the fuzz run is the same every time.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

#[test]
fn fuzz_render_with_a_fixed_seed() {
    let mut rng = Rng(0x5eed_d0c4_4a2d_0001);
    for round in 0..20_000 {
        let len = rng.below(256);
        let mut bytes = Vec::with_capacity(len + 16);
        while bytes.len() < len {
            if rng.below(2) == 0 {
                bytes.extend_from_slice(FRAGMENTS[rng.below(FRAGMENTS.len())]);
            } else {
                bytes.push(rng.next() as u8);
            }
        }
        let keep = rng.below(2) == 0;
        let max = if rng.below(4) == 0 {
            usize::MAX
        } else {
            rng.below(300)
        };
        if let Err(e) = check(&bytes, keep, max) {
            panic!("round {round}: {e}\ninput: {bytes:?}");
        }
    }
}

#[test]
fn fuzz_render_on_big_inputs() {
    let mut rng = Rng(0xb16_b16);
    for round in 0..8 {
        let mut bytes = Vec::with_capacity(1 << 16);
        while bytes.len() < 1 << 16 {
            bytes.extend_from_slice(FRAGMENTS[rng.below(FRAGMENTS.len())]);
        }
        for max in [usize::MAX, 5_000] {
            if let Err(e) = check(&bytes, round % 2 == 0, max) {
                panic!("round {round}, max {max}: {e}");
            }
        }
    }
}
