#!/usr/bin/env bash
# The GPU path, end to end, on a machine with an NVIDIA GPU and a CUDA PyTorch:
#   1. builds the headless configuration (no Qt) against that PyTorch's
#      LibTorch (torch.utils.cmake_prefix_path), with yaml-cpp, HDF5, Gloo and
#      GoogleTest from Debian; where the machine has none of them, from .deb
#      files in $RSSM_DEBS unpacked beside the build (fetch them on a connected
#      Debian machine with `scripts/gpu-check.sh --fetch-debs DIR`);
#   2. runs the headless build's tests (the core's);
#   3. trains the default model on CUDA for $STEPS steps: the loss must fall;
#   4. trains half as far, resumes to $STEPS, and compares the weights with the
#      straight run's: equal within float tolerance ($RESUME_TOL, relative);
#   5. prints steps/s beside the PyTorch port's (bench/reference/train_step.py)
#      on the same GPU.
# Ends with "gpu-check: PASS" (exit 0) or the first failing step's reason.
#
#   scripts/gpu-check.sh [--cpu] [buffer.pkl [rollout_config.yaml]]
#   scripts/gpu-check.sh --fetch-debs DIR
#
# --cpu runs the same flow on the CPU with the system LibTorch (Debian's), to
# check the script itself where there is no GPU. Environment: PYTHON (python3),
# LIBTORCH (a LibTorch directory instead of PyTorch's), STEPS (300),
# RESUME_TOL (1e-4), JOBS (nproc), RSSM_DEBS, BUILD_DIR (build-gpu), CTEST_ARGS (more
# ctest arguments, e.g. -R cli), PORT_STEPS (50), RSSM_FORCE_DEBS (unpack $RSSM_DEBS
# even where the system has the packages).
set -euo pipefail
cd "$(dirname "$0")/.."
src=$(pwd)

say() { echo "gpu-check: $*"; }
fail() { echo "gpu-check: FAIL: $*" >&2; exit 1; }

# Debian 12's: the unpacked HDF5 wants libcurl4 and libssl3 at run time (most
# distributions have them), and all of them a glibc of at least 2.36. Gloo's
# headers only: a LibTorch carries Gloo's code itself.
deb_packages=(libyaml-cpp-dev libyaml-cpp0.7 nlohmann-json3-dev libhdf5-dev libhdf5-103-1 libsz2 libaec0 libgloo-dev libgtest-dev)
if [ "${1:-}" = "--fetch-debs" ]; then
  [ -n "${2:-}" ] || fail "--fetch-debs needs a directory"
  mkdir -p "$2"
  (cd "$2" && apt-get download "${deb_packages[@]}")
  say "fetched $(ls "$2"/*.deb | wc -l) packages into $2; carry them and set RSSM_DEBS=$2"
  exit 0
fi

cpu=0
if [ "${1:-}" = "--cpu" ]; then cpu=1; shift; fi
buffer=${1:-$src/resources/sample/buf.pkl}
rollout=${2:-}
if [ -z "$rollout" ] && [ "$buffer" = "$src/resources/sample/buf.pkl" ]; then rollout=$src/resources/sample/rollout_config.yaml; fi
steps=${STEPS:-300}
tol=${RESUME_TOL:-1e-4}
jobs=${JOBS:-$(nproc)}
build=${BUILD_DIR:-$src/build-gpu}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
[ -f "$buffer" ] || fail "$buffer: no such buffer"

# --- 0. The machine: GPU, PyTorch, and the LibTorch inside it.
if [ $cpu = 1 ]; then
  python=${PYTHON:-/usr/bin/python3}
  device=cpu
  prefix=${LIBTORCH:-}
  say "CPU mode: the system LibTorch, training.device=cpu"
