#!/usr/bin/env python3
"""Training throughput of the three issue-6 models in PyTorch (CPU), for comparison with nn4j.

Models (the same in nn4j's Nn4jTrain and DL4J's Dl4jTrain):
  mlp     784-256-256-10, ReLU, batch 64
  lenet5  conv 5x5x6 pad 2 on 1x28x28, maxpool 2, conv 5x5x16, maxpool 2, dense 120, 84, 10;
          ReLU after every conv and hidden dense layer; batch 64
  lstm    LSTM(128) over T=50 steps of F=32 features, dense head 128 -> 10 on the last
          hidden state; batch 32
All: softmax cross-entropy (mean over the batch), plain SGD, lr 0.01, float32, synthetic
seeded data (4 batches of N(0, 1) inputs and uniform labels, cycled).

Per timed step: forward (model + loss), backward (loss.backward()), optimizer (step + zero_grad),
each with its own timer; glue is the step's wall time minus those three (batch selection, loop).
Prints one JSON line. Without torch it prints a note and exits 0.

  /usr/bin/python3 bench/peers/pytorch_train.py --model mlp --threads 1 --warmup 20 --steps 100
"""
import argparse
import json
import os
import sys
import time

BATCH = {"mlp": 64, "lenet5": 64, "lstm": 32}
POOL = 4          # distinct synthetic batches, cycled
LR = 0.01


def build(nn, model):
    """One function per model: the network, and the shape of one input batch."""
    if model == "mlp":
        net = nn.Sequential(nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 256), nn.ReLU(), nn.Linear(256, 10))
        return net, (BATCH[model], 784)
    if model == "lenet5":
        net = nn.Sequential(
            nn.Conv2d(1, 6, 5, padding=2), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(6, 16, 5), nn.ReLU(), nn.MaxPool2d(2),
            nn.Flatten(),
            nn.Linear(16 * 5 * 5, 120), nn.ReLU(), nn.Linear(120, 84), nn.ReLU(), nn.Linear(84, 10))
        return net, (BATCH[model], 1, 28, 28)
    if model == "lstm":
        class LstmClassifier(nn.Module):
            def __init__(self):
                super().__init__()
                self.lstm = nn.LSTM(32, 128, batch_first=True)
                self.head = nn.Linear(128, 10)

            def forward(self, x):
                out, _ = self.lstm(x)
                return self.head(out[:, -1])
        return LstmClassifier(), (BATCH[model], 50, 32)
    raise ValueError(model)


def blas_library():
    """The BLAS shared object this process loaded (Debian: openblas-pthread, or the ~50x slower
    reference BLAS when libopenblas0-pthread is missing)."""
    try:
        with open("/proc/self/maps") as f:
            libs = {line.split()[-1] for line in f if "libblas" in line or "openblas" in line}
    except OSError:
        return "unknown"
    if not libs:
        return "none"
    blas = sorted(libs)[0]
    if "/blas/" in blas:
        print("pytorch_train.py: WARNING: PyTorch uses the reference BLAS %s; install libopenblas0-pthread"
              % blas, file=sys.stderr)
    return os.path.basename(os.path.dirname(blas)) + "/" + os.path.basename(blas)


def thread_ticks():
    """utime + stime of every thread of this process (clock ticks), by thread id; {} without /proc."""
    out = {}
    try:
        tids = os.listdir("/proc/self/task")
    except OSError:
        return out
    for tid in tids:
        try:
            with open("/proc/self/task/%s/stat" % tid) as f:
                fields = f.read().rsplit(")", 1)[1].split()
            out[tid] = int(fields[11]) + int(fields[12])
        except (OSError, IndexError, ValueError):
            pass  # the thread ended meanwhile
    return out


