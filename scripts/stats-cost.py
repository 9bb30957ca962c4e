#!/usr/bin/env python3
"""What dockhand's live numbers cost the engine, measured as whole processes.

  scripts/stats-cost.py --host unix:///tmp/dh-cost/docker.sock [--window 30] [--rounds 3]
                        [--source auto|api|cgroup] [--binary target/release/dockhand]

The engine's CPU is the sum over dockerd, its containerd and the containerd shims (read from
/proc, utime+stime), not the containers' own processes. The script alternates windows of the
engine alone and windows with dockhand running in a pseudo-terminal (200x50) on the containers
pane showing live numbers (it waits for a CPU figure on screen first), `--rounds` times each,
and prints every window and the medians:
  - engine alone, engine with dockhand, and the difference (percentage points of one core);
  - dockhand's own CPU while it shows live numbers and nothing else happens (its "idle").
`--source` is written to a private config file ([stats] source), so the API path can be
measured on a local engine too; `--keys oooooo` sorts the list by CPU first, which samples every
running container (the most dockhand ever asks for). Only the standard library is used.
"""

import argparse
import os
import re
import signal
import statistics
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from measure import HZ, cpu_ticks, drain, engine_pids, engine_ticks, read_until  # noqa: E402
import fcntl  # noqa: E402
import pty  # noqa: E402
import struct  # noqa: E402
import termios  # noqa: E402


def spawn(binary, host, config, env):
    pid, fd = pty.fork()
    if pid == 0:
        os.execve(binary, [binary, "--host", host, "--config", config], env)
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 50, 200, 0, 0))
    return pid, fd


def pct(ticks, secs):
    return 100.0 * ticks / HZ / secs


def engine_window(sock, seconds):
    pids = engine_pids(sock)
    e0, t0 = engine_ticks(pids), time.monotonic()
    time.sleep(seconds)
    return pct(engine_ticks(pids) - e0, time.monotonic() - t0)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--host", required=True)
    ap.add_argument("--binary", default="target/release/dockhand")
    ap.add_argument("--window", type=float, default=30.0)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--source", default="auto", choices=["auto", "api", "cgroup"])
    ap.add_argument(
        "--keys",
        default="",
        help="keys to press once numbers show, e.g. oooooo (sort by CPU: every running row sampled)",
    )
    a = ap.parse_args()
    sock = a.host.removeprefix("unix://")
    if not engine_pids(sock):
        sys.exit(f"no dockerd serving {sock} on this machine")
    tmp = f"/tmp/dh-cost-{os.getpid()}"
    os.makedirs(tmp, exist_ok=True)
    config = os.path.join(tmp, "config.toml")
    with open(config, "w") as f:
        f.write(f'[stats]\nsource = "{a.source}"\n')
    env = dict(os.environ, HOME=tmp, XDG_CONFIG_HOME=tmp, XDG_STATE_HOME=tmp, TERM="xterm-256color")
    alone, with_dh, own = [], [], []
    # A CPU figure in a row: "12.3%" or "0.0%" (the numbers are on screen).
    figure = rb"\d+\.\d%"
    keys = f", keys {a.keys!r}" if a.keys else ""
    print(f"engine {sock}, windows of {a.window:.0f} s, {a.rounds} rounds, stats source {a.source}{keys}")
    for r in range(a.rounds):
        time.sleep(3)  # let the engine settle after the last window
        alone.append(engine_window(sock, a.window))
        pid, fd = spawn(a.binary, a.host, config, env)
        buf = bytearray()
        if read_until(fd, figure, time.monotonic() + 30, buf) is None:
            os.kill(pid, signal.SIGTERM)
            os.waitpid(pid, 0)
            tail = re.sub(rb"\x1b\[[0-9;?]*[A-Za-z]", b" ", bytes(buf[-2000:]))
            sys.exit(f"no live numbers on screen within 30 s; the screen's last bytes:\n{tail.decode(errors='replace')}")
        if a.keys:
            os.write(fd, a.keys.encode())
        drain(fd, 3)  # the first samples of every row in view are in
        pids = engine_pids(sock)
        e0, d0, t0 = engine_ticks(pids), cpu_ticks(pid), time.monotonic()
        drain(fd, a.window)
        e1, d1, t1 = engine_ticks(pids), cpu_ticks(pid), time.monotonic()
        with_dh.append(pct(e1 - e0, t1 - t0))
        own.append(pct(d1 - d0, t1 - t0))
        os.kill(pid, signal.SIGTERM)
        os.waitpid(pid, 0)
        os.close(fd)
        print(
            f"round {r + 1}: engine alone {alone[-1]:.2f} %, with dockhand {with_dh[-1]:.2f} %,"
            f" dockhand itself {own[-1]:.2f} %"
        )
    ma, mw, mo = statistics.median(alone), statistics.median(with_dh), statistics.median(own)
    print(f"engine alone (median):         {ma:.2f} % of a core")
    print(f"engine with dockhand (median): {mw:.2f} % of a core")
    print(f"extra engine CPU:              {mw - ma:+.2f} points (budget: +5)")
    print(f"dockhand's own CPU (median):   {mo:.2f} % of a core (budget: < 1)")


if __name__ == "__main__":
    main()
