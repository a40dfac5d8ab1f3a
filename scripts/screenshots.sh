#!/usr/bin/env bash
# Makes the README's screenshots: trains two short runs on a real buffer with
# `rssm train` (skipped when they exist), then lets the workbench fill every
# pane from them under Xvfb at 1600x1000 and save one PNG per pane into
# docs/screenshots/. Usage: scripts/screenshots.sh [BUFFER_DIR] [WORK_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh xvfb xauth  # the build, and a virtual display to draw on
data=$(realpath "${1:-../shared/data/adhesion-images}")
work=$(realpath -m "${2:-build/screenshot-runs}")
rssm=build/bin/rssm
common=(data.buffer_path="$data/buf.pkl" data.rollout_config_path="$data/rollout_config.yaml"
        training.save_every=200 training.eval_every=50 logging.dir="$work")

train() {  # name steps overrides...
  local name=$1 steps=$2; shift 2
  [ -f "$work/$name/rssm_step_$steps.pt" ] && return
  "$rssm" train "${common[@]}" logging.name="$name" training.steps="$steps" "$@"
}
train adhesion-gaussian 800
train adhesion-discrete 400 model.latent=discrete

xvfb-run -a -s "-screen 0 1600x1000x24" build/bin/shoot_workbench docs/screenshots \
  "$data/buf.pkl" "$work/adhesion-gaussian" \
  "$work/adhesion-discrete/rssm_step_400.pt" "$work/adhesion-gaussian/rssm_step_400.pt" \
  "$work/adhesion-gaussian/rssm_step_800.pt"
# The Runs pane: a 2x2x2 sweep of a small model on the adhesion buffer (resumed, so only unfinished runs train).
adhesion=$(realpath "$data/../adhesion")
sweep="$work/adhesion-sweep"
if [ -f "$sweep/multirun.yaml" ]; then
  "$rssm" train -m --resume "$sweep"
else
  "$rssm" train -m --jobs 2 data.buffer_path="$adhesion/buf.pkl" data.rollout_config_path="$adhesion/rollout_config.yaml" \
      model.hidden_dim=64 model.deter_dim=64 model.stoch_dim=16 model.embed_dim=64 training.batch_size=16 data.seq_len=32 \
      training.steps=300 training.eval_every=50 training.save_every=100 \
      model.obs_window=1,4 model.free_nats=0.5,1.0 model.use_vae=true,false logging.dir="$work" logging.name=adhesion-sweep
fi
xvfb-run -a -s "-screen 0 1600x1000x24" build/bin/shoot_runs_pane "$sweep" docs/screenshots/runs.png docs/screenshots/sweep-dialog.png
ls -l docs/screenshots
