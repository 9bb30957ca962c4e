#!/usr/bin/env bash
# engine.sh - private Docker engines for dockhand's tests and demo.
#
# A private engine lives entirely in one short folder DIR (socket, data, exec
# state, pid file, log) and touches nothing else on the machine: no iptables
# rules, no default bridge, vfs storage, its own managed containerd under
# DIR/exec/containerd.
#
# Usage:
#   engine.sh ensure                          install docker.io, busybox-static and docker-compose
#                                             (the compose projects tests) if missing
#   engine.sh start [DIR] [--engine a|b] [--tls CERTS --port PORT]
#                                             start a private dockerd in DIR; with --tls it
#                                             also listens on tcp://127.0.0.1:PORT with
#                                             --tlsverify, using CERTS/ca.pem,
#                                             CERTS/server-cert.pem, CERTS/server-key.pem
#                                             (scripts/tls.sh makes them)
#   engine.sh image [DIR]                     import local/busybox:test from /bin/busybox
#   engine.sh seed  [DIR] [RUNNING] [CREATED] create sample workloads (defaults 6 and 3)
#   engine.sh stop  [DIR]                     stop the engine in DIR and remove DIR
#   engine.sh restart [DIR] [--crash]         stop dockerd (TERM, as a host shutdown would; KILL
#                                             with --crash) and start it again on the same data
#   engine.sh env   [DIR]                     print the export DOCKER_HOST=... line
#   engine.sh swarm [DIR] [--join MANAGER_DIR]
#                                             make the engine in DIR a single-node swarm
#                                             manager (prints its node id); with --join, a
#                                             worker of the swarm whose manager is the engine
#                                             in MANAGER_DIR instead. Each engine gets
#                                             its own loopback address 127.0.0.N (N random,
#                                             2..254, not in use) for the swarm port (2377)
#                                             and the network agent (7946, not configurable:
#                                             two swarms on one address collide there and the
#                                             second's overlay networking fails), and its own
#                                             VXLAN data-path port (4800+N, UDP, bound on
#                                             0.0.0.0 whatever the address). Services of
#                                             local/busybox:test should name the image by id
#                                             (`docker image inspect -f {{.Id}}`) and use
#                                             --no-resolve-image: by name, every task start
#                                             tries to pull from Docker Hub first (a DNS
#                                             lookup leaves the machine) before falling back
#                                             to the local image.
#   engine.sh fetch-b                         download Debian trixie's docker.io (engine B)
#
# DIR defaults to /tmp/dh-$USER-engine. Messages go to stderr; `start` and
# `env` print `export DOCKER_HOST=unix://DIR/docker.sock` on stdout, so
# `eval "$(scripts/engine.sh start /tmp/dh-x)"` works.
#
# Environment knobs:
#   DOCKHAND_DOCKER_CLI          docker client to use (default /usr/bin/docker, else `docker`)
#   DOCKHAND_ENGINE_B_CACHE      where fetch-b puts engine B (default /var/cache/dockhand/engine-b)
#   DOCKHAND_DEBIAN_MIRROR       Debian mirror for fetch-b (default: the one apt already uses)
#   DOCKHAND_ENGINE_START_TIMEOUT seconds to wait for the engine (default 60)
#   DOCKHAND_SEED_PARALLEL       parallel docker run/create in seed (default 8)
set -euo pipefail

IMAGE=local/busybox:test
OLD_IMAGE=local/busybox:old
B_CACHE=${DOCKHAND_ENGINE_B_CACHE:-/var/cache/dockhand/engine-b}
START_TIMEOUT=${DOCKHAND_ENGINE_START_TIMEOUT:-60}
STOP_TIMEOUT=20
PARALLEL=${DOCKHAND_SEED_PARALLEL:-8}
MARKER=dockhand-test-engine
# Longest socket a private engine creates is
# DIR/exec/containerd/containerd.sock.ttrpc (DIR + 39 bytes); sun_path is 108.
MAX_DIR_LEN=64

# Only talk to the engine we were asked about.
unset DOCKER_HOST DOCKER_CONTEXT DOCKER_TLS_VERIFY DOCKER_CERT_PATH

# shellcheck source=scripts/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

default_dir() { printf '/tmp/dh-%s-engine' "${USER:-$(id -un)}"; }

