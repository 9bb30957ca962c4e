#!/usr/bin/env bash
# podman.sh - a private podman answering Docker's API (`podman system service`), for
# dockhand's podman tests and for trying `dockhand --host unix://DIR/podman.sock`.
#
# Everything lives in one short folder DIR: the socket DIR/podman.sock, images and
# containers in DIR/root (vfs storage), state in DIR/run and DIR/tmp, networks in
# DIR/net, a containers.conf of its own (DIR/containers.conf: file locks and events,
# cgroupfs), the log DIR/podman.log. The machine's podman storage, its podman
# configuration and any docker engine are left alone.
#
# Usage:
#   podman.sh ensure          install podman, busybox-static and curl when missing (root)
#   podman.sh start DIR       start the service on unix://DIR/podman.sock, wait until it
#                             answers /_ping, write DIR/dockhand-test-engine
#   podman.sh image DIR       import local/busybox:test from /bin/busybox (docker CLI)
#   podman.sh stop DIR        remove its containers, stop the service and whatever it
#                             started (conmon, container processes), remove DIR
#
# `start` logs to stderr and prints on stdout, last:
#   PODMAN_HOST=unix://DIR/podman.sock
# The marker DIR/dockhand-test-engine holds sock=, root= (the DockerRootDir podman
# reports in /info), engine=podman and pid= (the service's pid), written only once
# those were checked: tests/common/podman.rs checks it before it touches the engine.
# DIR must be short (unix socket paths stay under 108 bytes).
# DOCKHAND_PODMAN_START_TIMEOUT: seconds to wait for the service (default 60).
set -euo pipefail

START_TIMEOUT=${DOCKHAND_PODMAN_START_TIMEOUT:-60}
STOP_TIMEOUT=20
MARKER=dockhand-test-engine
IMAGE=local/busybox:test
MAX_DIR_LEN=64
ENGINE="$(dirname "${BASH_SOURCE[0]}")/engine.sh"

unset DOCKER_HOST DOCKER_CONTEXT DOCKER_TLS_VERIFY DOCKER_CERT_PATH CONTAINER_HOST

# shellcheck source=scripts/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

