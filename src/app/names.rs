//! Names dockhand suggests: a file for saved logs, an image for a container committed before
//! removal. Both are safe whatever the container is called and carry the time (UTC).
//!
//! Saved logs go to a folder written out in full, so the user sees where the file will be
//! before saving it and reads it again in the message after. Which folder is found outside
//! the app, once at start ([`Folders`], in the settings): the app does no I/O.

use std::path::{Path, PathBuf};

/// The folders a saved log goes to, found at start.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Folders {
    /// Where a saved log is proposed: the downloads folder, dockhand's state folder, or the
    /// current folder. `None` (tests, or nothing found): a bare file name.
    pub save: Option<PathBuf>,
    /// The folder dockhand was started in, against which a relative name typed by the user
    /// is written out in messages.
    pub current: Option<PathBuf>,
}

impl Folders {
    /// `path` written out in full: a relative one is taken from the current folder.
    pub fn full(&self, path: &str) -> String {
        match &self.current {
            Some(dir) if Path::new(path).is_relative() => dir.join(path).display().to_string(),
            _ => path.to_string(),
        }
    }
}

/// `NAME-YYYYMMDD-HHMMSS.log` (UTC) in `dir` (when known), with a name safe as a file name.
pub fn default_log_file(dir: Option<&Path>, name: &str, now: i64) -> String {
    let digits = stamp_digits(now);
    let file = format!(
        "{}-{}-{}.log",
        safe(name),
        digits.get(..8).unwrap_or("0"),
        digits.get(8..14).unwrap_or("0")
    );
    match dir {
        Some(dir) => dir.join(file).display().to_string(),
        None => file,
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_saved_log_is_proposed_with_its_folder_written_out() {
        let now = 1_764_400_000; // 2025-11-29T07:06:40Z
        assert_eq!(
            default_log_file(Some(Path::new("/home/ana/Downloads")), "web/1", now),
            "/home/ana/Downloads/web-1-20251129-070640.log"
        );
        assert_eq!(
            default_log_file(None, "web", now),
            "web-20251129-070640.log"
        );
        let folders = Folders {
            save: None,
            current: Some(PathBuf::from("/srv/app")),
        };
        assert_eq!(folders.full("x.log"), "/srv/app/x.log");
        assert_eq!(folders.full("/tmp/x.log"), "/tmp/x.log");
    }
}
