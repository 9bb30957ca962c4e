#!/usr/bin/env bash
# registry.sh - a private image registry on 127.0.0.1 for dockhand's pull tests.
#
# Debian's `docker-registry` (distribution 2.8), storing everything under one
# folder DIR and listening on 127.0.0.1 only. Engines allow plain HTTP to
# registries in 127.0.0.0/8, so `docker pull 127.0.0.1:PORT/x/y:tag` works
# without any engine setting.
#
# Usage:
#   registry.sh ensure                        install docker-registry if missing (root)
#   registry.sh start DIR [PORT]              start a registry in DIR (PORT: a free one)
#   registry.sh stop  DIR                     stop it and remove DIR
#   registry.sh push  DIR ENGINE_HOST IMAGE NAME
#                                             push IMAGE from the engine at ENGINE_HOST
#                                             (unix://... or tcp://...) as
#                                             127.0.0.1:PORT/NAME (NAME is repo[:tag]);
#                                             the temporary tag is removed afterwards
#
# `start` logs to stderr and prints `REGISTRY=127.0.0.1:PORT` as its last line
# on stdout. DIR holds config.yml, data/, registry.log, pid and port.
#
# Environment knobs:
#   DOCKHAND_DOCKER_CLI             docker client (default /usr/bin/docker, else `docker`)
#   DOCKHAND_REGISTRY_START_TIMEOUT seconds to wait for the registry (default 30)
set -euo pipefail

START_TIMEOUT=${DOCKHAND_REGISTRY_START_TIMEOUT:-30}
STOP_TIMEOUT=10
MARKER=dockhand-test-registry
# Free ports are picked at random in this range (below the kernel's ephemeral range).
PORT_MIN=20000
PORT_MAX=32000
PORT_TRIES=10

# Only talk to the engine we were asked about.
unset DOCKER_HOST DOCKER_CONTEXT DOCKER_TLS_VERIFY DOCKER_CERT_PATH

# shellcheck source=scripts/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

# set_dir DIR: sets DIR (absolute, no trailing slash).
set_dir() {
	DIR=$(dir_path "${1:-}") || exit 1
}

registry_bin() {
	command -v docker-registry 2>/dev/null || { [[ -x /usr/bin/docker-registry ]] && echo /usr/bin/docker-registry; }
}

cmd_ensure() {
	[[ -n $(registry_bin) ]] && return 0
	((EUID == 0)) || die "docker-registry is missing and this is not root; run: sudo apt-get install -y docker-registry"
	command -v apt-get >/dev/null 2>&1 || die "docker-registry is missing and there is no apt-get to install it"
	log "installing docker-registry (apt-get)"
	# Keep the package's scripts from starting a system registry on :5000.
	local added_policy=0 rc=0
	if [[ ! -e /usr/sbin/policy-rc.d ]]; then
		printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d
		chmod 755 /usr/sbin/policy-rc.d
		added_policy=1
	fi
	# Wait for a dpkg lock another install holds rather than fail at once.
	local -a apt=(apt-get -o DPkg::Lock::Timeout=600)
	{
		DEBIAN_FRONTEND=noninteractive timeout 1800 "${apt[@]}" install -y docker-registry ||
			{ DEBIAN_FRONTEND=noninteractive timeout 900 "${apt[@]}" update &&
				DEBIAN_FRONTEND=noninteractive timeout 1800 "${apt[@]}" install -y docker-registry; }
	} >&2 || rc=$?
	if ((added_policy)); then rm -f /usr/sbin/policy-rc.d; fi
	((rc == 0)) || die "apt-get install docker-registry failed (exit $rc)"
	[[ -n $(registry_bin) ]] || die "docker-registry still missing after installing it"
}

# answers PORT: the registry's API root answers 200.
answers() {
	local port=$1
	if command -v curl >/dev/null 2>&1; then
		curl -fsS --noproxy '*' --max-time 2 -o /dev/null "http://127.0.0.1:$port/v2/" 2>/dev/null
	else
		# Plain HTTP over bash's /dev/tcp; the status line must say 200.
		# shellcheck disable=SC2016 # $1 and $line belong to the inner bash
		timeout 3 bash -c '
			exec 3<>"/dev/tcp/127.0.0.1/$1" || exit 1
			printf "GET /v2/ HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n" >&3
			IFS= read -r line <&3 && [[ $line == "HTTP/1."?" 200"* ]]
		' _ "$port" 2>/dev/null
	fi
}

# port_in_use PORT: something accepts connections on 127.0.0.1:PORT.
port_in_use() {
	# shellcheck disable=SC2016 # $1 belongs to the inner bash
	timeout 2 bash -c 'exec 3<>"/dev/tcp/127.0.0.1/$1"' _ "$1" 2>/dev/null
}

alive() {
	local pid=$1
	[[ -n $pid ]] && kill -0 "$pid" 2>/dev/null &&
		tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF -- "$DIR/config.yml"
}

write_config() {
	local port=$1
	cat >"$DIR/config.yml" <<EOF
# Written by dockhand's scripts/registry.sh.
version: 0.1
log:
  level: warn
  accesslog:
    disabled: true
storage:
  filesystem:
    rootdirectory: $DIR/data
  delete:
    enabled: true
http:
  addr: 127.0.0.1:$port
EOF
}