set_dir() {
	DIR=$(dir_path "${1:-}") || exit 1
	((${#DIR} <= MAX_DIR_LEN)) ||
		die "DIR is ${#DIR} bytes; keep it at most $MAX_DIR_LEN (unix socket paths must stay under 108 bytes): $DIR"
	SOCK=$DIR/podman.sock
}

busybox_static_ok() { [[ -x /bin/busybox ]] && ! ldd /bin/busybox >/dev/null 2>&1; }

# missing: the packages of podman, busybox-static and curl (for /_ping) not installed yet.
missing() {
	command -v podman >/dev/null 2>&1 || echo podman
	busybox_static_ok || echo busybox-static
	command -v curl >/dev/null 2>&1 || echo curl
	return 0
}

cmd_ensure() {
	local -a pkgs
	mapfile -t pkgs < <(missing)
	((${#pkgs[@]})) || return 0
	((EUID == 0)) || die "${pkgs[*]} missing and this is not root; run: sudo apt-get install -y ${pkgs[*]}"
	command -v apt-get >/dev/null 2>&1 || die "${pkgs[*]} missing and there is no apt-get to install them"
	log "installing ${pkgs[*]} (apt-get)"
	local -a apt=(apt-get -o DPkg::Lock::Timeout=600)
	{
		DEBIAN_FRONTEND=noninteractive timeout 1800 "${apt[@]}" install -y "${pkgs[@]}" ||
			{ DEBIAN_FRONTEND=noninteractive timeout 900 "${apt[@]}" update &&
				DEBIAN_FRONTEND=noninteractive timeout 1800 "${apt[@]}" install -y "${pkgs[@]}"; }
	} >&2 || die "apt-get install ${pkgs[*]} failed"
	mapfile -t pkgs < <(missing)
	((${#pkgs[@]} == 0)) || die "still missing after installing them: ${pkgs[*]}"
}

# podman_flags: the global flags that keep podman to DIR (also in containers.conf).
podman_flags() {
	printf '%s\n' --root "$DIR/root" --runroot "$DIR/run" --tmpdir "$DIR/tmp" \
		--network-config-dir "$DIR/net" --storage-driver vfs \
		--cgroup-manager cgroupfs --events-backend file
}

# pm SECONDS ARGS...: the podman CLI on DIR's storage, bounded in time (stop removes
# containers with it).
pm() {
	local limit=$1
	shift
	local -a flags
	mapfile -t flags < <(podman_flags)
	CONTAINERS_CONF=$DIR/containers.conf TMPDIR=$DIR/tmp timeout "$limit" podman "${flags[@]}" "$@"
}

ping_ok() {
	[[ -S $SOCK ]] && [[ $(timeout 10 curl -s --unix-socket "$SOCK" http://d/_ping 2>/dev/null) == OK ]]
}

# service_pid: the pid of the `podman system service` of DIR (empty when none).
service_pid() {
	local p cmd
	for p in /proc/[0-9]*; do
		p=${p#/proc/}
		cmd=$(tr '\0' ' ' 2>/dev/null <"/proc/$p/cmdline") || continue
		case $cmd in
		*"--root $DIR/root "*"system service "*"unix://$SOCK"*) printf '%s\n' "$p" ;;
		esac
	done
	return 0
}

# write_marker: DIR/MARKER, once the service answers with DIR/root as its data root.
write_marker() {
	local root pid
	root=$(timeout 10 curl -s --unix-socket "$SOCK" http://d/info |
		sed -n 's/.*"DockerRootDir":"\([^"]*\)".*/\1/p')
	[[ $root == "$DIR/root" ]] || die "podman at $SOCK reports DockerRootDir '$root', expected '$DIR/root'"
	pid=$(<"$DIR/pid")
	[[ $(service_pid) == "$pid" ]] || die "pid '$pid' in $DIR/pid is not the podman service of $DIR"
	printf 'sock=%s\nroot=%s\nengine=podman\npid=%s\n' "$SOCK" "$root" "$pid" >"$DIR/$MARKER.new"
	mv -f "$DIR/$MARKER.new" "$DIR/$MARKER"
}

cmd_start() {
	(($# == 1)) || die "usage: podman.sh start DIR"
	set_dir "$1"
	cmd_ensure
	if ping_ok; then
		{ [[ -f $DIR/$MARKER ]] && grep -qx engine=podman "$DIR/$MARKER"; } ||
			die "something answers at unix://$SOCK but $DIR has no podman $MARKER; stop it first"
		write_marker
		log "podman already answers at unix://$SOCK; reusing it"
		printf 'PODMAN_HOST=unix://%s\n' "$SOCK"
		return 0
	fi
	[[ -z $(service_pid) ]] || die "a podman service of $DIR runs but does not answer; run: podman.sh stop $DIR"
	mkdir -p "$DIR/tmp" "$DIR/net"
	rm -f "$DIR/$MARKER" "$DIR/pid"
	# Its own containers.conf (CONTAINERS_CONF replaces every other one): file locks in
	# DIR/tmp instead of the machine's shared /dev/shm/libpod_lock, events in a file (there
	# is no systemd journal to rely on), cgroupfs (no systemd needed).
	cat >"$DIR/containers.conf" <<EOF
[engine]
lock_type = "file"
events_logger = "file"
cgroup_manager = "cgroupfs"
tmp_dir = "$DIR/tmp"
[network]
network_config_dir = "$DIR/net"
EOF
	local -a flags
	mapfile -t flags < <(podman_flags)
	log "starting podman $(podman --version | awk '{print $3}') (log: $DIR/podman.log)"
	CONTAINERS_CONF=$DIR/containers.conf TMPDIR=$DIR/tmp setsid podman "${flags[@]}" \
		system service --time=0 "unix://$SOCK" </dev/null >>"$DIR/podman.log" 2>&1 &
	local spawned=$! deadline=$((SECONDS + START_TIMEOUT))
	printf '%s\n' "$spawned" >"$DIR/pid"
	until ping_ok; do
		if ! kill -0 "$spawned" 2>/dev/null; then
			log "podman exited during start-up; last lines of $DIR/podman.log:"
			tail -n 40 "$DIR/podman.log" >&2
			exit 1
		fi
		if ((SECONDS >= deadline)); then
			log "podman did not answer within ${START_TIMEOUT}s; last lines of $DIR/podman.log:"
			tail -n 40 "$DIR/podman.log" >&2
			kill -KILL "$spawned" 2>/dev/null || true
			exit 1
		fi
		sleep 0.25
	done
	write_marker
	log "podman ready at unix://$SOCK in $((SECONDS - deadline + START_TIMEOUT))s"
	printf 'PODMAN_HOST=unix://%s\n' "$SOCK"
}

cmd_image() {
	(($# == 1)) || die "usage: podman.sh image DIR"
	set_dir "$1"
	ping_ok || die "no podman answers at unix://$SOCK (run: podman.sh start $DIR)"
	# engine.sh's import, pointed at this socket (it names it DIR/docker.sock: a link).
	ln -sfn podman.sock "$DIR/docker.sock"
	local rc=0
	bash "$ENGINE" image "$DIR" || rc=$?
	rm -f "$DIR/docker.sock"
	((rc == 0)) || die "could not import $IMAGE into podman at unix://$SOCK"
}

# our_pids: the service, conmon and container processes of DIR (by command line).
our_pids() {
	local p cmd
	for p in /proc/[0-9]*; do
		p=${p#/proc/}
		[[ $p != "$$" && $p != "$BASHPID" ]] || continue
		cmd=$(tr '\0' ' ' 2>/dev/null <"/proc/$p/cmdline") || continue
		case $cmd in
		*"$DIR/root"* | *"$DIR/run/"* | *"$DIR/tmp/"*) printf '%s\n' "$p" ;;
		esac
	done
	return 0
}

# container_cgroups: the cgroup folders of DIR's containers (cgroupfs: libpod_parent/libpod-ID).
container_cgroups() {
	local c id g
	[[ -d $DIR/root/vfs-containers ]] || return 0
	for c in "$DIR"/root/vfs-containers/*/; do
		[[ -d $c ]] || continue
		id=$(basename "$c")
		for g in /sys/fs/cgroup/*/libpod_parent/libpod-"$id" /sys/fs/cgroup/libpod_parent/libpod-"$id"; do
			[[ -d $g ]] && printf '%s\n' "$g"
		done
	done
	return 0
}

kill_containers() {
	local g p
	while read -r g; do
		[[ -f $g/freezer.state ]] && echo THAWED 2>/dev/null >"$g/freezer.state"
		[[ -f $g/cgroup.freeze ]] && echo 0 2>/dev/null >"$g/cgroup.freeze"
		[[ -f $g/cgroup.procs ]] || continue
		while read -r p; do kill -KILL "$p" 2>/dev/null || true; done <"$g/cgroup.procs"
	done < <(container_cgroups)
	return 0
}

cmd_stop() {
	(($# == 1)) || die "usage: podman.sh stop DIR"
	set_dir "$1"
	if [[ ! -e $DIR ]]; then
		log "nothing at $DIR"
		return 0
	fi
	[[ -z $(ls -A "$DIR") || -e $DIR/$MARKER || -e $DIR/podman.log || -e $DIR/containers.conf ]] ||
		die "refusing to remove $DIR: it does not look like a podman.sh folder"
	local pid deadline p g out
	pid=$(service_pid)
	if [[ -n $pid ]]; then
		# Containers first, through podman itself: it stops them, ends their conmon and
		# removes their cgroups. Bounded; whatever is left is killed below.
		out=$(pm 60 rm -a -f -t 0 2>&1) ||
			log "podman rm -a -f failed; killing what is left: $(tail -n 3 <<<"$out")"
		log "stopping the podman service pid $pid"
		kill -TERM "$pid" 2>/dev/null || true
		deadline=$((SECONDS + STOP_TIMEOUT))
		while kill -0 "$pid" 2>/dev/null && ((SECONDS < deadline)); do sleep 0.2; done
	fi
	kill_containers
	for p in $(our_pids); do kill -KILL "$p" 2>/dev/null || true; done
	deadline=$((SECONDS + 5))
	while [[ -n $(our_pids) ]] && ((SECONDS < deadline)); do sleep 0.2; done
	[[ -z $(our_pids) ]] || log "warning: still running: $(our_pids | tr '\n' ' ')"
	while read -r g; do rmdir "$g" 2>/dev/null || true; done < <(container_cgroups)
	remove_tree "$DIR"
}

main() {
	(($#)) || usage
	local cmd=$1
	shift
	case $cmd in
	ensure) cmd_ensure ;;
	start) cmd_start "$@" ;;
	image) cmd_image "$@" ;;
	stop) cmd_stop "$@" ;;
	-h | --help | help) usage ;;
	*) die "unknown command '$cmd' (see: podman.sh --help)" ;;
	esac
}

main "$@"
