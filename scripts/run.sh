#!/usr/bin/env bash
# Sets everything up, builds, and opens the workbench on the bundled sample buffer.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
  echo "run: no display (DISPLAY and WAYLAND_DISPLAY are unset), so no window can open;" >&2
  echo "run: here is the sample buffer on the command line instead (build/bin/rssm inspect)." >&2
  exec build/bin/rssm inspect --buffer-path resources/sample/buf.pkl --rollout-config resources/sample/rollout_config.yaml
fi
exec build/bin/rssm-workbench resources/sample/buf.pkl "$@"
