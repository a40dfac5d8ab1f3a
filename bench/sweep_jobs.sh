#!/usr/bin/env bash
# Wall time of a sweep of 8 tiny runs, one at a time and two at a time
# (rssm train -m ... --jobs 1 / --jobs 2), on the bundled sample buffer.
# usage: bench/sweep_jobs.sh [build/bin/rssm] [steps=200]
set -euo pipefail
cd "$(dirname "$0")/.."
rssm=${1:-build/bin/rssm}
steps=${2:-200}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
sample=$PWD/resources/sample
common=(data.buffer_path="$sample/buf.pkl" data.rollout_config_path="$sample/rollout_config.yaml"
        model.hidden_dim=32 model.deter_dim=32 model.stoch_dim=8 model.embed_dim=32 data.seq_len=16
        training.batch_size=8 training.steps="$steps" training.eval_every=100 training.save_every="$steps"
        model.obs_window=1,2 model.free_nats=0.5,1.0 training.seed=0,1 logging.dir="$work")
for jobs in 1 2; do
  start=$(date +%s.%N)
  "$rssm" train -m --jobs "$jobs" "${common[@]}" logging.name="jobs$jobs" >/dev/null
  end=$(date +%s.%N)
  printf 'sweep of 8 runs x %s steps, --jobs %s: %.1f s\n' "$steps" "$jobs" "$(echo "$end - $start" | bc)"
done
