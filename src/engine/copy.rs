//! Files in and out of a container through the engine's archive API (`docker cp`), so that it
//! works on every host dockhand reaches and on stopped containers too.
//!
//! - Out: `GET /containers/{id}/archive?path=P` answers a tar of P (a file, or a folder with
//!   everything in it, named by P's last part). The tar is written to a temporary file beside
//!   the destination as it arrives (progress counts its bytes), then unpacked there. Nothing
//!   local is overwritten: when anything the tar holds exists already, the copy is refused
//!   with its name, before a byte is written.
//! - In: the local file or folder is packed into a temporary tar, then sent with
//!   `PUT /containers/{id}/archive?path=DIR` (DIR must exist in the container; the engine says
//!   so otherwise), progress counting the bytes sent.
//!
//! The tar crate unpacks with `unpack_in`, which refuses entries that would land outside the
//! destination (`..`, absolute paths), whatever the container holds.

use std::path::{Path, PathBuf};

use bollard::query_parameters::{DownloadFromContainerOptions, UploadToContainerOptions};
use futures_util::StreamExt;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use super::connect::Engine;
use super::errors::describe;

/// Bytes between two progress calls (and at the end).
const PROGRESS_EVERY: u64 = 1 << 20;

/// A name for a temporary tar no other copy of this process uses.
fn temp_name(what: &str) -> String {
    static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    format!(".dockhand-{what}-{}-{n}.tar", std::process::id())
}

/// What a copy did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Copied {
    /// Bytes of the files copied (what they hold, without tar's headers).
    pub bytes: u64,
    /// Files, folders and links written.
    pub entries: usize,
    /// Where it went: the local path, or the folder in the container.
    pub to: String,
}

impl Engine {
    /// Copies `path` out of `container` into the local folder `dest` (made when missing).
    pub async fn copy_out(
        &self,
        container: &str,
        path: &str,
        dest: &Path,
        mut progress: impl FnMut(u64),
    ) -> Result<Copied, String> {
        tokio::fs::create_dir_all(dest)
            .await
            .map_err(|e| format!("cannot make the folder {}: {e}", dest.display()))?;
        let tmp = dest.join(temp_name("copy-out"));
        let result = self.download(container, path, &tmp, &mut progress).await;
        let unpacked = match result {
            Ok(_) => {
                let (tmp2, dest2) = (tmp.clone(), dest.to_path_buf());
                tokio::task::spawn_blocking(move || unpack(&tmp2, &dest2))
                    .await
                    .map_err(|e| format!("the copy stopped: {e}"))
                    .and_then(|r| r)
                    .map(|(entries, bytes, top)| Copied {
                        bytes,
                        entries,
                        to: top.display().to_string(),
                    })
            }
            Err(e) => Err(e),
        };
        let _ = tokio::fs::remove_file(&tmp).await;
        unpacked
    }

    /// The tar of `path` into the file `to`; its size.
    async fn download(
        &self,
        container: &str,
        path: &str,
        to: &Path,
        progress: &mut impl FnMut(u64),
    ) -> Result<u64, String> {
        let mut file = tokio::fs::File::create(to)
            .await
            .map_err(|e| format!("cannot write {}: {e}", to.display()))?;
        let mut stream = self.docker.download_from_container(
            container,
            Some(DownloadFromContainerOptions {
                path: path.to_string(),
            }),
        );
        let (mut bytes, mut told) = (0u64, 0u64);
        while let Some(chunk) = stream.next().await {
            let chunk = chunk.map_err(|e| describe(&e))?;
            file.write_all(&chunk)
                .await
                .map_err(|e| format!("cannot write {}: {e}", to.display()))?;
            bytes += chunk.len() as u64;
            if bytes - told >= PROGRESS_EVERY {
                told = bytes;
                progress(bytes);
            }
        }
        file.flush()
            .await
            .map_err(|e| format!("cannot write {}: {e}", to.display()))?;
        progress(bytes);
        Ok(bytes)
    }

