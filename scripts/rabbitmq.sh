#!/usr/bin/env bash
# Manage a private RabbitMQ node for the EscalationRisk tests.
#
# Usage: scripts/rabbitmq.sh <command>
#
#   install    apt-get install rabbitmq-server when it is missing, then make
#              sure the package did not leave its default system node running.
#   start      start the dedicated test node (no-op if it is already running)
#              and return once AMQP accepts connections.
#   stop       stop the test node (no-op if it is already stopped); stop epmd
#              too when no other Erlang node is registered with it.
#   status     exit 0 when the test node is up, 1 otherwise.
#   stop-app   stop the RabbitMQ application inside the running node: every
#              client connection is closed and the AMQP port stops listening,
#              but the Erlang VM (and all data) stays. Used by tests that
#              simulate a broker outage.
#   start-app  start the application again; returns only once AMQP accepts
#              connections. Durable exchanges/queues (incl. quorum queues) and
#              their persistent messages are still there.
#   pid        print the node's operating-system process id (its beam.smp),
#              for measuring the broker's CPU time (loadtest --broker-pid).
#   add-vhost NAME
#              create virtual host NAME (if missing) with full rights for
#              guest: tests that run beside others get their own exchanges
#              and queues.
#   add-service-users VHOST
#              create one user per service (scoring-worker, alert-worker,
#              api) with password $ER_RABBIT_SERVICE_PASSWORD, permitted on
#              VHOST only what k8s/base/broker-permissions.tsv allows it.
#
# Settings (environment, all optional):
#   ER_RABBIT_PORT       AMQP port, bound to 127.0.0.1 only   (default 5679)
#   ER_RABBIT_DIST_PORT  Erlang distribution port             (default 25679)
#   ER_RABBIT_NODE       Erlang node name                     (default ertest@localhost)
#   ER_RABBIT_DIR        data/log folder, owned by 'rabbitmq' (default /tmp/escalationrisk-rabbitmq)
#   ER_RABBIT_TLS_PORT   AMQPS port on 127.0.0.1 (default: none). When set,
#                        start makes a self-signed CA and a server certificate
#                        for localhost/127.0.0.1 in $ER_RABBIT_DIR/tls (ca.pem,
#                        server.pem, server.key) and adds a TLS listener.
#
# The broker keeps the stock guest/guest user, which RabbitMQ only accepts
# from loopback — exactly how the tests connect (amqp://guest:guest@127.0.0.1:5679).
# Data in ER_RABBIT_DIR survives stop/start; delete the folder (with the node
# stopped) for a clean broker.
#
# Every command must run as root. The Debian wrappers (/usr/sbin/rabbitmq-server,
# /usr/sbin/rabbitmqctl) switch to the 'rabbitmq' user themselves with
# `su rabbitmq`, which keeps the RABBITMQ_* variables set below, so this
# script never calls su/runuser itself. Because the CLI also runs as
# 'rabbitmq', it shares the Erlang cookie in /var/lib/rabbitmq with the node.
#
# Ports/names are chosen so the node can run next to the package's default
# node (rabbit@<host> on 5672/25672) without colliding with it.
#
# Not safe to run two mutating commands of this script at the same time.
set -euo pipefail

# The RabbitMQ and epmd binaries live in /usr/sbin and /usr/bin; make sure they
# are found even from an environment with a minimal PATH.
export PATH="/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin:${PATH:-}"

PORT="${ER_RABBIT_PORT:-5679}"
DIST_PORT="${ER_RABBIT_DIST_PORT:-25679}"
NODE="${ER_RABBIT_NODE:-ertest@localhost}"
DIR="${ER_RABBIT_DIR:-/tmp/escalationrisk-rabbitmq}"

PID_FILE="$DIR/node.pid"
CONF_FILE="$DIR/rabbitmq.conf"
LOG_DIR="$DIR/log"
START_TIMEOUT=60   # seconds, for node boot and for start_app

log() { echo "rabbitmq: $*"; }
die() { echo "rabbitmq: error: $*" >&2; exit 1; }

usage() {
  sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//'
  exit "${1:-2}"
}

require_root() {
  [[ $(id -u) -eq 0 ]] || die "must run as root (the RabbitMQ wrappers switch to user 'rabbitmq' themselves)"
}

require_installed() {
  command -v rabbitmq-server >/dev/null 2>&1 \
    || die "rabbitmq-server is not installed; run '$0 install' first"
}

