//! Units as dockhand prints them, shared by the state and the screen (no upward imports).

/// Sizes as `docker` prints them: decimal units, three significant digits (`1.98MB`).
pub fn human_size(bytes: i64) -> String {
    const UNITS: [&str; 6] = ["B", "kB", "MB", "GB", "TB", "PB"];
    let mut v = bytes.max(0) as f64;
    let mut u = 0;
    while v >= 1000.0 && u < UNITS.len() - 1 {
        v /= 1000.0;
        u += 1;
    }
    if u == 0 {
        return format!("{bytes}B");
    }
    let digits = if v >= 100.0 {
        0
    } else if v >= 10.0 {
        1
    } else {
        2
    };
    let text = format!("{v:.digits$}");
    // docker trims trailing zeros: 1.5MB, not 1.50MB.
    let text = if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        text
    };
    format!("{text}{}", UNITS[u])
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
