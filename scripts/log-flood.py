#!/usr/bin/env python3
"""Log flood figures for dockhand: a container writes as fast as it can, dockhand follows it
full screen, and this script reports, over --seconds:

  - the ingest rate the pane sustains (lines per second it took in: kept + dropped, read off
    its own status line);
  - dockhand's CPU and its memory (RSS) every 10 s, to show memory stays bounded;
  - key latency during the flood: time from pressing `t` (timestamps on/off) to the status
    line showing the change, several times;
  - with the default `--flood seq` (`seq 1 2000000000`, each line its own number): how far the
    newest line on screen is behind the engine's newest, every 2 s. The engine's newest number
    comes from a `tail=1` logs request made straight on the socket (a few ms, unlike the docker
    CLI), the screen's is the newest number on screen at that moment, and the difference in
    lines is turned into seconds with the rate the engine's numbers grow at.

  scripts/log-flood.py --host unix:///tmp/dh-bench/docker.sock [--seconds 60] [--flood yes]

Needs the `pyte` terminal emulator (pip install pyte). The flooding container is started with
--network none and removed at the end.
"""

import argparse
import fcntl
import os
import pty
import re
import select
import signal
import socket
import statistics
import struct
import subprocess
import sys
import termios
import time

import pyte

FLOODS = {
    "seq": ["seq", "1", "2000000000"],
    "yes": ["sh", "-c", "yes 'flood line: the quick brown fox jumps over the lazy dog 0123456789'"],
    # No flood: a line a second, to tell what the machine and this harness add to the figures.
    "quiet": ["sh", "-c", "while true; do date; sleep 1; done"],
}

HZ = os.sysconf("SC_CLK_TCK")
COLS, ROWS = 200, 50


def cpu_ticks(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])


def rss_mib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


class Screen:
    def __init__(self, fd):
        self.fd = fd
        self.screen = pyte.Screen(COLS, ROWS)
        self.stream = pyte.ByteStream(self.screen)

    def pump(self, seconds):
        end = time.monotonic() + seconds
        while True:
            left = end - time.monotonic()
            if left <= 0:
                return
            r, _, _ = select.select([self.fd], [], [], min(left, 0.05))
            if r:
                try:
                    data = os.read(self.fd, 1 << 16)
                except OSError:
                    return
                if not data:
                    return
                self.stream.feed(data)

    def text(self):
        return "\n".join(self.screen.display)

    def wait(self, pattern, timeout):
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            self.pump(0.02)
            m = re.search(pattern, self.text())
            if m:
                return m
        return None


def engine_newest(host, name):
    """The number on the newest line of the container's log, asked straight on the engine's
    unix socket (`tail=1`), or None."""
    if not host.startswith("unix://"):
        return None
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.settimeout(5)
    try:
        s.connect(host[len("unix://"):])
        s.sendall(f"GET /containers/{name}/logs?stdout=1&stderr=1&tail=1 HTTP/1.0\r\n"
                  "Host: docker\r\n\r\n".encode())
        data = b""
        while True:
            b = s.recv(65536)
            if not b:
                break
            data += b
    except OSError:
        return None
    finally:
        s.close()
    _, _, body = data.partition(b"\r\n\r\n")
    # One multiplexed frame: an 8-byte header, then the line.
    m = re.search(rb"(\d+)\s*$", body[8:])
    return int(m.group(1)) if m else None


def newest_on_screen(text):
    """The number on the newest `seq` line in the log pane (a timestamp before it when `t` is
    on), or None."""
    for row in reversed(text.split("\n")):
        m = re.match(r"^\s*│?\s*(?:\d\d:\d\d:\d\d\.\d{3} )?(\d+)\s*│?\s*$", row)
        if m:
            return int(m.group(1))
    return None


def gaps_on_screen(text):
    """The gap lines on screen with the numbers of the `seq` lines around them: (said, left
    out) for each, `said` as the line words it (about 160,000 / 4.2 million)."""
    rows = text.split("\n")
    num = re.compile(r"^\s*│?\s*(?:\d\d:\d\d:\d\d\.\d{3} )?(\d+)\s*│?\s*$")
    out = []
    for i, row in enumerate(rows):
        m = re.search(r"about ([\d.,]+(?: million| billion)?) lines? skipped", row)
        if not m or i == 0 or i + 1 >= len(rows):
            continue
        a, b = num.match(rows[i - 1]), num.match(rows[i + 1])
        if a and b:
            out.append((m.group(1), int(b.group(1)) - int(a.group(1)) - 1))
    return out


