# shellcheck shell=bash
# lib.sh - helpers the project's scripts share; sourced, not run.
# Messages are prefixed with the calling script's name.

log() { printf '%s: %s\n' "$(basename "$0")" "$*" >&2; }
die() {
	printf '%s: error: %s\n' "$(basename "$0")" "$*" >&2
	exit 1
}

# is_uint S: S is a whole number (digits only).
is_uint() { [[ $1 =~ ^[0-9]+$ ]]; }

# is_port S: S is a TCP port, 1 to 65535.
is_port() { is_uint "$1" && (($1 > 0 && $1 < 65536)); }

# dir_path D: prints D absolute, without trailing slashes; dies on an empty D, on /, and on
# whitespace (the scripts put D into command lines and config files). Use as
# `DIR=$(dir_path "$d") || exit 1`: die only leaves the $(...) subshell.
dir_path() {
	local d=${1:-}
	[[ -n $d ]] || die "DIR is required"
	[[ $d == /* ]] || d="$PWD/$d"
	while [[ $d == */ && $d != / ]]; do d=${d%/}; done
	[[ $d != / ]] || die "DIR must not be /"
	[[ $d != *[[:space:]]* ]] || die "DIR must not contain whitespace: '$d'"
	printf '%s\n' "$d"
}

# remove_tree D: unmounts whatever is mounted under D (deepest first, lazily: an engine's
# overlay and shm mounts) and removes D, staying on its file system.
remove_tree() {
	local d=$1 m
	local -a mounts
	mapfile -t mounts < <(awk -v d="$d" '$2 == d || index($2, d "/") == 1 { print $2 }' /proc/mounts | tac)
	for m in "${mounts[@]}"; do
		umount -l "$m" 2>/dev/null || log "could not unmount $m"
	done
	rm -rf --one-file-system -- "$d"
	log "stopped and removed $d"
}

# Prints the comment block at the top of the calling script (its usage) and exits 2.
usage() {
	sed -n '2,/^set -euo/p' "$0" | sed -e '/^set -euo/d' -e 's/^# \{0,1\}//' >&2
	exit 2
}
