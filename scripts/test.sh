#!/usr/bin/env bash
# test.sh - dockhand's test command (what CI runs, via .ci/run).
#
#   1. installs docker.io and busybox-static when missing (root only)
#   2. cargo fmt --all -- --check
#   3. cargo clippy --all-targets -- -D warnings
#   4. starts a private Docker engine in a fresh /tmp/dht.XXXX and imports
#      local/busybox:test into it
#   5. cargo test --all-targets with
#        DOCKHAND_TEST_HOST=unix://DIR/docker.sock
#        DOCKHAND_TEST_ROOT=DIR/root   (the engine's DockerRootDir)
#   6. stops the engine and removes DIR, whatever happened
#
# If the engine cannot be started, this fails: tests never run without one.
# Exit status: the first failing step's, else cargo test's.
# Time limits (seconds): DOCKHAND_CLIPPY_TIMEOUT (3600), DOCKHAND_TEST_TIMEOUT (3600).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
ENGINE=scripts/engine.sh

section() { printf '\n==== %s ====\n' "$*"; }
fail() {
	printf 'test.sh: FAILED: %s\n' "$*" >&2
	exit 1
}

# bounded SECONDS CMD...: run CMD with a time limit (Ctrl-C still reaches it on a tty).
bounded() {
	local limit=$1
	shift
	local rc=0
	if [[ -t 0 ]]; then
		timeout --foreground -k 30 "$limit" "$@" || rc=$?
	else
		timeout -k 30 "$limit" "$@" || rc=$?
	fi
	if ((rc == 124 || rc == 137)); then
		printf 'test.sh: "%s" hit its %ss time limit\n' "$*" "$limit" >&2
	fi
	return "$rc"
}

if ! command -v cargo >/dev/null 2>&1 && [[ -f ${HOME:-/root}/.cargo/env ]]; then
	# shellcheck disable=SC1091
	source "${HOME:-/root}/.cargo/env"
fi
command -v cargo >/dev/null 2>&1 || fail "cargo not found"

section "packages (docker.io, busybox-static)"
bash "$ENGINE" ensure || fail "could not install docker.io/busybox-static"

section "cargo fmt --all -- --check"
bounded 600 cargo fmt --all -- --check

section "cargo clippy --all-targets -- -D warnings"
bounded "${DOCKHAND_CLIPPY_TIMEOUT:-3600}" cargo clippy --all-targets -- -D warnings

section "private Docker engine"
DIR=$(mktemp -d /tmp/dht.XXXX)
# shellcheck disable=SC2317 # called by the EXIT trap
stop_engine() {
	local rc=$?
	section "stopping the private engine"
	bash "$ENGINE" stop "$DIR" || echo "test.sh: warning: could not stop the engine in $DIR" >&2
	exit "$rc"
}
trap stop_engine EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

bash "$ENGINE" start "$DIR" >/dev/null || fail "could not start a private Docker engine in $DIR"
bash "$ENGINE" image "$DIR" || fail "could not import local/busybox:test"
export DOCKHAND_TEST_HOST="unix://$DIR/docker.sock"
export DOCKHAND_TEST_ROOT="$DIR/root"
echo "DOCKHAND_TEST_HOST=$DOCKHAND_TEST_HOST"
echo "DOCKHAND_TEST_ROOT=$DOCKHAND_TEST_ROOT"

section "cargo test --all-targets"
status=0
bounded "${DOCKHAND_TEST_TIMEOUT:-3600}" cargo test --all-targets || status=$?
if ((status == 0)); then
	section "all tests passed"
else
	section "cargo test FAILED (exit $status)"
fi
exit "$status"
