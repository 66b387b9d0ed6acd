#!/usr/bin/env bash
# Private RabbitMQ node for a test run (no systemd, no global state).
#
#   eval "$(deploy/scripts/rabbitmq.sh env)"   # pick free ports + temp dir, print exports
#   deploy/scripts/rabbitmq.sh start           # start (or no-op if running), wait until ready
#   deploy/scripts/rabbitmq.sh stop            # stop the node; its data dir is kept
#   deploy/scripts/rabbitmq.sh status          # exit 0 if running, 3 if not
#   deploy/scripts/rabbitmq.sh destroy         # stop + kill the private epmd + delete temp dir
#   deploy/scripts/rabbitmq.sh add-vhost NAME  # a virtual host of its own for one test (guest and the service users may use it)
#   deploy/scripts/rabbitmq.sh wipe            # stop, delete every queue, exchange and vhost (mnesia), start empty
#   deploy/scripts/rabbitmq.sh crash           # kill -9 the node (no orderly stop); its data dir is kept
#   deploy/scripts/rabbitmq.sh users           # (re)create the service users on the default vhost (start does it)
#
# The broker is part of the trust boundary: each service connects as its own user, cica-<service>
# (password: CICA_TEST_RABBITMQ_SERVICE_PASSWORD, random per node), that may publish only to its own
# event exchanges and read only its own queues (see service_permissions). guest keeps every right:
# the topology deployment and the tests' raw publishes use it.
#
# Everything is driven by the exported environment (CICA_RMQ_DIR, RABBITMQ_*, ERL_EPMD_PORT),
# so a test that inherits it can run `bash "$CICA_TEST_RABBITMQ_CTL" stop` and `... start`
# and get the same node back, with the same data dir (durable queues survive).
#
# The node runs as the calling user (the Debian wrapper in /usr/sbin would `su rabbitmq`),
# with its own HOME (Erlang cookie), config files, plugins file and its own epmd on a
# private port, so it never touches or depends on another node's state.
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)"
# shellcheck source=lib.sh
. "$SCRIPT_DIR/lib.sh"

RMQ_BIN="${CICA_RMQ_BIN:-/usr/lib/rabbitmq/bin}"
START_TIMEOUT="${CICA_RMQ_START_TIMEOUT:-90}"

usage() {
    echo "usage: $0 env|start|stop|crash|status|destroy|add-vhost NAME|wipe|users" >&2
    exit 2
}

require_env() {
    local v
    for v in CICA_RMQ_DIR RABBITMQ_NODENAME RABBITMQ_NODE_PORT RABBITMQ_DIST_PORT ERL_EPMD_PORT \
             RABBITMQ_MNESIA_BASE RABBITMQ_LOG_BASE; do
        if [[ -z "${!v:-}" ]]; then
            echo "==> ERROR: $v is not set; run: eval \"\$($0 env)\"" >&2
            exit 2
        fi
    done
    [[ -f "$CICA_RMQ_DIR/.cica-rmq" ]] || die "$CICA_RMQ_DIR is not a cica RabbitMQ dir (run '$0 env')"
    [[ -x "$RMQ_BIN/rabbitmq-server" ]] || die "$RMQ_BIN/rabbitmq-server not found (install rabbitmq-server)"
}

# Run a RabbitMQ/Erlang tool with the node's private HOME (Erlang cookie).
rmq() {
    local tool="$1"
    shift
    HOME="$CICA_RMQ_DIR/home" "$RMQ_BIN/$tool" "$@"
}

beam_pid() {
    local pid=""
    if [[ -f "$RABBITMQ_PID_FILE" ]]; then
        pid=$(tr -dc '0-9' <"$RABBITMQ_PID_FILE" 2>/dev/null || true)
    fi
    if ! pid_alive "$pid"; then
        # Fallback: the VM started with our private HOME (unique per run; the node
        # name is not on the 3.10 command line).
        pid=$(pgrep -f -- "beam.* -home ${CICA_RMQ_DIR}/home( |$)" 2>/dev/null | head -1 || true)
    fi
    pid_alive "$pid" && echo "$pid"
    return 0
}

is_running() {
    local pid
    pid=$(beam_pid)
    [[ -n "$pid" ]] && port_open "$RABBITMQ_NODE_PORT"
}

log_tail() {
    local f
    for f in "$CICA_RMQ_DIR/server.out" "$RABBITMQ_LOG_BASE/${RABBITMQ_NODENAME}.log"; do
        if [[ -s "$f" ]]; then
            echo "---- tail of $f ----" >&2
            tail -n 40 "$f" >&2 || true
        fi
    done
}

