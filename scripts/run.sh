#!/usr/bin/env bash
# Sets everything up, builds, and opens the bundled sample buffer.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
if [ -x build/bin/rssm-workbench ] && { [ -n "${DISPLAY:-}" ] || [ -n "${WAYLAND_DISPLAY:-}" ]; }; then
  exec build/bin/rssm-workbench resources/sample/buf.pkl "$@"
fi
exec build/bin/rssm inspect --buffer-path resources/sample/buf.pkl --rollout-config resources/sample/rollout_config.yaml "$@"
