# Shared shell helpers for deploy/scripts/*.sh (sourced, not executed).
# shellcheck shell=bash

# Progress line on stderr: "==> message".
log() { printf '==> %s\n' "$*" >&2; }
warn() { printf '==> WARNING: %s\n' "$*" >&2; }
die() { printf '==> ERROR: %s\n' "$*" >&2; exit 1; }

# Repository root (this file lives in deploy/scripts/).
cica_repo_root() { (cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P); }

# Python used by the scripts: the Debian one, never a pyenv/venv shim.
cica_python() {
    if [[ -x /usr/bin/python3 ]]; then echo /usr/bin/python3; else command -v python3; fi
}

# Print N distinct free TCP ports on 127.0.0.1 (one per line). The kernel picks them
# (bind to port 0), so two concurrent runs get different ports.
free_ports() {
    "$(cica_python)" - "${1:-1}" <<'PY'
import socket, sys
socks = []
for _ in range(int(sys.argv[1])):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.bind(("127.0.0.1", 0))
    socks.append(s)
for s in socks:
    print(s.getsockname()[1])
for s in socks:
    s.close()
PY
}

# port_open PORT -> 0 if something accepts TCP connections on 127.0.0.1:PORT.
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# pid_alive PID -> 0 if the process exists (and is not a zombie).
pid_alive() {
    local pid="${1:-}"
    [[ -n "$pid" && "$pid" =~ ^[0-9]+$ ]] || return 1
    kill -0 "$pid" 2>/dev/null || return 1
    local state
    state=$(awk '{print $3}' "/proc/$pid/stat" 2>/dev/null || true)
    [[ "$state" != "Z" ]]
}

# kill_pid PID [GRACE_SECONDS]: TERM, wait up to GRACE seconds, then KILL.
kill_pid() {
    local pid="$1" grace="${2:-10}" i
    pid_alive "$pid" || return 0
    kill -TERM "$pid" 2>/dev/null || true
    for ((i = 0; i < grace * 10; i++)); do
        pid_alive "$pid" || return 0
        sleep 0.1
    done
    kill -KILL "$pid" 2>/dev/null || true
    for ((i = 0; i < 50; i++)); do
        pid_alive "$pid" || return 0
        sleep 0.1
    done
    return 1
}