def docker(host, *args):
    return subprocess.run(["docker", "-H", host, *args], capture_output=True, text=True, check=False)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--host", required=True)
    ap.add_argument("--binary", default="target/release/dockhand")
    ap.add_argument("--seconds", type=int, default=60)
    ap.add_argument("--flood", choices=sorted(FLOODS), default="seq",
                    help="what the container writes: seq (numbered lines, lag measured), yes, or "
                         "quiet (a line a second: the harness's own key latency)")
    a = ap.parse_args()
    name = f"dh-flood-{os.getpid()}"
    docker(a.host, "rm", "-f", name)
    out = docker(a.host, "run", "-d", "--network", "none", "--name", name, "local/busybox:test",
                 *FLOODS[a.flood])
    if out.returncode != 0:
        sys.exit(f"could not start the flooding container: {out.stderr}")
    tmp = f"/tmp/dh-flood-{os.getpid()}"
    os.makedirs(tmp, exist_ok=True)
    env = dict(os.environ, HOME=tmp, XDG_CONFIG_HOME=tmp, XDG_STATE_HOME=tmp, TERM="xterm-256color")
    pid, fd = pty.fork()
    if pid == 0:
        os.execve(a.binary, [a.binary, "--host", a.host], env)
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLS, 0, 0))
    s = Screen(fd)
    try:
        if not s.wait(r" Containers ", 15):
            sys.exit("no container list")
        os.write(fd, b"/" + name.encode() + b"\r")
        s.wait(re.escape(name), 5)
        os.write(fd, b"L")
        kept = r"(\d+) lines kept \((\d+) dropped\)"
        if not s.wait(kept, 10):
            sys.exit("the log view did not open:\n" + s.text())
        s.pump(3)  # the tail and the first batches are in
        m = re.search(kept, s.text())
        n0, t0 = int(m.group(1)) + int(m.group(2)), time.monotonic()
        c0 = cpu_ticks(pid)
        rss, latencies, lags, gaps = [], [], [], {}
        last_engine = None

        def sample_lag():
            # The engine's newest number and the screen's, at (nearly) the same moment.
            nonlocal last_engine
            if a.flood != "seq":
                return
            t = time.monotonic()
            for said, left in gaps_on_screen(s.text()):
                gaps[left] = said
            shown = newest_on_screen(s.text())
            newest = engine_newest(a.host, name)
            if newest is None or shown is None:
                return
            if last_engine is not None and t > last_engine[1] and newest > last_engine[0]:
                rate = (newest - last_engine[0]) / (t - last_engine[1])
                lags.append((newest - shown, rate))
            last_engine = (newest, t)

        def pump_sampling(seconds):
            end = time.monotonic() + seconds
            while time.monotonic() < end:
                s.pump(min(2.0, max(0.0, end - time.monotonic())))
                sample_lag()

        sample_lag()
        elapsed = 0
        while elapsed < a.seconds:
            step = min(10, a.seconds - elapsed)
            pump_sampling(step - 1)
            # Key latency: toggle timestamps and wait for the status line to say so.
            want = "timestamps on" if "timestamps off" in s.text() else "timestamps off"
            k0 = time.monotonic()
            os.write(fd, b"t")
            if s.wait(re.escape(want), 5):
                latencies.append(time.monotonic() - k0)
            s.pump(max(0.0, 1 - (time.monotonic() - k0)))
            elapsed += step
            rss.append((elapsed, rss_mib(pid)))
        m = re.search(kept, s.text())
        n1, t1 = int(m.group(1)) + int(m.group(2)), time.monotonic()
        c1 = cpu_ticks(pid)
        if a.flood == "seq":
            # Page up through the kept lines (the view pauses) for gap lines the flood scrolled
            # past, to check their counts against the numbers around them. The container is
            # stopped first: the flood would evict the lines faster than pages are turned.
            # (`docker pause` does not stop the writes on the test engine: a kill does.)
            docker(a.host, "kill", name)
            # What the engine had sent comes in; then back to the newest line.
            s.pump(3)
            os.write(fd, b"G")
            s.pump(0.5)
            before = None
            for _ in range(300):
                os.write(fd, b"\x02")
                s.pump(0.05)
                text = s.text()
                for said, left in gaps_on_screen(text):
                    gaps[left] = said
                if text == before:
                    break
                before = text
        print(f"flood for {t1 - t0:.0f} s, terminal {COLS}x{ROWS}, binary {a.binary}")
        print(f"ingested: {(n1 - n0) / (t1 - t0):,.0f} lines/s ({n1 - n0:,} lines)")
        print(f"dockhand CPU: {100.0 * (c1 - c0) / HZ / (t1 - t0):.1f} % of a core")
        print("dockhand RSS (MiB) at " + ", ".join(f"{t}s: {r:.1f}" for t, r in rss))
        if latencies:
            ms = [x * 1000 for x in latencies]
            print(f"key latency: median {statistics.median(ms):.0f} ms, max {max(ms):.0f} ms ({len(ms)} keys)")
        if lags:
            secs = [n / r for n, r in lags]
            rates = [r for _, r in lags]
            print(f"engine writes: median {statistics.median(rates):,.0f} lines/s")
            print(f"newest line on screen behind the engine's: median {statistics.median(secs):.2f} s, "
                  f"max {max(secs):.2f} s, last {secs[-1]:.2f} s ({lags[-1][0]:,} lines; {len(secs)} samples)")
            print("  every sample (s): " + ", ".join(f"{x:.1f}" for x in secs))
        if gaps:
            print(f"gap lines seen: {len(gaps)}; said vs left out (by the numbers around them): "
                  + ", ".join(f"{said} / {left:,}" for left, said in list(gaps.items())[:12]))
        print("last screen lines:")
        print("\n".join(s.screen.display[-2:]))
    finally:
        os.kill(pid, signal.SIGTERM)
        os.waitpid(pid, 0)
        docker(a.host, "rm", "-f", name)


if __name__ == "__main__":
    main()
