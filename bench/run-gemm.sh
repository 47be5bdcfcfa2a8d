#!/usr/bin/env bash
# Builds the benchmarks and runs the GEMM comparison (nn4j vs oneDNN vs plain Java) at 1 and 2
# threads plus the JNI-overhead benchmark, then prints a GFLOP/s table. Short JMH settings by
# default (the machine is small and shared, so expect noise; repeat for anything you quote).
#
#   bench/run-gemm.sh              build, then run everything (31 JMH forks of ~10 s each, plus checks;
#                                  about 15 minutes on the shared 2-core development machine)
#   bench/run-gemm.sh --no-build   reuse bench/target/benchmarks.jar
# Environment:
#   JMH_OPTS        JMH options      (default: -wi 3 -i 5 -f 1 -w 1s -r 1s)
#   SHAPES          comma-separated MxKxN[:TN] shapes for nn4j/oneDNN only (skips the Java loop)
#   NN4J_CLOCK_GHZ  core clock for the peak estimate (default 2.6, see bench/RESULTS.md)
#   MVN_FLAGS       extra Maven flags for the build, e.g. -o
set -euo pipefail
cd "$(dirname "$0")/.."

build=1
for arg in "$@"; do
  case "$arg" in
    --no-build) build=0 ;;
    *) echo "run-gemm.sh: unknown argument '$arg' (expected --no-build)" >&2; exit 2 ;;
  esac
done

JMH_OPTS=${JMH_OPTS:--wi 3 -i 5 -f 1 -w 1s -r 1s}
JAR=bench/target/benchmarks.jar
OUT=bench/target/jmh
CORES=$(nproc)
CLOCK=${NN4J_CLOCK_GHZ:-2.6}
# float32 peak = cores x 2 FMA pipes x 8 lanes x 2 FLOPs x clock (AVX2 + FMA, no AVX-512)
PEAK=$(awk -v c="$CORES" -v f="$CLOCK" 'BEGIN { printf "%.1f", c * 32 * f }')

if [ "$build" = 1 ]; then
  echo "== building (mvn -pl bench -am package)"
  # shellcheck disable=SC2086
  mvn -B -q ${MVN_FLAGS:-} -pl bench -am package -DskipTests
fi
[ -f "$JAR" ] || { echo "run-gemm.sh: $JAR is missing; run without --no-build" >&2; exit 1; }
mkdir -p "$OUT"

echo "== machine: $(lscpu | sed -n 's/^Model name: *//p'), $CORES cores, $(java -version 2>&1 | head -1)"
echo "== peak estimate: $CORES cores x 32 FLOP/cycle x $CLOCK GHz = $PEAK GFLOP/s"
if command -v gcc >/dev/null && grep -qw fma /proc/cpuinfo; then
  gcc -O2 -mavx2 -mfma bench/src/main/c/fma_peak.c -o "$OUT/fma_peak" && "$OUT/fma_peak" || true
fi

echo "== threads really used (1024^3 GEMM for ~2 s each)"
for t in 1 2; do
  OMP_NUM_THREADS=$t java -cp "$JAR" org.nn4j.bench.ThreadCheck "$t"
done

shape_opt=()
java_regex='GemmBench\.(nn4j|dnnl|java)$'
if [ -n "${SHAPES:-}" ]; then
  shape_opt=(-p "shape=$SHAPES")
  java_regex='GemmBench\.(nn4j|dnnl)$'
fi

run_pass() {  # threads regex csv
  local t=$1 regex=$2 csv=$3
  echo "== JMH $regex threads=$t (log: $OUT/$(basename "$csv" .csv).log)"
  # shellcheck disable=SC2086
  OMP_NUM_THREADS=$t java -jar "$JAR" "$regex" -p "threads=$t" "${shape_opt[@]}" $JMH_OPTS \
    -rf csv -rff "$csv" > "$OUT/$(basename "$csv" .csv).log" 2>&1 \
    || { tail -40 "$OUT/$(basename "$csv" .csv).log"; exit 1; }
}
run_pass 1 "$java_regex" "$OUT/gemm-t1.csv"
run_pass 2 'GemmBench\.(nn4j|dnnl)$' "$OUT/gemm-t2.csv"

echo "== JMH JniOverheadBench (log: $OUT/jni.log)"
# shellcheck disable=SC2086
OMP_NUM_THREADS=1 java -jar "$JAR" JniOverheadBench $JMH_OPTS -rf csv -rff "$OUT/jni.csv" > "$OUT/jni.log" 2>&1 \
  || { tail -40 "$OUT/jni.log"; exit 1; }

echo
java -cp "$JAR" org.nn4j.bench.GemmReport "$PEAK" "$OUT/gemm-t1.csv" "$OUT/gemm-t2.csv"
echo
echo "JNI overhead (ns per call):"
sed -n '/^Benchmark/,$p' "$OUT/jni.log"
