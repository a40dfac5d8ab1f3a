#!/usr/bin/env bash
# Training speed at three model sizes: the C++ trainer with the fused engine
# and with the autograd engine, against the PyTorch port
# (bench/reference/rssm_port.py) in the same run, each at its best thread
# setting; the FLOPs of a step counted from the shapes, the rate achieved,
# and the machine's sgemm rate measured in the same run (the roofline); then
# the port's parity with the C++ model.
#   bench/train_step.sh [buf.pkl]          (ROUNDS=2 by default)
# Each configuration runs ROUNDS times, interleaved, and its best run counts,
# so a burst of other work on the machine does not decide the figure. Needs
# build/bin/bench_train_step and bench_model_parity, and /usr/bin/python3 with
# python3-torch (the LibTorch the C++ side links) and numpy.
set -euo pipefail
cd "$(dirname "$0")/.."
buffer=${1:-../shared/data/adhesion/buf.pkl}
rounds=${ROUNDS:-2}
py=/usr/bin/python3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The sizes, once: name, steps timed, warm-up steps, config overrides.
declare -A steps=([default]=30 [small]=150 [large]=8)
declare -A warmup=([default]=5 [small]=20 [large]=2)
declare -A sizes=(
  [default]=""
  [small]="model.hidden_dim=64 model.deter_dim=64 model.stoch_dim=16 model.embed_dim=64 training.batch_size=16 data.seq_len=32 model.vae_hidden_dim=64"
  [large]="model.hidden_dim=512 model.deter_dim=512 model.stoch_dim=64 training.batch_size=128"
)
order=(default small large)

# name  program  threads  OpenBLAS-threads (0: as training.threads sets it)
configs=(
  "fused 0 0" "fused 1 0" "fused 2 0"
  "autograd 1 2" "autograd 2 1"
  "port 1 2" "port 2 1"
)
start=$(date +%s)
build/bin/bench_train_step --sgemm --json > "$work/sgemm.json"
for round in $(seq "$rounds"); do
  for size in "${order[@]}"; do
    sets=()
    for kv in ${sizes[$size]}; do sets+=(--set "$kv"); done
    for c in "${configs[@]}"; do
      read -r name threads blas <<< "$c"
      out="$work/$size-$name-$threads-$blas-$round.json"
      common=(--steps "${steps[$size]}" --warmup "${warmup[$size]}")
      blasArg=()
      [ "$blas" != 0 ] && blasArg=(--blas-threads "$blas")
      case $name in
        fused|autograd)
          build/bin/bench_train_step "$buffer" "${sets[@]}" --set "training.engine=$name" --threads "$threads" \
            "${blasArg[@]}" "${common[@]}" --json > "$out" ;;
        port)
          $py bench/reference/train_step.py "$buffer" "${sets[@]}" --threads "$threads" "${blasArg[@]}" "${common[@]}" > "$out" ;;
      esac
    done
  done
done
build/bin/bench_train_step --sgemm --json > "$work/sgemm2.json"
build/bin/bench_model_parity "$buffer" --out "$work/parity" > /dev/null
parity_ok=0
$py bench/reference/check_parity.py "$work/parity" --json > "$work/parity.json" || parity_ok=$?
end=$(date +%s)

$py - "$work" "$rounds" "$((end - start))" <<'PY'
import glob, json, os, sys
work, rounds, seconds = sys.argv[1], sys.argv[2], sys.argv[3]

def best(size, name):
    runs = [json.load(open(p)) for p in glob.glob(os.path.join(work, f"{size}-{name}-*.json"))]
    b = max(runs, key=lambda r: r["steps_per_s"])
    b["setting"] = os.path.basename(max(glob.glob(os.path.join(work, f"{size}-{name}-*.json")),
                                        key=lambda p: json.load(open(p))["steps_per_s"])).split("-")[2:4]
    return b

sgemm = max(json.load(open(os.path.join(work, f)))["sgemm_gflops"] for f in ("sgemm.json", "sgemm2.json"))
targets = {"default": (1.8, 0.80), "small": (4.0, None), "large": (1.3, None)}
print(f"Training steps/s, best of {rounds} runs at each thread setting; sgemm (square, OpenBLAS on every core): "
      f"{sgemm:.1f} GFLOP/s, the best of two measurements at the start and the end")
print()
print(f"{'size':8s} {'fused':>7s} {'autograd':>9s} {'port':>7s} {'fused/port':>11s} {'autograd/port':>14s} "
      f"{'GFLOP/step':>11s} {'GFLOP/s':>8s} {'roofline':>9s}  target")
for size in ("default", "small", "large"):
    f, a, p = best(size, "fused"), best(size, "autograd"), best(size, "port")
    ratio = f["steps_per_s"] / p["steps_per_s"]
    share = f["gflops"] / sgemm
    want_ratio, want_share = targets[size]
    verdict = f">= {want_ratio}x: {'met' if ratio >= want_ratio else 'NOT met'}"
    if want_share:
        verdict += f"; >= {int(want_share * 100)}% roofline: {'met' if share >= want_share else 'NOT met'}"
    print(f"{size:8s} {f['steps_per_s']:7.2f} {a['steps_per_s']:9.2f} {p['steps_per_s']:7.2f} {ratio:10.2f}x "
          f"{a['steps_per_s'] / p['steps_per_s']:13.2f}x {f['gflop_per_step']:11.2f} {f['gflops']:8.1f} {100 * share:8.1f}%  {verdict}")
print()
print("best settings (threads, OpenBLAS threads; 0 = as training.threads sets it):")
for size in ("default", "small", "large"):
    print(f"  {size:8s} " + ", ".join(f"{n} {'/'.join(best(size, n)['setting'])} (slices {best(size, n).get('slice_threads', '-')})"
                                     for n in ("fused", "autograd", "port")))
print("  fused at every setting: " + "; ".join(
    f"{size} " + ", ".join(f"{t}: {max(json.load(open(p))['steps_per_s'] for p in glob.glob(os.path.join(work, f'{size}-fused-{t}-0-*.json'))):.2f}"
                           for t in ("0", "1", "2")) for size in ("default", "small", "large")))
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
