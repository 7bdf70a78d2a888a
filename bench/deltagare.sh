#!/usr/bin/env bash
# The participant figures at scale (issue 16): seeds DELTAGARE generated participants into the
# demo's two insatser (`lotsen seed-demo --deltagare`, three in four in STL-COACH) in a fresh data
# directory, starts `lotsen demo` on it, and requests, one after the other, REPEAT times each:
# STL-COACH's participant tables as the förbund administrator (the page for a year and for all
# years, CSV, CSV suppressed, XLSX), the insats page with its goals' progress, the capacity
# board, and the insatsansvarig's queue and participant list. Then it times the CLI export of
# the whole förbund's participant tables. Prints p50, p99 and max of curl's time_total. See
# docs/benchmarks.md.
#
# Usage: bench/deltagare.sh
# Environment (all optional):
#   DELTAGARE=100000   participants to seed
#   REPEAT=30          requests per URL (XLSX: REPEAT / 5, at least 5)
#   SKIP_BUILD=1       use the existing target/release/lotsen
#   KEEP=1             keep the data directory (its path is printed)
set -euo pipefail
cd "$(dirname "$0")/.."

DELTAGARE=${DELTAGARE:-100000}
REPEAT=${REPEAT:-30}
ARENDEN=0

command -v curl >/dev/null 2>&1 || { echo "bench/deltagare.sh needs curl" >&2; exit 1; }
source bench/lib.sh
bench_binary
bench_workdir deltagare

echo "Seeding $DELTAGARE participants …" >&2
started=$(date +%s%N)
env -u DATABASE_URL NO_COLOR=1 "$BIN" seed-demo --deltagare "$DELTAGARE" >"$WORK/seed.log" 2>&1 \
  || { cat "$WORK/seed.log" >&2; exit 1; }
grep -v ' INFO ' "$WORK/seed.log" >&2 || true
echo "lotsen seed-demo --deltagare $DELTAGARE took $(( ($(date +%s%N) - started) / 1000000 )) ms (wall clock, with cluster start and stop)" >&2

bench_start_server
bench_psql_vacuum "deltagare, deltagare_matning, deltagare_forsorjning, deltagare_sysselsattning, deltagare_aktivitet"
if [ -n "$HAVE_PSQL" ]; then
  "${PSQL[@]}" -At -c "select 'deltagare: ' || count(*) || ', mätningar: ' || (select count(*) from deltagare_matning) from deltagare" >&2
fi

measure() { # name url count
  local name=$1 url=$2 n=$3 times="$WORK/times.txt" code
  code=$(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: lotsen_session=$cookie" "$BASE$url")
  [ "$code" = 200 ] || { echo "$url answered $code, not 200" >&2; exit 1; }
  : >"$times"
  for _ in $(seq 1 "$n"); do
    curl -s -o /dev/null -w '%{time_total}\n' -H "Cookie: lotsen_session=$cookie" "$BASE$url" >>"$times"
  done
  sort -n "$times" | awk -v name="$name" -v n="$n" '
    { t[NR] = $1 * 1000 }
    END {
      p50 = t[int((NR + 1) * 0.50)]; i99 = int(NR * 0.99 + 0.5); if (i99 < 1) i99 = 1; if (i99 > NR) i99 = NR
      printf "| %s | %d | %.1f | %.1f | %.1f |\n", name, n, p50, t[i99], t[NR]
    }'
}

YEAR=$(date +%Y)
TODAY=$(date +%F)
ONE_YEAR="/insatser/STL-COACH/siffror?fran=$((YEAR - 1))-01-01&till=$((YEAR - 1))-12-31"
ALL_YEARS="/insatser/STL-COACH/siffror?fran=2000-01-01&till=$TODAY"
n_xlsx=$(( REPEAT / 5 )); [ "$n_xlsx" -ge 5 ] || n_xlsx=5

echo
echo "| request | n | p50 ms | p99 ms | max ms |"
echo "|---|---:|---:|---:|---:|"
cookie=$(bench_login forbund@demo.lotsen.example)
measure "/halsa/redo (reference)" "/halsa/redo" "$REPEAT"
measure "STL-COACH $((YEAR - 1)), every table (page)" "$ONE_YEAR" "$REPEAT"
measure "STL-COACH all years (page)" "$ALL_YEARS" "$REPEAT"
measure "STL-COACH all years, CSV" "$ALL_YEARS&format=csv" "$REPEAT"
measure "STL-COACH all years, CSV suppressed" "$ALL_YEARS&format=csv&undertryck=1" "$REPEAT"
measure "STL-COACH all years, XLSX suppressed" "$ALL_YEARS&format=xlsx&undertryck=1" "$n_xlsx"
measure "STL-COACH insats page (goals' progress)" "/insatser/STL-COACH" "$REPEAT"
measure "capacity board" "/insatser/kapacitet" "$REPEAT"
cookie=$(bench_login insats@demo.lotsen.example)
measure "insatsansvarig: queue and participants" "/insatser/STL-COACH/deltagare" "$REPEAT"
cookie=$(bench_login coach@demo.lotsen.example)
measure "coach: start page" "/" "$REPEAT"

# The CLI starts the cluster itself: stop the server (and its cluster) first.
kill -TERM "$SERVER_PID"
for _ in $(seq 1 300); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.1; done
SERVER_PID=""
started=$(date +%s%N)
env -u DATABASE_URL NO_COLOR=1 "$BIN" export deltagare --forbund fjardlunda --fran 2000-01-01 --till "$TODAY" \
  --format xlsx --undertryck -o "$WORK/deltagare.xlsx" >"$WORK/export.log" 2>&1 \
  || { cat "$WORK/export.log" >&2; exit 1; }
echo "lotsen export deltagare (whole förbund, all years, XLSX suppressed) took $(( ($(date +%s%N) - started) / 1000000 )) ms (wall clock, with cluster start and stop)" >&2
