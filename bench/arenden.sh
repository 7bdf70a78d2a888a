#!/usr/bin/env bash
# Lotsen's ärende list and detail pages at national scale: seeds ARENDEN generated ärenden
# with `lotsen seed-demo` into a fresh data directory (its own PostgreSQL cluster), starts
# `lotsen demo` on it, logs in many sessions as a coordinator, prints EXPLAIN (ANALYZE,
# BUFFERS) of the list's queries, and runs wrk against the list, a deep page of it, the detail
# page of many different ärenden and the readiness check. With psql on the PATH it also vacuums
# the ärende tables first and prints the plans. See docs/benchmarks.md.
#
# Usage: bench/arenden.sh
# Environment (all optional):
#   ARENDEN=1000000        ärenden to seed before the server starts
#   DURATION=10s           length of each wrk run
#   CONCURRENCY="32"       connection counts
#   SESSIONS=64            logged-in sessions (at least the largest concurrency)
#   BENCH_USER=koordinator@demo.lotsen.example   the login of every session
#   DETAILS=500            how many different ärenden the detail benchmark visits
#   SKIP_BUILD=1           use the existing target/release/lotsen
#   BIN=/path/to/lotsen    measure that build instead (e.g. the one before a change)
#   KEEP=1                 keep the data directory (its path is printed) instead of removing it
#   DATA=/path/to/data     measure a data directory seeded before (KEEP=1 prints one) instead of
#                          seeding a new one; it is left in place
#   EXTRA_URLS="/sip /sip?sida=2"   more pages to measure with the same sessions
set -euo pipefail
cd "$(dirname "$0")/.."

ARENDEN=${ARENDEN:-1000000}
DURATION=${DURATION:-10s}
CONCURRENCY=${CONCURRENCY:-32}
SESSIONS=${SESSIONS:-64}
BENCH_USER=${BENCH_USER:-koordinator@demo.lotsen.example}
DETAILS=${DETAILS:-500}

command -v wrk >/dev/null 2>&1 || { echo "bench/arenden.sh needs wrk (bench/run.sh installs it)" >&2; exit 1; }
command -v curl >/dev/null 2>&1 || { echo "bench/arenden.sh needs curl" >&2; exit 1; }

source bench/lib.sh
bench_binary
bench_workdir arenden

# 1. Seed.
bench_seed

# 2. The server.
bench_start_server

bench_psql_vacuum "arende, arende_ersattning, arende_malgrupp, atgard, arende_handelse"

# 3. Sessions, each its own login.
COOKIES="$WORK/cookies.txt"
bench_sessions "$SESSIONS" "$BENCH_USER" "$COOKIES"
first_cookie=$(head -n 1 "$COOKIES")

# 4. Ärenden for the detail benchmark: from the list pages, as a coordinator finds them
# (open and closed ones, newest first).
DETAIL_PATHS="$WORK/details.txt"
: >"$DETAIL_PATHS"
page=1
while [ "$(wc -l <"$DETAIL_PATHS")" -lt "$DETAILS" ] && [ "$page" -le 200 ]; do
  curl -fsS -H "Cookie: lotsen_session=$first_cookie" "$BASE/arenden?status=alla&sida=$page" \
    | grep -o 'href="/arenden/[0-9a-f-]\{36\}"' | sed 's/^href="\(.*\)"$/\1/' >>"$DETAIL_PATHS" || true
  page=$((page + 1))
done
sort -u "$DETAIL_PATHS" | head -n "$DETAILS" >"$DETAIL_PATHS.u" && mv "$DETAIL_PATHS.u" "$DETAIL_PATHS"
[ -s "$DETAIL_PATHS" ] || { echo "found no ärenden in the list" >&2; exit 1; }
first_detail=$(head -n 1 "$DETAIL_PATHS")

