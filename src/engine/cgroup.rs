//! A container's counters read straight from its cgroup files, when dockhand runs on the
//! engine's host: the same numbers the engine's stats API reports, at no cost to the engine.
//!
//! [`locate`] finds the container's cgroup directories once (from its main process id);
//! [`read_sample`] then reads a handful of small files per sample. The file formats and the
//! maths are pure functions in [`crate::stats::files`]; this module only reads files.
//! When anything does not fit (a remote engine, Docker Desktop's VM, another pid or cgroup
//! namespace, unreadable files) [`locate`] gives `None` and the caller uses the API.

use std::io::Read;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};

use crate::stats::files::{self, CgroupDirs};
use crate::stats::{Sample, Source};
use crate::time::Nanos;

/// Where one container's counters are, with the file paths built once.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CgroupPaths {
    dirs: CgroupDirs,
    files: Files,
    /// The host's memory (`MemTotal`), which the engine shows as the limit of a container
    /// without one. Read once: it does not change while dockhand runs.
    host_memory: Option<u64>,
}

impl CgroupPaths {
    /// The directories found (v1 per controller, or the v2 one).
    pub fn dirs(&self) -> &CgroupDirs {
        &self.dirs
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Files {
    V1 {
        cpu: PathBuf,
        mem_usage: PathBuf,
        mem_stat: PathBuf,
        mem_limit: PathBuf,
        /// In the order runc reads them: the first with a device line counts.
        blkio: Vec<PathBuf>,
        pids: Option<PathBuf>,
    },
    V2 {
        cpu_stat: PathBuf,
        mem_current: PathBuf,
        mem_stat: PathBuf,
        mem_max: PathBuf,
        io_stat: PathBuf,
        pids: PathBuf,
    },
}

/// The container's cgroup directories, found from `/proc/{pid}/cgroup` (`pid`: the
/// container's `State.Pid`) and checked: `None` unless the cgroup paths name the full
/// container `id` and its CPU and memory files can be read.
pub fn locate(pid: u32, id: &str) -> Option<CgroupPaths> {
    if pid == 0 {
        return None;
    }
    let proc_cgroup = std::fs::read_to_string(format!("/proc/{pid}/cgroup")).ok()?;
    let mountinfo = std::fs::read_to_string("/proc/self/mountinfo").ok()?;
    let dirs = files::resolve(&proc_cgroup, &mountinfo, id)?;
    let files = match &dirs {
        CgroupDirs::V1 {
            cpuacct,
            memory,
            blkio,
            pids,
        } => Files::V1 {
            cpu: cpuacct.join("cpuacct.usage"),
            mem_usage: memory.join("memory.usage_in_bytes"),
            mem_stat: memory.join("memory.stat"),
            mem_limit: memory.join("memory.limit_in_bytes"),
            blkio: blkio.as_ref().map_or_else(Vec::new, |b| {
                [
                    "blkio.bfq.io_service_bytes_recursive",
                    "blkio.io_service_bytes_recursive",
                    "blkio.throttle.io_service_bytes_recursive",
                    "blkio.throttle.io_service_bytes",
                ]
                .iter()
                .map(|f| b.join(f))
                .filter(|p| p.exists())
                .collect()
            }),
            pids: pids.as_ref().map(|p| p.join("pids.current")),
        },
        CgroupDirs::V2 { dir } => Files::V2 {
            cpu_stat: dir.join("cpu.stat"),
            mem_current: dir.join("memory.current"),
            mem_stat: dir.join("memory.stat"),
            mem_max: dir.join("memory.max"),
            io_stat: dir.join("io.stat"),
            pids: dir.join("pids.current"),
        },
    };
    let host_memory = std::fs::read_to_string("/proc/meminfo")
        .ok()
        .and_then(|m| files::mem_total(&m));
    let paths = CgroupPaths {
        dirs,
        files,
        host_memory,
    };
    // Proves the files are there and readable (permissions, a read-only /sys...).
    read_sample(&paths, pid, 0).ok()?;
    Some(paths)
}

/// One sample of the container at `paths`, stamped `now_ns`. `pid` (the container's main
/// process) gives its network counters. An error when a file cannot be read or makes no
/// sense, e.g. the container has stopped and its cgroup is gone.
pub fn read_sample(paths: &CgroupPaths, pid: u32, now_ns: i64) -> Result<Sample, String> {
    // One buffer for every file of the sample: they are all small.
    let mut r = Reader {
        buf: String::with_capacity(4096),
    };
    let mut s = match &paths.files {
        Files::V1 {
            cpu,
            mem_usage,
            mem_stat,
            mem_limit,
            blkio,
            pids,
        } => {
            let cpu_total_ns = r.parse(cpu, files::number)?;
            let usage = r.parse(mem_usage, files::number)?;
            let stat = r.read(mem_stat)?;
            let inactive = files::keyed(stat, "total_inactive_file")
                .filter(|&i| i < usage)
                .or_else(|| files::keyed(stat, "inactive_file"));
            let limit = r.parse(mem_limit, files::limit)?;
            // runc takes the first file with device lines; with none anywhere the engine
            // still reports a (empty) list on cgroup v1: zero, not "not reported".
            let mut blk = None;
            for f in blkio {
                if let Some(rw) = files::blkio_v1(r.read(f)?) {
                    blk = Some(rw);
                    break;
                }
            }
            if blk.is_none() && !blkio.is_empty() {
                blk = Some((0, 0));
            }
            let pids = match pids {
                Some(p) => Some(r.parse(p, files::number)?),
                None => None,
            };
            Sample {
                cpu_total_ns,
                mem_used: Some(files::mem_used(usage, inactive)),
                mem_limit: Some(files::shown_limit(limit, paths.host_memory)),
                blk,
                pids,
                ..Sample::default()
            }
        }
        Files::V2 {
            cpu_stat,
            mem_current,
            mem_stat,
            mem_max,
            io_stat,
            pids,
        } => {
            let usec = r.parse(cpu_stat, |t| files::keyed(t, "usage_usec"))?;
            let usage = r.parse(mem_current, files::number)?;
            let inactive = files::keyed(r.read(mem_stat)?, "inactive_file");
            let limit = r.parse(mem_max, files::limit)?;
            Sample {
                cpu_total_ns: usec.saturating_mul(1000),
                mem_used: Some(files::mem_used(usage, inactive)),
                mem_limit: Some(files::shown_limit(limit, paths.host_memory)),
                // No io.stat (no io controller) or no device line: not reported, as the API.
                blk: r.read(io_stat).ok().and_then(files::io_stat_v2),
                pids: r.parse(pids, files::number).ok(),
                ..Sample::default()
            }
        }
    };
    let (system, cpus) = r.parse(Path::new("/proc/stat"), files::proc_stat)?;
    s.system_cpu_ns = Some(system);
    s.online_cpus = cpus;
    s.net = network(&mut r, pid);
    s.at = Nanos(now_ns);
    s.source = Source::Cgroup;
    Ok(s)
}

/// Received and sent bytes of the container's interfaces other than `lo`; `None` without
/// any (`--network none`), or when the container shares our network namespace
/// (`--network host`: those are the host's counters, and the engine reports none).
fn network(r: &mut Reader, pid: u32) -> Option<(u64, u64)> {
    let ns = |p: &str| std::fs::metadata(p).ok().map(|m| (m.dev(), m.ino()));
    let theirs = ns(&format!("/proc/{pid}/ns/net"))?;
    if ns("/proc/self/ns/net") == Some(theirs) {
        return None;
    }
    files::net_dev(r.read(Path::new(&format!("/proc/{pid}/net/dev"))).ok()?)
}

/// Reads files into one reused buffer.
struct Reader {
    buf: String,
}

impl Reader {
    fn read(&mut self, path: &Path) -> Result<&str, String> {
        self.buf.clear();
        std::fs::File::open(path)
            .and_then(|mut f| f.read_to_string(&mut self.buf))
            .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        Ok(&self.buf)
    }

    fn parse<T>(&mut self, path: &Path, f: impl FnOnce(&str) -> Option<T>) -> Result<T, String> {
        let text = self.read(path)?;
        f(text).ok_or_else(|| {
            format!(
                "unexpected contents in {}: {:?}",
                path.display(),
                text.trim()
            )
        })
    }
}
