#!/usr/bin/env bash
# Runs the libFuzzer targets, one after another, each for [minutes] (default 5)
# at the lowest CPU priority:
#     scripts/fuzz.sh [minutes] [target ...]
# Targets: fuzz_pickle_buffer fuzz_hdf5_source fuzz_config fuzz_checkpoint
# (all when none is named). Builds them first with the fuzz preset (clang,
# ASan, UBSan); clang and its libFuzzer runtime come from
# `scripts/setup.sh clang libclang-rt-14-dev`, which the normal build does not need.
#
# Corpora grow in build-fuzz/corpus/<target>, seeded from the committed
# fixtures; crashes, timeouts and leaks land in build-fuzz/findings/<target>/,
# the log in build-fuzz/logs/<target>.log; the last line printed per target
# gives executions, coverage (cov: edges, ft: features) and findings. Each
# finding belongs in a ctest regression test (tests/core/*Hardening*).
set -euo pipefail
cd "$(dirname "$0")/.."
minutes="${1:-5}"
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(fuzz_pickle_buffer fuzz_hdf5_source fuzz_config fuzz_checkpoint)

if ! command -v clang++ >/dev/null || ! ls /usr/lib/llvm-*/lib/clang/*/lib/linux/libclang_rt.fuzzer-x86_64.a >/dev/null 2>&1; then
  scripts/setup.sh --no-build clang libclang-rt-14-dev
fi
[ -f build-fuzz/build.ninja ] || cmake --preset fuzz >/dev/null
nice -n 19 cmake --build build-fuzz --target "${targets[@]}"

seeds() {  # target -> directory of committed inputs
  case "$1" in
    fuzz_pickle_buffer) echo tests/fixtures/pickle ;;
    fuzz_hdf5_source) echo tests/fixtures/hdf5 ;;
    fuzz_config) echo tests/fixtures/config ;;
    fuzz_checkpoint) echo tests/fixtures/checkpoint ;;
  esac
}

for t in "${targets[@]}"; do
  corpus="build-fuzz/corpus/$t"
  findings="build-fuzz/findings/$t"
  log="build-fuzz/logs/$t.log"
  mkdir -p "$corpus" "$findings" "$(dirname "$log")"
  seed="$(seeds "$t")"
  dict=()
  [ -f "fuzz/$t.dict" ] && dict=(-dict="fuzz/$t.dict")
  # libhdf5 and LibTorch are not instrumented and do crash on hostile files:
  # the fork mode keeps going after each crash and keeps every one.
  # Their caches (HDF5's free lists, LibTorch's allocators) also hold memory
  # across inputs by design, which leak detection would report as leaks.
  mode=()
  leaks=1
  case "$t" in
    fuzz_hdf5_source | fuzz_checkpoint)
      mode=(-fork=1 -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1)
      leaks=0 ;;
  esac
  echo "fuzz: $t for $minutes min (corpus $corpus, seeds $seed, findings $findings)"
  RSSM_FUZZ_TMP="${RSSM_FUZZ_TMP:-/dev/shm}" ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=$leaks}" \
    nice -n 19 "build-fuzz/bin/$t" "${mode[@]}" "${dict[@]}" -max_total_time=$((minutes * 60)) -timeout=20 -rss_limit_mb=4096 \
      -max_len=262144 -artifact_prefix="$findings/" -print_final_stats=1 -detect_leaks=$leaks "$corpus" "$seed" >"$log" 2>&1 || true
  stats="$(grep -E '^#[0-9]+' "$log" | tail -1 || true)"
  # Executions: the final stats line, or in fork mode the last status line's count.
  execs="$(grep -E 'stat::number_of_executed_units' "$log" | awk '{s += $2} END {print s + 0}' || true)"
  [ "${execs:-0}" != 0 ] || execs="$(echo "$stats" | sed -E 's/^#([0-9]+).*/\1/')"
  echo "fuzz: $t: last status: ${stats:-none}"
  echo "fuzz: $t: executions: $execs; findings: $(ls "$findings" | wc -l) (in $findings)"
done