# try_start PORT: 0 when the registry answers on PORT, 1 when it could not bind, dies otherwise.
try_start() {
	local port=$1 bin pid deadline
	bin=$(registry_bin)
	write_config "$port"
	printf '\n==== %s registry.sh start on 127.0.0.1:%s\n' "$(date -Is)" "$port" >>"$DIR/registry.log"
	setsid "$bin" serve "$DIR/config.yml" </dev/null >>"$DIR/registry.log" 2>&1 &
	pid=$!
	printf '%s\n' "$pid" >"$DIR/pid"
	deadline=$((SECONDS + START_TIMEOUT))
	until answers "$port"; do
		if ! kill -0 "$pid" 2>/dev/null; then
			rm -f "$DIR/pid"
			if tail -n 20 "$DIR/registry.log" | grep -q 'address already in use'; then
				return 1
			fi
			log "docker-registry exited during start-up; last lines of $DIR/registry.log:"
			tail -n 20 "$DIR/registry.log" >&2
			exit 1
		fi
		if ((SECONDS >= deadline)); then
			log "registry did not answer within ${START_TIMEOUT}s; last lines of $DIR/registry.log:"
			tail -n 20 "$DIR/registry.log" >&2
			kill -KILL "$pid" 2>/dev/null || true
			rm -f "$DIR/pid"
			exit 1
		fi
		sleep 0.2
	done
	printf '%s\n' "$port" >"$DIR/port"
	return 0
}

cmd_start() {
	(($# >= 1 && $# <= 2)) || die "usage: registry.sh start DIR [PORT]"
	set_dir "$1"
	local want=${2:-}
	[[ -z $want ]] || is_port "$want" || die "PORT must be 1-65535: $want"
	cmd_ensure
	mkdir -p "$DIR/data"
	if [[ -f $DIR/pid ]] && alive "$(<"$DIR/pid")"; then
		local port
		port=$(<"$DIR/port")
		answers "$port" || die "the registry of $DIR (pid $(<"$DIR/pid")) is alive but does not answer; run: registry.sh stop $DIR"
		log "a registry already runs in $DIR; reusing it"
		printf 'REGISTRY=127.0.0.1:%s\n' "$port"
		return 0
	fi
	printf '%s\n' "$DIR" >"$DIR/$MARKER"
	local t0=$SECONDS port
	if [[ -n $want ]]; then
		port_in_use "$want" && die "127.0.0.1:$want is already in use"
		try_start "$want" || die "127.0.0.1:$want is already in use"
	else
		local i
		for ((i = 0; i < PORT_TRIES; i++)); do
			port=$((PORT_MIN + RANDOM % (PORT_MAX - PORT_MIN)))
			port_in_use "$port" && continue
			try_start "$port" && break
			port=''
		done
		[[ -n $port ]] || die "no free port found in $PORT_TRIES tries"
		want=$port
	fi
	log "registry ready on 127.0.0.1:$want in $((SECONDS - t0))s (pid $(<"$DIR/pid"), data in $DIR/data)"
	printf 'REGISTRY=127.0.0.1:%s\n' "$want"
}

cmd_stop() {
	(($# == 1)) || die "usage: registry.sh stop DIR"
	set_dir "$1"
	if [[ ! -e $DIR ]]; then
		log "nothing at $DIR"
		return 0
	fi
	[[ -e $DIR/$MARKER || -e $DIR/config.yml ]] ||
		die "refusing to remove $DIR: it does not look like a registry folder"
	local pid='' deadline
	[[ -f $DIR/pid ]] && pid=$(<"$DIR/pid")
	if alive "$pid"; then
		kill -TERM "$pid" 2>/dev/null || true
		deadline=$((SECONDS + STOP_TIMEOUT))
		while kill -0 "$pid" 2>/dev/null && ((SECONDS < deadline)); do sleep 0.1; done
		if kill -0 "$pid" 2>/dev/null; then
			log "registry pid $pid still alive after ${STOP_TIMEOUT}s; killing it"
			kill -KILL "$pid" 2>/dev/null || true
		fi
	fi
	rm -rf "$DIR"
}

pick_docker() {
	if [[ -n ${DOCKHAND_DOCKER_CLI:-} ]]; then
		DOCKER=$DOCKHAND_DOCKER_CLI
	elif [[ -x /usr/bin/docker ]]; then
		DOCKER=/usr/bin/docker
	elif command -v docker >/dev/null 2>&1; then
		DOCKER=$(command -v docker)
	else
		die "no docker client found (install docker.io)"
	fi
}

cmd_push() {
	(($# == 4)) || die "usage: registry.sh push DIR ENGINE_HOST IMAGE NAME"
	set_dir "$1"
	local host=$2 image=$3 name=$4 port
	[[ -f $DIR/port ]] || die "no registry in $DIR (run: registry.sh start $DIR)"
	port=$(<"$DIR/port")
	answers "$port" || die "the registry of $DIR does not answer on 127.0.0.1:$port"
	pick_docker
	local target="127.0.0.1:$port/$name"
	"$DOCKER" -H "$host" tag "$image" "$target" >&2
	local rc=0
	timeout 300 "$DOCKER" -H "$host" push "$target" >&2 || rc=$?
	"$DOCKER" -H "$host" rmi "$target" >/dev/null 2>&1 || true
	((rc == 0)) || die "docker push $target failed (exit $rc)"
	printf '%s\n' "$target"
}

main() {
	(($#)) || usage
	local cmd=$1
	shift
	case $cmd in
	ensure) cmd_ensure ;;
	start) cmd_start "$@" ;;
	stop) cmd_stop "$@" ;;
	push) cmd_push "$@" ;;
	-h | --help | help) usage ;;
	*)
		log "unknown command: $cmd"
		usage
		;;
	esac
}

main "$@"
