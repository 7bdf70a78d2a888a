# Shared setup of the bench scripts (sourced from bench/run.sh, bench/arenden.sh, bench/deltagare.sh and
# bench/statistik.sh, from the repository root): the release binary, a free port, a work
# directory and a server that are cleaned up on exit, and logins.
#
# Variables read: SKIP_BUILD (use the existing binary), KEEP (keep a seeded data directory),
# DATA (a data directory seeded before, never removed). Variables set: BIN, WORK, PORT, BASE,
# SERVER_PID, LOTSEN_DATA_DIR (exported).

# Builds the release binary unless SKIP_BUILD is set, and sets BIN.
bench_binary() {
  if [ -z "${SKIP_BUILD:-}" ] && [ -z "${BIN:-}" ]; then
    cargo build --release -p lotsen
  fi
  # BIN=/path/to/lotsen measures another build (e.g. the one before a change) without building.
  BIN=${BIN:-target/release/lotsen}
  [ -x "$BIN" ] || { echo "$BIN is missing; run cargo build --release -p lotsen" >&2; exit 1; }
}

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

# Creates the work directory (lotsen-bench-NAME.* under TMPDIR) and picks the port; the data
# directory is DATA or one inside the work directory. Installs the exit traps.
bench_workdir() {
  WORK=$(mktemp -d "${TMPDIR:-/tmp}/lotsen-bench-$1.XXXXXX")
  chmod 755 "$WORK" # the embedded cluster runs as the postgres user when we are root
  export LOTSEN_DATA_DIR="${DATA:-$WORK/data}"
  PORT=$(free_port)
  BASE="http://127.0.0.1:$PORT"
  SERVER_PID=""
  trap bench_cleanup EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
}

# Stops the server (which stops its cluster), shows its log's end after a failure, and removes
# the work directory unless KEEP asks to keep a data directory seeded here.
bench_cleanup() {
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
  if [ -n "${KEEP:-}" ] && [ -z "${DATA:-}" ]; then
    echo "Data directory kept: $WORK/data" >&2
  else
    rm -rf "$WORK" # never DATA, which lies elsewhere
  fi
  exit "$status"
}

# Seeds ARENDEN generated ärenden into the data directory with `lotsen seed-demo` (which starts
# the cluster, loads the demo and its ärenden first, and stops it), unless DATA names one seeded
# before.
bench_seed() {
  [ -z "${DATA:-}" ] || return 0
  echo "Seeding $ARENDEN ärenden …" >&2
  local started seed_ms
  started=$(date +%s%N)
  env -u DATABASE_URL NO_COLOR=1 "$BIN" seed-demo --arenden "$ARENDEN" >"$WORK/seed.log" 2>&1 \
    || { cat "$WORK/seed.log" >&2; exit 1; }
  seed_ms=$(( ($(date +%s%N) - started) / 1000000 ))
  grep -v ' INFO ' "$WORK/seed.log" >&2 || true
  echo "lotsen seed-demo --arenden $ARENDEN took ${seed_ms} ms (wall clock, with cluster start and stop)" >&2
}

# Starts `lotsen demo` on the port and data directory and waits until it is ready (a seeded
# data directory may first run its pending migrations: up to a minute).
bench_start_server() {
  env -u DATABASE_URL LOTSEN_ADDR="127.0.0.1:$PORT" NO_COLOR=1 "$BIN" demo >"$WORK/server.log" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 1 600); do
    if curl -fsS -o /dev/null "$BASE/halsa/redo" 2>/dev/null; then return 0; fi
    kill -0 "$SERVER_PID" 2>/dev/null || { echo "lotsen demo exited early" >&2; exit 1; }
    sleep 0.1
  done
  curl -fsS -o /dev/null "$BASE/halsa/redo" || { echo "lotsen demo did not become ready" >&2; exit 1; }
}

# With psql on the PATH: sets PSQL (the owner on the cluster's socket) and HAVE_PSQL=1, and
# vacuums (analyze) TABLES as autovacuum does shortly after a load, so that every run measures
# the steady state (index-only scans that need not visit the table).
bench_psql_vacuum() {
  local socket="$LOTSEN_DATA_DIR/pg/run" started
  HAVE_PSQL=""
  if ! command -v psql >/dev/null 2>&1 || [ ! -d "$socket" ]; then return 0; fi
  HAVE_PSQL=1
  PSQL=(psql -X -q -h "$socket" -U lotsen -d lotsen -v ON_ERROR_STOP=1)
  started=$(date +%s%N)
  "${PSQL[@]}" -c "vacuum (analyze) $1"
  echo "vacuum (analyze) of $1 took $(( ($(date +%s%N) - started) / 1000000 )) ms" >&2
}

# Logs in as EMAIL with the demo password and prints the new session's cookie value.
bench_login() {
  local cookie
  cookie=$(curl -sS -o /dev/null -D - \
      --data-urlencode "epost=$1" --data-urlencode "losenord=demo-lotsen-2026" \
      "$BASE/logga-in" | tr -d '\r' | sed -n 's/^[Ss]et-[Cc]ookie: lotsen_session=\([^;]*\).*/\1/p')
  [ -n "$cookie" ] || { echo "logging in as $1 failed" >&2; exit 1; }
  echo "$cookie"
}

# Logs in N times as EMAIL into FILE, one distinct session cookie per line.
bench_sessions() {
  local n=$1 email=$2 file=$3
  : >"$file"
  for _ in $(seq 1 "$n"); do
    bench_login "$email" >>"$file"
  done
  [ "$(sort -u "$file" | wc -l)" -eq "$n" ] || { echo "sessions are not distinct" >&2; exit 1; }
}
