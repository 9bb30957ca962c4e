#!/usr/bin/env bash
# demo.sh - run dockhand against a private, seeded Docker engine.
#
# `cargo run` talks to the machine's own engine; this script instead starts a
# private engine in DEMO_DIR (default /tmp/dh-demo), imports the local test
# image, seeds sample workloads and runs
#   cargo run --release -- --host unix://DEMO_DIR/docker.sock "$@"
# The engine is stopped and DEMO_DIR removed on exit, unless DEMO_KEEP=1.
#
# Environment: DEMO_DIR, DEMO_RUNNING (default 6), DEMO_CREATED (default 3),
# DEMO_KEEP=1 (leave the engine running; `scripts/engine.sh stop DEMO_DIR` later).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
ENGINE=scripts/engine.sh
DIR=${DEMO_DIR:-/tmp/dh-demo}
RUNNING=${DEMO_RUNNING:-6}
CREATED=${DEMO_CREATED:-3}

if ! command -v cargo >/dev/null 2>&1 && [[ -f ${HOME:-/root}/.cargo/env ]]; then
	# shellcheck disable=SC1091
	source "${HOME:-/root}/.cargo/env"
fi
command -v cargo >/dev/null 2>&1 || {
	echo "demo.sh: cargo not found" >&2
	exit 1
}

# Build first, so no engine idles through a long compile.
cargo build --release

cleanup() {
	local rc=$?
	if [[ ${DEMO_KEEP:-0} == 1 ]]; then
		echo "demo.sh: engine kept running: export DOCKER_HOST=unix://$DIR/docker.sock" >&2
		echo "demo.sh: stop it with: scripts/engine.sh stop $DIR" >&2
	else
		bash "$ENGINE" stop "$DIR" || true
	fi
	exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

bash "$ENGINE" start "$DIR" >/dev/null
bash "$ENGINE" image "$DIR"
bash "$ENGINE" seed "$DIR" "$RUNNING" "$CREATED"

cargo run --release -- --host "unix://$DIR/docker.sock" "$@"
