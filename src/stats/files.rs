//! The text of cgroup and /proc files to numbers, pure (the engine layer reads the files:
//! `engine::cgroup`). Each function takes one file's text and returns what `docker stats`
//! takes from it, so the cgroup path and the API path give the same figures.
//!
//! Formats: the kernel's cgroup v1 files (cpuacct, memory, blkio, pids), cgroup v2 files
//! (cpu.stat, memory.*, io.stat, pids.current), `/proc/PID/cgroup`, `/proc/self/mountinfo`,
//! `/proc/stat`, `/proc/PID/net/dev` and `/proc/meminfo`.

use std::path::{Path, PathBuf};

/// Where one container's cgroup files are.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CgroupDirs {
    /// One directory per controller (cgroup v1; blkio and pids are optional controllers).
    V1 {
        cpuacct: PathBuf,
        memory: PathBuf,
        blkio: Option<PathBuf>,
        pids: Option<PathBuf>,
    },
    /// The one unified directory (cgroup v2).
    V2 { dir: PathBuf },
}

/// docker's clock ticks per second for `/proc/stat`: moby uses a constant 100 rather than
/// asking the system, and the figures must be docker's.
const CLOCK_TICKS: u64 = 100;

/// The container's cgroup directories, from its `/proc/PID/cgroup` and our
/// `/proc/self/mountinfo`. `None` unless every directory's cgroup path names the full
/// container id `id` (64 hex digits): a pid from another pid namespace, a container of a
/// remote engine or one inside a VM then finds nothing here and the caller uses the API.
///
/// cgroup v1 is chosen when the cpuacct and memory controllers are on v1 hierarchies (also
/// on "hybrid" hosts like this project's, whose v2 hierarchy has no controllers), as docker does.
pub fn resolve(proc_cgroup: &str, mountinfo: &str, id: &str) -> Option<CgroupDirs> {
    if id.len() != 64 || !id.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    let mounts: Vec<Mount> = mountinfo.lines().filter_map(Mount::parse).collect();
    let lines = proc_cgroup.lines().filter_map(|l| {
        let mut parts = l.splitn(3, ':');
        let (_, controllers, path) = (parts.next()?, parts.next()?, parts.next()?);
        Some((controllers, path))
    });
    let mut v2_path = None;
    let (mut cpuacct, mut memory, mut blkio, mut pids) = (None, None, None, None);
    for (controllers, path) in lines {
        if controllers.is_empty() {
            v2_path = Some(path);
            continue;
        }
        for c in controllers.split(',') {
            let slot = match c {
                "cpuacct" => &mut cpuacct,
                "memory" => &mut memory,
                "blkio" => &mut blkio,
                "pids" => &mut pids,
                _ => continue,
            };
            *slot = mounts
                .iter()
                .find(|m| !m.v2 && m.options.split(',').any(|o| o == c))
                .and_then(|m| m.dir_of(path, id));
        }
    }
    if let (Some(cpuacct), Some(memory)) = (cpuacct, memory) {
        return Some(CgroupDirs::V1 {
            cpuacct,
            memory,
            blkio,
            pids,
        });
    }
    let dir = mounts
        .iter()
        .find(|m| m.v2)
        .and_then(|m| m.dir_of(v2_path?, id))?;
    Some(CgroupDirs::V2 { dir })
}

/// One cgroup file system mount from mountinfo.
struct Mount<'a> {
    /// The directory of the cgroup file system mounted (not `/` inside a container that
    /// mounts only its own subtree).
    root: &'a str,
    point: &'a str,
    v2: bool,
    /// Super options: v1 hierarchies name their controllers here (`rw,cpu,cpuacct`).
    options: &'a str,
}

impl<'a> Mount<'a> {
    /// `ID PARENT MAJ:MIN ROOT POINT OPTS [OPTIONAL...] - FSTYPE SOURCE SUPEROPTS`
    fn parse(line: &'a str) -> Option<Self> {
        let (left, right) = line.split_once(" - ")?;
        let mut l = left.split(' ');
        let (root, point) = (l.nth(3)?, l.next()?);
        let mut r = right.split(' ');
        let fstype = r.next()?;
        let options = r.nth(1).unwrap_or("");
        let v2 = match fstype {
            "cgroup2" => true,
            "cgroup" => false,
            _ => return None,
        };
        Some(Mount {
            root,
            point,
            v2,
            options,
        })
    }

