//! Units as dockhand prints them, shared by the state and the screen (no upward imports).
//! One convention per kind of figure, as docker prints it, in panes and dialogs alike: sizes
//! on disk (images, layers, volumes, writable layers) in decimal units ([`human_size`]),
//! memory in binary units ([`binary_size`]).

/// Sizes as `docker` prints them: decimal units, three significant digits (`1.98MB`).
pub fn human_size(bytes: i64) -> String {
    const UNITS: [&str; 6] = ["B", "kB", "MB", "GB", "TB", "PB"];
    let (v, u) = scaled(bytes.max(0) as f64, 1000.0, UNITS.len());
    if u == 0 {
        return format!("{bytes}B");
    }
    let text = fixed(v);
    // docker trims trailing zeros: 1.5MB, not 1.50MB.
    let text = if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        text
    };
    format!("{text}{}", UNITS[u])
}

/// Bytes in binary units, as `docker stats` shows memory: `512B`, `12.3MiB`, `1.94GiB`.
pub fn binary_size(n: u64) -> String {
    const UNITS: [&str; 6] = ["B", "KiB", "MiB", "GiB", "TiB", "PiB"];
    let (v, u) = scaled(n as f64, 1024.0, UNITS.len());
    if u == 0 {
        return format!("{n}B");
    }
    format!("{}{}", fixed(v), UNITS[u])
}

/// `v` divided by `base` until it is below it (or the units run out), and how many times.
fn scaled(mut v: f64, base: f64, units: usize) -> (f64, usize) {
    let mut u = 0;
    while v >= base && u < units - 1 {
        v /= base;
        u += 1;
    }
    (v, u)
}

/// Three significant digits for a value from 1 to 999.
fn fixed(v: f64) -> String {
    let digits = if v >= 100.0 {
        0
    } else if v >= 10.0 {
        1
    } else {
        2
    };
    format!("{v:.digits$}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_like_docker() {
        for (bytes, text) in [
            (0, "0B"),
            (999, "999B"),
            (1000, "1kB"),
            (1_982_365, "1.98MB"),
            (1_500_000, "1.5MB"),
            (123_456_789, "123MB"),
            (12_345_678_901, "12.3GB"),
        ] {
            assert_eq!(human_size(bytes), text, "{bytes}");
        }
    }
}