    /// Copies the local file or folder `local` into the folder `dir` of `container`.
    pub async fn copy_in(
        &self,
        container: &str,
        local: &Path,
        dir: &str,
        mut progress: impl FnMut(u64),
    ) -> Result<Copied, String> {
        let tmp = std::env::temp_dir().join(temp_name("copy-in"));
        let (local2, tmp2) = (local.to_path_buf(), tmp.clone());
        let packed = tokio::task::spawn_blocking(move || pack(&local2, &tmp2))
            .await
            .map_err(|e| format!("the copy stopped: {e}"))
            .and_then(|r| r);
        let result = match packed {
            Ok((entries, bytes)) => {
                self.upload(container, &tmp, dir, &mut progress)
                    .await
                    .map(|_| Copied {
                        bytes,
                        entries,
                        to: dir.to_string(),
                    })
            }
            Err(e) => Err(e),
        };
        let _ = tokio::fs::remove_file(&tmp).await;
        result
    }

    /// Sends the tar file `tar` into the folder `dir`; the bytes sent.
    async fn upload(
        &self,
        container: &str,
        tar: &Path,
        dir: &str,
        progress: &mut impl FnMut(u64),
    ) -> Result<u64, String> {
        let mut file = tokio::fs::File::open(tar)
            .await
            .map_err(|e| format!("cannot read {}: {e}", tar.display()))?;
        let size = file.metadata().await.map(|m| m.len()).unwrap_or(0);
        // Read ahead in chunks while the engine takes them; progress counts what was read.
        let (tx, rx) = tokio::sync::mpsc::channel::<bytes::Bytes>(8);
        let reader = tokio::spawn(async move {
            let mut sent = 0u64;
            loop {
                let mut buf = vec![0u8; 256 * 1024];
                match file.read(&mut buf).await {
                    Ok(0) | Err(_) => break,
                    Ok(n) => {
                        buf.truncate(n);
                        sent += n as u64;
                        if tx.send(bytes::Bytes::from(buf)).await.is_err() {
                            break;
                        }
                    }
                }
            }
            sent
        });
        let body = tokio_stream_of(rx);
        let upload = self.docker.upload_to_container(
            container,
            Some(UploadToContainerOptions {
                path: dir.to_string(),
                ..Default::default()
            }),
            bollard::body_stream(body),
        );
        let result = upload.await.map_err(|e| describe(&e));
        let sent = reader.await.unwrap_or(0);
        result?;
        progress(sent.max(size));
        Ok(sent.max(size))
    }
}

/// A receiver as a stream (what bollard's body takes).
fn tokio_stream_of(
    mut rx: tokio::sync::mpsc::Receiver<bytes::Bytes>,
) -> impl futures_util::Stream<Item = bytes::Bytes> + Send + 'static {
    futures_util::stream::poll_fn(move |cx| rx.poll_recv(cx))
}