else
  python=${PYTHON:-python3}
  device=cuda
  command -v nvidia-smi >/dev/null || fail "no nvidia-smi: this machine has no NVIDIA driver (use --cpu to check the script)"
  nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader | sed 's/^/gpu-check: GPU /'
  info=$("$python" -c 'import torch; print(torch.__version__); print(torch.version.cuda or ""); print(int(torch.cuda.is_available())); print(int(torch._C._GLIBCXX_USE_CXX11_ABI)); print(torch.utils.cmake_prefix_path)') ||
    fail "$python cannot import torch: install a CUDA PyTorch (pip install torch)"
  { read -r torch_version; read -r torch_cuda; read -r cuda_ok; read -r cxx11; read -r torch_prefix; } <<< "$info"
  say "PyTorch $torch_version, CUDA ${torch_cuda:-none}, cuda available: $cuda_ok, C++11 ABI: $cxx11"
  [ -n "$torch_cuda" ] && [ "$cuda_ok" = 1 ] || fail "this PyTorch has no usable CUDA (torch.cuda.is_available() is False)"
  prefix=${LIBTORCH:-$torch_prefix}
  if [ -z "${LIBTORCH:-}" ] && [ "$cxx11" = 0 ]; then
    fail "PyTorch $torch_version's LibTorch uses the old C++ string ABI, so Debian's yaml-cpp, HDF5 and GoogleTest cannot link with it; use a PyTorch built with the C++11 ABI (pip wheels from 2.7 on) or set LIBTORCH to the cxx11-abi LibTorch from pytorch.org"
  fi
fi