# Environment for our node, exported before any rabbitmq-server/rabbitmqctl
# call that concerns the test node. Everything points into $DIR so that
# nothing from /etc/rabbitmq (env file, plugins, advanced.config) leaks in.
use_node_env() {
  export RABBITMQ_NODENAME="$NODE"
  export RABBITMQ_DIST_PORT="$DIST_PORT"
  export RABBITMQ_MNESIA_BASE="$DIR/mnesia"
  export RABBITMQ_LOG_BASE="$LOG_DIR"
  export RABBITMQ_PID_FILE="$PID_FILE"
  # RabbitMQ 3.10 accepts this path with or without the .conf extension
  # (both were tried); the full file name is the documented form.
  export RABBITMQ_CONFIG_FILE="$CONF_FILE"
  export RABBITMQ_ADVANCED_CONFIG_FILE="$DIR/advanced.config" # never created
  export RABBITMQ_ENABLED_PLUGINS_FILE="$DIR/enabled_plugins"
  export RABBITMQ_CONF_ENV_FILE="$DIR/rabbitmq-env.conf"      # never created
  # Keep epmd (if this node starts it) and Erlang distribution on loopback.
  export ERL_EPMD_ADDRESS=127.0.0.1
  export RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS="-kernel inet_dist_use_interface {127,0,0,1}"
  export RABBITMQ_CTL_ERL_ARGS="-kernel inet_dist_use_interface {127,0,0,1}"
}

ctl() { rabbitmqctl -n "$NODE" "$@"; }

# True when the node's Erlang VM is up and the CLI can talk to it
# (whether or not the RabbitMQ application inside it is running).
node_up() {
  # Cheap pre-check (milliseconds): a running node is registered with the
  # local epmd under its short name. Only then pay for a CLI ping (~1 s).
  epmd -names 2>/dev/null | grep -q "^name ${NODE%@*} at port " || return 1
  rabbitmq-diagnostics -n "$NODE" -q ping --timeout 10 >/dev/null 2>&1
}

# True when something accepts TCP connections on 127.0.0.1:$1.
port_open() {
  timeout 3 bash -c "exec 3<>/dev/tcp/127.0.0.1/$1" 2>/dev/null
}

