#!/usr/bin/env bash
# Lotsen load benchmark: builds the release binary, starts `lotsen demo` on a free port with a
# fresh data directory (its own PostgreSQL cluster), logs in many sessions, and runs wrk
# against a list of URLs at several concurrencies. Prints one table; see docs/benchmarks.md.
#
# Usage: bench/run.sh
# Environment (all optional):
#   DURATION=5s              length of each wrk run
#   CONCURRENCY="1 8 32 128" connection counts
#   SESSIONS=128             logged-in sessions (at least the largest concurrency)
#   BENCH_USER=forbund@demo.lotsen.example   the demo login used for every session
#   URLS="/halsa/redo ..."   paths to measure (/halsa/redo must come first: the ratio base)
#   SKIP_BUILD=1             use the existing target/release/lotsen
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION=${DURATION:-5s}
CONCURRENCY=${CONCURRENCY:-"1 8 32 128"}
SESSIONS=${SESSIONS:-128}
BENCH_USER=${BENCH_USER:-forbund@demo.lotsen.example}
PASSWORD=demo-lotsen-2026
URLS=${URLS:-"/halsa/redo /logga-in / /admin /admin/anvandare /admin/organisationer /admin/lokus /admin/logg /static/lotsen.css"}
# Pages measured without a session: the health check, the login form (a logged-in visitor
# is redirected away from it) and the stylesheet.
ANONYMOUS=" /halsa/redo /halsa /logga-in /static/lotsen.css /static/favicon.svg "

if ! command -v wrk >/dev/null 2>&1; then
  echo "Installing wrk …" >&2
  sudo_=""
  [ "$(id -u)" -eq 0 ] || sudo_="sudo"
  $sudo_ apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_ apt-get install -y -qq wrk >/dev/null
fi
command -v curl >/dev/null 2>&1 || { echo "bench/run.sh needs curl" >&2; exit 1; }

if [ -z "${SKIP_BUILD:-}" ]; then
  cargo build --release
fi
BIN=target/release/lotsen
[ -x "$BIN" ] || { echo "$BIN is missing; run cargo build --release" >&2; exit 1; }

# A port nothing listens on.
free_port() {
  local p
  for _ in $(seq 1 100); do
    p=$((20000 + RANDOM % 40000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
      echo "$p"
      return 0
    fi
  done
  echo "no free port found" >&2
  return 1
}

WORK=$(mktemp -d "${TMPDIR:-/tmp}/lotsen-bench.XXXXXX")
chmod 755 "$WORK" # the embedded cluster runs as the postgres user when we are root
PORT=$(free_port)
BASE="http://127.0.0.1:$PORT"
SERVER_PID=""

cleanup() {
  local status=$?
  if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill -TERM "$SERVER_PID" 2>/dev/null || true
    for _ in $(seq 1 300); do
      kill -0 "$SERVER_PID" 2>/dev/null || break
      sleep 0.1
    done
    kill -KILL "$SERVER_PID" 2>/dev/null || true
  fi
  if [ "$status" -ne 0 ] && [ -f "$WORK/server.log" ]; then
    echo "--- last lines of the server log ---" >&2
    tail -n 20 "$WORK/server.log" >&2 || true
  fi
  rm -rf "$WORK"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

env -u DATABASE_URL LOTSEN_ADDR="127.0.0.1:$PORT" LOTSEN_DATA_DIR="$WORK/data" NO_COLOR=1 \
  "$BIN" demo >"$WORK/server.log" 2>&1 &
SERVER_PID=$!

for _ in $(seq 1 600); do
  if curl -fsS -o /dev/null "$BASE/halsa/redo" 2>/dev/null; then break; fi
  kill -0 "$SERVER_PID" 2>/dev/null || { echo "lotsen demo exited early" >&2; exit 1; }
  sleep 0.1
done
curl -fsS -o /dev/null "$BASE/halsa/redo" || { echo "lotsen demo did not become ready" >&2; exit 1; }

# Log in SESSIONS times; every login creates its own session.
COOKIES="$WORK/cookies.txt"
: >"$COOKIES"
for _ in $(seq 1 "$SESSIONS"); do
  cookie=$(curl -sS -o /dev/null -D - \
      --data-urlencode "epost=$BENCH_USER" --data-urlencode "losenord=$PASSWORD" \
      "$BASE/logga-in" | tr -d '\r' | sed -n 's/^[Ss]et-[Cc]ookie: lotsen_session=\([^;]*\).*/\1/p')
  [ -n "$cookie" ] || { echo "logging in as $BENCH_USER failed" >&2; exit 1; }
  echo "$cookie" >>"$COOKIES"
done
[ "$(sort -u "$COOKIES" | wc -l)" -eq "$SESSIONS" ] || { echo "sessions are not distinct" >&2; exit 1; }

# Every URL must answer 200 (with a session where one is used), so that the benchmark never
# measures a redirect to the login page.
first_cookie=$(head -n 1 "$COOKIES")
for url in $URLS; do
  if [[ "$ANONYMOUS" == *" $url "* ]]; then
    code=$(curl -s -o /dev/null -w '%{http_code}' "$BASE$url")
  else
    code=$(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: lotsen_session=$first_cookie" "$BASE$url")
  fi
  [ "$code" = 200 ] || { echo "$url answered $code, not 200" >&2; exit 1; }
done

CORES=$(nproc)
# Warm up (connection pool, prepared statements, page cache) before measuring.
wrk -t 1 -c 4 -d 2s -s bench/sessions.lua "$BASE/admin" -- "$COOKIES" 4 >/dev/null

declare -A RPS P50 P99 ERR RSS
echo "Benchmarking $BASE: $(echo $URLS | wc -w) URLs × concurrency $CONCURRENCY, $DURATION each, $SESSIONS sessions, $CORES cores" >&2
for url in $URLS; do
  for c in $CONCURRENCY; do
    threads=$(( c < CORES ? c : CORES ))
    per_thread=$(( (c + threads - 1) / threads ))
    file="$COOKIES"
    [[ "$ANONYMOUS" == *" $url "* ]] && file="-"
    out=$(wrk -t "$threads" -c "$c" -d "$DURATION" --timeout 10s -s bench/sessions.lua \
      "$BASE$url" -- "$file" "$per_thread")
    line=$(grep '^RESULT ' <<<"$out" || true)
    [ -n "$line" ] || { echo "wrk gave no result for $url at $c:" >&2; echo "$out" >&2; exit 1; }
    read -r _ rps p50 p99 _ errors <<<"$line"
    key="$url|$c"
    RPS[$key]=$rps; P50[$key]=$p50; P99[$key]=$p99; ERR[$key]=$errors
    RSS[$key]=$(awk '/^VmRSS/ { printf "%.0f", $2 / 1024 }' "/proc/$SERVER_PID/status")
    echo "  $url c=$c: $rps req/s, p50 $p50 ms, p99 $p99 ms, errors $errors" >&2
  done
done

printf '\n| URL | concurrency | requests/s | p50 ms | p99 ms | errors | server RSS MiB | vs /halsa/redo |\n'
printf '|---|---:|---:|---:|---:|---:|---:|---:|\n'
for url in $URLS; do
  for c in $CONCURRENCY; do
    key="$url|$c"
    base=${RPS["/halsa/redo|$c"]:-}
    ratio=$(awk -v a="${RPS[$key]}" -v b="$base" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "–" }')
    printf '| %s | %s | %s | %s | %s | %s | %s | %s |\n' \
      "$url" "$c" "${RPS[$key]}" "${P50[$key]}" "${P99[$key]}" "${ERR[$key]}" "${RSS[$key]}" "$ratio"
  done
done
