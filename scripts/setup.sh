#!/usr/bin/env bash
# Installs what the project needs from Debian (only what is missing), then
# configures and builds it in build/. Safe to run again: with everything in
# place it only rebuilds what changed.
#     scripts/setup.sh [--no-build] [extra-package ...]
# Extra packages are optional extras for one script, not needed by the build:
# scripts/fuzz.sh asks for clang and libclang-rt-14-dev (libFuzzer's runtime).
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(
  build-essential cmake ninja-build pkg-config
  qt6-base-dev qt6-base-dev-tools qt6-charts-dev libqt6opengl6-dev libgl-dev libxkbcommon-dev libvulkan-dev
  libtorch-dev libopenblas0-pthread
  libyaml-cpp-dev nlohmann-json3-dev libhdf5-dev zlib1g-dev libgtest-dev libgloo-dev ccache
  libprotobuf-dev protobuf-compiler libboost-dev libcli11-dev
  fonts-dejavu-core
  appstream  # appstreamcli validates the AppStream metadata in the packaging test
)
build=1
if [ "${1:-}" = "--no-build" ]; then
  build=0
  shift
fi
packages+=("$@")

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  sudo_cmd=()
  [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
  "${sudo_cmd[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q
  "${sudo_cmd[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

[ "$build" -eq 1 ] || exit 0
# Two jobs: each LibTorch translation unit takes about 1 GB and 15 s.
cmake --preset default >/dev/null
cmake --build --preset default -j "${RSSM_JOBS:-$(nproc)}"
