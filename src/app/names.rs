//! Names dockhand suggests: a file for saved logs, an image for a container committed before
//! removal. Both are safe whatever the container is called and carry the time (UTC).

/// `NAME-YYYYMMDD-HHMMSS.log` (UTC) in the current folder, with a name safe as a file name.
pub fn default_log_file(name: &str, now: i64) -> String {
    let digits = stamp_digits(now);
    format!(
        "{}-{}-{}.log",
        safe(name),
        digits.get(..8).unwrap_or("0"),
        digits.get(8..14).unwrap_or("0")
    )
}

/// A name for the image a container is committed to before removal: `NAME-backup:YYYYMMDD-HHMM`
/// (UTC), valid as a reference whatever the container's name.
pub fn default_commit_name(container: &str, now: i64) -> String {
    let repo = safe(&container.to_lowercase());
    let repo = repo.trim_matches(|c: char| !c.is_ascii_alphanumeric());
    let repo = if repo.is_empty() { "container" } else { repo };
    // 2026-11-29T18:44:31Z -> 20261129-1844
    let digits = stamp_digits(now);
    let tag = format!(
        "{}-{}",
        digits.get(..8).unwrap_or("0"),
        digits.get(8..12).unwrap_or("0")
    );
    format!("{repo}-backup:{tag}")
}

/// Letters, digits, `.`, `_` and `-` kept; anything else becomes `-`.
fn safe(name: &str) -> String {
    name.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-') {
                c
            } else {
                '-'
            }
        })
        .collect()
}

/// The digits of the UTC time `now`: `YYYYMMDDHHMMSS`.
fn stamp_digits(now: i64) -> String {
    let stamp = humantime::format_rfc3339_seconds(
        std::time::UNIX_EPOCH + std::time::Duration::from_secs(now.max(0) as u64),
    )
    .to_string();
    stamp.chars().filter(char::is_ascii_digit).collect()
}
