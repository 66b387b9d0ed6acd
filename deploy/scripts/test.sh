#!/usr/bin/env bash
# The test command of the project:  deploy/scripts/test.sh [extra `dotnet test` args, e.g. --filter X]
#
#  1. installs what is missing (apt packages as root, buf via npm into .tools/buf)
#  2. buf lint in protos/                                  (counts as one test)
#  3. dotnet build of the solution
#  4. starts a private RabbitMQ node (deploy/scripts/rabbitmq.sh) and exports
#       CICA_TEST_RABBITMQ=amqp://guest:guest@127.0.0.1:<port>/
#       CICA_TEST_RABBITMQ_CTL=<abs path of rabbitmq.sh>   (bash "$CICA_TEST_RABBITMQ_CTL" stop|start|status)
#  5. dotnet test (VSTest, TRX results), one test project at a time
#  6. prints, as the last line:  tests: N passed, N failed, N skipped
#     (skipped: tests that did not run, e.g. the live SQL Server test without CICA_TEST_SQLSERVER)
#     exit 0 only if nothing failed and at least one test ran; 1 otherwise; 2 if tools are missing.
#
# Environment overrides:
#   CICA_SOLUTION          solution to test              (default Cica.Platform.sln)
#   CICA_TEST_TIMEOUT      seconds for the dotnet test step (default 1500)
#   CICA_BUILD_TIMEOUT     seconds for the build step      (default 900)
#   CICA_TEST_RESULTS_DIR  where the .trx files go          (default .artifacts/test-results/<run>)
#   CICA_TEST_MAXCPU       test projects run in parallel    (default 1: tests may restart the broker)
#   CICA_TEST_HANG_TIMEOUT per-test hang timeout (blame)   (default 5m)
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)"
ROOT="$(cd "$SCRIPT_DIR/../.." && pwd -P)"
cd "$ROOT"
# shellcheck source=lib.sh
. "$SCRIPT_DIR/lib.sh"

SOLUTION="${CICA_SOLUTION:-Cica.Platform.sln}"
TEST_TIMEOUT="${CICA_TEST_TIMEOUT:-1500}"
BUILD_TIMEOUT="${CICA_BUILD_TIMEOUT:-900}"
MAXCPU="${CICA_TEST_MAXCPU:-1}"
BUF_VERSION="1.75.0"
BUF_DIR="$ROOT/.tools/buf"
BUF="$BUF_DIR/node_modules/.bin/buf"
APT_PACKAGES=(rabbitmq-server python3-grpcio python3-grpc-tools python3-pika nghttp2-client chromium)
RMQ_CTL="$SCRIPT_DIR/rabbitmq.sh"
PY="$(cica_python)"

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

RUN_ID="$(date +%Y%m%d-%H%M%S)-$$"
RESULTS_DIR="${CICA_TEST_RESULTS_DIR:-$ROOT/.artifacts/test-results/$RUN_ID}"

DOTNET_JOB_PID=""
BROKER_UP=0

# ---------------------------------------------------------------- cleanup
teardown() {
    set +e
    if [[ -n "$DOTNET_JOB_PID" ]] && pid_alive "$DOTNET_JOB_PID"; then
        log "stopping dotnet (pid $DOTNET_JOB_PID)"
        # `timeout` forwards TERM to dotnet and to its process group (test hosts).
        kill_pid "$DOTNET_JOB_PID" 20
        wait "$DOTNET_JOB_PID" 2>/dev/null
    fi
    DOTNET_JOB_PID=""
    if [[ "$BROKER_UP" == 1 && -n "${CICA_RMQ_DIR:-}" ]]; then
        log "stopping private rabbitmq and removing $CICA_RMQ_DIR"
        bash "$RMQ_CTL" destroy
    fi
    BROKER_UP=0
    set -e
}
on_exit() {
    local rc=$?
    trap - EXIT INT TERM
    teardown
    exit "$rc"
}
trap on_exit EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# ---------------------------------------------------------------- 1. tools
pkg_installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }

