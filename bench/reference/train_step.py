"""Reference for bench_train_step: training steps per second of the PyTorch
port (rssm_port.py) with the default configuration on a FACTR buffer, and the
share of a step spent sampling its batch. Prints one JSON line.

    /usr/bin/python3 train_step.py BUF [--set key=value]... [--threads N]
        [--blas-threads N] [--steps N] [--warmup N] [--split]
        [--runtime same|pytorch] [--foreach] [--profile FILE]

--set takes the C++ config's keys, as bench_train_step does: model.* keys set
the port's ModelOptions field of the same name, data.seq_len and
training.batch_size the window length and batch.

--runtime same (the default) sets what the C++ side's RuntimeSetup.cpp sets:
OpenBLAS kept to one thread (LibTorch's intra-op threads already split the
work; --blas-threads changes that, as bench_train_step's option does) and
glibc keeping freed tensor memory mapped; --runtime pytorch leaves PyTorch's
own defaults (OpenBLAS on every core, glibc's malloc settings). --split uses
the C++ observe()'s algebra for the first layers; --foreach Adam's
multi-tensor update. --profile writes a torch.profiler table of the timed steps.
"""
import argparse
import ctypes
import json
import os
import sys
import time

parser = argparse.ArgumentParser()
parser.add_argument("buffer")
parser.add_argument("--threads", type=int, default=1)
parser.add_argument("--blas-threads", type=int, default=1)
parser.add_argument("--steps", type=int, default=30)
parser.add_argument("--warmup", type=int, default=5)
parser.add_argument("--batch", type=int, default=64)
parser.add_argument("--seq-len", type=int, default=64)
parser.add_argument("--set", action="append", default=[])
parser.add_argument("--split", action="store_true")
parser.add_argument("--foreach", action="store_true")
parser.add_argument("--runtime", choices=["same", "pytorch"], default="same")
parser.add_argument("--profile")
parser.add_argument("--device", default="cpu", help="cpu or cuda (scripts/gpu-check.sh)")
args = parser.parse_args()

if args.runtime == "same":
    # OpenBLAS reads this when it is loaded, that is on `import torch` below.
    os.environ["OPENBLAS_NUM_THREADS"] = str(args.blas_threads)
    libc = ctypes.CDLL("libc.so.6")
    M_TRIM_THRESHOLD, M_MMAP_THRESHOLD = -1, -3
    libc.mallopt(M_MMAP_THRESHOLD, 256 << 20)
    libc.mallopt(M_TRIM_THRESHOLD, 512 << 20)

import numpy as np  # noqa: E402
import torch  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import load_buffer  # noqa: E402
import rssm_port  # noqa: E402


def overrides():
    model = {}
    for item in args.set:
        key, _, value = item.partition("=")
        if key == "data.seq_len":
            args.seq_len = int(value)
        elif key == "training.batch_size":
            args.batch = int(value)
        elif key.startswith("model."):
            model[key[len("model."):]] = value
        else:
            sys.exit(f"--set {item}: not a key the port takes")
    return model


def main():
    model_overrides = overrides()
    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    obs, action, offsets = load_buffer.ready_to_train(args.buffer, ["state"])
    sampler = rssm_port.SequenceSampler(obs, action, offsets, seq_len=args.seq_len)
    options = rssm_port.ModelOptions(obs_dim=obs.shape[1], action_dim=action.shape[1])
    for name, value in model_overrides.items():
        setattr(options, name, type(getattr(options, name))(value))
    model = rssm_port.WorldModel(options, split_first_layers=args.split).to(args.device)
    optimizer = torch.optim.Adam(model.parameters(), lr=3e-4, foreach=True) if args.foreach else rssm_port.make_optimizer(model)
    rng = np.random.default_rng(0)

    def step():
        batch = sampler.sample(args.batch, rng)
        if args.device != "cpu":
            batch = tuple(t.to(args.device) for t in batch)
        return rssm_port.train_step(model, optimizer, batch)

    def synchronize():
        if args.device != "cpu":
            torch.cuda.synchronize()

    for _ in range(args.warmup):
        step()
    profiler = None
    if args.profile:
        profiler = torch.profiler.profile(activities=[torch.profiler.ProfilerActivity.CPU])
        profiler.__enter__()
    times = []
    t0 = time.perf_counter()
    for _ in range(args.steps):
        s = time.perf_counter()
        values, _ = step()
        synchronize()
        times.append(time.perf_counter() - s)
    total = time.perf_counter() - t0
    if profiler:
        profiler.__exit__(None, None, None)
        with open(args.profile, "w") as f:
            f.write(profiler.key_averages().table(sort_by="self_cpu_time_total", row_limit=40))

    batches = 500
    s0 = time.perf_counter()
    for _ in range(batches):
        sampler.sample(args.batch, rng)
    sample_s = (time.perf_counter() - s0) / batches

    blas = None
    try:
        blas = ctypes.CDLL("libopenblas.so.0").openblas_get_num_threads()
    except (OSError, AttributeError):
        pass
    print(json.dumps({
        "steps_per_s": args.steps / total,
        "step_ms_median": sorted(times)[len(times) // 2] * 1e3,
        "sample_ms": sample_s * 1e3,
        "sample_share": sample_s / (total / args.steps),
        "threads": torch.get_num_threads(),
        "openblas_threads": blas,
        "steps": args.steps,
        "loss": values["loss"],
        "parameters": sum(p.numel() for p in model.parameters()),
        "split": args.split,
        "runtime": args.runtime,
        "torch": torch.__version__,
        "device": args.device,
    }))


if __name__ == "__main__":
    main()
