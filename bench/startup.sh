#!/usr/bin/env bash
# Measures time-to-ready of `lotsen demo` (first start with initdb, later starts) and idle RSS.
# Usage: cargo build --release -p lotsen && bench/startup.sh
set -euo pipefail
BIN=${BIN:-$(cd "$(dirname "$0")/.." && pwd)/target/release/lotsen}
DIR=$(mktemp -d /tmp/lotsen-measure-XXXX); chmod 755 "$DIR"
PORT=8177
ready() { curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT/halsa/redo" 2>/dev/null | grep -q 200; }
run() {
  local t0=$(date +%s%N)
  LOTSEN_DATA_DIR=$DIR LOTSEN_ADDR=127.0.0.1:$PORT "$BIN" demo >/dev/null 2>&1 &
  PID=$!
  until ready; do kill -0 $PID || { echo "lotsen exited" >&2; exit 1; }; sleep 0.02; done
  local t1=$(date +%s%N)
  MS=$(( (t1 - t0) / 1000000 ))
}
stop() { kill -TERM $PID; wait $PID || true; }
run; first=$MS; sleep 3
rss=$(awk '/VmRSS/{print $2}' /proc/$PID/status)
pg=$(ps -o rss= -C postgres --sort=pid | awk -v d="$DIR" 'BEGIN{s=0}{s+=$1}END{print s}')
stop
later=()
for i in 1 2 3; do run; later+=($MS); stop; done
echo "first start (initdb + migrate + demo): ${first} ms"
echo "later starts: ${later[*]} ms"
echo "idle RSS lotsen: ${rss} kB"
rm -rf "$DIR"
