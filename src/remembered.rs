//! What dockhand remembers between runs, in its state folder: the last command typed with `E`
//! for each image (`commands.toml`, a `[commands]` table of image = "[user@]command"), and the
//! `:` commands run (`history.toml`, a `history` list, oldest first).
//!
//! The file is the user's: it is read once at start (a missing one is empty; one that cannot
//! be read or parsed is said and left as it is, never overwritten that run) and written whole
//! after each change, to a temporary file renamed over it, readable by its owner only (a
//! command may hold a password).

use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Images remembered at most; past that, the file drops the last by name (a bound on a file
/// that would otherwise grow with every image ever used).
pub const MAX_IMAGES: usize = 500;

/// `commands.toml` in dockhand's state folder, when the system has one.
pub fn commands_file() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "dockhand")
        .and_then(|d| d.state_dir().map(|s| s.join("commands.toml")))
}

#[derive(serde::Serialize, serde::Deserialize, Default)]
struct CommandsFile {
    #[serde(default)]
    commands: std::collections::BTreeMap<String, String>,
}

/// The commands in `path`: empty when there is no such file, an error naming the file when it
/// cannot be read or is not a `[commands]` table of strings.
pub fn load_commands(path: &Path) -> Result<HashMap<String, String>, String> {
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(HashMap::new()),
        Err(e) => return Err(format!("cannot read {}: {e}", path.display())),
    };
    let file: CommandsFile = toml::from_str(&text).map_err(|e: toml::de::Error| {
        format!("{} is not valid: {}", path.display(), e.message())
    })?;
    Ok(file.commands.into_iter().collect())
}

/// Writes `commands` to `path` whole (its folder made when missing), at most [`MAX_IMAGES`].
pub fn save_commands(path: &Path, commands: &HashMap<String, String>) -> Result<(), String> {
    let mut sorted: Vec<_> = commands.iter().collect();
    sorted.sort();
    let file = CommandsFile {
        commands: sorted
            .into_iter()
            .take(MAX_IMAGES)
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect(),
    };
    let text = toml::to_string(&file).map_err(|e| format!("cannot write the commands: {e}"))?;
    write_private(path, &text)
}

/// `history.toml` in dockhand's state folder, when the system has one.
pub fn history_file() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "dockhand")
        .and_then(|d| d.state_dir().map(|s| s.join("history.toml")))
}

#[derive(serde::Serialize, serde::Deserialize, Default)]
struct HistoryFile {
    #[serde(default)]
    history: Vec<String>,
}

/// The `:` commands in `path`, oldest first: empty when there is no such file, an error naming
/// the file when it cannot be read or is not a `history` list of strings.
pub fn load_history(path: &Path) -> Result<Vec<String>, String> {
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(format!("cannot read {}: {e}", path.display())),
    };
    let file: HistoryFile = toml::from_str(&text).map_err(|e: toml::de::Error| {
        format!("{} is not valid: {}", path.display(), e.message())
    })?;
    Ok(file.history)
}

/// Writes the `:` commands to `path` whole.
pub fn save_history(path: &Path, history: &[String]) -> Result<(), String> {
    let file = HistoryFile {
        history: history.to_vec(),
    };
    let text = toml::to_string(&file).map_err(|e| format!("cannot write the history: {e}"))?;
    write_private(path, &text)
}

/// Writes `text` to `path` (its folder made when missing) through a temporary file renamed
/// over it, readable by its owner only.
fn write_private(path: &Path, text: &str) -> Result<(), String> {
    let failed = |e: std::io::Error| format!("cannot write {}: {e}", path.display());
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(failed)?;
    }
    let tmp = path.with_extension(format!("toml.{}.tmp", std::process::id()));
    let written = (|| {
        use std::os::unix::fs::OpenOptionsExt;
        let mut f = std::fs::OpenOptions::new()
            .write(true)
            .create(true)
            .truncate(true)
            .mode(0o600)
            .open(&tmp)?;
        f.write_all(text.as_bytes())?;
        f.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if written.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    written.map_err(failed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commands_survive_a_save_and_a_load() {
        let dir = tempfile::tempdir().expect("a temp dir");
        let path = dir.path().join("state/commands.toml");
        assert_eq!(load_commands(&path), Ok(HashMap::new()), "no file yet");
        let mut commands = HashMap::new();
        commands.insert(
            "postgres:16".to_string(),
            "postgres@psql -U app".to_string(),
        );
        commands.insert("reg:5000/a b".to_string(), "sh -c 'echo \"x\"'".to_string());
        save_commands(&path, &commands).expect("saved");
        assert_eq!(load_commands(&path), Ok(commands));
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&path)
            .expect("the file")
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600, "its owner's only");
        let left: Vec<_> = std::fs::read_dir(path.parent().expect("a folder"))
            .expect("listed")
            .flatten()
            .map(|e| e.file_name())
            .collect();
        assert_eq!(left, ["commands.toml"], "no temporary file left");
    }

    #[test]
    fn the_history_survives_a_save_and_a_load() {
        let dir = tempfile::tempdir().expect("a temp dir");
        let path = dir.path().join("state/history.toml");
        assert_eq!(load_history(&path), Ok(Vec::new()), "no file yet");
        let history = vec!["sort cpu".to_string(), "host \"prod\" 2".to_string()];
        save_history(&path, &history).expect("saved");
        assert_eq!(load_history(&path), Ok(history));
        std::fs::write(&path, "history = 3\n").expect("written");
        assert!(load_history(&path).is_err());
    }

    #[test]
    fn a_broken_file_is_said_not_taken_as_empty() {
        let dir = tempfile::tempdir().expect("a temp dir");
        let path = dir.path().join("commands.toml");
        std::fs::write(&path, "[commands]\nnginx = 3\n").expect("written");
        let err = load_commands(&path).expect_err("not strings");
        assert!(err.contains("commands.toml is not valid"), "{err}");
    }
}