/// Unpacks the tar `tar` into `dest`, refusing when anything it holds exists already there;
/// the entries written, the bytes of their files, and the top path.
fn unpack(tar: &Path, dest: &Path) -> Result<(usize, u64, PathBuf), String> {
    let open = || {
        std::fs::File::open(tar)
            .map(tar::Archive::new)
            .map_err(|e| format!("cannot read {}: {e}", tar.display()))
    };
    // First pass: what would be written, and whether any of it is there already.
    let mut names = Vec::new();
    let mut archive = open()?;
    let entries = archive
        .entries()
        .map_err(|e| format!("the engine's archive is not a tar: {e}"))?;
    for entry in entries {
        let entry = entry.map_err(|e| format!("the engine's archive is broken: {e}"))?;
        let path = entry
            .path()
            .map_err(|e| format!("an entry has no usable name: {e}"))?
            .into_owned();
        names.push(path);
    }
    let Some(top) = names.first().cloned() else {
        return Err("the engine sent an empty archive".to_string());
    };
    if let Some(there) = names.iter().map(|n| dest.join(n)).find(|p| p.exists()) {
        return Err(format!(
            "{} exists already: nothing was copied (choose another folder)",
            there.display()
        ));
    }
    let mut archive = open()?;
    let entries = archive
        .entries()
        .map_err(|e| format!("the engine's archive is not a tar: {e}"))?;
    let (mut written, mut bytes) = (0, 0u64);
    for entry in entries {
        let mut entry = entry.map_err(|e| format!("the engine's archive is broken: {e}"))?;
        bytes += entry.header().size().unwrap_or(0);
        if entry
            .unpack_in(dest)
            .map_err(|e| format!("cannot write into {}: {e}", dest.display()))?
        {
            written += 1;
        }
    }
    Ok((
        written,
        bytes,
        dest.join(
            top.components()
                .next()
                .map_or(top.as_path(), |c| Path::new(c.as_os_str())),
        ),
    ))
}

/// Packs the local file or folder `local` into the tar file `tar` (under its own name); the
/// entries packed and the bytes of their files.
fn pack(local: &Path, tar: &Path) -> Result<(usize, u64), String> {
    let meta =
        std::fs::metadata(local).map_err(|e| format!("cannot read {}: {e}", local.display()))?;
    let name = local
        .file_name()
        .ok_or_else(|| format!("{} names no file or folder", local.display()))?;
    let file =
        std::fs::File::create(tar).map_err(|e| format!("cannot write {}: {e}", tar.display()))?;
    let mut builder = tar::Builder::new(file);
    builder.follow_symlinks(false);
    let packing = if meta.is_dir() {
        builder.append_dir_all(name, local)
    } else {
        builder.append_path_with_name(local, name)
    };
    packing.map_err(|e| format!("cannot pack {}: {e}", local.display()))?;
    builder
        .finish()
        .map_err(|e| format!("cannot write {}: {e}", tar.display()))?;
    // Count what went in, from the tar itself.
    let mut count = (0, 0u64);
    if let Ok(mut archive) = std::fs::File::open(tar).map(tar::Archive::new)
        && let Ok(entries) = archive.entries()
    {
        for e in entries.flatten() {
            count.0 += 1;
            count.1 += e.header().size().unwrap_or(0);
        }
    }
    Ok(count)
}

/// Bytes of a folder's archive read to list it, at most (the archive holds every file of the
/// folder and its subfolders, not only the names). Past that, a running container's folder is
/// listed by `stat` in the container instead; a stopped one's listing says it is cut.
pub const LIST_BUDGET: u64 = 32 << 20;

/// The listing by `stat` in the container: `$1` is the folder; one `stat` for all its entries
/// (raw mode in hex, size, mtime, name), then each link's name and target on two lines after a
/// marker. `.*` and `*` left unexpanded in an empty folder are ignored with stat's complaint.
const STAT_SCRIPT: &str = r#"cd -- "$1" || exit 3
stat -c '%f %s %Y %n' -- .* * 2>/dev/null
echo "$2"
for f in .* *; do [ -L "$f" ] && printf '%s\n%s\n' "$f" "$(readlink -- "$f")"; done
exit 0"#;

/// Bytes of `stat`'s output kept, at most (about 200,000 entries).
const STAT_KEEP: usize = 16 << 20;

/// What a folder entry is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EntryKind {
    Dir,
    File,
    Link,
    Other,
}

/// One entry of a folder in a container.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileEntry {
    pub name: String,
    pub kind: EntryKind,
    pub size: u64,
    /// Permission bits (`0o755`).
    pub mode: u32,
    /// Last change, unix seconds.
    pub mtime: i64,
    /// Where a link points.
    pub target: Option<String>,
}

/// How a listing was read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ListedBy {
    /// The folder's archive, through the engine's archive API.
    Archive,
    /// `stat` run in the container (its archive was over [`LIST_BUDGET`]).
    Stat,
}