cmd_env() {
    local dir ports amqp dist epmd node
    dir=$(mktemp -d "${TMPDIR:-/tmp}/cica-rmq.XXXXXX")
    mapfile -t ports < <(free_ports 3)
    amqp=${ports[0]} dist=${ports[1]} epmd=${ports[2]}
    node="cica-test-${amqp}@localhost"
    mkdir -p "$dir/home" "$dir/mnesia" "$dir/log"
    touch "$dir/.cica-rmq"
    # Private Erlang cookie, created before any Erlang VM starts (no race between
    # the server and the CLI creating different cookies).
    (umask 077 && "$(cica_python)" -c 'import secrets,string; print("".join(secrets.choice(string.ascii_uppercase) for _ in range(20)), end="")' >"$dir/home/.erlang.cookie")
    chmod 400 "$dir/home/.erlang.cookie"
    : >"$dir/rabbitmq-env.conf" # replaces /etc/rabbitmq/rabbitmq-env.conf
    echo "[]." >"$dir/enabled_plugins"
    cat >"$dir/rabbitmq.conf" <<EOF
# private test node: replaces /etc/rabbitmq/rabbitmq.conf
listeners.tcp.default = 127.0.0.1:${amqp}
disk_free_limit.absolute = 50MB
EOF
    local -A vars=(
        [CICA_RMQ_DIR]="$dir"
        [RABBITMQ_NODENAME]="$node"
        [RABBITMQ_NODE_IP_ADDRESS]="127.0.0.1"
        [RABBITMQ_NODE_PORT]="$amqp"
        [RABBITMQ_DIST_PORT]="$dist"
        [ERL_EPMD_PORT]="$epmd"
        [RABBITMQ_MNESIA_BASE]="$dir/mnesia"
        [RABBITMQ_LOG_BASE]="$dir/log"
        [RABBITMQ_PID_FILE]="$dir/rabbitmq.pid"
        [RABBITMQ_ENABLED_PLUGINS_FILE]="$dir/enabled_plugins"
        [RABBITMQ_CONFIG_FILE]="$dir/rabbitmq.conf"
        [RABBITMQ_ADVANCED_CONFIG_FILE]="$dir/advanced.config"
        [RABBITMQ_CONF_ENV_FILE]="$dir/rabbitmq-env.conf"
        [RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS]="-kernel inet_dist_use_interface {127,0,0,1}"
        [CICA_TEST_RABBITMQ]="amqp://guest:guest@127.0.0.1:${amqp}/"
        [CICA_TEST_RABBITMQ_CTL]="$SCRIPT_DIR/rabbitmq.sh"
        [CICA_TEST_RABBITMQ_SERVICE_PASSWORD]="$("$(cica_python)" -c 'import secrets; print(secrets.token_hex(16))')"
    )
    local k
    for k in "${!vars[@]}"; do
        printf 'export %s=%q\n' "$k" "${vars[$k]}"
    done
}

ensure_epmd() {
    local pid="" i
    [[ -f "$CICA_RMQ_DIR/epmd.pid" ]] && pid=$(cat "$CICA_RMQ_DIR/epmd.pid")
    if pid_alive "$pid" && port_open "$ERL_EPMD_PORT"; then
        return 0
    fi
    local epmd
    epmd=$(command -v epmd || true)
    [[ -n "$epmd" ]] || die "epmd not found (install erlang-base / rabbitmq-server)"
    # Foreground epmd in the background: $! is epmd's own PID, killed by 'destroy'.
    "$epmd" -port "$ERL_EPMD_PORT" -address 127.0.0.1 </dev/null >>"$CICA_RMQ_DIR/epmd.out" 2>&1 &
    echo $! >"$CICA_RMQ_DIR/epmd.pid"
    disown $! 2>/dev/null || true
    for ((i = 0; i < 100; i++)); do
        port_open "$ERL_EPMD_PORT" && return 0
        sleep 0.05
    done
    die "epmd did not start on port $ERL_EPMD_PORT"
}

