#!/usr/bin/env bash
# End-to-end training throughput of the issue-6 models (MLP 784-256-256-10 b64, LeNet-5 b64,
# LSTM(128) T=50 F=32 b32; softmax cross-entropy, plain SGD lr 0.01, synthetic seeded data) in
# nn4j (org.nn4j.bench.train.Nn4jTrain), PyTorch (bench/peers/pytorch_train.py) and
# Deeplearning4j 1.0.0-M2.1 (org.nn4j.bench.peers.Dl4jTrain, Maven profile dl4j), each run in a
# fresh process with 1 and 2 threads, peers interleaved, several rounds. Prints the medians
# (examples/s and the forward / backward / optimizer / glue split per step), nn4j's cold start,
# and, last, the two machine-readable lines
#   nn4j-vs-pytorch mlp=<r> lenet5=<r> lstm=<r>
#   nn4j-vs-dl4j mlp=<r> lenet5=<r> lstm=<r>
# with r = nn4j's best examples/s (of the thread counts) / the peer's best.
#
#   bench/train-throughput.sh            3 rounds; per run >= 20 warm-up steps and >= 5 s, then up to
#                                        1000 timed steps; each phase cut at 10 s
#   bench/train-throughput.sh --quick    1 round, short runs (about 2 minutes on a quiet 2-core machine;
#                                        far longer on a loaded one, where a DL4J LSTM step takes seconds)
# Options (after --quick, to override it): --rounds R, --warmup W (steps), --warmup-seconds S (the
# warm-up lasts at least that long too: the JIT needs time), --steps S, --max-seconds T (cuts a run's
# warm-up after 2 steps and its timing after 3 once T seconds passed; 0 = never),
# --threads 1,2, --models mlp,lenet5,lstm, --peers nn4j,pytorch,dl4j, --no-build.
# Environment: PYTHON (default /usr/bin/python3, the Debian python3-torch), MVN_FLAGS (e.g. -o),
# RUN_TIMEOUT (seconds per process, default 900), NN4J_OPTS (extra Nn4jTrain options, e.g. --arena-mb 64, or
# --api ops to train raw ops instead of the Sequential layers). bench/profile-train.sh shows where a step's time goes.
# PyTorch needs `apt-get install python3-torch libopenblas0-pthread`; without it that peer is
# skipped with a note (ratios n/a). Raw JSON lines and logs go to bench/target/train-throughput/.
set -euo pipefail
cd "$(dirname "$0")/.."

rounds=3 warmup=20 warmsec=5 steps=1000 maxsec=10 build=1
threads=1,2 models=mlp,lenet5,lstm peers=nn4j,pytorch,dl4j
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) rounds=1 warmup=5 warmsec=1 steps=300 maxsec=2 ;;
    --no-build) build=0 ;;
    --rounds|--warmup|--warmup-seconds|--steps|--max-seconds|--threads|--models|--peers)
      [ $# -ge 2 ] || { echo "train-throughput.sh: $1 needs a value" >&2; exit 2; }
      case "$1" in
        --rounds) rounds=$2 ;; --warmup) warmup=$2 ;; --warmup-seconds) warmsec=$2 ;;
        --steps) steps=$2 ;; --max-seconds) maxsec=$2 ;;
        --threads) threads=$2 ;; --models) models=$2 ;; --peers) peers=$2 ;;
      esac
      shift ;;
    *) echo "train-throughput.sh: unknown argument '$1' (see the header of this script)" >&2; exit 2 ;;
  esac
  shift
done

JAR=bench/target/benchmarks.jar
DL4J_DIR=bench/target/dl4j
OUT=bench/target/train-throughput/$(date -u +%Y%m%dT%H%M%SZ)
mkdir -p "$OUT"
RESULTS=$OUT/results.jsonl
: > "$RESULTS"
TIMEOUT=${RUN_TIMEOUT:-900}
if [ -z "${PYTHON:-}" ]; then
  if [ -x /usr/bin/python3 ]; then PYTHON=/usr/bin/python3; else PYTHON=python3; fi
fi
has_peer() { [[ ",$peers," == *",$1,"* ]]; }

# ---------------------------------------------------------------------------------- build
if [ "$build" = 1 ]; then
  echo "== building nn4j and the benchmarks (mvn -pl bench -am package)"
  # shellcheck disable=SC2086
  mvn -B -q ${MVN_FLAGS:-} -pl bench -am package -DskipTests
fi
[ -f "$JAR" ] || { echo "train-throughput.sh: $JAR is missing; run without --no-build" >&2; exit 1; }

