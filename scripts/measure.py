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

  scripts/measure.py hosts --sockets S1,S2,S3 [--configured 10] [--switches 20] [--idle 30]

Several hosts at once (see "hosts mode" below): switching between connected hosts, the first
(cold) switch to each, and idle CPU/RSS with every host connected, each engine's CPU with and
without dockhand.
"""

import argparse
import codecs
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
import json
import shutil
import socket
import tempfile
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
        args = cmd.split(" ")
        if "dockerd" in cmd and any(a in (sock, f"unix://{sock}") or a.endswith(f"=unix://{sock}") for a in args):
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
                    if f"{exec_root}/".encode() in f.read():  # not /tmp/dhmem for /tmp/dhm
                        out.append(pid)
            except OSError:
                pass
    return out


def engine_ticks(pids):
    return sum(cpu_ticks(p) for p in pids)


def spawn(argv, env):
    """argv[0] in a new pseudo-terminal of 200x50; returns (pid, fd of the terminal's side)."""
    pid, fd = pty.fork()
    if pid == 0:
        try:
            os.execve(argv[0], argv, env)
        finally:
            os._exit(127)
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
        pid, fd = spawn([a.binary, "--host", a.host], env)
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


# ------------------------------------------------------------------------------ hosts mode --
#
#   scripts/measure.py hosts --sockets S1,S2,S3 [--configured 10] [--switches 20] [--idle 30]
#
# Several hosts at once. The sockets are running engines (unix socket paths, or unix://...);
# each must hold a container that the others do not (the first such name, `only-on-*`
# preferred, is the row waited for on that host). A temporary config gets one [[hosts]] entry
# per socket (h1, h2, ...) and, up to --configured entries, more that point at sockets that do
# not exist (ghost-NN: never shown, so never connected). dockhand starts on h1 in a 200x50
# pseudo-terminal; the switcher (H) must list every configured host. Each other real host is
# then shown once (the cold switches: connect, list, draw), so all are connected, and then
# --switches switches go round the connected hosts (warm). A switch is: write `H` and the
# host's name in one write, wait until the switcher shows that filter, then write Enter alone;
# the time is from writing Enter until the screen shows the host's name in the header line AND
# its own container row. The screen is kept by a small terminal model (ratatui redraws only
# the cells that change, so the raw output alone cannot tell h1's rows from h2's).
# Then, on the containers pane with every host connected, dockhand's CPU and RSS and each
# engine's CPU over --idle seconds, and each engine's CPU over as long with dockhand stopped.


_PRINTABLE = re.compile(r"[^\x00-\x1f\x7f]+")
_CSI_WHOLE = re.compile(r"\x1b\[([\x20-\x3f]*)([\x40-\x7e])")


class Screen:
    """Just enough of a terminal to follow ratatui through crossterm: cursor moves, erases,
    printing; colours and modes are ignored. Text only, one cell per character."""

    def __init__(self, rows=50, cols=200):
        self.rows, self.cols = rows, cols
        self.cells = [[" "] * cols for _ in range(rows)]
        self.row = self.col = 0
        self.saved = (0, 0)
        self.decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
        self.state = "text"  # text, esc, csi, osc, osc_esc, charset
        self.params = ""

    def lines(self):
        return ["".join(r).rstrip() for r in self.cells]

    def text(self):
        return "\n".join(self.lines())

    def _clear(self, row, c0, c1):
        cells = self.cells[row]
        for c in range(max(c0, 0), min(c1, self.cols)):
            cells[c] = " "

    def _scroll_up(self, n=1):
        for _ in range(n):
            self.cells.pop(0)
            self.cells.append([" "] * self.cols)

    def _newline(self):
        if self.row == self.rows - 1:
            self._scroll_up()
        else:
            self.row += 1

    def _csi(self, final):
        private = self.params.startswith(("?", ">", "<", "="))
        if private:
            return  # modes (alternate screen, cursor shown, ...)
        nums = [int(p) if p.isdigit() else 0 for p in self.params.split(";")] if self.params else []
        n = nums[0] if nums and nums[0] > 0 else 1
        first = nums[0] if nums else 0
        if final in "Hf":
            r = nums[0] if len(nums) > 0 and nums[0] > 0 else 1
            c = nums[1] if len(nums) > 1 and nums[1] > 0 else 1
            self.row, self.col = min(r, self.rows) - 1, min(c, self.cols) - 1
        elif final == "A":
            self.row = max(self.row - n, 0)
        elif final in "Be":
            self.row = min(self.row + n, self.rows - 1)
        elif final in "Ca":
            self.col = min(self.col + n, self.cols - 1)
        elif final == "D":
            self.col = max(self.col - n, 0)
        elif final == "E":
            self.row, self.col = min(self.row + n, self.rows - 1), 0
        elif final == "F":
            self.row, self.col = max(self.row - n, 0), 0
        elif final in "G`":
            self.col = min(n, self.cols) - 1
        elif final == "d":
            self.row = min(n, self.rows) - 1
        elif final == "J":
            if first == 0:
                self._clear(self.row, self.col, self.cols)
                for r in range(self.row + 1, self.rows):
                    self._clear(r, 0, self.cols)
            elif first == 1:
                for r in range(self.row):
                    self._clear(r, 0, self.cols)
                self._clear(self.row, 0, self.col + 1)
            else:
                for r in range(self.rows):
                    self._clear(r, 0, self.cols)
        elif final == "K":
            if first == 0:
                self._clear(self.row, self.col, self.cols)
            elif first == 1:
                self._clear(self.row, 0, self.col + 1)
            else:
                self._clear(self.row, 0, self.cols)
        elif final == "X":
            self._clear(self.row, self.col, self.col + n)
        elif final == "S":
            self._scroll_up(n)
        elif final == "T":
            for _ in range(n):
                self.cells.pop()
                self.cells.insert(0, [" "] * self.cols)
        # m (colours), r (scroll region), t, q, ...: nothing on the text.

    def _put(self, run):
        """Printable text at the cursor, wrapping at the right edge (deferred, as xterm does)."""
        while run:
            if self.col >= self.cols:
                self.col = 0
                self._newline()
            k = min(len(run), self.cols - self.col)
            self.cells[self.row][self.col:self.col + k] = run[:k]
            self.col += k
            run = run[k:]

    def feed(self, data):
        """Bytes from the program. Runs of printable text and whole CSI sequences are taken in
        one step each (a frame is mostly those); anything else goes a character at a time."""
        text = self.decoder.decode(data)
        i, n = 0, len(text)
        while i < n:
            if self.state == "text":
                m = _PRINTABLE.match(text, i)
                if m:
                    self._put(m.group())
                    i = m.end()
                    continue
                m = _CSI_WHOLE.match(text, i)
                if m:
                    self.params = m.group(1)
                    self._csi(m.group(2))
                    i = m.end()
                    continue
            self._step(text[i])
            i += 1

    def _step(self, ch):
        """One character through the escape-sequence state machine."""
        st = self.state
        if st == "text":
            if ch == "\x1b":
                self.state = "esc"
            elif ch == "\r":
                self.col = 0
            elif ch in "\n\x0b\x0c":
                self._newline()
            elif ch == "\b":
                self.col = max(self.col - 1, 0)
            elif ch == "\t":
                self.col = min((self.col // 8 + 1) * 8, self.cols - 1)
            elif ch < " " or ch == "\x7f":
                pass
            else:
                self._put(ch)
        elif st == "esc":
            self.state = "text"
            if ch == "[":
                self.state, self.params = "csi", ""
            elif ch == "]":
                self.state = "osc"
            elif ch in "()*+":
                self.state = "charset"
            elif ch == "7":
                self.saved = (self.row, self.col)
            elif ch == "8":
                self.row, self.col = self.saved
            elif ch == "M":
                self.row = max(self.row - 1, 0)
            elif ch == "c":
                self.__init__(self.rows, self.cols)
        elif st == "csi":
            if "@" <= ch <= "~":
                self._csi(ch)
                self.state = "text"
            else:
                self.params += ch
        elif st == "osc":
            if ch == "\x07":
                self.state = "text"
            elif ch == "\x1b":
                self.state = "osc_esc"
        elif st == "osc_esc":
            self.state = "text" if ch == "\\" else "osc"
        elif st == "charset":
            self.state = "text"


class Failure(Exception):
    """A measurement that cannot go on; its text is the message for the user."""


def engine_get(sock, path, timeout=5.0):
    """GET `path` from the engine at unix socket `sock`: (status, body). Bounded by `timeout`."""
    deadline = time.monotonic() + timeout
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as s:
        s.settimeout(timeout)
        s.connect(sock)
        s.sendall(f"GET {path} HTTP/1.0\r\nHost: docker\r\n\r\n".encode())
        data = bytearray()
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError(f"no whole answer to GET {path} within {timeout:.0f} s")
            s.settimeout(left)
            chunk = s.recv(65536)
            if not chunk:
                break
            data.extend(chunk)
    head, _, body = bytes(data).partition(b"\r\n\r\n")
    try:
        status = int(head.split(b" ", 2)[1])
    except (IndexError, ValueError):
        raise OSError(f"not an HTTP answer to GET {path}: {head[:80]!r}") from None
    return status, body


def container_names(sock):
    """Every container name of the engine at `sock` (after a ping), or Failure saying why not."""
    try:
        status, body = engine_get(sock, "/_ping")
        if status != 200:
            raise OSError(f"/_ping answered HTTP {status}")
        status, body = engine_get(sock, "/containers/json?all=1")
        if status != 200:
            raise OSError(f"/containers/json answered HTTP {status}")
        return {n.lstrip("/") for c in json.loads(body) for n in c.get("Names") or []}
    except TimeoutError:
        raise Failure(f"the engine at unix://{sock} does not answer within 5 s") from None
    except (OSError, ValueError) as e:
        raise Failure(f"the engine at unix://{sock} does not answer: {e}") from None


def own_rows(names_by_sock):
    """For each socket, a container name no other engine has (`only-on-*` first)."""
    rows = {}
    for sock, names in names_by_sock.items():
        others = set().union(*(n for s, n in names_by_sock.items() if s != sock))
        own = sorted(names - others, key=lambda n: (not n.startswith("only-on-"), n))
        if not own:
            raise Failure(
                f"every container of unix://{sock} also exists on another engine, so its rows "
                f"cannot be told apart; give it one of its own, e.g. DOCKER_HOST=unix://{sock} "
                "docker run -d --network none --name only-on-hN local/busybox:test sleep 3600"
            )
        rows[sock] = own[0]
    return rows


class Dockhand:
    """dockhand in a pseudo-terminal, with the screen it draws. stop() is safe to call twice."""

    def __init__(self, argv, env):
        self.pid, self.fd = spawn(argv, env)
        self.screen = Screen()
        self.alive = True

    def _read(self, timeout):
        """One read (at most `timeout` s) into the screen; False once the terminal is gone."""
        r, _, _ = select.select([self.fd], [], [], max(timeout, 0))
        if not r:
            return True
        try:
            data = os.read(self.fd, 65536)
        except OSError:
            data = b""
        if not data:
            self.alive = False
            return False
        self.screen.feed(data)
        return True

    def wait(self, what, test, timeout):
        """Reads until test(screen lines) holds: the time of the read that made it so.
        Failure (naming `what` and showing the screen) after `timeout` s or if dockhand exits."""
        deadline = time.monotonic() + timeout
        if test(self.screen.lines()):
            return time.monotonic()
        while self.alive and time.monotonic() < deadline:
            if not self._read(min(0.05, deadline - time.monotonic())):
                break
            if test(self.screen.lines()):
                return time.monotonic()
        why = "dockhand exited" if not self.alive else f"not within {timeout:.0f} s"
        shown = "\n".join("    | " + l for l in self.screen.lines() if l.strip())
        raise Failure(f"{what}: {why}; the screen was:\n{shown}")

    def drain(self, seconds):
        end = time.monotonic() + seconds
        while self.alive and time.monotonic() < end:
            self._read(min(0.2, end - time.monotonic()))

    def write(self, data):
        os.write(self.fd, data)
        return time.monotonic()

    def stop(self, timeout=5.0):
        if self.pid is None:
            return
        try:
            os.kill(self.pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
        deadline = time.monotonic() + timeout
        while True:
            # Keep reading: dockhand restores the terminal as it quits, and must not block on it.
            if self.alive:
                self._read(0.05)
            else:
                time.sleep(0.05)
            done, _ = os.waitpid(self.pid, os.WNOHANG)
            if done:
                break
            if time.monotonic() >= deadline:
                os.kill(self.pid, signal.SIGKILL)
                os.waitpid(self.pid, 0)
                break
        os.close(self.fd)
        self.pid = None


def header_names(lines, name):
    return bool(re.search(rf"│ {re.escape(name)} │", lines[0]))


def host_shown(name, row):
    """The test for host `name` on screen: its name in the header, its own row in the list."""
    return lambda lines: header_names(lines, name) and any(row in l for l in lines[1:])


def switch(dh, name, row, timeout, enter_delay=0.0):
    """H and the name in one write, Enter alone once the filter shows (and `enter_delay` s
    later): seconds from Enter to the host's header and row on screen."""
    dh.write(b"H" + name.encode())
    dh.wait(f"the switcher filtered to {name!r}",
            lambda lines: any(re.search(rf"filter: {re.escape(name)}\b", l) for l in lines), timeout)
    dh.drain(enter_delay)
    t0 = dh.write(b"\r")
    t1 = dh.wait(f"host {name} (header and row {row!r}) after Enter", host_shown(name, row), timeout)
    return t1 - t0


SWITCHER_TITLE = re.compile(r"Hosts \((\d+)\) — type to filter")


def switcher_rows(dh, names, timeout):
    """Opens the switcher, reads each host's state from its row, closes it: {name: state}."""
    dh.write(b"H")
    dh.wait("the host switcher (H)", lambda lines: any(SWITCHER_TITLE.search(l) for l in lines), timeout)
    dh.drain(0.3)  # the rows as they settle (states, counts)
    lines = dh.screen.lines()
    count = next(int(m.group(1)) for l in lines if (m := SWITCHER_TITLE.search(l)))
    states = {}
    for name in names:
        for l in lines:
            m = re.search(rf"[▶ ] {re.escape(name)}\s{{2,}}(connected|connecting…|not connected|failed|lost)\b", l)
            if m:
                states[name] = m.group(1)
                break
    dh.write(b"\x1b")
    dh.wait("the switcher closed (Esc)", lambda lines: not any(SWITCHER_TITLE.search(l) for l in lines), timeout)
    return count, states


def write_config(path, real, ghosts):
    """`real`: [(name, socket)]; `ghosts`: [(name, socket that does not exist)]."""
    with open(path, "w") as f:
        f.write("# written by scripts/measure.py hosts; removed when it ends\n")
        for name, sock in real + ghosts:
            f.write(f'\n[[hosts]]\nname = "{name}"\naddress = "unix://{sock}"\n')


def hosts_main(argv):
    ap = argparse.ArgumentParser(prog="measure.py hosts", description="Several hosts at once: "
                                 "switching between connected hosts, and idle CPU with all connected.")
    ap.add_argument("--sockets", required=True, help="running engines' sockets, comma-separated (2 or more)")
    ap.add_argument("--configured", type=int, default=10, help="[[hosts]] entries in all (the rest point nowhere)")
    ap.add_argument("--switches", type=int, default=20, help="timed switches between connected hosts")
    ap.add_argument("--idle", type=float, default=30.0, help="seconds of each CPU window")
    ap.add_argument("--timeout", type=float, default=20.0, help="longest wait for anything on screen (s)")
    ap.add_argument("--gap", type=float, default=0.5, help="pause between switches (s)")
    ap.add_argument("--enter-delay", type=float, default=0.0,
                    help="seconds between the filter on screen and Enter (0: at once, inside the "
                         "frame budget of the filter's frame; 0.1: as a person types)")
    ap.add_argument("--binary", default="target/release/dockhand")
    ap.add_argument("--log-level", default="info", help="dockhand's --log-level")
    ap.add_argument("--log-file", default=None, help="keep dockhand's log there (default: removed)")
    a = ap.parse_args(argv)

    socks = [s.strip().removeprefix("unix://") for s in a.sockets.split(",") if s.strip()]
    if len(socks) < 2 or len(set(socks)) != len(socks):
        ap.error("--sockets needs 2 or more different sockets")
    if a.configured < len(socks):
        ap.error(f"--configured must be at least the number of sockets ({len(socks)})")
    if a.switches < 1 or a.idle <= 0 or a.timeout <= 0 or a.enter_delay < 0:
        ap.error("--switches, --idle and --timeout must be positive, --enter-delay not negative")
    if not os.access(a.binary, os.X_OK):
        raise Failure(f"{a.binary} is not an executable (cargo build --release first)")

    names = {s: f"h{i + 1}" for i, s in enumerate(socks)}
    rows = own_rows({s: container_names(s) for s in socks})
    nowhere = "/nonexistent/dockhand-measure"
    ghosts = [(f"ghost-{i:02d}", f"{nowhere}/ghost-{i:02d}.sock") for i in range(len(socks) + 1, a.configured + 1)]
    if os.path.exists(nowhere):
        raise Failure(f"{nowhere} exists; the ghost hosts must point at sockets that do not")
    # Typing a host's name must leave it the switcher's first row: no other host may hold it
    # (the switcher filters on name, address and source), nor "all hosts".
    every = [(n, f"unix://{s}") for s, n in names.items()] + [(n, f"unix://{s}") for n, s in ghosts]
    for name in names.values():
        others = [n for n, addr in every if n != name and (name in n.lower() or name in addr.lower())]
        if others or name in "all hosts" or name in "config":
            raise Failure(f"typing {name!r} would also match {others or 'all hosts'}: rename a socket's folder")
    engines = {s: engine_pids(s) for s in socks}
    for s, pids in engines.items():
        if not pids:
            print(f"warning: no dockerd process found for {s}: its CPU will read 0", file=sys.stderr)

    tmp = tempfile.mkdtemp(prefix="dh-measure-hosts-")
    dh = None
    try:
        cfg = os.path.join(tmp, "config.toml")
        write_config(cfg, [(names[s], s) for s in socks], ghosts)
        env = {k: v for k, v in os.environ.items()
               if k not in ("DOCKER_HOST", "DOCKER_CONTEXT", "DOCKER_TLS_VERIFY", "DOCKER_CERT_PATH")}
        env.update(HOME=tmp, XDG_CONFIG_HOME=tmp, XDG_STATE_HOME=tmp, TERM="xterm-256color")
        log = a.log_file or os.path.join(tmp, "dockhand.log")
        first = socks[0]
        start = time.monotonic()
        dh = Dockhand([a.binary, "--config", cfg, "--host", names[first],
                       "--log-level", a.log_level, "--log-file", log], env)
        t = dh.wait(f"host {names[first]} (header and row {rows[first]!r}) at start",
                    host_shown(names[first], rows[first]), a.timeout)
        start_ms = (t - start) * 1000

        dh.drain(1)
        count, states = switcher_rows(dh, [n for n, _ in ghosts] + [names[first]], a.timeout)
        missing = [n for n, _ in ghosts if n not in states]
        if count != a.configured or missing:
            raise Failure(f"the switcher says Hosts ({count}) and lacks {missing}; expected {a.configured}, all listed")

        cold = []
        for s in socks[1:]:
            dh.drain(a.gap)
            cold.append((names[s], switch(dh, names[s], rows[s], a.timeout, a.enter_delay) * 1000))

        dh.drain(1)
        count, states = switcher_rows(dh, [names[s] for s in socks] + [n for n, _ in ghosts], a.timeout)
        ghost_states = sorted({states.get(n, "missing") for n, _ in ghosts})
        connected = sorted(n for n, st in states.items() if st == "connected")
        if connected != sorted(names.values()):
            raise Failure(f"expected {sorted(names.values())} connected, the switcher shows {states}")

        warm, order = [], []
        current = len(socks) - 1
        for i in range(a.switches):
            current = (current + 1) % len(socks)
            s = socks[current]
            dh.drain(a.gap)
            warm.append(switch(dh, names[s], rows[s], a.timeout, a.enter_delay) * 1000)
            order.append(names[s])

        # Idle, on the containers pane of the host last shown, every host connected.
        dh.drain(5)
        e0 = {s: engine_ticks(p) for s, p in engines.items()}
        d0, t0 = cpu_ticks(dh.pid), time.monotonic()
        dh.drain(a.idle)
        e1 = {s: engine_ticks(p) for s, p in engines.items()}
        d1, t1 = cpu_ticks(dh.pid), time.monotonic()
        if not dh.alive:
            raise Failure("dockhand exited during the idle window")
        rss = rss_kib(dh.pid)
        shown_last = order[-1]
        dh.stop()
        time.sleep(2)
        b0, s0 = {s: engine_ticks(p) for s, p in engines.items()}, time.monotonic()
        time.sleep(a.idle)
        b1, s1 = {s: engine_ticks(p) for s, p in engines.items()}, time.monotonic()
    finally:
        if dh is not None:
            dh.stop()
        shutil.rmtree(tmp, ignore_errors=True)

    pct = lambda ticks, secs: 100.0 * ticks / HZ / secs
    print(f"hosts: {a.configured} configured ({len(ghosts)} pointing at no socket, listed as not connected), "
          f"{len(socks)} connected; terminal 200x50, binary {a.binary}")
    print(f"the {len(ghosts)} ghost hosts in the switcher: {', '.join(ghost_states)}")
    print(f"start on {names[first]}, its list on screen: {start_ms:.0f} ms from exec")
    for name, ms in cold:
        print(f"cold switch to {name} (first time shown: connect, list, draw): {ms:.0f} ms from Enter")
    print(f"switch between connected hosts ({len(warm)} switches, {' '.join(names[s] for s in socks)} in turn; "
          f"H+name in one write, Enter alone {a.enter_delay * 1000:.0f} ms after the filter shows, timed from Enter to header name and own row on screen):")
    print(f"    median {statistics.median(warm):.1f} ms, max {max(warm):.1f} ms, min {min(warm):.1f} ms")
    print(f"idle over {t1 - t0:.0f} s on {shown_last}'s containers pane, {len(socks)} hosts connected:")
    print(f"    dockhand CPU: {pct(d1 - d0, t1 - t0):.2f} % of a core, RSS {rss / 1024:.1f} MiB")
    for s in socks:
        w, wo = pct(e1[s] - e0[s], t1 - t0), pct(b1[s] - b0[s], s1 - s0)
        print(f"    engine {names[s]} ({s}, {len(engines[s])} processes): {w:.2f} % with dockhand, "
              f"{wo:.2f} % without: {w - wo:+.2f} points")
    if a.log_file:
        print(f"dockhand's log: {a.log_file}")


def run_hosts(argv):
    # SIGTERM/SIGHUP end the run like Ctrl-C: through the `finally` that stops dockhand.
    def bail(signum, _frame):
        raise SystemExit(128 + signum)
    signal.signal(signal.SIGTERM, bail)
    signal.signal(signal.SIGHUP, bail)
    try:
        hosts_main(argv)
    except Failure as e:
        print(f"measure.py hosts: {e}", file=sys.stderr)
        sys.exit(1)
    except KeyboardInterrupt:
        sys.exit(130)


if __name__ == "__main__":
    if sys.argv[1:2] == ["hosts"]:
        run_hosts(sys.argv[2:])
    else:
        main()
