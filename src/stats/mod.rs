//! Container resource figures, pure: the raw counters of one container at one instant
//! ([`Sample`], read from the engine API by [`parse_api`] or from cgroup files through the
//! parsers in [`files`]) and what the user sees, computed from two of them ([`rates`]) the way
//! `docker stats` computes it.
//!
//! No I/O and no clock here: the engine layer reads documents and files and passes the text in.

pub mod api;
pub mod files;

pub use api::parse_api;

use crate::time::Nanos;

/// Raw counters of one container at one instant, from either source.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Sample {
    /// When the sample was taken, ns since the epoch (API: the document's `read`; cgroup: local clock).
    pub at: Nanos,
    /// Container CPU time used so far, ns.
    pub cpu_total_ns: u64,
    /// Host CPU time of all CPUs so far, ns (docker's system_cpu_usage), None if unknown.
    pub system_cpu_ns: Option<u64>,
    /// CPUs the percentage is scaled by (docker's online_cpus, or len(percpu_usage) when 0/absent).
    pub online_cpus: u32,
    /// The previous counters the engine sent with this document (API `precpu_stats`), when valid
    /// (non-zero system usage). Lets a first API sample give a CPU % when present.
    pub pre_cpu: Option<PreCpu>,
    /// Memory used, bytes: usage minus inactive file cache (v1: total_inactive_file; v2: inactive_file), as docker stats shows.
    pub mem_used: Option<u64>,
    /// Memory limit, bytes, as docker stats shows it (no limit: the host's memory, like docker).
    pub mem_limit: Option<u64>,
    /// Network bytes received / sent so far, summed over interfaces (not lo); None when the container has no network (e.g. --network none) or the engine sent none.
    pub net: Option<(u64, u64)>,
    /// Block I/O bytes read / written so far; None when the engine reports none.
    pub blk: Option<(u64, u64)>,
    pub pids: Option<u64>,
    /// Where it came from.
    pub source: Source,
}

/// The CPU counters of the engine's previous collection, sent along with a document.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct PreCpu {
    pub cpu_total_ns: u64,
    pub system_cpu_ns: u64,
}

/// Where a [`Sample`] was read.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Source {
    /// The engine's stats endpoint (costs the engine about 4 ms of CPU per sample).
    #[default]
    Api,
    /// The container's cgroup files, read directly on the engine's host (costs the engine nothing).
    Cgroup,
}

/// What the user sees, computed from the previous sample (if any) and the current one.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Rates {
    /// None: not computable yet (first sample without precpu) or counter reset.
    pub cpu_percent: Option<f64>,
    pub mem_used: Option<u64>,
    pub mem_limit: Option<u64>,
    pub mem_percent: Option<f64>,
    /// Bytes per second.
    pub net_rx_per_s: Option<f64>,
    pub net_tx_per_s: Option<f64>,
    /// Bytes per second.
    pub blk_read_per_s: Option<f64>,
    pub blk_write_per_s: Option<f64>,
    pub pids: Option<u64>,
    /// Seconds the rates are averaged over (0 when from precpu only / unknown).
    pub over_secs: f64,
}

/// The figures of `cur`, with rates over the time since `prev` when `prev` is an older sample.
///
/// CPU % is docker's: Δcontainer CPU / Δhost CPU × online CPUs × 100 (so one busy core on any
/// machine is about 100 %), from `prev` to `cur`, or from the engine's own previous counters
/// (`cur.pre_cpu`) when there is no older `prev`. A counter that went backwards (the container
/// restarted and its cgroup started from zero) gives `None` for the rates it feeds, never a
/// negative or huge number.
pub fn rates(prev: Option<&Sample>, cur: &Sample) -> Rates {
    let prev = prev.filter(|p| p.at < cur.at);
    let over_secs = prev.map_or(0.0, |p| cur.at.since(p.at) as f64 / 1e9);
    let cpu_percent = match prev {
        Some(p) => cpu_percent(
            (p.cpu_total_ns, p.system_cpu_ns),
            (cur.cpu_total_ns, cur.system_cpu_ns),
            cur.online_cpus,
        ),
        None => cur.pre_cpu.and_then(|pre| {
            cpu_percent(
                (pre.cpu_total_ns, Some(pre.system_cpu_ns)),
                (cur.cpu_total_ns, cur.system_cpu_ns),
                cur.online_cpus,
            )
        }),
    };
    let per_s = |before: Option<u64>, now: Option<u64>| -> Option<f64> {
        let d = now?.checked_sub(before?)?;
        (over_secs > 0.0).then(|| d as f64 / over_secs)
    };
    let (net_before, blk_before) = (prev.and_then(|p| p.net), prev.and_then(|p| p.blk));
    Rates {
        cpu_percent,
        mem_used: cur.mem_used,
        mem_limit: cur.mem_limit,
        mem_percent: match (cur.mem_used, cur.mem_limit) {
            (Some(used), Some(limit)) if limit > 0 => Some(used as f64 / limit as f64 * 100.0),
            _ => None,
        },
        net_rx_per_s: per_s(net_before.map(|n| n.0), cur.net.map(|n| n.0)),
        net_tx_per_s: per_s(net_before.map(|n| n.1), cur.net.map(|n| n.1)),
        blk_read_per_s: per_s(blk_before.map(|b| b.0), cur.blk.map(|b| b.0)),
        blk_write_per_s: per_s(blk_before.map(|b| b.1), cur.blk.map(|b| b.1)),
        pids: cur.pids,
        over_secs,
    }
}

