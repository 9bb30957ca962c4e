//! One engine stats document (`GET /containers/{id}/stats?stream=false`) into a [`Sample`].
//!
//! Every field is optional and unknown fields are ignored, so the cgroup v1 shape (Docker
//! 20.10, API 1.41), the v2 shape (no `percpu_usage`, other `memory_stats.stats` keys, no
//! block I/O list at all when the kernel has none) and newer engines all decode.

use std::collections::HashMap;

use serde::Deserialize;

use super::{PreCpu, Sample, Source};
use crate::time::Nanos;

/// Parses one API stats document (`GET /containers/{id}/stats?stream=false[&one-shot=true]`, JSON text) into a Sample.
pub fn parse_api(json: &str) -> Result<Sample, String> {
    let doc: Doc = serde_json::from_str(json)
        .map_err(|e| format!("the engine's stats document could not be read: {e}"))?;
    // A stopped container answers with an all-zero document dated 0001-01-01.
    let at = parse_time(&doc.read)
        .ok_or_else(|| "the engine sent no sample (is the container running?)".to_string())?;
    let cpu = &doc.cpu_stats;
    let online_cpus = match cpu.online_cpus {
        Some(n) if n > 0 => n,
        _ => u32::try_from(cpu.cpu_usage.percpu_usage.len()).unwrap_or(u32::MAX),
    };
    let pre_cpu = match doc.precpu_stats.system_cpu_usage {
        Some(system) if system > 0 => Some(PreCpu {
            cpu_total_ns: doc.precpu_stats.cpu_usage.total_usage,
            system_cpu_ns: system,
        }),
        _ => None,
    };
    Ok(Sample {
        at,
        cpu_total_ns: cpu.cpu_usage.total_usage,
        system_cpu_ns: cpu.system_cpu_usage.filter(|&s| s > 0),
        online_cpus,
        pre_cpu,
        mem_used: doc.memory_stats.used(),
        mem_limit: doc.memory_stats.limit.filter(|&l| l > 0),
        net: net_totals(doc.networks.as_ref()),
        blk: doc
            .blkio_stats
            .io_service_bytes_recursive
            .as_deref()
            .map(blk_totals),
        pids: doc.pids_stats.current,
        source: Source::Api,
    })
}

/// An RFC 3339 time to ns since the epoch; `None` for the zero time or anything unreadable.
fn parse_time(s: &str) -> Option<Nanos> {
    let t = humantime::parse_rfc3339_weak(s).ok()?;
    let ns = i64::try_from(t.duration_since(std::time::UNIX_EPOCH).ok()?.as_nanos()).ok()?;
    (ns > 0).then_some(Nanos(ns))
}

/// Received and sent bytes over all interfaces; `None` when there is none (`--network none`:
/// the engine sends no `networks` at all).
fn net_totals(networks: Option<&HashMap<String, NetIf>>) -> Option<(u64, u64)> {
    let mut ifs = networks?.iter().filter(|(name, _)| name.as_str() != "lo");
    let first = ifs.next()?;
    Some(
        ifs.fold((first.1.rx_bytes, first.1.tx_bytes), |(rx, tx), (_, i)| {
            (rx.saturating_add(i.rx_bytes), tx.saturating_add(i.tx_bytes))
        }),
    )
}

/// Read and written bytes summed over devices, like the docker CLI (ops compared without case:
/// cgroup v1 says `Read`, v2 `read`). An empty list is zero: cgroup v1 engines send `[]` when
/// no I/O was accounted, whereas "not reported" is a missing or `null` list.
fn blk_totals(entries: &[BlkEntry]) -> (u64, u64) {
    entries.iter().fold((0u64, 0u64), |(r, w), e| {
        if e.op.eq_ignore_ascii_case("read") {
            (r.saturating_add(e.value), w)
        } else if e.op.eq_ignore_ascii_case("write") {
            (r, w.saturating_add(e.value))
        } else {
            (r, w)
        }
    })
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Doc {
    read: String,
    cpu_stats: Cpu,
    precpu_stats: Cpu,
    memory_stats: Memory,
    networks: Option<HashMap<String, NetIf>>,
    blkio_stats: Blkio,
    pids_stats: Pids,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Cpu {
    cpu_usage: CpuUsage,
    system_cpu_usage: Option<u64>,
    online_cpus: Option<u32>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct CpuUsage {
    total_usage: u64,
    // `null` on cgroup v2 engines.
    #[serde(deserialize_with = "null_as_empty")]
    percpu_usage: Vec<u64>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Memory {
    usage: Option<u64>,
    limit: Option<u64>,
    #[serde(deserialize_with = "null_as_empty")]
    stats: HashMap<String, u64>,
}

impl Memory {
    /// What `docker stats` shows as used: the usage without the inactive file cache, which
    /// the kernel can drop at any time (v1 names it `total_inactive_file`, v2 `inactive_file`).
    fn used(&self) -> Option<u64> {
        let usage = self.usage?;
        let inactive = match self.stats.get("total_inactive_file") {
            Some(&v1) if v1 < usage => Some(v1),
            // v1 with a cache larger than the usage (it happens transiently): the v2 key next.
            _ => self
                .stats
                .get("inactive_file")
                .copied()
                .filter(|&v| v < usage),
        };
        Some(usage - inactive.unwrap_or(0))
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct NetIf {
    rx_bytes: u64,
    tx_bytes: u64,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Blkio {
    io_service_bytes_recursive: Option<Vec<BlkEntry>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct BlkEntry {
    op: String,
    value: u64,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Pids {
    current: Option<u64>,
}

/// `null` decodes as the empty value (engines send `null` for lists and maps they have not got).
fn null_as_empty<'de, D, T>(d: D) -> Result<T, D::Error>
where
    D: serde::Deserializer<'de>,
    T: Default + Deserialize<'de>,
{
    Ok(Option::<T>::deserialize(d)?.unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zero_time_is_no_sample() {
        let e = parse_api(r#"{"read":"0001-01-01T00:00:00Z","cpu_stats":{}}"#);
        assert!(e.is_err());
        assert!(parse_api("not json").is_err());
        assert!(parse_api(r#"{"read": 5}"#).is_err());
    }

    #[test]
    fn absent_figures_are_none_not_zero() {
        let s = parse_api(r#"{"read":"2026-01-01T00:00:00.5Z"}"#).expect("parses");
        assert_eq!(s.at, Nanos(1_767_225_600_500_000_000));
        assert_eq!(
            (s.system_cpu_ns, s.pre_cpu, s.mem_used, s.mem_limit),
            (None, None, None, None)
        );
        assert_eq!((s.net, s.blk, s.pids, s.online_cpus), (None, None, None, 0));
    }

    #[test]
    fn null_lists_and_maps_decode() {
        let s = parse_api(
            r#"{"read":"2026-01-01T00:00:00Z","networks":null,
                "cpu_stats":{"cpu_usage":{"total_usage":7,"percpu_usage":null},"system_cpu_usage":9},
                "memory_stats":{"usage":10,"stats":null},
                "blkio_stats":{"io_service_bytes_recursive":null}}"#,
        )
        .expect("parses");
        assert_eq!((s.cpu_total_ns, s.system_cpu_ns), (7, Some(9)));
        assert_eq!((s.mem_used, s.net, s.blk), (Some(10), None, None));
    }

    #[test]
    fn inactive_file_larger_than_usage_is_not_subtracted() {
        let m = Memory {
            usage: Some(100),
            limit: None,
            stats: HashMap::from([("total_inactive_file".to_string(), 200)]),
        };
        assert_eq!(m.used(), Some(100));
    }
}