    /// The directory of cgroup `path` under this mount, if it is there and names `id`.
    fn dir_of(&self, path: &str, id: &str) -> Option<PathBuf> {
        // A path seen across cgroup namespaces (`/../..`) cannot be followed safely.
        if !path.contains(id) || path.split('/').any(|c| c == "..") {
            return None;
        }
        let rel = if self.root == "/" {
            path.trim_start_matches('/')
        } else {
            let rest = path.strip_prefix(self.root)?;
            if !(rest.is_empty() || rest.starts_with('/')) {
                return None;
            }
            rest.trim_start_matches('/')
        };
        Some(Path::new(self.point).join(rel))
    }
}

/// A file holding one number (`cpuacct.usage`, `memory.usage_in_bytes`, `pids.current`,
/// `memory.current`).
pub fn number(text: &str) -> Option<u64> {
    text.trim().parse().ok()
}

/// A limit file: a number, or `max` for none (cgroup v2's `memory.max`), as `u64::MAX`.
pub fn limit(text: &str) -> Option<u64> {
    match text.trim() {
        "max" => Some(u64::MAX),
        t => t.parse().ok(),
    }
}

/// The value of `key` in a `key value` per line file (`memory.stat`, `cpu.stat`).
pub fn keyed(text: &str, key: &str) -> Option<u64> {
    text.lines().find_map(|l| {
        let (k, v) = l.split_once(' ')?;
        (k == key).then(|| v.trim().parse().ok()).flatten()
    })
}

/// Memory used as `docker stats` shows it: usage without the inactive file cache (when that
/// is smaller than the usage).
pub fn mem_used(usage: u64, inactive_file: Option<u64>) -> u64 {
    match inactive_file {
        Some(i) if i < usage => usage - i,
        _ => usage,
    }
}

/// The limit `docker stats` shows: the cgroup's, or the host's memory when the cgroup's is
/// larger (no limit: v1 says 9223372036854771712, v2 `max`), as the engine reports it.
pub fn shown_limit(cgroup_limit: u64, host_memory: Option<u64>) -> u64 {
    match host_memory {
        Some(host) if host > 0 && cgroup_limit > host => host,
        _ => cgroup_limit,
    }
}

