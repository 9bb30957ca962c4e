#!/usr/bin/env bash
# tls.sh - a private Docker engine reached over TCP with TLS and client
# certificates, for dockhand's TLS tests and for trying `--host https://...`.
#
# `certs` makes, with openssl, in DIR/tls:
#   ca.pem ca-key.pem                  the CA the engine trusts
#   server-cert.pem server-key.pem     the engine's certificate (IP:127.0.0.1, serverAuth)
#   client/{ca,cert,key}.pem           a client certificate (clientAuth): a DOCKER_CERT_PATH folder
#   wrong-ca.pem wrong-ca-key.pem      a second CA, unrelated to the engine
#   expired-cert.pem                   a client certificate for client/key.pem, signed by
#                                      the right CA, valid 2020-01-01 to 2020-01-02 only
# `start` makes them and starts a private engine in DIR (scripts/engine.sh)
# listening on unix://DIR/docker.sock and on tcp://127.0.0.1:PORT with
# --tlsverify; its marker (DIR/dockhand-test-engine) gets a tcp= line.
#
# Usage:
#   tls.sh ensure                     install openssl when missing (root)
#   tls.sh certs DIR                  make the certificates in DIR/tls
#   tls.sh start DIR [PORT] [--engine a|b]
#                                     certs + engine; PORT: a free one when not given
#   tls.sh stop DIR                   stop the engine and remove DIR (engine.sh stop)
#
# `start` logs to stderr and prints on stdout, last:
#   TLS_HOST=tcp://127.0.0.1:PORT
#   DOCKER_CERT_PATH=DIR/tls/client
# so `docker -H $TLS_HOST --tlsverify version` (with DOCKER_CERT_PATH) answers.
# DIR follows engine.sh's rules (short: unix socket paths stay under 108 bytes).
set -euo pipefail

# Free ports are picked at random in this range (below the kernel's ephemeral range).
PORT_MIN=20000
PORT_MAX=32000
PORT_TRIES=5
ENGINE="$(dirname "${BASH_SOURCE[0]}")/engine.sh"

unset DOCKER_HOST DOCKER_CONTEXT DOCKER_TLS_VERIFY DOCKER_CERT_PATH

# shellcheck source=scripts/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

set_dir() {
	DIR=$(dir_path "${1:-}") || exit 1
	CERTS=$DIR/tls
}

cmd_ensure() {
	command -v openssl >/dev/null 2>&1 && return 0
	((EUID == 0)) || die "openssl is missing and this is not root; run: sudo apt-get install -y openssl"
	command -v apt-get >/dev/null 2>&1 || die "openssl is missing and there is no apt-get to install it"
	log "installing openssl (apt-get)"
	local -a apt=(apt-get -o DPkg::Lock::Timeout=600)
	{
		DEBIAN_FRONTEND=noninteractive timeout 1800 "${apt[@]}" install -y openssl ||
			{ DEBIAN_FRONTEND=noninteractive timeout 900 "${apt[@]}" update &&
				DEBIAN_FRONTEND=noninteractive timeout 1800 "${apt[@]}" install -y openssl; }
	} >&2 || die "apt-get install openssl failed"
	command -v openssl >/dev/null 2>&1 || die "openssl still missing after installing it"
}

# ssl ARGS...: openssl, quiet unless it fails.
ssl() {
	local out
	out=$(openssl "$@" 2>&1) || {
		printf '%s\n' "$out" >&2
		die "openssl $1 failed"
	}
}

# key FILE: a P-256 key (PKCS#8), readable by the owner only.
key() {
	ssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1"
	chmod 600 "$1"
}

# ca NAME SUBJECT: NAME.pem and NAME-key.pem, a self-signed CA for ten years.
ca() {
	key "$CERTS/$1-key.pem"
	ssl req -x509 -new -key "$CERTS/$1-key.pem" -subj "/CN=$2" -days 3650 -sha256 \
		-addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign \
		-out "$CERTS/$1.pem"
}

# sign KEY OUT CN EXTFILE: a certificate for KEY signed by ca.pem, valid for a year.
sign() {
	local csr=$CERTS/tmp.csr
	ssl req -new -key "$1" -subj "/CN=$3" -out "$csr"
	ssl x509 -req -in "$csr" -CA "$CERTS/ca.pem" -CAkey "$CERTS/ca-key.pem" -CAcreateserial \
		-days 365 -sha256 -extfile "$4" -out "$2"
	rm -f "$csr"
}

