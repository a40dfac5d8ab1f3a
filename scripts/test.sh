#!/usr/bin/env bash
# Sets everything up, builds, and runs the whole test suite through ctest;
# then the headless build (no Qt at all, as on a cluster node: the
# `headless` preset in build-headless/) is configured with Qt hidden and
# built, core tests included, so it cannot rot. Its core objects are the full
# build's (same flags), so with ccache it costs little more than linking; its
# preset runs only the command-line tests, since the rssm binary is what
# differs (the core tests already ran on the same objects above).
set -euo pipefail
cd "$(dirname "$0")/.."
if command -v ccache >/dev/null; then
  export CMAKE_CXX_COMPILER_LAUNCHER="${CMAKE_CXX_COMPILER_LAUNCHER:-ccache}" CMAKE_C_COMPILER_LAUNCHER="${CMAKE_C_COMPILER_LAUNCHER:-ccache}"
fi
scripts/setup.sh
QT_QPA_PLATFORM=offscreen ctest --preset default -j "$(nproc)" "$@"

cmake --preset headless >/dev/null
cmake --build --preset headless -j "${RSSM_JOBS:-$(nproc)}"
ctest --preset headless -j "$(nproc)" "$@"