ensure_tools() {
    command -v dotnet >/dev/null || { echo "==> ERROR: dotnet not found: install the .NET SDK 10.0.401" >&2; exit 2; }
    local missing=() p
    for p in "${APT_PACKAGES[@]}"; do
        pkg_installed "$p" || missing+=("$p")
    done
    command -v npm >/dev/null || missing+=(npm)
    if ((${#missing[@]})); then
        if [[ "$(id -u)" != 0 ]]; then
            echo "==> ERROR: missing packages: ${missing[*]}" >&2
            echo "==> install them with:" >&2
            echo "    sudo apt-get update && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y ${missing[*]}" >&2
            exit 2
        fi
        log "installing ${missing[*]}"
        apt-get -o DPkg::Lock::Timeout=600 update -q
        DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -q "${missing[@]}"
    fi
    if [[ "$("$BUF" --version 2>/dev/null || true)" != "$BUF_VERSION" ]]; then
        log "installing buf $BUF_VERSION into .tools/buf"
        mkdir -p "$BUF_DIR"
        npm install --prefix "$BUF_DIR" --no-save --no-audit --no-fund --loglevel=error \
            "@bufbuild/buf@$BUF_VERSION" >&2
        [[ "$("$BUF" --version 2>/dev/null || true)" == "$BUF_VERSION" ]] || die "buf $BUF_VERSION install failed"
    fi
}

log "checking tools"
ensure_tools

# ---------------------------------------------------------------- 2. buf lint
BUF_PASSED=0 BUF_FAILED=0
log "buf lint (protos/)"
if [[ ! -f protos/buf.yaml ]]; then
    echo "buf lint: protos/buf.yaml not found" >&2
    BUF_FAILED=1
elif buf_out=$(cd protos && BUF_CACHE_DIR="$BUF_DIR/cache" "$BUF" lint 2>&1); then
    log "buf lint: passed"
    BUF_PASSED=1
else
    printf '%s\n' "$buf_out"
    log "buf lint: FAILED"
    BUF_FAILED=1
fi

final() { # final PASSED FAILED [SKIPPED] -> last line of the output
    echo "tests: $1 passed, $2 failed, ${3:-0} skipped"
}

# Run a command under `timeout` as a background job so INT/TERM traps fire while it runs.
run_bounded() { # run_bounded SECONDS cmd... ; sets RUN_RC
    timeout -k 30 "$1" "${@:2}" &
    DOTNET_JOB_PID=$!
    RUN_RC=0
    wait "$DOTNET_JOB_PID" || RUN_RC=$?
    DOTNET_JOB_PID=""
    if ((RUN_RC == 124 || RUN_RC == 137)); then
        log "ERROR: '$2 $3' timed out after $1 s"
    fi
}

# ---------------------------------------------------------------- 3. build
if [[ ! -f "$SOLUTION" ]]; then
    log "ERROR: solution $SOLUTION not found"
    final 0 1
    exit 1
fi
log "building $SOLUTION (Release)"
run_bounded "$BUILD_TIMEOUT" dotnet build "$SOLUTION" -c Release -nologo --disable-build-servers
if ((RUN_RC != 0)); then
    log "build FAILED (exit $RUN_RC)"
    final 0 1
    exit 1
fi

# ---------------------------------------------------------------- 4. rabbitmq
log "starting private rabbitmq"
# RabbitMQ cannot bind port 0 and report the port it got, so rabbitmq.sh env probes free ports and
# releases them before the node binds them: another process may take one in between. On such a
# collision the start fails; throw that node away and try again on new ports.
t0=$SECONDS
for attempt in 1 2 3; do
    rmq_env=$(bash "$RMQ_CTL" env) || die "rabbitmq.sh env failed"
    eval "$rmq_env"
    BROKER_UP=1
    if bash "$RMQ_CTL" start; then
        break
    fi
    bash "$RMQ_CTL" destroy || true
    BROKER_UP=0
    if ((attempt == 3)); then
        log "ERROR: could not start rabbitmq"
        teardown
        final "$BUF_PASSED" "$((BUF_FAILED + 1))"
        exit 1
    fi
    log "rabbitmq did not start on ports $RABBITMQ_NODE_PORT/$RABBITMQ_DIST_PORT/$ERL_EPMD_PORT (taken meanwhile?); retrying on new ports"
done
log "rabbitmq: $CICA_TEST_RABBITMQ (started in $((SECONDS - t0)) s; ctl: $CICA_TEST_RABBITMQ_CTL)"

# ---------------------------------------------------------------- 5. dotnet test
mkdir -p "$RESULTS_DIR"
if [[ -z "${CICA_TEST_RESULTS_DIR:-}" ]]; then # prune: keep the last hour + the 10 newest older runs
    find "$ROOT/.artifacts/test-results" -mindepth 1 -maxdepth 1 -type d -mmin +60 -printf '%T@ %p\n' 2>/dev/null |
        sort -rn | tail -n +11 | cut -d' ' -f2- | while read -r d; do rm -rf -- "$d"; done
fi
log "running tests (results: ${RESULTS_DIR#"$ROOT"/})"
run_bounded "$TEST_TIMEOUT" dotnet test "$SOLUTION" -c Release --no-build -nologo -m:"$MAXCPU" \
    --logger "trx;LogFilePrefix=cica" --results-directory "$RESULTS_DIR" \
    --blame-hang-timeout "${CICA_TEST_HANG_TIMEOUT:-5m}" --blame-hang-dump-type none "$@"
TEST_RC=$RUN_RC
log "dotnet test exit code: $TEST_RC"

teardown

# ---------------------------------------------------------------- 6. count
read -r TRX_FILES TRX_TOTAL TRX_PASSED TRX_FAILED TRX_SKIPPED < <("$PY" - "$RESULTS_DIR" <<'PY'
import pathlib, sys, xml.etree.ElementTree as ET
files = total = passed = failed = skipped = 0
for f in sorted(pathlib.Path(sys.argv[1]).rglob("*.trx")):
    try:
        root = ET.parse(f).getroot()
    except ET.ParseError as e:
        print(f"==> WARNING: cannot parse {f}: {e}", file=sys.stderr)
        failed += 1
        continue
    for c in root.iter():
        if c.tag.rsplit("}", 1)[-1] == "Counters":
            a = lambda k: int(c.get(k, 0) or 0)
            files += 1
            total += a("total")
            passed += a("passed")
            failed += a("failed") + a("error") + a("timeout") + a("aborted")
            break
    # A skipped test (Skip.If, [Fact(Skip=...)]) is a result with outcome NotExecuted; the Counters
    # element does not count it (it is in total but not in executed or notExecuted).
    skipped += sum(1 for r in root.iter() if r.tag.rsplit("}", 1)[-1] == "UnitTestResult" and r.get("outcome") == "NotExecuted")
print(files, total, passed, failed, skipped)
PY
)

PASSED=$((TRX_PASSED + BUF_PASSED))
FAILED=$((TRX_FAILED + BUF_FAILED))
log "trx files: $TRX_FILES, tests: $TRX_TOTAL, passed: $TRX_PASSED, failed: $TRX_FAILED, skipped: $TRX_SKIPPED; buf lint: $([[ $BUF_PASSED == 1 ]] && echo passed || echo failed)"
if ((TRX_FILES == 0)); then
    log "ERROR: no test results were produced"
    FAILED=$((FAILED + 1))
elif ((TRX_PASSED + TRX_FAILED == 0)); then
    log "ERROR: no test ran"
    FAILED=$((FAILED + 1))
elif ((TEST_RC != 0 && TRX_FAILED == 0)); then
    log "ERROR: dotnet test exited with $TEST_RC but no failed test was recorded (crash, hang or timeout)"
    FAILED=$((FAILED + 1))
fi

final "$PASSED" "$FAILED" "$TRX_SKIPPED"
if ((FAILED == 0 && TEST_RC == 0 && TRX_PASSED >= 1)); then
    exit 0
fi
exit 1