cmd_start() {
    require_env
    if is_running; then
        log "rabbitmq $RABBITMQ_NODENAME already running on 127.0.0.1:$RABBITMQ_NODE_PORT"
        return 0
    fi
    if port_open "$RABBITMQ_NODE_PORT"; then
        die "port $RABBITMQ_NODE_PORT is taken by another process"
    fi
    local t0=$SECONDS
    log "starting rabbitmq $RABBITMQ_NODENAME on 127.0.0.1:$RABBITMQ_NODE_PORT (data: $RABBITMQ_MNESIA_BASE)"
    ensure_epmd
    rm -f "$RABBITMQ_PID_FILE"
    # -detached: the VM daemonizes; keep its stdio away from the caller's pipes.
    (cd "$CICA_RMQ_DIR" && rmq rabbitmq-server -detached </dev/null >>"$CICA_RMQ_DIR/server.out" 2>&1) ||
        { log_tail; die "rabbitmq-server -detached failed"; }
    # await_startup fails at once while the node is not registered yet: loop, bounded.
    local deadline=$((SECONDS + START_TIMEOUT)) left
    while :; do
        left=$((deadline - SECONDS))
        if ((left <= 0)); then
            log_tail
            cmd_stop >/dev/null 2>&1 || true
            die "rabbitmq did not start within ${START_TIMEOUT}s"
        fi
        if rmq rabbitmqctl -q await_startup --timeout "$((left < 30 ? left : 30))" </dev/null >/dev/null 2>&1 &&
            port_open "$RABBITMQ_NODE_PORT"; then
            break
        fi
        sleep 0.5
    done
    cmd_users
    log "rabbitmq ready in $((SECONDS - t0))s (pid $(beam_pid))"
}

cmd_stop() {
    require_env
    local pid i t0=$SECONDS
    pid=$(beam_pid)
    if [[ -z "$pid" ]]; then
        log "rabbitmq $RABBITMQ_NODENAME is not running"
        return 0
    fi
    log "stopping rabbitmq $RABBITMQ_NODENAME (pid $pid)"
    # Graceful stop; with the pid file argument rabbitmqctl waits for the VM to exit.
    timeout 60 env HOME="$CICA_RMQ_DIR/home" "$RMQ_BIN/rabbitmqctl" -q stop "$RABBITMQ_PID_FILE" \
        </dev/null >/dev/null 2>&1 || true
    if pid_alive "$pid"; then
        warn "rabbitmqctl stop did not end pid $pid; killing it"
        kill_pid "$pid" 10 || warn "could not kill pid $pid"
    fi
    # The VM's helpers (erl_child_setup, inet_gethost) exit with it; make sure of the port.
    for ((i = 0; i < 100; i++)); do
        port_open "$RABBITMQ_NODE_PORT" || break
        sleep 0.1
    done
    log "rabbitmq stopped in $((SECONDS - t0))s"
}

# A crash, not a stop: SIGKILL to the VM, so nothing is flushed or closed in order. `start` brings
# the node back over the same data (recovering its message store); `wipe` brings it back empty.
cmd_crash() {
    require_env
    local pid i
    pid=$(beam_pid)
    if [[ -z "$pid" ]]; then
        log "rabbitmq $RABBITMQ_NODENAME is not running"
        return 0
    fi
    log "killing rabbitmq $RABBITMQ_NODENAME (kill -9 $pid)"
    kill -KILL "$pid" 2>/dev/null || true
    for ((i = 0; i < 100; i++)); do
        pid_alive "$pid" || break
        sleep 0.05
    done
    for ((i = 0; i < 100; i++)); do
        port_open "$RABBITMQ_NODE_PORT" || break
        sleep 0.05
    done
    pid_alive "$pid" && die "pid $pid survived kill -9"
    return 0
}

cmd_status() {
    require_env
    local pid
    pid=$(beam_pid)
    if [[ -n "$pid" ]] && port_open "$RABBITMQ_NODE_PORT"; then
        echo "running: $RABBITMQ_NODENAME pid $pid amqp://127.0.0.1:$RABBITMQ_NODE_PORT/"
        return 0
    fi
    echo "stopped: $RABBITMQ_NODENAME"
    return 3
}

cmd_destroy() {
    [[ -n "${CICA_RMQ_DIR:-}" && -f "${CICA_RMQ_DIR}/.cica-rmq" ]] || return 0
    cmd_stop || true
    local pid=""
    [[ -f "$CICA_RMQ_DIR/epmd.pid" ]] && pid=$(cat "$CICA_RMQ_DIR/epmd.pid")
    if pid_alive "$pid"; then
        kill_pid "$pid" 5 || warn "could not kill epmd pid $pid"
    fi
    rm -rf -- "$CICA_RMQ_DIR"
}

# Tests isolate themselves in virtual hosts: services' durable queues have fixed names, and a
# queue left by one test must not feed the next.
cmd_add_vhost() {
    require_env
    local name="${1:?add-vhost needs a name}"
    import_definitions "$name" ""
}

