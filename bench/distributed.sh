#!/usr/bin/env bash
# Data-parallel training on this machine's cores: 2 ranks x 1 thread (Gloo on
# loopback) against 1 process x 2 threads, at the shipped defaults and at the
# small model, each the same global batch per step:
#   bench/distributed.sh [buf.pkl]        (STEPS=30 WARMUP=5)
# Prints steps/s and the share of a step inside the gradient all-reduce.
# Needs build/bin/bench_distributed_step.
set -euo pipefail
cd "$(dirname "$0")/.."
buffer=${1:-../shared/data/adhesion/buf.pkl}
steps=${STEPS:-30}
warmup=${WARMUP:-5}
bin=build/bin/bench_distributed_step

port=$((20000 + RANDOM % 20000))
ranks() {  # model-flag
  port=$((port + 1))
  local pids=()
  for r in 1 0; do
    RANK=$r LOCAL_RANK=$r WORLD_SIZE=2 LOCAL_WORLD_SIZE=2 MASTER_ADDR=127.0.0.1 MASTER_PORT=$port \
      $bin "$buffer" --threads 1 --steps "$steps" --warmup "$warmup" $1 &
    pids+=($!)
  done
  for p in "${pids[@]}"; do wait "$p"; done
}

echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) at start (shared with other work)"
for model in "" "--small"; do
  $bin "$buffer" --threads 2 --steps "$steps" --warmup "$warmup" $model
  ranks "$model"
done
echo "load average $(cut -d' ' -f1-3 /proc/loadavg) at the end"