/// A folder's entries, folders first, then by name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Listing {
    pub path: String,
    pub entries: Vec<FileEntry>,
    /// The folder's archive was larger than [`LIST_BUDGET`] and `stat` could not list it
    /// (a stopped container, no shell): entries after the budget are missing.
    pub cut: bool,
    pub by: ListedBy,
}

impl Engine {
    /// Lists the folder `path` of a container: through the archive API (running or not), the
    /// folder's archive read, names kept and contents skipped, to at most `budget` bytes; past
    /// that, by `stat` in the container when it runs and has a shell, else cut at the budget.
    pub async fn list_dir(
        &self,
        container: &str,
        path: &str,
        budget: u64,
    ) -> Result<Listing, String> {
        let listing = self.list_by_archive(container, path, budget).await?;
        if !listing.cut {
            return Ok(listing);
        }
        match self.list_by_stat(container, path).await {
            Some(by_stat) => Ok(by_stat),
            None => Ok(listing),
        }
    }

    /// The listing read from `stat` in the container, or `None` when it cannot run there
    /// (stopped, no shell or no `stat`, the folder gone since).
    async fn list_by_stat(&self, container: &str, path: &str) -> Option<Listing> {
        // A marker no `stat` line can be: those start with a hex mode and a space.
        let marker = "--links--";
        let cmd = ["sh", "-c", STAT_SCRIPT, "sh", path, marker];
        let (out, code) = self.output_of(container, &cmd, STAT_KEEP).await.ok()?;
        if code != Some(0) {
            return None;
        }
        let entries = parse_stat(&String::from_utf8_lossy(&out), marker)?;
        Some(Listing {
            path: path.to_string(),
            entries: sorted(entries),
            cut: false,
            by: ListedBy::Stat,
        })
    }

    /// The listing read from the folder's archive, to at most `budget` bytes.
    async fn list_by_archive(
        &self,
        container: &str,
        path: &str,
        budget: u64,
    ) -> Result<Listing, String> {
        let dir = std::env::temp_dir().join(temp_name("list"));
        let mut file = tokio::fs::File::create(&dir)
            .await
            .map_err(|e| format!("cannot write {}: {e}", dir.display()))?;
        let mut stream = self.docker.download_from_container(
            container,
            Some(DownloadFromContainerOptions {
                path: path.to_string(),
            }),
        );
        let mut read = 0u64;
        let mut cut = false;
        let mut failed = None;
        while let Some(chunk) = stream.next().await {
            match chunk {
                Ok(chunk) => {
                    read += chunk.len() as u64;
                    if file.write_all(&chunk).await.is_err() {
                        failed = Some(format!("cannot write {}", dir.display()));
                        break;
                    }
                    if read > budget {
                        cut = true;
                        break; // dropping the stream ends the engine's transfer
                    }
                }
                Err(e) => {
                    failed = Some(describe(&e));
                    break;
                }
            }
        }
        drop(stream);
        let _ = file.flush().await;
        drop(file);
        let listing = match failed {
            Some(e) => Err(e),
            None => {
                let (tar, path2) = (dir.clone(), path.to_string());
                tokio::task::spawn_blocking(move || entries_of(&tar, &path2, cut))
                    .await
                    .map_err(|e| format!("the listing stopped: {e}"))
                    .and_then(|r| r)
            }
        };
        let _ = tokio::fs::remove_file(&dir).await;
        listing
    }
}

