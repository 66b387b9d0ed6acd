#!/usr/bin/env bash
# The benchmark command of the project (issue 13):  deploy/scripts/bench.sh [--quick] [--reads] [--only PARTS] [--rabbitmq amqp://…] [--no-build]
#  (--reads: R1 and R2 only, the same table rows; no broker needed. --only R5 or R4,R6 …: those parts)
#
#  1. builds the solution (Release) unless --no-build
#  2. uses the broker given by --rabbitmq (or CICA_TEST_RABBITMQ); otherwise starts a private
#     RabbitMQ node (deploy/scripts/rabbitmq.sh, free ports, temp dir) and removes it at the end
#  3. runs `dotnet run -c Release --project tests/Cica.Benchmarks -- all …`: every figure in one
#     table, written to .artifacts/benchmarks/<UTC time>/results.md and results.json; a full run
#     (without --quick) also writes docs/benchmarks/latest.md
#
# Environment overrides:
#   CICA_BENCH_TIMEOUT  seconds for the benchmark run (default 3600)
#   CICA_BUILD_TIMEOUT  seconds for the build step    (default 900)
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)"
ROOT="$(cd "$SCRIPT_DIR/../.." && pwd -P)"
cd "$ROOT"
# shellcheck source=lib.sh
. "$SCRIPT_DIR/lib.sh"

RMQ_CTL="$SCRIPT_DIR/rabbitmq.sh"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

QUICK=0 READS=0 ONLY="" BUILD=1 BROKER="${CICA_TEST_RABBITMQ:-}"
while (($#)); do
    case "$1" in
        --quick) QUICK=1 ;;
        --reads) READS=1 ;;
        --only) ONLY="${2:?--only needs parts, e.g. R5 or R4,R6}"; shift ;;
        --no-build) BUILD=0 ;;
        --rabbitmq) BROKER="${2:?--rabbitmq needs an amqp:// URI}"; shift ;;
        *) die "unknown argument '$1' (usage: $0 [--quick] [--reads] [--only R1-R3,R4,R5,R6,S] [--rabbitmq amqp://…] [--no-build])" ;;
    esac
    shift
done

BROKER_UP=0 JOB_PID=""
teardown() {
    set +e
    if [[ -n "$JOB_PID" ]] && pid_alive "$JOB_PID"; then kill_pid "$JOB_PID" 20; wait "$JOB_PID" 2>/dev/null; fi
    JOB_PID=""
    if [[ "$BROKER_UP" == 1 ]]; then
        log "stopping private rabbitmq and removing $CICA_RMQ_DIR"
        bash "$RMQ_CTL" destroy
    fi
    BROKER_UP=0
    set -e
}
trap 'rc=$?; trap - EXIT INT TERM; teardown; exit "$rc"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

if ((BUILD)); then
    log "building Cica.Platform.sln (Release)"
    timeout -k 30 "${CICA_BUILD_TIMEOUT:-900}" dotnet build Cica.Platform.sln -c Release -nologo --disable-build-servers >&2
fi

if [[ -z "$BROKER" && "$READS" == 0 ]]; then
    command -v rabbitmq-server >/dev/null || [[ -x /usr/lib/rabbitmq/bin/rabbitmq-server ]] ||
        die "no broker given and rabbitmq-server is not installed (apt-get install rabbitmq-server, or pass --rabbitmq amqp://…)"
    log "starting private rabbitmq"
    for attempt in 1 2 3; do   # free ports are probed, then bound by the node: another process may take one in between
        eval "$(bash "$RMQ_CTL" env)"
        BROKER_UP=1
        bash "$RMQ_CTL" start && break
        bash "$RMQ_CTL" destroy || true
        BROKER_UP=0
        ((attempt < 3)) || die "could not start rabbitmq"
    done
    BROKER="$CICA_TEST_RABBITMQ"
    log "rabbitmq: $BROKER"
fi

ARGS=(all)
if [[ -n "$BROKER" ]]; then ARGS+=(--rabbitmq "$BROKER"); fi
if ((READS)); then ARGS+=(--reads); fi
if [[ -n "$ONLY" ]]; then ARGS+=(--only "$ONLY"); fi
if ((QUICK)); then ARGS+=(--quick); elif ((!READS)) && [[ -z "$ONLY" ]]; then ARGS+=(--latest "$ROOT/docs/benchmarks/latest.md"); fi
command -v h2load >/dev/null || warn "h2load not installed (apt-get install nghttp2-client): R1 and R2 will be skipped"
log "running the benchmarks (dotnet run -c Release --project tests/Cica.Benchmarks -- ${ARGS[*]})"
timeout -k 30 "${CICA_BENCH_TIMEOUT:-3600}" dotnet run -c Release --no-build --project tests/Cica.Benchmarks -- "${ARGS[@]}" &
JOB_PID=$!
RC=0
wait "$JOB_PID" || RC=$?
JOB_PID=""
exit "$RC"