# The services' broker users and what each may touch. One line per service of the platform's catalog
# (services/Cica.Platform/PlatformModules.cs), fields split by ";": name, then the regex of the event exchanges it
# publishes to (its protobuf package's event types, named after their full names), "" for none.
# Effect answers (cica.common.v1.EffectApplied/EffectRefused) come from the services that own effects;
# the consumers check that owner_service names the publishing user.
SERVICES=(
    "membership;cica\\.membership\\.v1\\..*;cica\\.common\\.v1\\.Effect(Applied|Refused)"
    "cbm;cica\\.cbm\\.v1\\..*;cica\\.common\\.v1\\.Effect(Applied|Refused)"
    "chairmanship;cica\\.chairmanship\\.v1\\..*;"
    "concept-papers;cica\\.concept_papers\\.v1\\..*;cica\\.common\\.v1\\.Effect(Applied|Refused)"
    "gateway;;"
    "portal;;"
)

# The permissions of every service user, one line each: user, configure, write, read (regexes,
# tab-separated). MassTransit's entities:
#   S-*                    its queues (S-decision-adopted …), their exchanges, _error and _skipped
#   cica-S-bus-*           the process's temporary bus endpoint (Messaging: named after the user)
#   cica.*                 event exchanges: declared by every process (publish topology), read to bind
#                          its queues to them; written only by their owner
#   MassTransit:Fault--*   the faults MassTransit publishes when a consumer fails
service_permissions() {
    local line name events effects own
    for line in "${SERVICES[@]}"; do
        IFS=';' read -r name events effects <<<"$line"
        own="${name}-.*|cica-${name}-bus-.*"
        printf 'cica-%s\t%s\t%s\t%s\n' "$name" \
            "^(${own}|cica\\..*|MassTransit:Fault--.*)\$" \
            "^(${own}|MassTransit:Fault--.*${events:+|$events}${effects:+|$effects})\$" \
            "^(${own}|cica\\..*)\$"
    done
}

# import_definitions VHOSTS WITH_USERS: one rabbitmqctl call (each starts an Erlang VM: seconds on a
# busy machine) declaring the vhosts (space-separated), guest's and every service user's permissions
# on them, and, when WITH_USERS is non-empty, the service users themselves.
import_definitions() {
    local vhosts="$1" with_users="$2" file
    [[ -n "${CICA_TEST_RABBITMQ_SERVICE_PASSWORD:-}" ]] || die "CICA_TEST_RABBITMQ_SERVICE_PASSWORD is not set; run: eval \"\$($0 env)\""
    file=$(mktemp "$CICA_RMQ_DIR/definitions.XXXXXX.json")
    service_permissions | "$(cica_python)" -c '
import json, os, sys
vhosts, with_users = sys.argv[1].split(), sys.argv[2]
lines = [l.rstrip("\n").split("\t") for l in sys.stdin if l.strip()]
perms = [{"user": "guest", "vhost": v, "configure": ".*", "write": ".*", "read": ".*"} for v in vhosts]
perms += [{"user": u, "vhost": v, "configure": c, "write": w, "read": r} for v in vhosts for u, c, w, r in lines]
defs = {"vhosts": [{"name": v} for v in vhosts], "permissions": perms}
if with_users:
    defs["users"] = [{"name": u, "password": os.environ["CICA_TEST_RABBITMQ_SERVICE_PASSWORD"], "tags": ""} for u, *_ in lines]
print(json.dumps(defs))' "$vhosts" "$with_users" >"$file"
    rmq rabbitmqctl -q import_definitions "$file" </dev/null >/dev/null
    rm -f -- "$file"
}

# Creates the service users (password CICA_TEST_RABBITMQ_SERVICE_PASSWORD) with their permissions on
# the default vhost (a restarted node keeps both, and the permissions on the other vhosts).
cmd_users() {
    require_env
    import_definitions / users
}

# A node back without its data (a replaced node, a lost volume): stop, delete the mnesia
# directory (definitions and messages), start again with only the default vhost and user.
cmd_wipe() {
    require_env
    cmd_stop
    rm -rf -- "${RABBITMQ_MNESIA_BASE:?}"/*
    cmd_start
}

case "${1:-}" in
    env) cmd_env ;;
    start) cmd_start ;;
    stop) cmd_stop ;;
    crash) cmd_crash ;;
    status) cmd_status ;;
    destroy) cmd_destroy ;;
    add-vhost) cmd_add_vhost "${2:-}" ;;
    wipe) cmd_wipe ;;
    users) cmd_users ;;
    *) usage ;;
esac