# --- 1. Dependencies: the system's, or Debian packages unpacked beside the build.
deps=""
have_dev() { [ -f /usr/include/yaml-cpp/yaml.h ] && [ -f /usr/include/nlohmann/json.hpp ] && { [ -f /usr/include/hdf5/serial/hdf5.h ] || [ -f /usr/include/hdf5.h ]; } && [ -f /usr/include/gloo/config.h ] && [ -f /usr/include/gtest/gtest.h ]; }
if [ -n "${RSSM_FORCE_DEBS:-}" ] || ! have_dev; then
  [ -n "${RSSM_DEBS:-}" ] && ls "$RSSM_DEBS"/*.deb >/dev/null 2>&1 ||
    fail "yaml-cpp, nlohmann-json, HDF5, Gloo or GoogleTest headers are missing and RSSM_DEBS names no .deb files (apt-get install ${deb_packages[*]}, or fetch them elsewhere with --fetch-debs)"
  deps=$build-deps
  rm -rf "$deps" && mkdir -p "$deps"
  for d in "$RSSM_DEBS"/*.deb; do dpkg-deb -x "$d" "$deps"; done
  multiarch=$(ls "$deps/usr/lib" | grep -m1 -- '-linux-gnu' || true)
  export LD_LIBRARY_PATH="$deps/usr/lib/$multiarch${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
  # The .so links the -dev packages make point at absolute paths; remake them relative.
  for l in "$deps/usr/lib/$multiarch"/*.so; do
    [ -L "$l" ] && ln -sf "$(basename "$(readlink "$l")")" "$l"
  done
  say "dependencies unpacked from $RSSM_DEBS into $deps"
fi

# --- 2. Configure and build the headless preset's configuration.
cmake_args=(-S "$src" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DRSSM_WITH_UI=OFF -DCMAKE_DISABLE_FIND_PACKAGE_Qt6=ON)
prefixes=$prefix
if [ -n "$deps" ]; then
  prefixes="${prefixes:+$prefixes;}$deps/usr;$deps/usr/lib/$multiarch/cmake"
  # Debian's serial HDF5: the library links its own dependencies (libsz, libcurl).
  cmake_args+=(-DRSSM_HDF5_INCLUDE_DIR="$deps/usr/include/hdf5/serial" -DRSSM_HDF5_LIBRARY="$deps/usr/lib/$multiarch/libhdf5_serial.so")
fi
[ -n "$prefixes" ] && cmake_args+=(-DCMAKE_PREFIX_PATH="$prefixes")
command -v ccache >/dev/null && cmake_args+=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache -DCMAKE_C_COMPILER_LAUNCHER=ccache)
say "configuring $build"
cmake "${cmake_args[@]}" > "$work/configure.log" 2>&1 || { tail -40 "$work/configure.log"; fail "configure failed (a CUDA LibTorch's CMake files also need the CUDA toolkit: nvcc on PATH or CUDAToolkit_ROOT)"; }
grep -E "rssm: c10d" "$work/configure.log" | sed 's/^-- /gpu-check: /'
say "building with $jobs jobs"
cmake --build "$build" -j "$jobs" > "$work/build.log" 2>&1 || { grep -E "error|Error" "$work/build.log" | head -30; fail "build failed"; }

# --- 3. The headless build's tests.
say "running the core tests"
ctest --test-dir "$build" -j "$jobs" --output-on-failure ${CTEST_ARGS:-} > "$work/ctest.log" 2>&1 || { tail -60 "$work/ctest.log"; fail "core tests failed"; }
grep -E "tests passed|Total Test time" "$work/ctest.log" | sed 's/^/gpu-check: /'

# --- 4. Train the default model on the device: the loss falls.
rssm=$build/bin/rssm
data=(data.buffer_path="$buffer" data.rollout_config_path="$rollout")
half=$((steps / 2))
log_every=$(( steps >= 30 ? steps / 30 : 1 ))
common=(training.device=$device training.log_every=$log_every training.eval_every=$steps training.save_every=$half logging.dir="$work")
say "training $steps steps on $device"
"$rssm" train "${data[@]}" "${common[@]}" training.steps=$steps logging.name=straight > "$work/straight.log" 2>&1 ||
  { tail -20 "$work/straight.log"; fail "training on $device failed"; }
head -1 "$work/straight.log" | sed 's/^/gpu-check: /'
read -r first last cpp_rate <<< "$("$python" - "$work/straight/metrics.csv" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
loss = [float(r["loss"]) for r in rows]
rate = [float(r["steps_per_s"]) for r in rows[len(rows) // 2:] if r["steps_per_s"]]
print(sum(loss[:3]) / 3, sum(loss[-3:]) / 3, sorted(rate)[len(rate) // 2])
PY
)"
say "loss, mean of the first and last 3 logged rows: $first -> $last"
"$python" -c "import sys; sys.exit(0 if $last < $first else 1)" || fail "the loss did not fall ($first -> $last)"

# --- 5. Resume: half, then on to the end; the same weights within tolerance.
say "training $half steps, then resuming to $steps"
"$rssm" train "${data[@]}" "${common[@]}" training.steps=$half logging.name=halves > "$work/half.log" 2>&1 || { tail -20 "$work/half.log"; fail "the first half failed"; }
"$rssm" train --resume "$work/halves" training.steps=$steps > "$work/resume.log" 2>&1 || { tail -20 "$work/resume.log"; fail "resume failed"; }
"$python" - "$work/straight/rssm_step_$steps.pt" "$work/halves/rssm_step_$steps.pt" "$tol" <<'PY' || fail "resume is not exact within $tol"
import sys, torch
a, b = (torch.load(p, map_location="cpu")["model"] for p in sys.argv[1:3])
worst = max(((a[k] - b[k]).norm() / a[k].norm().clamp_min(1e-12)).item() for k in a)
print(f"gpu-check: resume: largest relative weight difference {worst:.3g} (tolerance {sys.argv[3]})")
sys.exit(0 if worst <= float(sys.argv[3]) else 1)
PY

# --- 6. Steps/s beside the PyTorch port on the same device.
port=$("$python" bench/reference/train_step.py "$buffer" --device $device --threads 1 --steps "${PORT_STEPS:-50}" --runtime pytorch 2>"$work/port.err") ||
  { tail -5 "$work/port.err"; fail "the PyTorch port did not run"; }
port_rate=$("$python" -c 'import json, sys; print(round(json.loads(sys.argv[1])["steps_per_s"], 2))' "$port")
say "steps/s on $device, default config (batch 64, seq_len 64): rssm $cpp_rate (median of the run's second half), PyTorch port $port_rate"
say "PASS"