/// The direct children of the archive's top folder (a cut archive: those before the cut).
fn entries_of(tar: &Path, path: &str, cut: bool) -> Result<Listing, String> {
    let file =
        std::fs::File::open(tar).map_err(|e| format!("cannot read {}: {e}", tar.display()))?;
    let mut archive = tar::Archive::new(file);
    let entries = archive
        .entries()
        .map_err(|e| format!("the engine's archive is not a tar: {e}"))?;
    let mut out = Vec::new();
    let mut top_is_dir = true;
    for (i, entry) in entries.enumerate() {
        // A cut archive ends in the middle of an entry: what came before is the listing.
        let Ok(entry) = entry else { break };
        let Ok(p) = entry.path() else { continue };
        let parts: Vec<String> = p
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        let header = entry.header();
        let kind = match header.entry_type() {
            tar::EntryType::Directory => EntryKind::Dir,
            tar::EntryType::Regular | tar::EntryType::Continuous => EntryKind::File,
            tar::EntryType::Symlink | tar::EntryType::Link => EntryKind::Link,
            _ => EntryKind::Other,
        };
        if i == 0 && kind != EntryKind::Dir {
            top_is_dir = false;
        }
        if parts.len() != 2 {
            continue;
        }
        out.push(FileEntry {
            name: parts[1].clone(),
            kind,
            size: header.size().unwrap_or(0),
            mode: header.mode().unwrap_or(0) & 0o7777,
            mtime: header
                .mtime()
                .map_or(0, |m| i64::try_from(m).unwrap_or(i64::MAX)),
            target: entry
                .link_name()
                .ok()
                .flatten()
                .map(|t| t.display().to_string()),
        });
    }
    if !top_is_dir {
        return Err(format!("{path} is a file, not a folder"));
    }
    Ok(Listing {
        path: path.to_string(),
        entries: sorted(out),
        cut,
        by: ListedBy::Archive,
    })
}

/// Folders first, then by name.
fn sorted(mut entries: Vec<FileEntry>) -> Vec<FileEntry> {
    entries.sort_by(|a, b| {
        (a.kind != EntryKind::Dir)
            .cmp(&(b.kind != EntryKind::Dir))
            .then_with(|| a.name.cmp(&b.name))
    });
    entries
}

/// The entries in [`STAT_SCRIPT`]'s output: `stat` lines (`81a4 1234 1700000000 name`), the
/// marker, then pairs of link name and target. `None` without the marker (the script did not
/// run to its end).
fn parse_stat(out: &str, marker: &str) -> Option<Vec<FileEntry>> {
    let (stats, links) = out.split_once(&format!("{marker}\n"))?;
    let mut targets = std::collections::HashMap::new();
    let mut pairs = links.lines();
    while let (Some(name), Some(target)) = (pairs.next(), pairs.next()) {
        targets.insert(name, target);
    }
    let mut entries = Vec::new();
    for line in stats.lines() {
        let mut fields = line.splitn(4, ' ');
        let (Some(mode), Some(size), Some(mtime), Some(name)) =
            (fields.next(), fields.next(), fields.next(), fields.next())
        else {
            continue; // a name with a newline in it: its second half
        };
        let (Ok(mode), Ok(size), Ok(mtime)) = (
            u32::from_str_radix(mode, 16),
            size.parse::<u64>(),
            mtime.parse::<i64>(),
        ) else {
            continue;
        };
        if name == "." || name == ".." {
            continue;
        }
        let kind = match mode & 0o170000 {
            0o040000 => EntryKind::Dir,
            0o100000 => EntryKind::File,
            0o120000 => EntryKind::Link,
            _ => EntryKind::Other,
        };
        entries.push(FileEntry {
            name: name.to_string(),
            kind,
            size,
            mode: mode & 0o7777,
            mtime,
            target: targets.get(name).map(|t| t.to_string()),
        });
    }
    Some(entries)
}

