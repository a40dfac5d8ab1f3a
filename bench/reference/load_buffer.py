"""Reference for bench_buffer_load: what the Python seed does to get a FACTR
buffer ready to train on. pickle.load the trajectory list, then stack each
key into one float32 array per key, with episode offsets. Prints one JSON line
with the best time over the repeats and the peak resident memory growth of the
first load (same /proc measure as the C++ side)."""
import json
import pickle
import sys
import time

import numpy as np


def rss_kb(field):
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return -1


def ready_to_train(path, obs_keys):
    with open(path, "rb") as f:
        trajs = pickle.load(f)
    steps = [step for traj in trajs for step in traj]
    obs = np.concatenate(
        [np.stack([np.asarray(s[0][k], dtype=np.float32).reshape(-1) for s in steps]) for k in obs_keys], axis=1)
    action = np.stack([np.asarray(s[1], dtype=np.float32).reshape(-1) for s in steps])
    offsets = np.cumsum([0] + [len(t) for t in trajs])
    return obs, action, offsets


def main():
    path, repeats = sys.argv[1], int(sys.argv[2])
    obs_keys = sys.argv[3].split(",") if len(sys.argv) > 3 else ["state"]
    base = rss_kb("VmRSS")
    t0 = time.perf_counter()
    obs, action, offsets = ready_to_train(path, obs_keys)
    first = time.perf_counter() - t0
    peak_kb = rss_kb("VmHWM") - base
    times = [first]
    del obs, action, offsets
    for _ in range(repeats - 1):
        t0 = time.perf_counter()
        ready_to_train(path, obs_keys)
        times.append(time.perf_counter() - t0)
    print(json.dumps({"best_s": min(times), "median_s": sorted(times)[len(times) // 2], "peak_growth_kb": peak_kb,
                      "numpy": np.__version__, "python": sys.version.split()[0]}))


if __name__ == "__main__":
    main()