# expired KEY OUT: a client certificate for KEY, signed by ca.pem, that expired
# long ago. `x509 -days` cannot go back in time and OpenSSL 3.0 has no
# -not_after, so `openssl ca` with explicit dates signs it.
expired() {
	local db=$CERTS/ca-db csr=$CERTS/tmp.csr
	rm -rf "$db"
	mkdir -p "$db/new"
	: >"$db/index.txt"
	printf '1000\n' >"$db/serial"
	cat >"$db/ca.cnf" <<EOF
[ ca ]
default_ca = dh
[ dh ]
database = $db/index.txt
new_certs_dir = $db/new
serial = $db/serial
default_md = sha256
policy = any
unique_subject = no
copy_extensions = none
[ any ]
commonName = supplied
[ client ]
basicConstraints = CA:FALSE
keyUsage = critical,digitalSignature
extendedKeyUsage = clientAuth
EOF
	ssl req -new -key "$1" -subj "/CN=dockhand expired client" -out "$csr"
	ssl ca -batch -config "$db/ca.cnf" -cert "$CERTS/ca.pem" -keyfile "$CERTS/ca-key.pem" \
		-in "$csr" -out "$2" -notext -extensions client \
		-startdate 20200101000000Z -enddate 20200102000000Z
	rm -rf "$db" "$csr"
}

cmd_certs() {
	(($# == 1)) || die "usage: tls.sh certs DIR"
	set_dir "$1"
	cmd_ensure
	mkdir -p "$CERTS/client"
	local t0=$SECONDS
	ca ca "dockhand test CA"
	ca wrong-ca "an unrelated CA"
	printf 'subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\nbasicConstraints=CA:FALSE\n' >"$CERTS/server.ext"
	printf 'extendedKeyUsage=clientAuth\nbasicConstraints=CA:FALSE\n' >"$CERTS/client.ext"
	key "$CERTS/server-key.pem"
	sign "$CERTS/server-key.pem" "$CERTS/server-cert.pem" "127.0.0.1" "$CERTS/server.ext"
	key "$CERTS/client/key.pem"
	sign "$CERTS/client/key.pem" "$CERTS/client/cert.pem" "dockhand client" "$CERTS/client.ext"
	cp "$CERTS/ca.pem" "$CERTS/client/ca.pem"
	expired "$CERTS/client/key.pem" "$CERTS/expired-cert.pem"
	rm -f "$CERTS/server.ext" "$CERTS/client.ext" "$CERTS/ca.srl"
	log "certificates in $CERTS in $((SECONDS - t0))s (client: $CERTS/client)"
}

# port_in_use PORT: something accepts connections on 127.0.0.1:PORT.
port_in_use() {
	# shellcheck disable=SC2016 # $1 belongs to the inner bash
	timeout 2 bash -c 'exec 3<>"/dev/tcp/127.0.0.1/$1"' _ "$1" 2>/dev/null
}

cmd_start() {
	local dir_arg='' port='' engine=a
	while (($#)); do
		case $1 in
		--engine)
			(($# >= 2)) || die "--engine needs a value (a or b)"
			engine=$2
			shift 2
			;;
		-*) die "start: unknown option $1" ;;
		*)
			if [[ -z $dir_arg ]]; then
				dir_arg=$1
			elif [[ -z $port ]]; then
				port=$1
			else
				die "usage: tls.sh start DIR [PORT] [--engine a|b]"
			fi
			shift
			;;
		esac
	done
	set_dir "$dir_arg"
	[[ -z $port ]] || is_port "$port" || die "PORT must be 1-65535: $port"
	[[ -f $CERTS/server-cert.pem ]] || cmd_certs "$DIR"
	local tries=$PORT_TRIES i p
	[[ -z $port ]] || tries=1
	for ((i = 0; i < tries; i++)); do
		p=${port:-$((PORT_MIN + RANDOM % (PORT_MAX - PORT_MIN)))}
		if port_in_use "$p"; then
			[[ -z $port ]] || die "127.0.0.1:$p is already in use"
			continue
		fi
		# engine.sh prints its export line on stdout: not ours to print.
		if bash "$ENGINE" start "$DIR" --engine "$engine" --tls "$CERTS" --port "$p" >/dev/null; then
			printf 'TLS_HOST=tcp://127.0.0.1:%s\nDOCKER_CERT_PATH=%s\n' "$p" "$CERTS/client"
			return 0
		fi
		# Lost a race for the port (or another failure): engine.sh said why; clean up, retry.
		bash "$ENGINE" stop "$DIR" >/dev/null 2>&1 || true
		mkdir -p "$DIR"
		cmd_certs "$DIR"
	done
	die "could not start a TLS engine in $DIR"
}

cmd_stop() {
	(($# == 1)) || die "usage: tls.sh stop DIR"
	set_dir "$1"
	bash "$ENGINE" stop "$DIR"
}

main() {
	(($#)) || usage
	local cmd=$1
	shift
	case $cmd in
	ensure) cmd_ensure ;;
	certs) cmd_certs "$@" ;;
	start) cmd_start "$@" ;;
	stop) cmd_stop "$@" ;;
	-h | --help | help) usage ;;
	*) die "unknown command '$cmd' (see: tls.sh --help)" ;;
	esac
}

main "$@"