# Every URL must answer 200 with a session, so that no redirect is measured.
read -r -a EXTRA <<<"${EXTRA_URLS:-}"
for url in / /arenden "/arenden?sida=50" "$first_detail" "${EXTRA[@]}"; do
  code=$(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: lotsen_session=$first_cookie" "$BASE$url")
  [ "$code" = 200 ] || { echo "$url answered $code, not 200" >&2; exit 1; }
done

# 5. The list's queries, as the app runs them for this coordinator (default filters).
if [ -n "$HAVE_PSQL" ]; then
  "${PSQL[@]}" -c "select 'ärenden: ' || count(*) from arende" -At >&2
  forbund=$("${PSQL[@]}" -At -c "select m.forbund_id from membership m join app_user u using (user_id) \
      join role_assignment r using (forbund_id, user_id) where u.epost = '$BENCH_USER' and r.roll = 'koordinator' limit 1")
  user=$("${PSQL[@]}" -At -c "select user_id from app_user where epost = '$BENCH_USER'")
  groups=$("${PSQL[@]}" -At -c "select string_agg(lokus_id::text, ',') from role_assignment \
      where forbund_id = '$forbund' and user_id = '$user' and roll = 'koordinator'")
  filters="where a.forbund_id = '$forbund' and a.lokus_id = any('{$groups}') and a.status <> 'avslutad'"
  page_sql() { # offset
    echo "select a.arende_id, a.nummer, a.inkom, l.kod as lokus_kod, a.part,
      concat_ws(' – ', o.namn, e.namn) as avsandare, a.kon, a.alder, a.samverkansproblem, a.status, a.flaggad
    from (select a.arende_id from arende a $filters
          order by a.inkom desc, a.lopnummer desc, a.arende_id desc limit 50 offset $1) p
    join arende a on a.forbund_id = '$forbund' and a.arende_id = p.arende_id
    join lokus_grupp l on l.forbund_id = a.forbund_id and l.lokus_id = a.lokus_id
    left join organisation o on o.forbund_id = a.forbund_id and o.organisation_id = a.organisation_id
    left join enhet e on e.forbund_id = a.forbund_id and e.enhet_id = a.enhet_id
    order by a.inkom desc, a.lopnummer desc, a.arende_id desc"
  }
  {
    echo "-- count (default filters)"
    "${PSQL[@]}" <<SQL
begin;
set local role lotsen_app;
select set_config('app.forbund_id', '$forbund', true), set_config('app.user_id', '$user', true) \g /dev/null
explain (analyze, buffers) select coalesce(sum(a.antal), 0)::bigint from arende_antal a $filters;
\\echo -- the same count over the ärenden themselves (what any other filter runs)
explain (analyze, buffers) select count(*) from arende a $filters;
\\echo -- first page
explain (analyze, buffers) $(page_sql 0);
\\echo -- page 50
explain (analyze, buffers) $(page_sql 2450);
rollback;
SQL
  } >"$WORK/explain.txt" 2>&1 || true
  echo "EXPLAIN output (also in the data directory's parent with KEEP=1):" >&2
  cat "$WORK/explain.txt" >&2
else
  echo "psql not found or no local socket; skipping EXPLAIN" >&2
fi

# 6. Load.
CORES=$(nproc)
wrk -t 1 -c 4 -d 3s -s bench/paths.lua "$BASE/arenden" -- "$COOKIES" 4 >/dev/null
wrk -t 1 -c 4 -d 3s -s bench/paths.lua "$BASE/" -- "$COOKIES" 4 "$DETAIL_PATHS" >/dev/null

# CPU time (clock ticks) used so far by the server and by the cluster's PostgreSQL processes,
# so that each run can tell where its time went.
POSTMASTER=$(head -n 1 "$LOTSEN_DATA_DIR/pg/data/postmaster.pid" 2>/dev/null || true)
cpu_ticks() { # pid...
  local total=0 pid f
  for pid in "$@"; do
    f=$(cut -d ' ' -f 14,15 "/proc/$pid/stat" 2>/dev/null) || continue
    total=$((total + ${f% *} + ${f#* }))
  done
  echo "$total"
}
app_ticks() { cpu_ticks "$SERVER_PID"; }
db_ticks() {
  [ -n "$POSTMASTER" ] || { echo 0; return; }
  # shellcheck disable=SC2046
  cpu_ticks "$POSTMASTER" $(pgrep -P "$POSTMASTER" || true)
}

run() { # name url cookie-file [paths-file]
  local name=$1 url=$2 file=$3 paths=${4:-} c threads per_thread out line app0 db0 app_ms db_ms
  for c in $CONCURRENCY; do
    threads=$(( c < CORES ? c : CORES ))
    per_thread=$(( (c + threads - 1) / threads ))
    app0=$(app_ticks); db0=$(db_ticks)
    # shellcheck disable=SC2086
    out=$(wrk -t "$threads" -c "$c" -d "$DURATION" --timeout 10s -s bench/paths.lua \
      "$BASE$url" -- "$file" "$per_thread" $paths)
    line=$(grep '^RESULT ' <<<"$out" || true)
    [ -n "$line" ] || { echo "wrk gave no result for $name at $c:" >&2; echo "$out" >&2; exit 1; }
    read -r _ rps p50 p99 requests errors <<<"$line"
    RPS["$name|$c"]=$rps; P50["$name|$c"]=$p50; P99["$name|$c"]=$p99; ERR["$name|$c"]=$errors
    # CPU milliseconds per request, in the server and in PostgreSQL (backends that ended
    # during the run are not counted; the pool keeps them alive).
    app_ms=$(awk -v t="$(( $(app_ticks) - app0 ))" -v n="$requests" -v hz="$(getconf CLK_TCK)" \
      'BEGIN { if (n > 0) printf "%.2f", t * 1000 / hz / n; else print "–" }')
    db_ms=$(awk -v t="$(( $(db_ticks) - db0 ))" -v n="$requests" -v hz="$(getconf CLK_TCK)" \
      'BEGIN { if (n > 0) printf "%.2f", t * 1000 / hz / n; else print "–" }')
    echo "  $name c=$c: $rps req/s, p50 $p50 ms, p99 $p99 ms, errors $errors;" \
      "CPU per request: server $app_ms ms, PostgreSQL $db_ms ms" >&2
  done
}

declare -A RPS P50 P99 ERR
NAMES=("/halsa/redo" "/" "/arenden" "/arenden?sida=50" "/arenden/{id}")
echo "Benchmarking $BASE as $BENCH_USER: concurrency $CONCURRENCY, $DURATION each, $SESSIONS sessions, $CORES cores" >&2
run "/halsa/redo" "/halsa/redo" -
run "/" "/" "$COOKIES"
run "/arenden" "/arenden" "$COOKIES"
run "/arenden?sida=50" "/arenden?sida=50" "$COOKIES"
run "/arenden/{id}" "$first_detail" "$COOKIES" "$DETAIL_PATHS"
for url in "${EXTRA[@]}"; do
  NAMES+=("$url")
  run "$url" "$url" "$COOKIES"
done

printf '\n| URL | concurrency | requests/s | p50 ms | p99 ms | errors | vs /halsa/redo |\n'
printf '|---|---:|---:|---:|---:|---:|---:|\n'
for name in "${NAMES[@]}"; do
  for c in $CONCURRENCY; do
    key="$name|$c"
    base=${RPS["/halsa/redo|$c"]:-}
    ratio=$(awk -v a="${RPS[$key]}" -v b="$base" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "–" }')
    printf '| %s | %s | %s | %s | %s | %s | %s |\n' \
      "$name" "$c" "${RPS[$key]}" "${P50[$key]}" "${P99[$key]}" "${ERR[$key]}" "$ratio"
  done
done
