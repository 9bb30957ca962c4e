#!/usr/bin/env bash
# sshd.sh - a private ssh server on 127.0.0.1 in front of a private Docker
# engine, for dockhand's ssh:// tests and for trying `--host ssh://...`.
#
# Its own sshd (not the system's): key login only, its own host key, config,
# pid file and log in DIR. Its sessions get DOCKER_HOST=unix://SOCKET (sshd's
# SetEnv), so `docker system dial-stdio` run over ssh reaches the private
# engine at SOCKET (scripts/engine.sh) and nothing else.
#
# `start` makes in DIR:
#   host_key host_key.pub          the server's host key
#   id_ed25519 id_ed25519.pub      a client key, authorised (authorized_keys)
#   wrong_ed25519                  a second client key, NOT authorised
#   known_hosts                    `[127.0.0.1]:PORT <host key>`
#   ssh_config                     a client config using the above:
#                                  ssh -F DIR/ssh_config -p PORT root@127.0.0.1
#   sshd_config sshd.pid sshd.log
#
# Usage:
#   sshd.sh ensure                    install openssh-server/openssh-client when missing (root)
#   sshd.sh start DIR SOCKET [PORT]   start it (PORT: a free one when not given)
#   sshd.sh stop DIR                  stop exactly that sshd and remove DIR
#
# `start` logs to stderr and prints `SSH_PORT=PORT` as its last line on stdout.
# The login user is the one running this script (root in CI; sshd refuses any
# other user's login when it does not run as root).
#
# Environment knobs:
#   DOCKHAND_SSHD_START_TIMEOUT seconds to wait for sshd (default 20)
set -euo pipefail

START_TIMEOUT=${DOCKHAND_SSHD_START_TIMEOUT:-20}
STOP_TIMEOUT=10
MARKER=dockhand-test-sshd
PORT_MIN=20000
PORT_MAX=32000
PORT_TRIES=5
SSHD=/usr/sbin/sshd

unset DOCKER_HOST DOCKER_CONTEXT DOCKER_TLS_VERIFY DOCKER_CERT_PATH

# shellcheck source=scripts/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

set_dir() {
	DIR=$(dir_path "${1:-}") || exit 1
}

have_all() { [[ -x $SSHD ]] && command -v ssh >/dev/null 2>&1 && command -v ssh-keygen >/dev/null 2>&1; }

cmd_ensure() {
	have_all && return 0
	((EUID == 0)) || die "openssh-server/openssh-client are missing and this is not root; run: sudo apt-get install -y openssh-server openssh-client"
	command -v apt-get >/dev/null 2>&1 || die "openssh-server is missing and there is no apt-get to install it"
	log "installing openssh-server openssh-client (apt-get)"
	# Keep the package's scripts from starting the system's sshd on port 22.
	local added_policy=0 rc=0
	if [[ ! -e /usr/sbin/policy-rc.d ]]; then
		printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d
		chmod 755 /usr/sbin/policy-rc.d
		added_policy=1
	fi
	local -a apt=(apt-get -o DPkg::Lock::Timeout=600)
	{
		DEBIAN_FRONTEND=noninteractive timeout 1800 "${apt[@]}" install -y openssh-server openssh-client ||
			{ DEBIAN_FRONTEND=noninteractive timeout 900 "${apt[@]}" update &&
				DEBIAN_FRONTEND=noninteractive timeout 1800 "${apt[@]}" install -y openssh-server openssh-client; }
	} >&2 || rc=$?
	if ((added_policy)); then rm -f /usr/sbin/policy-rc.d; fi
	((rc == 0)) || die "apt-get install openssh-server failed (exit $rc)"
	have_all || die "sshd/ssh still missing after installing openssh-server"
}

# port_in_use PORT: something accepts connections on 127.0.0.1:PORT.
port_in_use() {
	# shellcheck disable=SC2016 # $1 belongs to the inner bash
	timeout 2 bash -c 'exec 3<>"/dev/tcp/127.0.0.1/$1"' _ "$1" 2>/dev/null
}

# alive PID: PID is the sshd started with DIR's config.
alive() {
	local pid=$1
	[[ -n $pid ]] && kill -0 "$pid" 2>/dev/null &&
		tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF -- "-f $DIR/sshd_config"
}

keys() {
	rm -f "$DIR"/host_key* "$DIR"/id_ed25519* "$DIR"/wrong_ed25519*
	ssh-keygen -q -t ed25519 -N '' -C "dockhand test host" -f "$DIR/host_key"
	ssh-keygen -q -t ed25519 -N '' -C "dockhand test client" -f "$DIR/id_ed25519"
	ssh-keygen -q -t ed25519 -N '' -C "dockhand unauthorised client" -f "$DIR/wrong_ed25519"
	cp "$DIR/id_ed25519.pub" "$DIR/authorized_keys"
}

# write_config PORT SOCKET
write_config() {
	local port=$1 sock=$2
	cat >"$DIR/sshd_config" <<EOF
# Written by dockhand's scripts/sshd.sh.
Port $port
ListenAddress 127.0.0.1
HostKey $DIR/host_key
AuthorizedKeysFile $DIR/authorized_keys
PubkeyAuthentication yes
PasswordAuthentication no
KbdInteractiveAuthentication no
PermitRootLogin prohibit-password
StrictModes no
UsePAM no
PidFile $DIR/sshd.pid
LogLevel VERBOSE
SetEnv DOCKER_HOST=unix://$sock
EOF
	printf '[127.0.0.1]:%s %s\n' "$port" "$(cut -d' ' -f1,2 "$DIR/host_key.pub")" >"$DIR/known_hosts"
	cat >"$DIR/ssh_config" <<EOF
# Written by dockhand's scripts/sshd.sh: ssh -F $DIR/ssh_config -p $port $(id -un)@127.0.0.1
Host 127.0.0.1
  IdentityFile $DIR/id_ed25519
  IdentitiesOnly yes
  IdentityAgent none
  UserKnownHostsFile $DIR/known_hosts
  StrictHostKeyChecking yes
  BatchMode yes
EOF
}