# True when 127.0.0.1:$PORT speaks AMQP: send the AMQP 0-9-1 protocol header
# and expect the broker's Connection.Start method frame (type 1, channel 0).
amqp_ready() {
  local reply
  reply=$(timeout 3 bash -c "
      exec 3<>/dev/tcp/127.0.0.1/$PORT || exit 1
      printf 'AMQP\\x00\\x00\\x09\\x01' >&3
      head -c 3 <&3 | od -An -tx1" 2>/dev/null) || return 1
  [[ $(echo $reply) == "01 00 00" ]]
}

# Poll amqp_ready for up to $1 seconds.
wait_amqp() {
  local deadline=$((SECONDS + $1))
  until amqp_ready; do
    (( SECONDS < deadline )) || return 1
    sleep 0.2
  done
}

# Print the end of the node's log to help diagnose a failed start.
show_log_tail() {
  local f="$LOG_DIR/$NODE.log"
  if [[ -f $f ]]; then
    echo "---- last lines of $f ----" >&2
    tail -n 40 "$f" >&2 || true
  fi
  if [[ -s $LOG_DIR/startup.log ]]; then
    echo "---- $LOG_DIR/startup.log ----" >&2
    tail -n 20 "$LOG_DIR/startup.log" >&2 || true
  fi
}

# Stop epmd when no Erlang node at all is registered with it any more
# (another RabbitMQ node, or a CLI call in flight, keeps it alive).
maybe_kill_epmd() {
  local names
  names=$(epmd -names 2>/dev/null) || return 0        # epmd not running
  if grep -q '^name ' <<<"$names"; then
    log "epmd left running; still registered: $(grep '^name ' <<<"$names" | awk '{print $2}' | paste -sd' ')"
  else
    epmd -kill >/dev/null 2>&1 || true
  fi
}

# Write the node's folder and config. Rewritten on every start so that a
# changed ER_RABBIT_PORT takes effect; data under mnesia/ is left alone.
prepare_dir() {
  mkdir -p "$DIR" "$LOG_DIR"
  cat >"$CONF_FILE" <<EOF
# Generated by scripts/rabbitmq.sh — private RabbitMQ node for tests.
# AMQP on loopback only; the guest/guest user is allowed from loopback.
listeners.tcp.1 = 127.0.0.1:$PORT
loopback_users.guest = true
log.file.level = info
log.console = false
EOF
  if [ -n "${ER_RABBIT_TLS_PORT:-}" ]; then
    make_tls
    cat >>"$CONF_FILE" <<EOF
# AMQP over TLS, with a certificate made at test time by a CA of its own.
listeners.ssl.1 = 127.0.0.1:$ER_RABBIT_TLS_PORT
ssl_options.cacertfile = $DIR/tls/ca.pem
ssl_options.certfile = $DIR/tls/server.pem
ssl_options.keyfile = $DIR/tls/server.key
ssl_options.verify = verify_none
ssl_options.fail_if_no_peer_cert = false
EOF
  fi
  chown rabbitmq:rabbitmq "$DIR" "$LOG_DIR" "$CONF_FILE"
  chmod 0755 "$DIR"
}

# A self-signed CA and a server certificate it signs, for localhost and 127.0.0.1 (made once per data folder).
make_tls() {
  local tls="$DIR/tls"
  [ -s "$tls/server.pem" ] && return 0
  mkdir -p "$tls"
  openssl req -x509 -newkey rsa:2048 -nodes -days 30 -subj "/CN=EscalationRisk test CA" \
    -keyout "$tls/ca.key" -out "$tls/ca.pem" >/dev/null 2>&1 || die "openssl could not make the test CA"
  openssl req -newkey rsa:2048 -nodes -subj "/CN=localhost" -keyout "$tls/server.key" -out "$tls/server.csr" >/dev/null 2>&1 \
    || die "openssl could not make the server key"
  printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n' >"$tls/server.ext"
  openssl x509 -req -in "$tls/server.csr" -CA "$tls/ca.pem" -CAkey "$tls/ca.key" -CAcreateserial -days 30 \
    -extfile "$tls/server.ext" -out "$tls/server.pem" >/dev/null 2>&1 || die "openssl could not sign the server certificate"
  chown -R rabbitmq:rabbitmq "$tls"
  chmod 0644 "$tls/ca.pem" "$tls/server.pem"
  chmod 0600 "$tls/server.key" "$tls/ca.key"
  log "made a test CA and a server certificate in $tls"
}

cmd_install() {
  require_root
  if command -v rabbitmq-server >/dev/null 2>&1; then
    log "rabbitmq-server already installed ($(dpkg-query -W -f='${Version}' rabbitmq-server 2>/dev/null || echo '?'))"
    return 0
  fi
  export DEBIAN_FRONTEND=noninteractive
  log "installing rabbitmq-server with apt-get"
  if ! apt-get install -y rabbitmq-server; then
    log "apt-get install failed; refreshing package lists and retrying"
    apt-get update
    apt-get install -y rabbitmq-server
  fi

  # The package enables rabbitmq-server.service and asks invoke-rc.d to start
  # it (a policy-rc.d may deny that, as in containers). Do not leave that
  # default node (rabbit@<short host>, port 5672) running: stop it via the
  # service manager when there is one, else via rabbitmqctl.
  local default_node="rabbit@$(hostname -s)"
  if [[ -d /run/systemd/system ]]; then
    systemctl stop rabbitmq-server.service >/dev/null 2>&1 || true
  fi
  if rabbitmq-diagnostics -n "$default_node" -q ping --timeout 10 >/dev/null 2>&1; then
    log "stopping the default node $default_node started by the package"
    # 'shutdown' (unlike 'stop' without a pid file) returns only once the
    # node's OS process has exited.
    rabbitmqctl -n "$default_node" shutdown || true
  fi
  maybe_kill_epmd
  log "installed rabbitmq-server $(dpkg-query -W -f='${Version}' rabbitmq-server)"
}

cmd_start() {
  require_root
  require_installed
  use_node_env

  if node_up; then
    log "node $NODE is already running"
    if ! amqp_ready; then
      # Left in stop-app state: bring the application back.
      log "application was stopped; starting it"
      cmd_start_app
      return 0
    fi
  else
    # Refuse to start next to something else that owns our ports.
    port_open "$PORT" && die "127.0.0.1:$PORT is already in use by another process"
    port_open "$DIST_PORT" && die "distribution port $DIST_PORT is already in use by another process"

    prepare_dir
    # -detached returns at once; boot progress is followed below. Stdio goes
    # to a file so a caller capturing our output is never held open by the VM.
    rabbitmq-server -detached >"$LOG_DIR/startup.log" 2>&1 </dev/null \
      || { show_log_tail; die "rabbitmq-server failed to launch"; }
  fi

  # Waits for the pid file, then for the rabbit application to be running
  # (await_startup straight away would fail: the node is not registered yet).
  if ! ctl wait "$PID_FILE" --timeout "$START_TIMEOUT" >/dev/null; then
    show_log_tail
    die "node $NODE failed to start or did not start within ${START_TIMEOUT}s (log: $LOG_DIR)"
  fi
  wait_amqp 30 || { show_log_tail; die "node $NODE is up but 127.0.0.1:$PORT does not answer AMQP"; }
  log "node $NODE ready on 127.0.0.1:$PORT"
}

cmd_stop() {
  require_root
  require_installed
  use_node_env

  if ! node_up; then
    log "node $NODE is not running"
  else
    if [[ -f $PID_FILE ]]; then
      # Returns once the OS process named in the pid file has exited.
      ctl stop "$PID_FILE" >/dev/null
    else
      ctl shutdown >/dev/null
    fi
    log "node $NODE stopped"
  fi
  rm -f "$PID_FILE"
  maybe_kill_epmd
}

cmd_status() {
  require_root
  require_installed
  use_node_env
  if node_up; then
    if amqp_ready; then
      log "node $NODE is up; AMQP accepting on 127.0.0.1:$PORT"
    else
      log "node $NODE is up; application stopped (AMQP not accepting on 127.0.0.1:$PORT)"
    fi
    return 0
  fi
  log "node $NODE is not running"
  return 1
}

# For the commands that act on a node already running: root, the package, our node's environment, and the node up.
require_running_node() {
  require_root
  require_installed
  use_node_env
  node_up || die "node $NODE is not running; use '$0 start'"
}

cmd_stop_app() {
  require_running_node
  # Closes all client connections and the AMQP listener; VM and data stay.
  ctl stop_app >/dev/null
  log "application stopped on node $NODE (AMQP closed)"
}

cmd_start_app() {
  require_running_node
  timeout $((START_TIMEOUT + 10)) rabbitmqctl -n "$NODE" start_app >/dev/null \
    || { show_log_tail; die "start_app failed on node $NODE"; }
  # start_app returns once the application has booted; additionally make sure
  # the listener really answers AMQP before telling tests to go on.
  wait_amqp "$START_TIMEOUT" || { show_log_tail; die "127.0.0.1:$PORT does not answer AMQP after start_app"; }
  log "application started on node $NODE; AMQP ready on 127.0.0.1:$PORT"
}

cmd_pid() {
  require_running_node
  ctl eval 'os:getpid().' | tr -dc '0-9'
  echo
}

cmd_add_vhost() {
  local vhost="${1:-}"
  [ -n "$vhost" ] || die "add-vhost needs a name"
  require_running_node
  ctl add_vhost "$vhost" >/dev/null 2>&1 || ctl list_vhosts name | grep -qx "$vhost" || die "cannot create vhost $vhost"
  ctl set_permissions -p "$vhost" guest '.*' '.*' '.*' >/dev/null
  log "vhost $vhost ready on node $NODE"
}

cmd_add_service_users() {
  local vhost="${1:-}"
  [ -n "$vhost" ] || die "add-service-users needs a vhost"
  require_running_node
  local table password user configure write read
  table="$(dirname "$0")/../k8s/base/broker-permissions.tsv"
  password="${ER_RABBIT_SERVICE_PASSWORD:-er-test-only}"
  while IFS=$'\t' read -r user configure write read; do
    case "$user" in ''|'#'*|user) continue ;; esac
    # (rabbitmqctl reads standard input: keep it off the table being read.)
    ctl add_user "$user" "$password" </dev/null >/dev/null 2>&1 || ctl change_password "$user" "$password" </dev/null >/dev/null
    ctl set_permissions -p "$vhost" "$user" "$configure" "$write" "$read" </dev/null >/dev/null
  done < "$table"
  log "service users ready on vhost $vhost"
}

case "${1:-}" in
  add-vhost) cmd_add_vhost "${2:-}" ;;
  add-service-users) cmd_add_service_users "${2:-}" ;;
  install)   cmd_install ;;
  start)     cmd_start ;;
  stop)      cmd_stop ;;
  status)    cmd_status ;;
  pid)       cmd_pid ;;
  stop-app)  cmd_stop_app ;;
  start-app) cmd_start_app ;;
  -h|--help|help) usage 0 ;;
  *) usage ;;
esac
