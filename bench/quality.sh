#!/usr/bin/env bash
# Quality after a fixed budget: train with the default config on a buffer for
# 2,000 steps, then report the open-loop prior MSE on validation episodes at
# horizons 1, 8 and 16 beside holding the last observation.
#   bench/quality.sh [buf.pkl] [rollout_config.yaml] [steps]
set -euo pipefail
cd "$(dirname "$0")/.."
buffer=${1:-../shared/data/adhesion/buf.pkl}
rollout=${2:-$(dirname "$buffer")/rollout_config.yaml}
steps=${3:-2000}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
start=$(date +%s)
build/bin/rssm train data.buffer_path="$buffer" data.rollout_config_path="$rollout" training.steps="$steps" \
  logging.dir="$work" logging.name=quality > "$work/train.log"
end=$(date +%s)
build/bin/rssm eval eval.checkpoint_path="$work/quality/rssm_step_$steps.pt" eval.plot.enabled=false --json > "$work/eval.json"
/usr/bin/python3 - "$work/eval.json" "$steps" "$((end - start))" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
print(f"trained {sys.argv[2]} steps in {sys.argv[3]} s; {r['windows']} validation windows, context {r['context']}")
print(f"posterior MSE {r['posterior_mse']:.5f}")
print(" horizon   prior MSE   hold-last MSE   prior/hold-last")
for h in (1, 8, 16):
    p, b = r['prior_mse_by_horizon'][h - 1], r['hold_last_mse_by_horizon'][h - 1]
    print(f" {h:7d} {p:11.5f} {b:15.5f} {p / b:17.2f}")
p, b = r['prior_mse'], r['hold_last_mse']
print(f" all {r['horizon']:3d} {p:11.5f} {b:15.5f} {p / b:17.2f}")
PY