impl Engine {
    /// Copies what the container's writable layer added or changed (as `docker diff` lists
    /// it) into the local folder `dest`, each path at its place under it (`/etc/app.conf` into
    /// `dest/etc/app.conf`). Only the deepest paths are copied: a folder listed as changed
    /// because something in it changed is not copied whole. Deleted paths have nothing to copy.
    pub async fn copy_changes(
        &self,
        container: &str,
        dest: &Path,
        mut progress: impl FnMut(u64),
    ) -> Result<Copied, String> {
        let changes = self
            .docker
            .container_changes(container)
            .await
            .map_err(|e| describe(&e))?
            .unwrap_or_default();
        let kept: Vec<String> = changes
            .into_iter()
            .filter(|c| c.kind != bollard::models::ChangeType::_2)
            .map(|c| c.path)
            .collect();
        let leaves = deepest(&kept);
        if leaves.is_empty() {
            return Err("nothing was added or changed in its writable layer".to_string());
        }
        let (mut bytes, mut entries, mut done) = (0u64, 0usize, 0u64);
        for path in &leaves {
            let rel = path.trim_start_matches('/');
            let at = match Path::new(rel).parent() {
                Some(p) => dest.join(p),
                None => dest.to_path_buf(),
            };
            let c = self
                .copy_out(container, path, &at, |b| progress(done + b))
                .await
                .map_err(|e| format!("{path}: {e}"))?;
            bytes += c.bytes;
            entries += c.entries;
            done += c.bytes;
        }
        Ok(Copied {
            bytes,
            entries,
            to: dest.display().to_string(),
        })
    }
}

/// The paths of `paths` that hold none of the others (the deepest ones), sorted.
pub fn deepest(paths: &[String]) -> Vec<String> {
    // Every folder that holds one of the paths.
    let mut holders = std::collections::HashSet::new();
    for p in paths {
        let mut at = p.trim_end_matches('/');
        while let Some((up, _)) = at.rsplit_once('/') {
            holders.insert(if up.is_empty() { "/" } else { up });
            at = up;
        }
    }
    let mut out: Vec<String> = paths
        .iter()
        .map(|p| p.trim_end_matches('/'))
        .filter(|p| !p.is_empty() && !holders.contains(p))
        .map(str::to_string)
        .collect();
    out.sort();
    out.dedup();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_deepest_changed_paths_are_copied() {
        let paths: Vec<String> = [
            "/etc",
            "/etc/app.conf",
            "/var",
            "/var/lib/x/y",
            "/var/lib",
            "/srv",
            "/etcetera",
            "/a",
            "/a-b",
            "/a/c",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        assert_eq!(
            deepest(&paths),
            [
                "/a-b",
                "/a/c",
                "/etc/app.conf",
                "/etcetera",
                "/srv",
                "/var/lib/x/y"
            ]
        );
    }

    #[test]
    fn stat_output_gives_kinds_sizes_and_link_targets() {
        let out = "41ed 4096 1700000000 .\n41ed 4096 1700000000 ..\n\
                   81a4 12 1700000001 .hidden\n41ed 4096 1700000002 sub dir\n\
                   a1ff 7 1700000003 link\n81ed 3 1700000004 run.sh\n\
                   81a4 1 1700000005 two\nlines\n--links--\nlink\n/etc/hosts\n";
        let entries = sorted(parse_stat(out, "--links--").expect("a listing"));
        let seen: Vec<_> = entries
            .iter()
            .map(|e| (e.name.as_str(), e.kind, e.size, e.mode, e.target.as_deref()))
            .collect();
        assert_eq!(
            seen,
            [
                ("sub dir", EntryKind::Dir, 4096, 0o755, None),
                (".hidden", EntryKind::File, 12, 0o644, None),
                ("link", EntryKind::Link, 7, 0o777, Some("/etc/hosts")),
                ("run.sh", EntryKind::File, 3, 0o755, None),
                ("two", EntryKind::File, 1, 0o644, None),
            ]
        );
        assert_eq!(entries[1].mtime, 1_700_000_001);
    }

    #[test]
    fn stat_output_without_its_marker_is_no_listing() {
        assert_eq!(parse_stat("81a4 1 2 a\n", "--links--"), None);
        assert_eq!(parse_stat("--links--\n", "--links--"), Some(Vec::new()));
    }
}