def busy_threads(before, after):
    """Threads that did at least a quarter of the busiest one's work (the rule of BusyThreads.java)."""
    if not before or not after:
        return -1
    used = [v - before.get(k, 0) for k, v in after.items()]
    busiest = max(used)
    return sum(1 for d in used if d > 0 and d * 4 >= busiest)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--model", choices=sorted(BATCH), required=True)
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--warmup", type=int, default=20)
    p.add_argument("--steps", type=int, default=100)
    p.add_argument("--seed", type=int, default=42)
    p.add_argument("--warmup-seconds", type=float, default=0,
                   help="warm-up also lasts at least this long")
    p.add_argument("--max-seconds", type=float, default=0,
                   help="cut warm-up (after 2 steps) and timing (after 3) short after this long; 0 = never")
    a = p.parse_args()
    # OpenBLAS (Debian's torch does its GEMMs there) and OpenMP read these when loaded
    for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ[var] = str(a.threads)
    try:
        import torch
        from torch import nn
    except ImportError:
        print("pytorch_train.py: PyTorch is not installed (Debian: apt-get install python3-torch "
              "libopenblas0-pthread); skipping the PyTorch peer", file=sys.stderr)
        return 0

    torch.set_num_threads(a.threads)
    torch.set_num_interop_threads(1)
    torch.manual_seed(a.seed)
    net, shape = build(nn, a.model)
    net.train()
    xs = [torch.randn(*shape) for _ in range(POOL)]
    ys = [torch.randint(0, 10, (shape[0],)) for _ in range(POOL)]
    loss_fn = nn.CrossEntropyLoss()
    opt = torch.optim.SGD(net.parameters(), lr=LR)

    clock = time.perf_counter
    times = [0.0, 0.0, 0.0]  # forward, backward, optimizer

    def step(i):
        x, y = xs[i % POOL], ys[i % POOL]
        t0 = clock()
        loss = loss_fn(net(x), y)
        t1 = clock()
        loss.backward()
        t2 = clock()
        opt.step()
        opt.zero_grad(set_to_none=False)
        t3 = clock()
        times[0] += t1 - t0
        times[1] += t2 - t1
        times[2] += t3 - t2
        return loss

    # warm-up: --warmup steps and --warmup-seconds, cut short (after 2 steps) past --max-seconds
    # (the same rule as TrainArgs.warmupDone of the JVM peers)
    loss_first = None
    t_start = clock()
    i = 0
    while True:
        elapsed = clock() - t_start
        if (i >= a.warmup and elapsed >= a.warmup_seconds) or (i >= 2 and a.max_seconds and elapsed > a.max_seconds):
            break
        loss = step(i)
        if i == 0:
            loss_first = loss.item()
        i += 1
    times[:] = [0.0, 0.0, 0.0]
    # timed: --steps steps, cut short (after 3) once --max-seconds have passed
    ticks0 = thread_ticks()
    t_start, cpu_start = clock(), time.process_time()
    n = 0
    while n < a.steps and not (n >= 3 and a.max_seconds and clock() - t_start > a.max_seconds):
        loss = step(i + n)
        if loss_first is None:
            loss_first = loss.item()
        n += 1
    wall, cpu = clock() - t_start, time.process_time() - cpu_start
    busy = busy_threads(ticks0, thread_ticks())
    fwd, bwd, upd = times
    loss_last = loss.item()
    step_ms = wall * 1e3 / n
    out = {
        "peer": "pytorch", "version": torch.__version__, "model": a.model, "threads": a.threads,
        "batch": shape[0], "warmup": i, "steps": n,
        "examples_per_s": round(shape[0] * n / wall, 1),
        "step_ms": round(step_ms, 4),
        "forward_ms": round(fwd * 1e3 / n, 4), "backward_ms": round(bwd * 1e3 / n, 4),
        "optimizer_ms": round(upd * 1e3 / n, 4),
        "glue_ms": round(step_ms - (fwd + bwd + upd) * 1e3 / n, 4),
        "cpu_per_wall": round(cpu / wall, 3), "busy_threads": busy,
        "loss_first": round(loss_first, 5), "loss_last": round(loss_last, 5),
        # the LSTM has 512 more than nn4j's and DL4J's: PyTorch keeps two bias vectors, b_ih + b_hh
        "params": sum(q.numel() for q in net.parameters()),
        "blas": blas_library(),
    }
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
