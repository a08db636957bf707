#!/usr/bin/env bash
# CPU cost per flow of the whole input path (receive → decode → event map → consumer → test-kit event copy →
# counting filter), not a CI test; see README "Benchmark: CPU per flow".
# Starts InputBenchServer (the input under the test kit's PipelineDriver, as bench/flowcodec-bench.sh does), warms
# it up, then sends the same flowgen stream several times at one fixed rate and reports, per run, the flows sent and
# consumed and the collector process's CPU time (user + system from /proc) per flow. CPU time, unlike a wall rate,
# is comparable while other work shares the machine.
#
#   bench/input-cpu-per-flow.sh [--rate 100000] [--duration 15] [--runs 3] [--workers 2] [--protocol v9]
#                               [--jfr FILE]    (records a JFR profile of the measured runs into FILE)
#
# Needs: dist/flowcodec-tools.jar and the test classpath (the script builds both unless SKIP_BUILD=1).
# BENCH_CLASSPATH=... measures another build of InputBenchServer and the input (flowgen stays dist/'s).
set -euo pipefail
cd "$(dirname "$0")/.."
MODULE_DIR=$PWD
RATE=100000
DURATION=15
RUNS=3
WORKERS=2
PROTOCOL=v9
JFR=
while [ $# -gt 0 ]; do
  case "$1" in
    --rate) RATE=$2; shift 2 ;;
    --duration) DURATION=$2; shift 2 ;;
    --runs) RUNS=$2; shift 2 ;;
    --workers) WORKERS=$2; shift 2 ;;
    --protocol) PROTOCOL=$2; shift 2 ;;
    --jfr) JFR=$2; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done

if [ "${SKIP_BUILD:-0}" != 1 ]; then
  (cd .. && mvn -B -q -pl logstash-input-flowcodec -am package -DskipTests dependency:build-classpath \
      -Dmdep.includeScope=test -Dmdep.outputFile=target/classpath.txt >/dev/null)
fi
TOOLS=$MODULE_DIR/../dist/flowcodec-tools.jar
# BENCH_CLASSPATH runs another build of the same classes instead (e.g. a copy of an earlier commit's, for before/after)
CP=${BENCH_CLASSPATH:-$MODULE_DIR/target/test-classes:$MODULE_DIR/target/classes:$(cat "$MODULE_DIR/target/classpath.txt")}
WORK=$(mktemp -d /tmp/flowcodec-cpu.XXXXXX)
PORT=$((20000 + RANDOM % 20000))
TCK=$(getconf CLK_TCK)
CHILD=
cleanup() { [ -n "$CHILD" ] && kill "$CHILD" 2>/dev/null || true; }
trap cleanup EXIT

json() { sed -n "s/.*\"$2\":\([0-9.]*\).*/\1/p" <<<"$1"; }
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
consumed() { json "$(tail -n 1 "$WORK/input.out")" events_consumed; }
settle() { # waits until the consumed count stops moving
  local last=-1 now
  now=$(consumed)
  while [ "$now" != "$last" ]; do last=$now; sleep 1; now=$(consumed); done
}

java -Xmx1g -cp "$CP" org.elkflow.flowcodec.bench.InputBenchServer "$PORT" "$WORKERS" 65536 2 \
    >"$WORK/input.out" 2>"$WORK/input.err" &
CHILD=$!
for _ in $(seq 1 100); do [ -s "$WORK/input.out" ] && break; sleep 0.2; done
# warm-up (JIT), not measured
java -jar "$TOOLS" flowgen --target "127.0.0.1:$PORT" --protocol "$PROTOCOL" --flows-per-second "$RATE" \
    --duration 10 --seed 1 >/dev/null
settle
if [ -n "$JFR" ]; then
  jcmd "$CHILD" JFR.start name=cpu settings=profile filename="$JFR" >/dev/null
fi
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
for run in $(seq 1 "$RUNS"); do
  before=$(consumed); cpu0=$(cpu_ticks "$CHILD"); line0=$(tail -n 1 "$WORK/input.out")
  sent=$(java -jar "$TOOLS" flowgen --target "127.0.0.1:$PORT" --protocol "$PROTOCOL" --flows-per-second "$RATE" \
      --duration "$DURATION" --seed 7)
  settle
  after=$(consumed); cpu=$(( $(cpu_ticks "$CHILD") - cpu0 )); line1=$(tail -n 1 "$WORK/input.out")
  records=$(json "$sent" records); got=$((after - before))
  awk -v r="$run" -v s="$records" -v g="$got" -v t="$cpu" -v k="$TCK" -v d="$DURATION" 'BEGIN {
    printf "run %d: sent %d flows, consumed %d (loss %.3f%%), CPU %.2f s = %.0f%% of one core, %.2f us CPU per flow, %.2f CPU-s per 100k flows\n",
      r, s, g, (s - g) / s * 100, t / k, t / k / d * 100, t / k / g * 1e6, t / k / g * 1e5 }'
  # the same split by thread role (InputBenchServer's counters, ms): "other" is GC, JIT and the rest of the JVM
  per_flow() { awk -v a="$(json "$line0" "$1")" -v b="$(json "$line1" "$1")" -v g="$got" 'BEGIN {printf "%.2f", (b - a) * 1000 / g}'; }
  dw=$(per_flow cpu_ms_decode_workers); em=$(per_flow cpu_ms_emit_threads); rd=$(per_flow cpu_ms_readers)
  pw=$(per_flow cpu_ms_pipeline_workers); pr=$(per_flow cpu_ms_process)
  echo "       us CPU per flow by role: decode threads (decode, map) $dw, emit threads (consumer copy, queue put)" \
       "$em, readers $rd, pipeline workers $pw, other (GC, JIT, JVM)" \
       "$(awk -v p="$pr" -v a="$dw" -v e="$em" -v b="$rd" -v c="$pw" 'BEGIN {printf "%.2f", p - a - e - b - c}'), process $pr"
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
if [ -n "$JFR" ]; then
  jcmd "$CHILD" JFR.stop name=cpu >/dev/null
  echo "JFR recording: $JFR"
fi
kill "$CHILD"; wait "$CHILD" 2>/dev/null || true; CHILD=