# set_dir [DIR]: sets DIR (absolute, no trailing slash) and SOCK.
set_dir() {
	local d=${1:-}
	[[ -n $d ]] || d=$(default_dir)
	d=$(dir_path "$d") || exit 1
	((${#d} <= MAX_DIR_LEN)) ||
		die "DIR is ${#d} bytes; keep it at most $MAX_DIR_LEN (unix socket paths must stay under 108 bytes): $d"
	DIR=$d
	SOCK="$DIR/docker.sock"
}

export_line() { printf 'export DOCKER_HOST=unix://%s\n' "$SOCK"; }

pick_docker() {
	if [[ -n ${DOCKHAND_DOCKER_CLI:-} ]]; then
		DOCKER=$DOCKHAND_DOCKER_CLI
	elif [[ -x /usr/bin/docker ]]; then
		DOCKER=/usr/bin/docker # Debian's client, API 1.41 like engine A
	elif command -v docker >/dev/null 2>&1; then
		DOCKER=$(command -v docker)
	else
		die "no docker client found (install docker.io)"
	fi
}

dk() { "$DOCKER" -H "unix://$SOCK" "$@"; }

answers() { [[ -S $SOCK ]] && timeout 10 "$DOCKER" -H "unix://$SOCK" version >/dev/null 2>&1; }

require_engine() {
	answers || die "no engine answers at unix://$SOCK (run: engine.sh start $DIR)"
}


# ---------------------------------------------------------------- packages --

busybox_static_ok() {
	# ldd fails ("not a dynamic executable") on a static binary.
	[[ -x /bin/busybox ]] && ! ldd /bin/busybox >/dev/null 2>&1
}

have_dockerd() { command -v dockerd >/dev/null 2>&1 || [[ -x /usr/sbin/dockerd ]]; }
have_client() { [[ -x /usr/bin/docker ]] || command -v docker >/dev/null 2>&1; }

cmd_ensure() {
	if have_dockerd && have_client && busybox_static_ok && command -v docker-compose >/dev/null 2>&1; then
		return 0
	fi
	if ((EUID != 0)); then
		die "docker.io and/or busybox-static are missing and this is not root; run as root, or: sudo apt-get update && sudo apt-get install -y docker.io busybox-static"
	fi
	command -v apt-get >/dev/null 2>&1 || die "docker.io/busybox-static missing and no apt-get to install them"
	log "installing docker.io busybox-static docker-compose (apt-get)"
	# Keep package scripts from starting a system dockerd/containerd.
	local added_policy=0 rc=0
	if [[ ! -e /usr/sbin/policy-rc.d ]]; then
		printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d
		chmod 755 /usr/sbin/policy-rc.d
		added_policy=1
	fi
	{
		DEBIAN_FRONTEND=noninteractive timeout 900 apt-get update &&
			DEBIAN_FRONTEND=noninteractive timeout 1800 apt-get install -y docker.io busybox-static docker-compose
	} >&2 || rc=$?
	if ((added_policy)); then rm -f /usr/sbin/policy-rc.d; fi
	((rc == 0)) || die "apt-get failed (exit $rc)"
	have_dockerd || die "dockerd still missing after installing docker.io"
	busybox_static_ok || die "/bin/busybox is not the static busybox after installing busybox-static"
}

# ------------------------------------------------------------------- start --

# write_marker KIND: DIR/MARKER, what the tests check before they touch an engine
# (tests/common/mod.rs): the socket, the data root the engine reports, the
# engine kind (a or b), and the pid of the dockerd started with that data root
# and socket. Only written after those facts were checked here.
write_marker() {
	local kind=$1 root pid
	root=$(dk info --format '{{.DockerRootDir}}')
	[[ $root == "$DIR/root" ]] || die "engine at $SOCK reports DockerRootDir '$root', expected '$DIR/root'"
	[[ -f $DIR/pid ]] || die "the engine at $SOCK answers but $DIR/pid is missing"
	pid=$(<"$DIR/pid")
	if [[ -z $pid ]] || ! tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF -- "--data-root $DIR/root "; then
		die "pid '$pid' in $DIR/pid is not the dockerd of $DIR/root"
	fi
	# Written whole, then renamed: a reader never sees half a marker.
	{
		printf 'sock=%s\nroot=%s\nengine=%s\npid=%s\n' "$SOCK" "$root" "$kind" "$pid"
		# A TLS listener (--tls): checked against the live command line too.
		if [[ -n ${TLS_PORT:-} ]]; then
			tr '\0' ' ' <"/proc/$pid/cmdline" | grep -qF -- "-H tcp://127.0.0.1:$TLS_PORT " ||
				die "pid $pid does not listen on tcp://127.0.0.1:$TLS_PORT"
			printf 'tcp=127.0.0.1:%s\n' "$TLS_PORT"
		fi
	} >"$DIR/$MARKER.new"
	mv -f "$DIR/$MARKER.new" "$DIR/$MARKER"
}

# engine_b_root: folder holding trixie's extracted packages.
engine_b_root() { printf '%s/root' "$B_CACHE"; }

cmd_start() {
	local engine=a dir_arg='' tls_dir=''
	TLS_PORT=''
	while (($#)); do
		case $1 in
		--tls)
			(($# >= 2)) || die "--tls needs a folder (with ca.pem, server-cert.pem, server-key.pem)"
			tls_dir=$2
			shift 2
			;;
		--port)
			(($# >= 2)) || die "--port needs a value"
			TLS_PORT=$2
			shift 2
			;;
		--engine)
			(($# >= 2)) || die "--engine needs a value (a or b)"
			engine=$2
			shift 2
			;;
		--engine=*)
			engine=${1#--engine=}
			shift
			;;
		-*) die "start: unknown option $1" ;;
		*)
			[[ -z $dir_arg ]] || die "start: too many arguments"
			dir_arg=$1
			shift
			;;
		esac
	done
	set_dir "$dir_arg"
	if [[ -n $tls_dir || -n $TLS_PORT ]]; then
		[[ -n $tls_dir && -n $TLS_PORT ]] || die "--tls and --port go together"
		is_port "$TLS_PORT" || die "--port must be 1-65535: $TLS_PORT"
		[[ $tls_dir == /* ]] || tls_dir="$PWD/$tls_dir"
		local f
		for f in ca.pem server-cert.pem server-key.pem; do
			[[ -r $tls_dir/$f ]] || die "--tls $tls_dir: $f is missing (scripts/tls.sh certs makes it)"
		done
	fi
	cmd_ensure
	pick_docker

	local dockerd path=$PATH
	case $engine in
	a | A)
		dockerd=$(command -v dockerd || echo /usr/sbin/dockerd)
		;;
	b | B)
		if [[ ! -x $B_CACHE/bin/dockerd ]]; then
			log "engine B is not in $B_CACHE yet; fetching it"
			cmd_fetch_b
		fi
		dockerd=$B_CACHE/bin/dockerd
		# trixie's containerd (1.7), shim, docker-init and docker-proxy come
		# first in PATH for this dockerd; runc is the host's (see b_link_bin).
		path="$B_CACHE/bin:$PATH"
		;;
	*) die "unknown engine '$engine' (a or b)" ;;
	esac
	engine=${engine,,}

	if answers; then
		# Reused only when this script started it, as the same engine: the marker is the
		# tests' proof that they talk to an engine of ours (tests/common/mod.rs).
		[[ -f $DIR/$MARKER ]] ||
			die "an engine answers at unix://$SOCK but $DIR has no $MARKER: it was not started by engine.sh; stop it first"
		grep -qx "engine=$engine" "$DIR/$MARKER" ||
			die "the engine at unix://$SOCK is not engine $engine ($(grep '^engine=' "$DIR/$MARKER" || echo 'no engine= line')); stop it first"
		if [[ -n $TLS_PORT ]]; then
			grep -qx "tcp=127.0.0.1:$TLS_PORT" "$DIR/$MARKER" ||
				die "the engine at unix://$SOCK does not listen on tcp://127.0.0.1:$TLS_PORT; stop it first"
		fi
		write_marker "$engine"
		log "engine $engine already answers at unix://$SOCK; reusing it"
		export_line
		return 0
	fi
	if [[ -f $DIR/pid ]]; then
		local old
		old=$(<"$DIR/pid")
		if [[ -n $old ]] && kill -0 "$old" 2>/dev/null &&
			tr '\0' ' ' <"/proc/$old/cmdline" 2>/dev/null | grep -qF -- "$DIR/root"; then
			die "dockerd (pid $old) of $DIR is alive but does not answer; run: engine.sh stop $DIR"
		fi
		rm -f "$DIR/pid"
	fi
	mkdir -p "$DIR"
	rm -f "$DIR/$MARKER"

	local -a flags=(
		--iptables=false --ip6tables=false --bridge=none --storage-driver=vfs
		--data-root "$DIR/root" --exec-root "$DIR/exec" --pidfile "$DIR/pid"
		-H "unix://$SOCK"
	)
	if [[ -n $TLS_PORT ]]; then
		# Clients must show a certificate signed by CERTS/ca.pem (--tlsverify).
		flags+=(-H "tcp://127.0.0.1:$TLS_PORT" --tlsverify --tlscacert "$tls_dir/ca.pem"
			--tlscert "$tls_dir/server-cert.pem" --tlskey "$tls_dir/server-key.pem")
	fi
	# dockerd uses a system containerd when /run/containerd/containerd.sock
	# exists instead of starting its own under exec-root; then give each
	# private engine its own containerd namespaces so they cannot collide.
	if [[ -S /run/containerd/containerd.sock ]]; then
		local ns
		ns="dockhand-$(printf '%s' "$DIR" | md5sum | cut -c1-12)"
		log "a system containerd is running; using containerd namespaces $ns"
		flags+=(--containerd-namespace "$ns" --containerd-plugins-namespace "$ns-plugins")
	fi

	log "starting engine $engine: $dockerd (log: $DIR/dockerd.log)"
	printf '\n==== %s engine.sh start (engine %s)\n' "$(date -Is)" "$engine" >>"$DIR/dockerd.log"
	PATH=$path setsid "$dockerd" "${flags[@]}" </dev/null >>"$DIR/dockerd.log" 2>&1 &
	local spawned=$! deadline=$((SECONDS + START_TIMEOUT))
	until answers; do
		if ! kill -0 "$spawned" 2>/dev/null && [[ ! -f $DIR/pid ]]; then
			log "dockerd exited during start-up; last lines of $DIR/dockerd.log:"
			tail -n 40 "$DIR/dockerd.log" >&2
			exit 1
		fi
		if ((SECONDS >= deadline)); then
			log "engine did not answer within ${START_TIMEOUT}s; last lines of $DIR/dockerd.log:"
			tail -n 40 "$DIR/dockerd.log" >&2
			kill -KILL "$spawned" 2>/dev/null || true
			kill_engine_procs KILL
			exit 1
		fi
		sleep 0.5
	done

	write_marker "$engine"
	log "engine $engine ready: $(dk version --format 'server {{.Server.Version}} (API {{.Server.APIVersion}}), client {{.Client.Version}}') in $((SECONDS - deadline + START_TIMEOUT))s"
	export_line
}

# -------------------------------------------------------------------- stop --

# pids_of_engine: dockerd, its managed containerd and the shims of DIR.
pids_of_engine() {
	local p cmd
	for p in /proc/[0-9]*; do
		p=${p#/proc/}
		[[ $p != "$$" && $p != "$BASHPID" ]] || continue
		cmd=$(tr '\0' ' ' 2>/dev/null <"/proc/$p/cmdline") || continue
		case $cmd in
		*"$DIR/root "* | *"$DIR/exec/"*) printf '%s\n' "$p" ;;
		esac
	done
}

# container_cgroups: cgroup folders of this engine's containers (cgroupfs driver).
container_cgroups() {
	local c id g
	[[ -d $DIR/root/containers ]] || return 0
	for c in "$DIR"/root/containers/*/; do
		[[ -d $c ]] || continue
		id=$(basename "$c")
		for g in /sys/fs/cgroup/*/docker/"$id" /sys/fs/cgroup/docker/"$id"; do
			[[ -d $g ]] && printf '%s\n' "$g"
		done
	done
	return 0
}

# container_pids: processes in this engine's container cgroups.
container_pids() {
	local g
	while read -r g; do
		[[ -f $g/cgroup.procs ]] && cat "$g/cgroup.procs" 2>/dev/null
	done < <(container_cgroups)
	return 0
}

# kill_containers: SIGKILL every process of this engine's containers (paused
# ones are thawed first: frozen tasks cannot die), wait for them (<= 5 s).
kill_containers() {
	local g p deadline=$((SECONDS + 5))
	local -a cgs
	mapfile -t cgs < <(container_cgroups)
	((${#cgs[@]})) || return 0
	for g in "${cgs[@]}"; do
		[[ -f $g/freezer.state ]] && echo THAWED 2>/dev/null >"$g/freezer.state"
		[[ -f $g/cgroup.freeze ]] && echo 0 2>/dev/null >"$g/cgroup.freeze"
	done
	while read -r p; do kill -KILL "$p" 2>/dev/null || true; done < <(container_pids | sort -u)
	while [[ -n $(container_pids) ]] && ((SECONDS < deadline)); do sleep 0.2; done
	return 0
}

# kill_engine_procs SIG: signal everything left of this engine, containers first.
kill_engine_procs() {
	local sig=${1:-KILL} p
	local -a pids
	kill_containers
	mapfile -t pids < <(pids_of_engine)
	for p in "${pids[@]}"; do kill "-$sig" "$p" 2>/dev/null || true; done
	return 0
}

# remove_shim_sockets: containerd (1.5+) shims listen on
# /run/containerd/s/sha256(<containerd address>/<namespace>/<id>), outside
# DIR; a shim that was killed leaves its socket behind. Remove ours.
remove_shim_sockets() {
	local c id h
	[[ -d /run/containerd/s && -d $DIR/root/containers ]] || return 0
	for c in "$DIR"/root/containers/*/; do
		[[ -d $c ]] || continue
		id=$(basename "$c")
		h=$(printf '%s' "$DIR/exec/containerd/containerd.sock/moby/$id" | sha256sum | cut -c1-64)
		[[ -S /run/containerd/s/$h ]] && rm -f "/run/containerd/s/$h"
	done
	return 0
}

looks_like_engine_dir() {
	[[ -e $DIR/$MARKER || -e $DIR/dockerd.log || -e $DIR/pid || -d $DIR/root || -d $DIR/exec || -S $SOCK ]]
}

cmd_stop() {
	set_dir "${1:-}"
	if [[ ! -e $DIR ]]; then
		log "nothing at $DIR"
		return 0
	fi
	if [[ -d $DIR && -z $(ls -A "$DIR") ]]; then
		rmdir "$DIR"
		log "removed empty $DIR"
		return 0
	fi
	looks_like_engine_dir || die "refusing to remove $DIR: it does not look like an engine folder"

	local pid='' deadline
	[[ -f $DIR/pid ]] && pid=$(<"$DIR/pid")
	if [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null &&
		tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF -- "$DIR/root"; then
		# Containers running `sleep` ignore SIGTERM (pid 1), so dockerd would
		# wait 10 s for them: kill them first, then dockerd stops at once.
		kill_containers
		log "stopping dockerd pid $pid"
		kill -TERM "$pid" 2>/dev/null || true
		deadline=$((SECONDS + STOP_TIMEOUT))
		while kill -0 "$pid" 2>/dev/null && ((SECONDS < deadline)); do sleep 0.25; done
		if kill -0 "$pid" 2>/dev/null; then
			log "dockerd pid $pid still alive after ${STOP_TIMEOUT}s; killing it"
		fi
	fi
	# Whatever is left (a dockerd without pid file, a managed containerd or
	# shims orphaned by a crash, container processes): kill it.
	if [[ -n $(pids_of_engine) || -n $(container_cgroups) ]]; then
		kill_engine_procs KILL
		deadline=$((SECONDS + 5))
		while [[ -n $(pids_of_engine) ]] && ((SECONDS < deadline)); do sleep 0.2; done
	fi
	local g
	while read -r g; do rmdir "$g" 2>/dev/null || true; done < <(container_cgroups)
	remove_shim_sockets

	remove_tree "$DIR"
}

cmd_restart() {
	local signal=TERM dir_arg=''
	while (($#)); do
		case $1 in
		--crash) signal=KILL ;;
		-*) die "restart: unknown option $1" ;;
		*)
			[[ -z $dir_arg ]] || die "restart: too many arguments"
			dir_arg=$1
			;;
		esac
		shift
	done
	set_dir "$dir_arg"
	[[ -f $DIR/$MARKER ]] || die "$DIR has no $MARKER: not an engine started by engine.sh"
	local kind pid deadline
	kind=$(sed -n 's/^engine=//p' "$DIR/$MARKER")
	[[ -n $kind ]] || die "$DIR/$MARKER names no engine"
	pid=$(<"$DIR/pid")
	{ [[ -n $pid ]] && tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF -- "$DIR/root"; } ||
		die "pid '$pid' in $DIR/pid is not the dockerd of $DIR"
	# TERM, as a host shutdown: dockerd stops its containers (they see SIGTERM, then
	# SIGKILL after their stop timeout) while its API still answers. KILL, as a crash: the
	# containers outlive it, and the new dockerd stops them as it starts, before anyone can
	# follow its events. The data stays either way.
	log "restarting engine $kind: sending $signal to dockerd pid $pid"
	kill -"$signal" "$pid"
	deadline=$((SECONDS + STOP_TIMEOUT))
	while kill -0 "$pid" 2>/dev/null && ((SECONDS < deadline)); do sleep 0.2; done
	kill -0 "$pid" 2>/dev/null && die "dockerd pid $pid still alive after ${STOP_TIMEOUT}s"
	cmd_start "$DIR" --engine "$kind"
}

cmd_env() {
	set_dir "${1:-}"
	pick_docker
	answers || log "warning: no engine answers at unix://$SOCK yet"
	export_line
}

# ------------------------------------------------------------------- swarm --

# in_use ADDR DP: something listens on ADDR (any TCP port) or on UDP port DP.
swarm_addr_in_use() {
	[[ -n $(ss -Htln "src $1" 2>/dev/null) || -n $(ss -Huln "sport = :$2" 2>/dev/null) ]]
}

cmd_swarm() {
	local dir='' manager=''
	while (($#)); do
		case $1 in
		--join)
			manager=${2:?--join needs the manager engine\'s DIR}
			shift 2
			;;
		*)
			dir=$1
			shift
			;;
		esac
	done
	set_dir "$dir"
	pick_docker
	require_engine
	local state n addr dp out tries how token remote msock rc
	state=$(dk info --format '{{.Swarm.LocalNodeState}}')
	if [[ $state == active ]]; then
		log "the engine in $DIR is already in a swarm"
		dk info --format '{{.Swarm.NodeID}}'
		return 0
	fi
	if [[ -n $manager ]]; then
		msock="unix://$(dir_path "$manager")/docker.sock"
		token=$("$DOCKER" -H "$msock" swarm join-token -q worker) ||
			die "no swarm manager answers at $msock"
		remote=$("$DOCKER" -H "$msock" info --format '{{range .Swarm.RemoteManagers}}{{.Addr}} {{end}}')
		remote=${remote%% *}
		[[ -n $remote ]] || die "the engine at $msock names no manager address"
	fi
	command -v ss >/dev/null 2>&1 || die "ss (iproute2) is needed to find free swarm ports"
	for tries in 1 2 3 4 5 6 7 8 9 10; do
		n=$((2 + RANDOM % 253))
		addr=127.0.0.$n
		dp=$((4800 + n))
		swarm_addr_in_use "$addr" "$dp" && continue
		if [[ -n $manager ]]; then
			# The data-path port is the swarm's, set at init: a worker cannot choose its own.
			how="joined $remote as a worker from $addr"
			rc=0
			out=$(dk swarm join --token "$token" --advertise-addr "$addr" \
				--listen-addr "$addr:2377" "$remote" 2>&1) || rc=$?
		else
			how="swarm initialised on $addr:2377 (data path port $dp)"
			rc=0
			out=$(dk swarm init --advertise-addr "$addr" --listen-addr "$addr:2377" \
				--data-path-port "$dp" 2>&1) || rc=$?
		fi
		if ((rc == 0)); then
			log "$how (attempt $tries)"
			dk info --format '{{.Swarm.NodeID}}'
			return 0
		fi
		# Another engine took the address between the check and the init: try another.
		[[ $out == *"address already in use"* ]] || die "docker swarm failed: $out"
	done
	die "no free loopback address for a swarm after 10 tries"
}

# ------------------------------------------------------------------- image --

cmd_image() {
	set_dir "${1:-}"
	pick_docker
	require_engine
	if dk image inspect "$IMAGE" >/dev/null 2>&1; then
		log "$IMAGE already present"
		return 0
	fi
	busybox_static_ok || die "/bin/busybox is missing or not static (apt-get install busybox-static)"
	local src a
	src=$(mktemp -d "$DIR/img.XXXX")
	mkdir -p "$src/bin" "$src/etc" "$src/tmp" "$src/root"
	chmod 1777 "$src/tmp"
	chmod 700 "$src/root"
	cp /bin/busybox "$src/bin/busybox"
	while read -r a; do
		[[ -n $a && $a != busybox && $a != */* ]] || continue
		ln -sf busybox "$src/bin/$a"
	done < <(/bin/busybox --list)
	printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n' >"$src/etc/passwd"
	printf 'root:x:0:\nnogroup:x:65534:\n' >"$src/etc/group"
	tar --numeric-owner --owner=0 --group=0 -C "$src" -c . |
		dk import -c 'CMD ["/bin/sh"]' - "$IMAGE" >/dev/null
	rm -rf "$src"
	log "imported $IMAGE ($(dk image inspect --format '{{.Size}}' "$IMAGE") bytes)"
}

# -------------------------------------------------------------------- seed --

declare -A EXISTING=()

load_existing() {
	local n
	EXISTING=()
	while read -r n; do [[ -n $n ]] && EXISTING[$n]=1; done < <(dk ps -a --format '{{.Names}}')
	return 0
}

exists() { [[ -n ${EXISTING[$1]:-} ]]; }

# parallel_docker ARGS... : run `docker ARGS` for each name on stdin, `{}` in
# ARGS replaced by the name, PARALLEL at a time, each bounded to 120 s.
parallel_docker() {
	xargs -r -P "$PARALLEL" -I{} timeout 120 "$DOCKER" -H "unix://$SOCK" "$@" >/dev/null || true
}

seed_numbered() { # prefix count mode(run|create)
	local prefix=$1 count=$2 mode=$3 i n
	local -a missing=()
	for ((i = 1; i <= count; i++)); do
		n="$prefix$i"
		exists "$n" || missing+=("$n")
	done
	((${#missing[@]})) || return 0
	log "$mode ${#missing[@]} containers ${prefix}N ($PARALLEL at a time)"
	local t0=$SECONDS
	if [[ $mode == run ]]; then
		printf '%s\n' "${missing[@]}" |
			parallel_docker run -d --network none --name {} "$IMAGE" sleep 86400
	else
		printf '%s\n' "${missing[@]}" |
			parallel_docker create --network none --name {} "$IMAGE" sleep 86400
	fi
	# Check, and repair once sequentially.
	local -A state=()
	local name st
	while read -r name st; do state[$name]=$st; done < <(dk ps -a --format '{{.Names}} {{.State}}')
	for n in "${missing[@]}"; do
		st=${state[$n]:-}
		if [[ -z $st ]]; then
			log "retrying $n"
			if [[ $mode == run ]]; then
				dk run -d --network none --name "$n" "$IMAGE" sleep 86400 >/dev/null
			else
				dk create --network none --name "$n" "$IMAGE" sleep 86400 >/dev/null
			fi
		elif [[ $mode == run && $st != running ]]; then
			log "starting $n (was $st)"
			dk start "$n" >/dev/null
		fi
	done
	log "$mode ${prefix}N: ${#missing[@]} in $((SECONDS - t0))s"
}

compose_container() { # service [extra docker args...]
	local svc=$1
	shift
	local name="shop-$svc-1"
	exists "$name" && return 0
	dk run -d --name "$name" --network dh-internal \
		--label com.docker.compose.project=shop \
		--label "com.docker.compose.service=$svc" \
		--label com.docker.compose.container-number=1 \
		--label com.docker.compose.oneoff=False \
		"$@" "$IMAGE" sleep 86400 >/dev/null
}

cmd_seed() {
	set_dir "${1:-}"
	local running=${2:-6} created=${3:-3}
	is_uint "$running" || die "RUNNING must be a number: $running"
	is_uint "$created" || die "CREATED must be a number: $created"
	if ! is_uint "$PARALLEL" || ((PARALLEL == 0)); then
		die "DOCKHAND_SEED_PARALLEL must be a positive number"
	fi
	pick_docker
	require_engine
	cmd_image "$DIR"
	local t0=$SECONDS

	dk network inspect dh-internal >/dev/null 2>&1 ||
		dk network create --internal dh-internal >/dev/null
	local v
	for v in dh-data dh-cache; do
		dk volume inspect "$v" >/dev/null 2>&1 || dk volume create "$v" >/dev/null
	done
	dk tag "$IMAGE" "$OLD_IMAGE"
	load_existing

	seed_numbered dh-run- "$running" run

	compose_container web
	compose_container db -v dh-data:/data
	compose_container cache

	if ! exists dh-exited; then
		local rc=0
		dk run --name dh-exited --network none "$IMAGE" sh -c 'exit 3' >/dev/null 2>&1 || rc=$?
		((rc == 3)) || die "dh-exited: expected exit code 3, got $rc"
	fi
	if ! exists dh-healthy; then
		dk run -d --name dh-healthy --network none --health-cmd 'true' --health-interval 2s \
			"$IMAGE" sleep 86400 >/dev/null
	fi
	if ! exists dh-paused; then
		dk run -d --name dh-paused --network none "$IMAGE" sleep 86400 >/dev/null
		dk pause dh-paused >/dev/null
	fi

	seed_numbered dh-created- "$created" create

	# Bounded wait for the health check to report.
	local health='' deadline=$((SECONDS + 15))
	while ((SECONDS < deadline)); do
		health=$(dk inspect --format '{{if .State.Health}}{{.State.Health.Status}}{{end}}' dh-healthy 2>/dev/null || true)
		[[ $health == healthy ]] && break
		sleep 0.5
	done
	[[ $health == healthy ]] || log "warning: dh-healthy is '$health', not healthy yet"

	log "seeded in $((SECONDS - t0))s: $(dk ps -q | wc -l) running, $(dk ps -aq | wc -l) containers in all"
}

# ----------------------------------------------------------------- fetch-b --

debian_mirror() {
	if [[ -n ${DOCKHAND_DEBIAN_MIRROR:-} ]]; then
		printf '%s\n' "$DOCKHAND_DEBIAN_MIRROR"
		return
	fi
	local m
	# deb822 sources (URIs: ...) and one-line sources (deb URI suite ...).
	m=$(cat /etc/apt/sources.list.d/*.sources 2>/dev/null |
		awk '/^URIs:/ { for (i = 2; i <= NF; i++) print $i }' |
		grep -E '/debian/?$' | grep -v security | head -n 1 || true)
	if [[ -z $m ]]; then
		m=$(cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null |
			awk '$1 == "deb" { for (i = 2; i <= NF; i++) if ($i ~ /^[a-z]+:\/\//) { print $i; break } }' |
			grep -E '/debian/?$' | grep -v security | head -n 1 || true)
	fi
	printf '%s\n' "${m:-http://deb.debian.org/debian}"
}

# b_link_bin: B_CACHE/bin gets links to those of trixie's binaries that run
# on this machine. trixie's runc and tini are linked against glibc 2.38 and
# do not run on bookworm (glibc 2.36): the host's runc is used instead, and
# docker-init is tini-static.
b_link_bin() {
	local broot bin f name probe
	broot=$(engine_b_root)
	bin=$B_CACHE/bin
	rm -rf "$bin.new"
	mkdir -p "$bin.new"
	for f in usr/sbin/dockerd usr/sbin/docker-proxy usr/bin/docker-init usr/bin/containerd \
		usr/bin/containerd-shim-runc-v2 usr/bin/ctr usr/bin/docker usr/sbin/runc; do
		[[ -e $broot/$f ]] || continue
		name=$(basename "$f")
		case $name in
		containerd-shim-runc-v2) probe=-v ;;
		*) probe=--version ;;
		esac
		if timeout 10 "$broot/$f" "$probe" >/dev/null 2>&1; then
			ln -s "$broot/$f" "$bin.new/$name"
		else
			log "engine B: trixie's $name does not run here; the host's is used"
		fi
	done
	[[ -e $bin.new/dockerd ]] || die "trixie's dockerd does not run on this machine"
	[[ -e $bin.new/runc ]] || command -v runc >/dev/null 2>&1 || [[ -x /usr/sbin/runc ]] ||
		die "engine B needs a runc that runs here (apt-get install runc)"
	rm -rf "$bin"
	mv "$bin.new" "$bin"
}

cmd_fetch_b() {
	local broot
	broot=$(engine_b_root)
	if [[ -x $broot/usr/sbin/dockerd ]]; then
		[[ -x $B_CACHE/bin/dockerd ]] || b_link_bin
		log "engine B already in $B_CACHE ($(tr '\n' ' ' 2>/dev/null <"$B_CACHE/VERSIONS"))"
		return 0
	fi
	((EUID == 0)) || die "fetch-b needs root (apt-get update into a private list folder)"
	local keyring=/usr/share/keyrings/debian-archive-keyring.gpg
	[[ -f $keyring ]] || die "$keyring missing (apt-get install debian-archive-keyring)"
	local mirror tmp
	mirror=$(debian_mirror)
	mkdir -p "$B_CACHE"
	tmp=$(mktemp -d "$B_CACHE/fetch.XXXX")
	# shellcheck disable=SC2064 # expand $tmp now
	trap "rm -rf '$tmp'" EXIT
	mkdir -p "$tmp/lists/partial" "$tmp/cache/archives/partial" "$tmp/debs" "$tmp/root"
	printf 'deb [signed-by=%s] %s trixie main\n' "$keyring" "$mirror" >"$tmp/sources.list"
	log "fetching engine B from $mirror trixie (machine apt sources untouched)"
	local -a apt=(apt-get -q
		"-oDir::Etc::SourceList=$tmp/sources.list"
		-oDir::Etc::SourceParts=/dev/null
		"-oDir::State::Lists=$tmp/lists"
		"-oDir::Cache=$tmp/cache"
		-oAPT::Sandbox::User=root)
	timeout 600 "${apt[@]}" update >&2 || die "apt-get update (trixie) failed"
	# docker.io: dockerd 26.x; containerd: the 1.7 it is built against
	# (bookworm has 1.6); docker-cli: the matching client; runc, tini: tried,
	# used only if they run here (see b_link_bin).
	local -a pkgs=(docker.io containerd docker-cli runc tini)
	(cd "$tmp/debs" && timeout 600 "${apt[@]}" download "${pkgs[@]}" >&2) ||
		die "apt-get download ${pkgs[*]} (trixie) failed"
	local deb
	: >"$tmp/VERSIONS"
	for deb in "$tmp"/debs/*.deb; do
		dpkg-deb -x "$deb" "$tmp/root"
		printf '%s %s\n' "$(dpkg-deb -f "$deb" Package)" "$(dpkg-deb -f "$deb" Version)" >>"$tmp/VERSIONS"
	done
	[[ -x $tmp/root/usr/sbin/dockerd ]] || die "trixie's docker.io has no usr/sbin/dockerd"
	rm -rf "$broot" "${B_CACHE:?}/bin"
	mv "$tmp/root" "$broot"
	mv "$tmp/VERSIONS" "$B_CACHE/VERSIONS"
	rm -rf "$tmp"
	trap - EXIT
	b_link_bin
	log "engine B ready in $B_CACHE: $("$B_CACHE/bin/dockerd" --version)"
}

# -------------------------------------------------------------------- main --

main() {
	(($#)) || usage
	local cmd=$1
	shift
	case $cmd in
	ensure) cmd_ensure ;;
	start) cmd_start "$@" ;;
	image) cmd_image "$@" ;;
	seed) cmd_seed "$@" ;;
	stop) cmd_stop "$@" ;;
	restart) cmd_restart "$@" ;;
	env) cmd_env "$@" ;;
	swarm) cmd_swarm "$@" ;;
	fetch-b) cmd_fetch_b ;;
	-h | --help | help) usage ;;
	*)
		log "unknown command: $cmd"
		usage
		;;
	esac
}

main "$@"
