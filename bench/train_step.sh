#!/usr/bin/env bash
# Training speed of the C++ world model against its PyTorch port
# (bench/reference/rssm_port.py) with the default config, and the port's
# parity with the C++ model, in one go:
#   bench/train_step.sh [buf.pkl]          (STEPS=30 ROUNDS=2 by default)
# Each configuration runs ROUNDS times, interleaved, and its best run counts,
# so a burst of other work on the machine does not decide the figure. Needs
# build/bin/bench_train_step and bench_model_parity, and /usr/bin/python3 with
# python3-torch (the LibTorch the C++ side links) and numpy.
set -euo pipefail
cd "$(dirname "$0")/.."
buffer=${1:-../shared/data/adhesion/buf.pkl}
steps=${STEPS:-30}
rounds=${ROUNDS:-2}
py=/usr/bin/python3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# name  program  LibTorch-threads  OpenBLAS-threads
configs=(
  "cpp 1 1" "port 1 1" "port-split 1 1"
  "cpp 2 1" "port 2 1" "port-split 2 1"
  "cpp 1 2" "port 1 2" "port-split 1 2"
)
start=$(date +%s)
for round in $(seq "$rounds"); do
  for c in "${configs[@]}"; do
    read -r name threads blas <<< "$c"
    out="$work/$name-$threads-$blas-$round.json"
    case $name in
      cpp) build/bin/bench_train_step "$buffer" --threads "$threads" --blas-threads "$blas" --steps "$steps" --json > "$out" ;;
      port) $py bench/reference/train_step.py "$buffer" --threads "$threads" --blas-threads "$blas" --steps "$steps" > "$out" ;;
      port-split) $py bench/reference/train_step.py "$buffer" --threads "$threads" --blas-threads "$blas" --steps "$steps" --split > "$out" ;;
    esac
  done
done
build/bin/bench_model_parity "$buffer" --out "$work/parity" > /dev/null
parity_ok=0
$py bench/reference/check_parity.py "$work/parity" --json > "$work/parity.json" || parity_ok=$?
end=$(date +%s)

$py - "$work" "$steps" "$rounds" "$((end - start))" <<'PY'
import glob, json, os, sys
work, steps, rounds, seconds = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]

def best(name, threads, blas):
    runs = [json.load(open(p)) for p in glob.glob(os.path.join(work, f"{name}-{threads}-{blas}-*.json"))]
    return max(runs, key=lambda r: r["steps_per_s"])

print(f"Training steps/s, default config (seq_len 64, batch 64, VAE, stoch 32, deter 128, latent 16), "
      f"best of {rounds} runs of {steps} steps")
print("port: rssm_port.py as a PyTorch user writes the loop; port/alg: with the C++ observe()'s split first layers")
print()
print(f"{'cores used as':34s} {'C++':>7s} {'port':>7s} {'C++/port':>9s} {'port/alg':>9s} {'C++/alg':>8s}"
      f" {'sampling C++':>13s} {'port':>7s}")
rows = [("1 thread (LibTorch 1, OpenBLAS 1)", 1, 1), ("2 threads (LibTorch 2, OpenBLAS 1)", 2, 1),
        ("2 threads (LibTorch 1, OpenBLAS 2)", 1, 2)]
ratios = []
for label, threads, blas in rows:
    c, p, a = best("cpp", threads, blas), best("port", threads, blas), best("port-split", threads, blas)
    ratios.append(c["steps_per_s"] / p["steps_per_s"])
    print(f"{label:34s} {c['steps_per_s']:7.2f} {p['steps_per_s']:7.2f} {ratios[-1]:8.2f}x {a['steps_per_s']:9.2f}"
          f" {c['steps_per_s'] / a['steps_per_s']:7.2f}x {100 * c['sample_share']:12.2f}% {100 * p['sample_share']:6.2f}%")
print(f"target C++/port >= 2x: {'met' if min(ratios[:2]) >= 2 else 'NOT met'} (at 1 and 2 threads: "
      f"{ratios[0]:.2f}x, {ratios[1]:.2f}x)")
print()
r = json.load(open(os.path.join(work, "parity.json")))
groups = {
    "posterior pass (h, z, stats, decoded)": ["features", "embed", "prev_action", "post_h", "post_z", "post_stats", "decoded", "posterior_obs",
                                              "reset_h", "reset_z", "reset_post_stats"],
    "prior (stats, std)": ["prior_stats", "prior_std"],
    "open loop (h, z, stats, decoded)": ["imagine_h", "imagine_z", "imagine_prior_stats", "imagine_obs"],
    "loss terms (seeded sample)": [k for k in r["loop"]["diffs"] if k.startswith("loss.")],
    "gradients": ["grads"],
    "training step (loss, norm, weights)": [k for k in r["loop"]["diffs"] if k.startswith("step.")],
}
print(f"Parity: the port loaded from the C++ checkpoint (strict), max |difference| (tolerance {r['tolerance']:g})")
print(f"{'':40s} {'port':>10s} {'port/alg':>10s}")
for label, keys in groups.items():
    print(f"{label:40s} {max(r['loop']['diffs'][k] for k in keys):10.2e} {max(r['split']['diffs'][k] for k in keys):10.2e}")
print(f"parity: {'met' if r['ok'] else 'NOT met'}")
print(f"({seconds} s in all)")
PY
exit "$parity_ok"
