#!/usr/bin/env bash
# Where a training step's time goes: runs one issue-6 model in nn4j (org.nn4j.bench.train.Nn4jTrain)
# under Linux perf and prints the hottest native and JIT-compiled functions of the training thread.
#
#   bench/profile-train.sh [--model mlp|lenet5|lstm] [--threads N] [--api layers|ops] [--top K]
#
# Needs bench/target/benchmarks.jar (mvn -pl bench -am package -DskipTests) and perf
# (apt-get install linux-perf). Kernel symbols (page faults, futex waits) show as [k]; oneDNN's
# jitted kernels appear as "[JIT] tid ..." addresses outside the Java code cache.
set -euo pipefail
cd "$(dirname "$0")/.."
model=lenet5 threads=1 api=layers top=25
while [ $# -gt 0 ]; do
  case "$1" in
    --model) model=$2; shift ;; --threads) threads=$2; shift ;; --api) api=$2; shift ;; --top) top=$2; shift ;;
    *) echo "profile-train.sh: unknown argument '$1' (see the header of this script)" >&2; exit 2 ;;
  esac
  shift
done
JAR=bench/target/benchmarks.jar
[ -f "$JAR" ] || { echo "profile-train.sh: $JAR is missing; run mvn -pl bench -am package -DskipTests" >&2; exit 1; }
command -v perf >/dev/null || { echo "profile-train.sh: perf is not installed (apt-get install linux-perf)" >&2; exit 1; }
OUT=bench/target/profile && mkdir -p "$OUT"
DATA=$OUT/$model-t$threads-$api.perf.data
OMP_NUM_THREADS=$threads perf record -q -F 1999 -o "$DATA" -- \
  java -XX:+UnlockDiagnosticVMOptions -XX:+DumpPerfMapAtExit -cp "$JAR" org.nn4j.bench.train.Nn4jTrain \
  --model "$model" --threads "$threads" --api "$api" --warmup 50 --warmup-seconds 3 --steps 1000 --max-seconds 8 \
  | tail -1 | cut -c1-400
echo "== share of samples by thread kind and library (\"java\" = the training thread and nn4j's pool workers;"
echo "   the JIT compiler threads show how much warm-up is still going on)"
perf report -i "$DATA" --no-children --sort comm,dso 2>/dev/null | grep -v '^#' | grep -v '^$' | head -10
echo "== hottest $top functions"
perf report -i "$DATA" --no-children --comm java --sort dso,sym 2>/dev/null | grep -v '^#' | grep -v '^$' \
  | head -"$top" | cut -c1-180
