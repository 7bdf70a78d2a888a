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

source bench/lib.sh
bench_binary
bench_workdir run

bench_start_server

# Log in SESSIONS times; every login creates its own session.
COOKIES="$WORK/cookies.txt"
bench_sessions "$SESSIONS" "$BENCH_USER" "$COOKIES"

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
