//! Diagnostics to a file in the platform's state dir. Never to the terminal, which belongs to
//! the UI.

use std::fs::OpenOptions;
use std::path::PathBuf;
use std::sync::Mutex;

use tracing_subscriber::EnvFilter;

/// `$XDG_STATE_HOME/dockhand/dockhand.log` on Linux, or the cache dir where there is no state dir.
pub fn default_path() -> Option<PathBuf> {
    let dirs = directories::ProjectDirs::from("", "", "dockhand")?;
    let dir = dirs.state_dir().unwrap_or_else(|| dirs.cache_dir());
    Some(dir.join("dockhand.log"))
}

/// Starts logging; returns the file used. A log that cannot be opened is not fatal.
pub fn init(level: &str, path: Option<PathBuf>) -> Result<Option<PathBuf>, String> {
    let filter = EnvFilter::try_new(format!("dockhand={level},warn"))
        .map_err(|e| format!("--log-level {level}: {e} (use error, warn, info, debug or trace)"))?;
    let Some(path) = path.or_else(default_path) else {
        return Ok(None);
    };
    if let Some(dir) = path.parent() {
        let _ = std::fs::create_dir_all(dir);
    }
    let Ok(file) = OpenOptions::new().create(true).append(true).open(&path) else {
        return Ok(None);
    };
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_ansi(false)
        .with_writer(Mutex::new(file))
        .try_init();
    Ok(Some(path))
}
