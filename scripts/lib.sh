# shellcheck shell=bash
# lib.sh - helpers the project's scripts share; sourced, not run.
# Messages are prefixed with the calling script's name.

log() { printf '%s: %s\n' "$(basename "$0")" "$*" >&2; }
die() {
	printf '%s: error: %s\n' "$(basename "$0")" "$*" >&2
	exit 1
}

# Prints the comment block at the top of the calling script (its usage) and exits 2.
usage() {
	sed -n '2,/^set -euo/p' "$0" | sed -e '/^set -euo/d' -e 's/^# \{0,1\}//' >&2
	exit 2
}