# try_start PORT SOCKET: 0 when sshd accepts on PORT, 1 when it could not bind, dies otherwise.
try_start() {
	local port=$1 sock=$2 pid deadline
	write_config "$port" "$sock"
	rm -f "$DIR/sshd.pid"
	"$SSHD" -t -f "$DIR/sshd_config" || die "sshd rejects $DIR/sshd_config"
	# sshd forks into the background and writes its pid file once it listens.
	"$SSHD" -f "$DIR/sshd_config" -E "$DIR/sshd.log" </dev/null
	deadline=$((SECONDS + START_TIMEOUT))
	until [[ -s $DIR/sshd.pid ]] && port_in_use "$port"; do
		if ((SECONDS >= deadline)); then
			if grep -q 'Address already in use' "$DIR/sshd.log" 2>/dev/null; then
				return 1
			fi
			log "sshd did not listen within ${START_TIMEOUT}s; last lines of $DIR/sshd.log:"
			tail -n 20 "$DIR/sshd.log" >&2
			exit 1
		fi
		if grep -q 'Address already in use' "$DIR/sshd.log" 2>/dev/null; then
			return 1
		fi
		sleep 0.1
	done
	pid=$(<"$DIR/sshd.pid")
	alive "$pid" || die "pid $pid in $DIR/sshd.pid is not the sshd of $DIR/sshd_config"
	printf '%s\n' "$port" >"$DIR/port"
	return 0
}

cmd_start() {
	(($# >= 2 && $# <= 3)) || die "usage: sshd.sh start DIR SOCKET [PORT]"
	set_dir "$1"
	local sock=$2 want=${3:-}
	[[ $sock == /* ]] || die "SOCKET must be an absolute path: $sock"
	[[ -S $sock ]] || die "no engine socket at $sock (start one with scripts/engine.sh)"
	[[ -z $want ]] || is_port "$want" || die "PORT must be 1-65535: $want"
	cmd_ensure
	if [[ $(getent shadow "$(id -un)" 2>/dev/null | cut -d: -f2) == '!'* ]]; then
		log "warning: the account $(id -un) is locked ('!' in /etc/shadow): sshd (UsePAM no) refuses its logins"
	fi
	mkdir -p "$DIR" /run/sshd
	chmod 700 "$DIR"
	if [[ -f $DIR/sshd.pid ]] && alive "$(<"$DIR/sshd.pid")"; then
		die "an sshd already runs for $DIR (pid $(<"$DIR/sshd.pid")); run: sshd.sh stop $DIR"
	fi
	printf '%s\n' "$DIR" >"$DIR/$MARKER"
	keys
	local t0=$SECONDS port='' i
	if [[ -n $want ]]; then
		port_in_use "$want" && die "127.0.0.1:$want is already in use"
		try_start "$want" "$sock" || die "127.0.0.1:$want is already in use"
		port=$want
	else
		for ((i = 0; i < PORT_TRIES; i++)); do
			port=$((PORT_MIN + RANDOM % (PORT_MAX - PORT_MIN)))
			port_in_use "$port" && { port=''; continue; }
			try_start "$port" "$sock" && break
			port=''
		done
		[[ -n $port ]] || die "no free port found in $PORT_TRIES tries"
	fi
	log "sshd ready on 127.0.0.1:$port in $((SECONDS - t0))s (pid $(<"$DIR/sshd.pid"), sessions reach unix://$sock)"
	printf 'SSH_PORT=%s\n' "$port"
}

cmd_stop() {
	(($# == 1)) || die "usage: sshd.sh stop DIR"
	set_dir "$1"
	if [[ ! -e $DIR ]]; then
		log "nothing at $DIR"
		return 0
	fi
	[[ -f $DIR/$MARKER ]] || die "refusing to touch $DIR: it has no $MARKER (not made by sshd.sh)"
	local pid='' deadline
	[[ -f $DIR/sshd.pid ]] && pid=$(<"$DIR/sshd.pid")
	if alive "$pid"; then
		# The listener only: sessions it forked end when their clients go.
		kill -TERM "$pid" 2>/dev/null || true
		deadline=$((SECONDS + STOP_TIMEOUT))
		while kill -0 "$pid" 2>/dev/null && ((SECONDS < deadline)); do sleep 0.1; done
		if kill -0 "$pid" 2>/dev/null; then
			log "sshd pid $pid still alive after ${STOP_TIMEOUT}s; killing it"
			kill -KILL "$pid" 2>/dev/null || true
		fi
	fi
	rm -rf -- "$DIR"
	log "stopped sshd and removed $DIR"
}

main() {
	(($#)) || usage
	local cmd=$1
	shift
	case $cmd in
	ensure) cmd_ensure ;;
	start) cmd_start "$@" ;;
	stop) cmd_stop "$@" ;;
	-h | --help | help) usage ;;
	*) die "unknown command '$cmd' (see: sshd.sh --help)" ;;
	esac
}

main "$@"
