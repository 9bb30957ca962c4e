//! A config file's problems as the user reads them: the file, the line and column, the key,
//! and what it takes, in words (not serde's types).

use std::fmt;
use std::path::PathBuf;

/// A config file that cannot be used, with where and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    pub path: PathBuf,
    pub problems: Vec<Problem>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub key: Option<String>,
    pub message: String,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "dockhand: the config file {} cannot be used:",
            self.path.display()
        )?;
        for p in &self.problems {
            let mut place = self.path.display().to_string();
            if let Some(l) = p.line {
                place.push_str(&format!(":{l}"));
                if let Some(c) = p.column {
                    place.push_str(&format!(":{c}"));
                }
            }
            match &p.key {
                Some(k) => writeln!(f, "  {place}: key `{k}`: {}", p.message)?,
                None => writeln!(f, "  {place}: {}", p.message)?,
            }
        }
        Ok(())
    }
}

impl std::error::Error for ConfigError {}

pub(super) fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, col)
}

/// The full dotted key (`general.resync_interval`) set on a line, as every message names keys.
pub(super) fn key_on_line(text: &str, line: usize) -> Option<String> {
    let l = text.lines().nth(line.checked_sub(1)?)?;
    let (k, _) = l.split_once('=')?;
    let k = k.trim().trim_matches('"');
    if k.is_empty() || k.starts_with('[') {
        return None;
    }
    let section = text
        .lines()
        .take(line - 1)
        .filter_map(|l| {
            let t = l.trim();
            t.strip_prefix('[')
                .filter(|r| !r.starts_with('['))
                .and_then(|r| r.split(']').next())
        })
        .last()
        .map(|s| s.trim().to_string());
    Some(match section {
        Some(section) if !section.is_empty() => format!("{section}.{k}"),
        _ => k.to_string(),
    })
}

/// A type error from the TOML reader in words: serde's `expected u64` becomes what the key
/// takes (`a whole number of lines, 0 or more`), its `expected a boolean` `true or false`.
pub(super) fn in_words(key: Option<&str>, message: &str) -> String {
    let Some((found, expected)) = message.rsplit_once(", expected ") else {
        return message.to_string();
    };
    let words = match expected.trim() {
        "u64" | "usize" | "u32" | "u16" | "u8" => match key {
            Some("logs.tail") => "a whole number of lines, 0 or more",
            Some("logs.buffer_lines") => "a whole number of lines, 100 or more",
            Some("logs.buffer_bytes") => "a whole number of bytes, 65536 or more",
            Some("logs.max_line_chars") => "a whole number of characters, 80 or more",
            _ => "a whole number, 0 or more",
        },
        "a boolean" => "true or false",
        "a string" => "text in quotes",
        _ => return message.to_string(),
    };
    let found = found
        .strip_prefix("invalid value: ")
        .or_else(|| found.strip_prefix("invalid type: "))
        .unwrap_or(found);
    format!("expected {words}, not {found}")
}

/// Finds the line of `key` inside `[section]`, for errors found after parsing.
fn find_key(text: &str, section: &str, key: &str) -> Option<usize> {
    let mut current = String::new();
    for (i, l) in text.lines().enumerate() {
        let t = l.trim();
        if let Some(name) = t.strip_prefix('[').and_then(|r| r.split(']').next()) {
            current = name.trim().to_string();
        } else if current == section
            && t.split('=').next().map(|k| k.trim().trim_matches('"')) == Some(key)
        {
            return Some(i + 1);
        }
    }
    None
}

pub(super) fn locate(text: &str, section: &str, key: &str, message: String) -> Problem {
    Problem {
        line: find_key(text, section, key),
        column: None,
        key: Some(format!("{section}.{key}")),
        message,
    }
}

/// Messages from the keymap and theme name their key in backquotes or before a colon.
pub(super) fn locate_message(text: &str, section: &str, message: String) -> Problem {
    let body = message
        .strip_prefix(&format!("[{section}] "))
        .unwrap_or(&message)
        .to_string();
    let candidates: Vec<String> = body
        .split('`')
        .skip(1)
        .step_by(2)
        .map(str::to_string)
        .chain(body.split(':').next().map(str::to_string))
        .collect();
    let found = candidates
        .iter()
        .find_map(|k| find_key(text, section, k).map(|l| (k.clone(), l)));
    match found {
        Some((k, line)) => Problem {
            line: Some(line),
            column: None,
            key: Some(format!("{section}.{k}")),
            message: body,
        },
        None => Problem {
            line: None,
            column: None,
            key: None,
            message: format!("[{section}] {body}"),
        },
    }
}
