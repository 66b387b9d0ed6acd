#!/usr/bin/env bash
# A private RabbitMQ node in the foreground, for the AppHost (deploy/Cica.AppHost) or by hand:
#   deploy/scripts/rabbitmq-local.sh [AMQP_PORT]
# Starts Debian's rabbitmq-server as the calling user (rabbitmq.sh: own HOME, epmd, data dir in a
# temp dir) on 127.0.0.1:AMQP_PORT (a free port when not given), prints its amqp:// URI, stays until
# TERM/INT or until the node dies, and then removes the node and its data.
set -euo pipefail
SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)"
CTL="$SCRIPT_DIR/rabbitmq.sh"
command -v rabbitmq-server >/dev/null || [[ -x /usr/lib/rabbitmq/bin/rabbitmq-server ]] || {
    echo "rabbitmq-server is not installed: apt-get install -y rabbitmq-server (or run the AppHost where Docker is)" >&2
    exit 2
}
eval "$(bash "$CTL" env)"
if [[ -n "${1:-}" ]]; then
    export RABBITMQ_NODE_PORT="$1" CICA_TEST_RABBITMQ="amqp://guest:guest@127.0.0.1:$1/"
    sed -i "s/^listeners.tcp.default = .*/listeners.tcp.default = 127.0.0.1:$1/" "$CICA_RMQ_DIR/rabbitmq.conf"
fi
trap 'bash "$CTL" destroy >/dev/null 2>&1 || true' EXIT
trap 'exit 0' TERM INT
bash "$CTL" start
echo "RabbitMQ ready at $CICA_TEST_RABBITMQ (data: $CICA_RMQ_DIR)"
while bash "$CTL" status >/dev/null 2>&1; do
    sleep 2 &
    wait $! || true
done
echo "RabbitMQ node stopped" >&2
exit 1
