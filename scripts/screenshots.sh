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

xvfb-run -a -s "-screen 0 1600x1000x24" build/bin/rssm-workbench --screenshots docs/screenshots \
  "$data/buf.pkl" "$work/adhesion-gaussian" \
  "$work/adhesion-discrete/rssm_step_400.pt" "$work/adhesion-gaussian/rssm_step_400.pt" \
  "$work/adhesion-gaussian/rssm_step_800.pt"
ls -l docs/screenshots