dl4j_ok=0
if has_peer dl4j; then
  stale=1
  if [ -f "$DL4J_DIR/classpath.txt" ] && [ -z "$(find bench/pom.xml bench/src/dl4j bench/src/main/java/org/nn4j/bench/train \
        -newer "$DL4J_DIR/classpath.txt" -type f 2>/dev/null | head -1)" ]; then
    stale=0
  fi
  if [ "$stale" = 1 ] && [ "$build" = 1 ]; then
    echo "== building the DL4J peer (mvn -pl bench -P dl4j compile; the first time downloads ~400 MB)"
    # without -am first: it needs nn4j only in the local repository; -am builds it when it is not there
    # shellcheck disable=SC2086
    mvn -B -q ${MVN_FLAGS:-} -pl bench -P dl4j compile >"$OUT/dl4j-build.log" 2>&1 \
      || mvn -B -q ${MVN_FLAGS:-} -pl bench -am -P dl4j compile >>"$OUT/dl4j-build.log" 2>&1 \
      || echo "== DL4J peer: build failed, skipped (see $OUT/dl4j-build.log)"
  fi
  if [ -f "$DL4J_DIR/classpath.txt" ]; then dl4j_ok=1
  else echo "== DL4J peer: $DL4J_DIR/classpath.txt missing (run without --no-build); skipped"; fi
fi

torch_ok=0
if has_peer pytorch; then
  if "$PYTHON" -c 'import torch' 2>/dev/null; then torch_ok=1
  else "$PYTHON" bench/peers/pytorch_train.py --model mlp || true; fi
fi

# ------------------------------------------------------------------------------------ run
# one training process; appends its JSON line to $RESULTS
run_one() {  # peer model threads round
  local peer=$1 model=$2 t=$3 r=$4 log="$OUT/$1-$2-t$3-r$4.log" cmd
  local common=(--model "$model" --threads "$t" --warmup "$warmup" --warmup-seconds "$warmsec" --steps "$steps"
                --max-seconds "$maxsec")
  case "$peer" in
    # shellcheck disable=SC2206
    nn4j) cmd=(java -cp "$JAR" org.nn4j.bench.train.Nn4jTrain "${common[@]}" ${NN4J_OPTS:-}) ;;
    pytorch) cmd=("$PYTHON" bench/peers/pytorch_train.py "${common[@]}") ;;
    dl4j) cmd=(java -cp "$DL4J_DIR/classes:$(cat "$DL4J_DIR/classpath.txt")" org.nn4j.bench.peers.Dl4jTrain "${common[@]}") ;;
  esac
  if OMP_NUM_THREADS=$t OPENBLAS_NUM_THREADS=$t MKL_NUM_THREADS=$t timeout "$TIMEOUT" "${cmd[@]}" >"$log" 2>&1 \
      && grep -q '^{' "$log"; then
    grep '^{' "$log" | tail -1 | tee -a "$RESULTS" | sed "s/^/   r$r /" | cut -c1-160
  else
    echo "   r$r $peer $model threads=$t FAILED (see $log)"
  fi
}

active=()
has_peer nn4j && active+=(nn4j)
[ "$torch_ok" = 1 ] && active+=(pytorch)
[ "$dl4j_ok" = 1 ] && active+=(dl4j)
echo "== machine: $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "== peers: ${active[*]}; models $models; threads $threads; $rounds round(s); warm-up $warmup steps and ${warmsec}s, steps $steps, cap ${maxsec}s"
IFS=, read -r -a model_list <<<"$models"
IFS=, read -r -a thread_list <<<"$threads"
n=${#active[@]}
for ((r = 1; r <= rounds; r++)); do
  for model in "${model_list[@]}"; do
    for t in "${thread_list[@]}"; do
      # the peers alternate, and each round starts with the next one, so slow drifts in the
      # machine's load do not always fall on the same peer
      for ((k = 0; k < n; k++)); do
        run_one "${active[$(((k + r - 1) % n))]}" "$model" "$t" "$r"
      done
    done
  done
done

# cold start: JVM launch to the end of the first MLP training batch (nn4j)
if has_peer nn4j; then
  for ((r = 1; r <= rounds; r++)); do
    log="$OUT/nn4j-coldstart-r$r.log"
    if OMP_NUM_THREADS=1 java -Dnn4j.bench.launchMs="$(date +%s%3N)" -cp "$JAR" org.nn4j.bench.train.Nn4jTrain \
        --cold-start --threads 1 >"$log" 2>&1; then
      grep '^{' "$log" | tail -1 >>"$RESULTS"
    else
      echo "   cold start run $r FAILED (see $log)"
    fi
  done
fi
echo "== load average at the end: $(cut -d' ' -f1-3 /proc/loadavg); raw results: $RESULTS"
echo
java -cp "$JAR" org.nn4j.bench.train.TrainTable "$RESULTS" | tee "$OUT/table.txt"