/// `/proc/meminfo`'s `MemTotal`, in bytes (the engine's "machine memory").
pub fn mem_total(meminfo: &str) -> Option<u64> {
    let line = meminfo.lines().find(|l| l.starts_with("MemTotal:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    kib.checked_mul(1024)
}

/// cgroup v1 `blkio.*io_service_bytes*`: read and written bytes summed over devices.
/// `None` when the file has no device line (only `Total 0`), so that the caller can try the
/// next file the way runc does.
pub fn blkio_v1(text: &str) -> Option<(u64, u64)> {
    let mut found = false;
    let mut rw = (0u64, 0u64);
    for l in text.lines() {
        let mut f = l.split_whitespace();
        let (Some(_device), Some(op), Some(value), None) = (f.next(), f.next(), f.next(), f.next())
        else {
            continue;
        };
        let Ok(value) = value.parse::<u64>() else {
            continue;
        };
        found = true;
        if op.eq_ignore_ascii_case("read") {
            rw.0 = rw.0.saturating_add(value);
        } else if op.eq_ignore_ascii_case("write") {
            rw.1 = rw.1.saturating_add(value);
        }
    }
    found.then_some(rw)
}

/// cgroup v2 `io.stat` (`MAJ:MIN rbytes=N wbytes=N rios=N ...` per device): read and written
/// bytes summed. `None` when there is no device line: the engine then reports no list (`null`).
pub fn io_stat_v2(text: &str) -> Option<(u64, u64)> {
    let mut found = false;
    let mut rw = (0u64, 0u64);
    for l in text.lines() {
        let mut f = l.split_whitespace();
        if f.next().is_none() {
            continue;
        }
        found = true;
        for kv in f {
            match kv.split_once('=') {
                Some(("rbytes", v)) => rw.0 = rw.0.saturating_add(v.parse().unwrap_or(0)),
                Some(("wbytes", v)) => rw.1 = rw.1.saturating_add(v.parse().unwrap_or(0)),
                _ => {}
            }
        }
    }
    found.then_some(rw)
}

/// `/proc/stat`: the host CPU time in ns as the engine computes `system_cpu_usage` (the
/// first line's user, nice, system, idle, iowait, irq and softirq ticks: not steal, checked
/// against both test engines), and the number of CPUs (`cpuN` lines).
pub fn proc_stat(text: &str) -> Option<(u64, u32)> {
    let mut system = None;
    let mut cpus = 0u32;
    for l in text.lines() {
        let Some(rest) = l.strip_prefix("cpu") else {
            // The cpu lines come first; nothing after them is needed.
            if system.is_some() {
                break;
            }
            continue;
        };
        if rest.starts_with(' ') {
            let mut ticks = 0u64;
            let mut fields = rest.split_whitespace();
            for _ in 0..7 {
                ticks = ticks.checked_add(fields.next()?.parse::<u64>().ok()?)?;
            }
            system = Some(ticks.checked_mul(1_000_000_000 / CLOCK_TICKS)?);
        } else if rest.starts_with(|c: char| c.is_ascii_digit()) {
            cpus += 1;
        }
    }
    Some((system?, cpus))
}

/// `/proc/PID/net/dev`: received and sent bytes summed over the interfaces other than `lo`;
/// `None` when there is no other (`--network none`: the engine then sends no `networks`).
pub fn net_dev(text: &str) -> Option<(u64, u64)> {
    let mut found = false;
    let mut rxtx = (0u64, 0u64);
    // Two header lines, then `name: rx_bytes packets errs drop fifo frame compressed
    // multicast tx_bytes ...`.
    for l in text.lines().skip(2) {
        let Some((name, counters)) = l.split_once(':') else {
            continue;
        };
        if name.trim() == "lo" {
            continue;
        }
        let mut f = counters.split_whitespace();
        let rx = f.next().and_then(|v| v.parse::<u64>().ok());
        let tx = f.nth(7).and_then(|v| v.parse::<u64>().ok());
        if let (Some(rx), Some(tx)) = (rx, tx) {
            found = true;
            rxtx = (rxtx.0.saturating_add(rx), rxtx.1.saturating_add(tx));
        }
    }
    found.then_some(rxtx)
}

#[cfg(test)]
mod tests {
    //! On real files copied from this project's machine (cgroup v1, a container of engine A
    //! with `--memory 64m` on an `--internal` network) and on cgroup v2 texts written from the
    //! kernel's documented formats (the machine has no v2 controllers); see
    //! tests/fixtures/stats/README.md.
    use super::*;

    macro_rules! v1 {
        ($f:literal) => {
            include_str!(concat!("../../tests/fixtures/stats/cgroup-v1/", $f))
        };
    }
    macro_rules! v2 {
        ($f:literal) => {
            include_str!(concat!("../../tests/fixtures/stats/cgroup-v2/", $f))
        };
    }

    const ID: &str = "13e7ee7ad1540287d922ab53445d4ed2635d4accfccb9afed2942f8aeddb101c";

    #[test]
    fn v1_directories_from_a_real_container() {
        assert_eq!(v1!("container-id").trim(), ID);
        let dirs = resolve(v1!("proc-pid-cgroup"), v1!("mountinfo"), ID).expect("found");
        let d = |c: &str| PathBuf::from(format!("/sys/fs/cgroup/{c}/docker/{ID}"));
        assert_eq!(
            dirs,
            CgroupDirs::V1 {
                cpuacct: d("cpuacct"),
                memory: d("memory"),
                blkio: Some(d("blkio")),
                pids: Some(d("pids")),
            }
        );
    }

    #[test]
    fn another_container_or_a_short_id_is_not_found() {
        let other = ID.replace('1', "2");
        assert_eq!(
            resolve(v1!("proc-pid-cgroup"), v1!("mountinfo"), &other),
            None
        );
        assert_eq!(
            resolve(v1!("proc-pid-cgroup"), v1!("mountinfo"), &ID[..12]),
            None
        );
        // Our own process: in the root cgroup of every hierarchy.
        let own = "4:memory:/\n2:cpuacct:/\n0::/\n";
        assert_eq!(resolve(own, v1!("mountinfo"), ID), None);
        // Seen from another cgroup namespace.
        let outside = format!("4:memory:/../../docker/{ID}\n2:cpuacct:/../../docker/{ID}\n");
        assert_eq!(resolve(&outside, v1!("mountinfo"), ID), None);
    }

    #[test]
    fn v2_directory_with_systemd_and_a_subtree_mount() {
        let dirs = resolve(
            v2!("proc-pid-cgroup"),
            v2!("mountinfo"),
            v2!("container-id").trim(),
        );
        let dir = format!(
            "/sys/fs/cgroup/system.slice/docker-{}.scope",
            v2!("container-id").trim()
        );
        assert_eq!(dirs, Some(CgroupDirs::V2 { dir: dir.into() }));
        // A mount of only a subtree (inside a container): paths are relative to its root.
        let mount = "30 1 0:26 /system.slice /cg rw - cgroup2 cgroup2 rw\n";
        let dirs = resolve(v2!("proc-pid-cgroup"), mount, v2!("container-id").trim());
        let dir = format!("/cg/docker-{}.scope", v2!("container-id").trim());
        assert_eq!(dirs, Some(CgroupDirs::V2 { dir: dir.into() }));
    }

    #[test]
    fn v1_memory_as_docker_stats_shows_it() {
        let usage = number(v1!("memory.usage_in_bytes")).expect("usage");
        let inactive = keyed(v1!("memory.stat"), "total_inactive_file");
        assert_eq!((usage, inactive), (8_769_536, Some(8_003_584)));
        // What the engine reported in the same instant (api-oneshot.json), and docker's maths.
        assert_eq!(mem_used(usage, inactive), 8_769_536 - 8_003_584);
        let host = mem_total(v1!("meminfo"));
        assert_eq!(host, Some(24_684_096 * 1024));
        let limit = limit(v1!("memory.limit_in_bytes")).expect("limit");
        assert_eq!(shown_limit(limit, host), 64 << 20);
        assert_eq!(
            shown_limit(9_223_372_036_854_771_712, host),
            24_684_096 * 1024
        );
    }

    #[test]
    fn v1_counters() {
        assert_eq!(number(v1!("cpuacct.usage")), Some(61_578_046));
        assert_eq!(number(v1!("pids.current")), Some(1));
        // `Total 0` only: no I/O was accounted (the engine then sends `[]`).
        assert_eq!(
            blkio_v1(v1!("blkio.throttle.io_service_bytes_recursive")),
            None
        );
        assert_eq!(net_dev(v1!("proc-pid-net-dev")), Some((932, 0)));
    }

    #[test]
    fn v1_blkio_with_devices() {
        // The kernel's format (blkio-controller.rst); no I/O is accounted on this machine.
        let text = "8:0 Read 4096\n8:0 Write 12288\n8:0 Sync 8192\n8:0 Async 8192\n\
                    8:0 Discard 0\n8:0 Total 16384\n8:16 Read 100\n8:16 Write 0\nTotal 16484\n";
        assert_eq!(blkio_v1(text), Some((4196, 12288)));
    }

    #[test]
    fn system_cpu_is_what_the_engine_reports() {
        // /proc/stat was read just before and just after the engine's answer.
        let (before, cpus) = proc_stat(v1!("proc-stat")).expect("parsed");
        let (after, _) = proc_stat(v1!("proc-stat-after-api")).expect("parsed");
        let api = crate::stats::parse_api(v1!("api-oneshot.json")).expect("doc");
        let reported = api.system_cpu_ns.expect("system usage");
        assert!(
            before <= reported && reported <= after,
            "{before} {reported} {after}"
        );
        assert_eq!(cpus, api.online_cpus);
        assert_eq!(
            api.cpu_total_ns,
            number(v1!("cpuacct.usage")).expect("usage")
        );
    }

    #[test]
    fn v2_files() {
        assert_eq!(keyed(v2!("cpu.stat"), "usage_usec"), Some(2_583_211));
        let usage = number(v2!("memory.current")).expect("current");
        let inactive = keyed(v2!("memory.stat"), "inactive_file");
        assert_eq!(mem_used(usage, inactive), 10_506_240 - 4_104_192);
        assert_eq!(limit(v2!("memory.max")), Some(u64::MAX));
        assert_eq!(shown_limit(u64::MAX, Some(1 << 30)), 1 << 30);
        assert_eq!(limit("67108864\n"), Some(64 << 20));
        assert_eq!(io_stat_v2(v2!("io.stat")), Some((2_158_592 + 4096, 40_960)));
        assert_eq!(io_stat_v2(""), None, "no device: not reported");
        assert_eq!(number(v2!("pids.current")), Some(3));
    }

    #[test]
    fn bad_text_gives_none_not_a_panic() {
        assert_eq!(number("abc"), None);
        assert_eq!(limit(""), None);
        assert_eq!(keyed("inactive_file x", "inactive_file"), None);
        assert_eq!(proc_stat("cpu 1 2\n"), None);
        assert_eq!(proc_stat(""), None);
        assert_eq!(net_dev("h\nh\n    lo: 1 2 3 4 5 6 7 8 9\n eth0: 5\n"), None);
        assert_eq!(mem_total("MemTotal: lots kB"), None);
        assert_eq!(resolve("", "", ID), None);
        assert_eq!(resolve(":::", "- - -", ID), None);
    }
}