/// docker's CPU %, from (container CPU, host CPU) before and now. `None` when a counter went
/// backwards, the host counter is unknown or did not move, or the CPU count is unknown.
fn cpu_percent(before: (u64, Option<u64>), now: (u64, Option<u64>), cpus: u32) -> Option<f64> {
    let cpu = now.0.checked_sub(before.0)?;
    let system = now.1?.checked_sub(before.1?)?;
    if system == 0 || cpus == 0 {
        return None;
    }
    Some(cpu as f64 / system as f64 * f64::from(cpus) * 100.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(secs: f64, cpu: u64, system: u64) -> Sample {
        Sample {
            at: Nanos((secs * 1e9) as i64),
            cpu_total_ns: cpu,
            system_cpu_ns: Some(system),
            online_cpus: 2,
            ..Sample::default()
        }
    }

    #[test]
    fn one_busy_core_of_two_is_a_hundred_percent() {
        // 1 s of wall time on 2 CPUs is 2 s of host CPU; the container used 1 s of it.
        let a = at(10.0, 5_000_000_000, 100_000_000_000);
        let b = at(11.0, 6_000_000_000, 102_000_000_000);
        let r = rates(Some(&a), &b);
        assert_eq!(r.cpu_percent, Some(100.0));
        assert_eq!(r.over_secs, 1.0);
    }

    #[test]
    fn an_idle_container_is_zero_not_unknown() {
        let a = at(10.0, 5, 100_000_000_000);
        let b = at(11.0, 5, 102_000_000_000);
        assert_eq!(rates(Some(&a), &b).cpu_percent, Some(0.0));
    }

    #[test]
    fn a_prev_that_is_not_older_is_ignored() {
        let a = at(11.0, 5, 100);
        let b = at(11.0, 6, 200);
        let r = rates(Some(&a), &b);
        assert_eq!(r.cpu_percent, None);
        assert_eq!(r.over_secs, 0.0);
    }

    #[test]
    fn host_counter_that_did_not_move_gives_none() {
        let a = at(10.0, 5, 100);
        let b = at(11.0, 6, 100);
        assert_eq!(rates(Some(&a), &b).cpu_percent, None);
    }

    #[test]
    fn rates_need_both_counters_and_time() {
        let mut a = at(10.0, 0, 0);
        let mut b = at(12.0, 0, 0);
        a.net = Some((1000, 50));
        b.net = Some((3000, 40));
        a.blk = None;
        b.blk = Some((10, 10));
        let r = rates(Some(&a), &b);
        assert_eq!(r.net_rx_per_s, Some(1000.0));
        assert_eq!(r.net_tx_per_s, None, "tx went backwards");
        assert_eq!((r.blk_read_per_s, r.blk_write_per_s), (None, None));
        let first = rates(None, &b);
        assert_eq!((first.net_rx_per_s, first.over_secs), (None, 0.0));
    }

    #[test]
    fn memory_percent_needs_a_limit() {
        let s = Sample {
            mem_used: Some(16),
            mem_limit: Some(64),
            ..Sample::default()
        };
        assert_eq!(rates(None, &s).mem_percent, Some(25.0));
        let s = Sample {
            mem_limit: Some(0),
            ..s
        };
        assert_eq!(rates(None, &s).mem_percent, None);
    }
}
