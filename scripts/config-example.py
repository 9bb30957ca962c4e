#!/usr/bin/env python3
"""Writes config.example.toml from the keymap and theme tables in src/config/.

The example must show every key with its true default (tests/config_files.rs checks it), so it
is generated from the same tables the program uses: run this after adding an action or a colour.
"""
import os
import re

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
km = open(os.path.join(ROOT, "src/config/keymap.rs")).read()
# The `actions!` table: a scope's header line (`Global => Global(GlobalAction, "...") {`),
# then its actions (`Quit = "quit", false, "quit", "Quit dockhand", ["q", "ctrl-c"];`).
acts = []
scope_now = None
for line in km.splitlines():
    head = re.match(r'^\s+(\w+) => \w+\(\w+, "[^"]*"\) \{', line)
    if head:
        scope_now = head.group(1)
        continue
    m = re.match(
        r'^\s+(\w+) = "(\w+)",\s*(true|false),\s*"([^"]*)",\s*"([^"]*)",\s*\[([^\]]*)\];',
        line,
    )
    if m and scope_now:
        v, name, eng, hint, desc, keys = m.groups()
        acts.append((v, name, scope_now, eng, hint, desc, keys))
th = open(os.path.join(ROOT, "src/config/theme/mod.rs")).read()
sec = open(os.path.join(ROOT, "src/inspect/secrets.rs")).read()
patterns = re.findall(
    r'"([^"]*)"', re.search(r"DEFAULT_PATTERNS: &\[&str\] = &\[(.*?)\];", sec, re.S).group(1)
)
# The `theme!` table: `accent = "80", "24", "Titles, ...";` (name = dark, light, what).
theme = re.findall(r'^\s+(\w+) = "([^"]*)", "([^"]*)", "([^"]*)";', th, re.M)
out = ['''# dockhand configuration, with every key set to its default.
#
# Location: $XDG_CONFIG_HOME/dockhand/config.toml (usually ~/.config/dockhand/config.toml),
# or the file given with --config. `dockhand --print-config-path` prints the path in use.
# A missing file is fine. A bad one stops dockhand before it touches the terminal, naming the
# file, the line and the key.

[general]
# Engine address used when neither --host, DOCKER_HOST nor a docker context names one:
# unix:///path/to/docker.sock, tcp://host:2375, https://host:2376 or ssh://user@host.
# Unset by default, which falls back to the usual sockets.
# host = "unix:///var/run/docker.sock"

# The lists follow the engine's event stream; this full re-list is only a safety net for a
# missed event. A humantime duration: "30s", "5m", "1h 30m". At least 2s.
resync_interval = "30s"

# Hide and disable every action that changes the engine (same as --read-only).
read_only = false

# Show stopped containers too (the toggle_all key switches at run time).
show_all = true

# Take the mouse: a click selects a row, sorts by a column title or shows a pane by its tab; a
# double click does what enter does; the wheel scrolls the list, the logs and the views. While
# dockhand takes the mouse, the terminal selects text with shift-drag (option-drag in some macOS
# terminals); false leaves the mouse to the terminal.
mouse = true

# What the shell key (e) runs in a container: [user@]command, words as a shell splits them
# ("root@bash -l"). Unset by default: the first of bash, ash, sh the container has. A host's
# own `shell` (below) comes first.
# shell = "bash -l"

# The keys that detach from an attached container (the attach key, x) and leave it running,
# in docker's form: letters or ctrl-LETTER, comma-separated.
detach_keys = "ctrl-p,ctrl-q"

# The colours: "dark" or "light" (built in), or "auto": light when the terminal says its
# background is light (asked with OSC 11 at start, 200 ms at most), dark otherwise or when it
# does not say. The [theme] table below changes colours of whichever is chosen.
theme = "auto"

[logs]
# Lines fetched when a container's log opens, before it is followed.
tail = 500
# Lines kept per log view: older ones are dropped, so memory stays bounded however chatty the
# container is. The byte budget bounds it too, for very long lines.
buffer_lines = 10000
buffer_bytes = 16777216
# Show the colours containers write (SGR escapes); false strips them. Every other escape or
# control character is always shown harmlessly, never passed to the terminal.
colors = true
# Characters of a very long line shown before it is cut with a "… [N more bytes]" marker.
max_line_chars = 4096

[stats]
# Live numbers (CPU, memory, network, block I/O, PIDs). The selected container is sampled every
# second; the running rows on screen every `interval` (all running rows while the list is
# sorted by CPU or memory); rows out of view not at all. Through the engine's API each sample
# costs the engine some CPU, so API samples of rows are also capped at 4 a second.
interval = "5s"
# History kept per container and charted by the stats view.
window = "5m"
# Where samples come from: "auto" reads the container's cgroup files when the engine runs on
# this machine (free for the engine) and asks the engine's API otherwise; "api" always asks the
# engine; "cgroup" never does (containers whose files cannot be read show no numbers).
source = "auto"

[inspect]
# Environment variables whose names contain one of these (case ignored) have their values
# shown as •••••• in the inspect view, in its summary, its tree and what is copied, until the
# inspect_reveal key shows them. [] masks nothing.
secret_patterns = [%s]

[security]
# Rules whose findings are shown for no container (by id: privileged, engine-socket, root-user,
# moving-tag, ...; a wrong id is an error that lists them). One container silences its own
# with the label dockhand.security.ignore="id,id".
ignore = []
# Mark containers with high findings with a red ! before their name in the containers list
# (the security_marks key turns it on and off while running). Costs one description of each
# container, kept until it changes.
marks = false

# Named engines, one [[hosts]] table each (none by default). With the docker CLI's contexts
# they are the hosts the switcher (H) lists; each is connected when first shown and stays
# connected. Start on one by its name: `dockhand --host prod`, or host = "prod" under
# [general] (DOCKER_HOST and a docker context still come first there, as for an address).
# The header shows the name in its accent colour, and so does the all-hosts list's HOST column.
# address: unix://, tcp://, https:// or ssh://. TLS: the CA, the client certificate and its
# key together (paths may start with ~/), only for tcp:// or https://. read_only: destructive
# keys are off on this host only. accent: a colour name or "#rrggbb". shell: what e runs in
# its containers, as general.shell.
# [[hosts]]
# name = "prod"
# address = "https://10.0.0.5:2376"
# tls_ca = "~/.docker/prod/ca.pem"
# tls_cert = "~/.docker/prod/cert.pem"
# tls_key = "~/.docker/prod/key.pem"
# read_only = true
# accent = "red"

# Key bindings: action = "key" or action = ["key", "other key"]. Setting an action replaces
# its default keys; [] unbinds it. Keys: a character ("s", "G", "?"), or ctrl-/alt-/shift- plus
# a key, or a name: space, enter, esc, tab, backtab, backspace, delete, insert, up, down, left,
# right, home, end, pageup, pagedown, f1..f12. A key bound to two actions that are live at the
# same time is reported as an error, never silently dropped.
[keys]''' % ", ".join(f'"{p}"' for p in patterns)]
names = {
    "Global": "Anywhere",
    "List": "On every list pane",
    "Containers": "On the containers pane",
    "Images": "On the images pane",
    "Networks": "On the networks pane",
    "Projects": "On the compose projects pane",
    "Services": "On the swarm services pane",
    "Tasks": "On the swarm tasks pane",
    "Nodes": "On the swarm nodes pane",
    "Security": "On the security pane",
    "Events": "In the events view",
    "Logs": "In the full-screen log view (live with the keys of \"Anywhere\" only)",
    "Inspect": "In the inspect view (never live together with the others)",
    "Dialog": "In dialogs (never live together with the others)",
}
scope = None
for _v, name, sc, _eng, _hint, desc, keys in acts:
    if sc != scope:
        out.append(f"\n# {names[sc]}")
        scope = sc
    ks = [k.strip() for k in keys.split(",") if k.strip()]
    out.append(f"# {desc}")
    out.append(f'{name} = [{", ".join(ks)}]')
out.append('''
# Colours over the built-in theme ([general] theme): set only the ones to change. Each is a
# name (black, red, green, yellow, blue, magenta, cyan, gray, darkgray, lightred, lightgreen,
# lightyellow, lightblue, lightmagenta, lightcyan, white, reset: the terminal's own palette),
# "#rrggbb", or a 256-colour index such as "208". Shown: the dark theme's value, then the
# light one's. NO_COLOR in the environment turns colours off, whatever is set here.
[theme]''')


def hex_of(index):
    """The RGB of a 256-colour index from 16 (the xterm cube, then its greys), for the reader."""
    i = int(index)
    if i >= 232:
        v = 8 + 10 * (i - 232)
        return "#%02x%02x%02x" % (v, v, v)
    levels = [0, 95, 135, 175, 215, 255]
    i -= 16
    return "#%02x%02x%02x" % (levels[i // 36], levels[(i // 6) % 6], levels[i % 6])


for k, dark, light, doc in theme:
    out.append(f"# {doc}")
    out.append(f'# {k} = "{dark}"  # {hex_of(dark)}; light: "{light}" ({hex_of(light)})')
open(os.path.join(ROOT, "config.example.toml"), "w").write("\n".join(out) + "\n")
