#!/usr/bin/env python3
"""Whole-process figures for dockhand against a running engine.

  scripts/measure.py --host unix:///tmp/dh-bench/docker.sock [--runs 5] [--idle 30]

For each run it starts the release binary in a pseudo-terminal (200x50), and records:
  - first frame: time from exec until the first screen is drawn;
  - list on screen: time until a container row is drawn (the engine answered and the list
    rendered);
then, in the last run, it leaves dockhand idle on the containers pane and samples:
  - dockhand's own CPU (utime+stime from /proc) over --idle seconds;
  - its resident memory (VmRSS) at the end;
  - the engine's CPU (dockerd, containerd and the shims) over the same window, and over a
    window of the same length with dockhand stopped, for comparison.
CPU is given in percent of one core. Only the standard library is used.
"""

import argparse
import os
import pty
import re
import select
import signal
import statistics
import struct
import subprocess
import sys
import termios
import fcntl
import time

HZ = os.sysconf("SC_CLK_TCK")


def cpu_ticks(pid):
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return int(fields[11]) + int(fields[12])
    except OSError:
        return 0


def rss_kib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def engine_pids(sock):
    """dockerd serving `sock`, and its containerd, shims and their children."""
    root = None
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            with open(f"/proc/{pid}/cmdline", "rb") as f:
                cmd = f.read().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        if "dockerd" in cmd and sock in cmd:
            root = int(pid)
    if root is None:
        return []
    # The engine's whole process tree: dockerd -> containerd -> shims -> container processes.
    # Container processes are the workload, not the engine: keep only engine binaries.
    children = {}
    names = {}
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            with open(f"/proc/{pid}/stat") as f:
                head, rest = f.read().rsplit(")", 1)
            ppid = int(rest.split()[1])
            names[int(pid)] = head.split("(", 1)[1]
            children.setdefault(ppid, []).append(int(pid))
        except (OSError, IndexError, ValueError):
            continue
    out, todo = [], [root]
    while todo:
        p = todo.pop()
        if names.get(p, "").startswith(("dockerd", "containerd")):
            out.append(p)
        todo.extend(children.get(p, []))
    # Shims are re-parented to init when their containerd is managed by dockerd: find them by
    # name and by the engine's exec-root in their command line.
    exec_root = os.path.dirname(sock)
    for pid, name in names.items():
        if name.startswith("containerd-shim") and pid not in out:
            try:
                with open(f"/proc/{pid}/cmdline", "rb") as f:
                    if exec_root.encode() in f.read():
                        out.append(pid)
            except OSError:
                pass
    return out


def engine_ticks(pids):
    return sum(cpu_ticks(p) for p in pids)


def spawn(binary, host, env):
    pid, fd = pty.fork()
    if pid == 0:
        os.execve(binary, [binary, "--host", host], env)
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 50, 200, 0, 0))
    return pid, fd


def read_until(fd, pattern, deadline, buf):
    while time.monotonic() < deadline:
        r, _, _ = select.select([fd], [], [], 0.05)
        if r:
            try:
                data = os.read(fd, 65536)
            except OSError:
                return None
            if not data:
                return None
            buf.extend(data)
            if re.search(pattern, bytes(buf)):
                return time.monotonic()
    return None


def drain(fd, seconds):
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        r, _, _ = select.select([fd], [], [], 0.2)
        if r:
            try:
                os.read(fd, 65536)
            except OSError:
                return


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--host", required=True)
    ap.add_argument("--binary", default="target/release/dockhand")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--idle", type=float, default=30.0)
    ap.add_argument("--row", default=rb"dh-run-", help="regex of a container row to wait for")
    ap.add_argument("--then-key", default=None, help="a key to press once the list is shown (e.g. 2)")
    ap.add_argument("--then-row", default=None, help="regex of a row to wait for after --then-key")
    a = ap.parse_args()
    sock = a.host.removeprefix("unix://")
    pids = engine_pids(sock)
    tmp = f"/tmp/dh-measure-{os.getpid()}"
    os.makedirs(tmp, exist_ok=True)
    env = dict(os.environ, HOME=tmp, XDG_CONFIG_HOME=tmp, XDG_STATE_HOME=tmp, TERM="xterm-256color")
    firsts, lists, thens = [], [], []
    for i in range(a.runs):
        start = time.monotonic()
        pid, fd = spawn(a.binary, a.host, env)
        buf = bytearray()
        first = read_until(fd, rb"dockhand", start + 10, buf)
        shown = read_until(fd, a.row.encode() if isinstance(a.row, str) else a.row, start + 10, buf)
        if first is None or shown is None:
            print(f"run {i}: no frame within 10 s", file=sys.stderr)
            os.kill(pid, signal.SIGTERM)
            os.waitpid(pid, 0)
            sys.exit(1)
        firsts.append(first - start)
        lists.append(shown - start)
        if a.then_key:
            drain(fd, 1)
            buf.clear()
            t0 = time.monotonic()
            os.write(fd, a.then_key.encode())
            t1 = read_until(fd, a.then_row.encode(), t0 + 20, buf)
            if t1 is None:
                print(f"run {i}: {a.then_row!r} not on screen within 20 s", file=sys.stderr)
                sys.exit(1)
            thens.append(t1 - t0)
        last = i == a.runs - 1
        if last:
            drain(fd, 5)  # settle: the first list and its frame are done
            e0, d0, t0 = engine_ticks(pids), cpu_ticks(pid), time.monotonic()
            drain(fd, a.idle)
            e1, d1, t1 = engine_ticks(pids), cpu_ticks(pid), time.monotonic()
            rss = rss_kib(pid)
        os.kill(pid, signal.SIGTERM)
        os.waitpid(pid, 0)
        os.close(fd)
    time.sleep(2)
    b0, s0 = engine_ticks(pids), time.monotonic()
    time.sleep(a.idle)
    b1, s1 = engine_ticks(pids), time.monotonic()
    pct = lambda ticks, secs: 100.0 * ticks / HZ / secs
    print(f"runs: {a.runs}, terminal 200x50, binary {a.binary}")
    print(f"first frame:      median {statistics.median(firsts)*1000:.0f} ms (min {min(firsts)*1000:.0f}, max {max(firsts)*1000:.0f})")
    print(f"list on screen:   median {statistics.median(lists)*1000:.0f} ms (min {min(lists)*1000:.0f}, max {max(lists)*1000:.0f})")
    if thens:
        print(f"after {a.then_key!r}, {a.then_row!r} on screen: median {statistics.median(thens)*1000:.0f} ms (min {min(thens)*1000:.0f}, max {max(thens)*1000:.0f})")
    print(f"dockhand idle CPU over {a.idle:.0f} s: {pct(d1 - d0, t1 - t0):.2f} % of a core")
    print(f"dockhand memory (RSS): {rss / 1024:.1f} MiB")
    print(f"engine CPU with dockhand:    {pct(e1 - e0, t1 - t0):.2f} % ({len(pids)} engine processes)")
    print(f"engine CPU without dockhand: {pct(b1 - b0, s1 - s0):.2f} %")


if __name__ == "__main__":
    main()
