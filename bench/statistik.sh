#!/usr/bin/env bash
# The nulägesanalys figures at national scale: seeds ARENDEN generated ärenden with
# `lotsen seed-demo` into a fresh data directory (its own PostgreSQL cluster), starts
# `lotsen demo` on it, logs in as the förbund administrator and requests, one after the
# other, REPEAT times each: every figure table of one LOKUS group for one year and for the
# nulägesanalys period (1 July–30 June), of the whole förbund over all years and over a period
# cut mid-month at both ends, the XLSX export of the whole förbund over all years, and (with
# psql) the group's latest LOKUS meeting page, whose figures come from the same module. Prints p50,
# p99 and max of the time to the last byte (curl's time_total, on the same machine), and with
# psql on the PATH the EXPLAIN ANALYZE of the figures' two queries. See docs/benchmarks.md.
#
# Usage: bench/statistik.sh
# Environment (all optional):
#   ARENDEN=1000000        ärenden to seed before the server starts
#   REPEAT=50              requests per URL (the XLSX export: REPEAT / 5, at least 5)
#   LOKUS=STL YEAR=2025    the group-year measured
#   SKIP_BUILD=1           use the existing target/release/lotsen
#   KEEP=1                 keep the data directory (its path is printed)
#   DATA=/path/to/data     measure a data directory seeded before instead of seeding one
set -euo pipefail
cd "$(dirname "$0")/.."

ARENDEN=${ARENDEN:-1000000}
REPEAT=${REPEAT:-50}
LOKUS=${LOKUS:-STL}
YEAR=${YEAR:-2025}
BENCH_USER=forbund@demo.lotsen.example

command -v curl >/dev/null 2>&1 || { echo "bench/statistik.sh needs curl" >&2; exit 1; }
source bench/lib.sh
bench_binary
bench_workdir statistik

bench_seed

bench_start_server

bench_psql_vacuum "arende, arende_ersattning, arende_malgrupp, atgard, statistik_manad, statistik_handlaggare"
if [ -n "$HAVE_PSQL" ]; then
  "${PSQL[@]}" -At -c "select 'ärenden: ' || count(*) || ', åtgärder: ' || (select count(*) from atgard) from arende" >&2
fi

cookie=$(bench_login "$BENCH_USER")

TODAY=$(date +%F)
GROUP_YEAR="/statistik/nulagesanalys?lokus=$LOKUS&fran=$YEAR-01-01&till=$YEAR-12-31"
WHOLE="/statistik/nulagesanalys?fran=2000-01-01&till=$TODAY"
XLSX="$WHOLE&format=xlsx"

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

echo
echo "| request | n | p50 ms | p99 ms | max ms |"
echo "|---|---:|---:|---:|---:|"
measure "$LOKUS $YEAR, every table (page)" "$GROUP_YEAR" "$REPEAT"
measure "$LOKUS $YEAR, view by kön" "$GROUP_YEAR&vy=kon" "$REPEAT"
measure "$LOKUS $YEAR, CSV" "$GROUP_YEAR&format=csv" "$REPEAT"
measure "$LOKUS $YEAR, CSV suppressed" "$GROUP_YEAR&format=csv&undertryck=1" "$REPEAT"
measure "$LOKUS 1 July $((YEAR - 1)) – 30 June $YEAR (the nulägesanalys period)" "/statistik/nulagesanalys?lokus=$LOKUS&fran=$((YEAR - 1))-07-01&till=$YEAR-06-30" "$REPEAT"
measure "whole förbund, all years (page)" "$WHOLE" "$REPEAT"
measure "whole förbund, all years, CSV suppressed" "$WHOLE&format=csv&undertryck=1" "$REPEAT"
measure "whole förbund, 15 March 2019 – 10 June $YEAR (partial months)" "/statistik/nulagesanalys?fran=2019-03-15&till=$YEAR-06-10" "$REPEAT"
n_xlsx=$(( REPEAT / 5 )); [ "$n_xlsx" -ge 5 ] || n_xlsx=5
measure "whole förbund, all years, XLSX export" "$XLSX" "$n_xlsx"
measure "whole förbund, all years, XLSX suppressed" "$XLSX&undertryck=1" "$n_xlsx"
# This year's nulägesanalys round (the demo opens one): every group beside the whole förbund,
# suppressed as one publication.
measure "round $(date +%Y): all groups and the whole förbund, XLSX suppressed" "/nulagesanalys/$(date +%Y)/siffror.xlsx?undertryck=1" "$n_xlsx"
if [ -n "$HAVE_PSQL" ]; then
  # The LOKUS meeting page counts the group's ärenden since the previous meeting and this year.
  mote=$("${PSQL[@]}" -At -c "select m.mote_id from lokus_mote m join lokus_grupp g on g.forbund_id = m.forbund_id and g.lokus_id = m.lokus_id join forbund f on f.forbund_id = m.forbund_id where f.slug = 'fjardlunda' and g.kod = '$LOKUS' order by m.datum desc limit 1")
  if [ -n "$mote" ]; then
    cookie=$(bench_login koordinator@demo.lotsen.example)
    measure "LOKUS $LOKUS, latest meeting page (its figures)" "/lokus/$LOKUS/moten/$mote" "$REPEAT"
  fi
fi

if [ -n "$HAVE_PSQL" ]; then
  forbund=$("${PSQL[@]}" -At -c "select forbund_id from forbund where slug = 'fjardlunda'")
  lokus=$("${PSQL[@]}" -At -c "select lokus_id from lokus_grupp where forbund_id = '$forbund' and kod = '$LOKUS'")
  echo "-- ärenden in $LOKUS $YEAR: $("${PSQL[@]}" -At -c "select count(*) from arende where forbund_id = '$forbund' and lokus_id = '$lokus' and inkom between '$YEAR-01-01' and '$YEAR-12-31'")" >&2
  echo "-- ärenden in the whole förbund: $("${PSQL[@]}" -At -c "select count(*) from arende where forbund_id = '$forbund'")" >&2
  alla=$("${PSQL[@]}" -At -c "select array_agg(lokus_id) from lokus_grupp where forbund_id = '$forbund'")
  this_month=$(date +%Y-%m-01)
  this_year=$(date +%Y)
  # The two selections as the app cuts them (crates/domain/src/statistik/delning.rs): a
  # calendar year is one whole year; 2000-01-01 until today is whole years up to last year
  # and this year's months (no ärende lies after today, so this month counts as whole).
  for sel in "$LOKUS $YEAR|{$lokus}|'$YEAR-01-01' and '$YEAR-12-01'|true and h.borjar between '$YEAR-01-01' and '$YEAR-01-01' and h.arenden > 0" \
             "whole förbund|$alla|'2000-01-01' and '$this_month'|true and h.borjar between '2000-01-01' and '$((this_year - 1))-01-01' and h.arenden > 0 union all select h.part, h.enhet, h.handlaggare_id from statistik_handlaggare h where h.forbund_id = '$forbund' and h.lokus_id = any('$alla') and h.helt_ar = false and h.borjar between '$this_year-01-01' and '$this_month' and h.arenden > 0"; do
    IFS='|' read -r name groups months presence <<<"$sel"
    echo "-- EXPLAIN ANALYZE of the figures' two queries as the app runs them: $name" >&2
    "${PSQL[@]}" <<SQL >&2
begin;
set local role lotsen_app;
select set_config('app.forbund_id', '$forbund', true) \g /dev/null
\echo -- sums per dimension value, from the kept monthly sums
explain (analyze, buffers, costs off)
with s as (select m.dim, m.kod, m.kvinna, m.man, m.okant_kon, m.under_30, m.aldre, m.okand_alder, m.totalt
           from statistik_manad m where m.forbund_id = '$forbund' and m.lokus_id = any('$groups')
           and m.manad between $months)
select case when grouping(s.kod) = 1 then 'totalt' else s.dim end, nullif(s.kod, ''),
       coalesce(sum(s.kvinna), 0)::int8, coalesce(sum(s.man), 0)::int8, coalesce(sum(s.okant_kon), 0)::int8,
       coalesce(sum(s.totalt), 0)::int8, coalesce(sum(s.under_30), 0)::int8, coalesce(sum(s.aldre), 0)::int8,
       coalesce(sum(s.okand_alder), 0)::int8
from s group by grouping sets ((s.dim, s.kod), (s.dim)) having grouping(s.kod) = 0 or s.dim = 'part';
\echo -- unique handläggare, from the kept presence per year and month
explain (analyze, buffers, costs off)
with h as (select x.part, x.enhet, x.handlaggare_id from (
             select h.part, h.enhet, h.handlaggare_id from statistik_handlaggare h
             where h.forbund_id = '$forbund' and h.lokus_id = any('$groups') and h.helt_ar = $presence
           ) x(part, enhet, handlaggare_id) group by 1, 2, 3)
select count(distinct h.handlaggare_id) from h group by grouping sets ((h.part), (h.enhet), ());
rollback;
SQL
  done
fi
