#!/usr/bin/env bash
# How fast the command line starts, as whole processes (exec to exit), in one
# run: `rssm --help`, `rssm train --help` and `rssm inspect` on a buffer,
# against Python's pickle.load plus numpy stacking of the same file (what the
# Python project does before it can train), and rssm-torch's own start (the
# cost of LibTorch, which rssm no longer pays for these commands).
# Targets (issue 14): rssm --help under 50 ms; rssm inspect at least 5x faster
# than Python. Median of RUNS runs each (default 9), after one warm-up run.
# usage: bench/cli_start.sh [BUILD_DIR=build] [BUFFER=largest .pkl under ../shared/data] [RUNS=9]
# (PYTHON names the Python with numpy; default /usr/bin/python3, Debian's python3-numpy.)
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
buffer=${2:-$(find ../shared/data -name '*.pkl' -printf '%s %p\n' 2>/dev/null | sort -n | tail -1 | cut -d' ' -f2-)}
runs=${3:-9}
# Debian's python3 with python3-numpy (a pyenv shim first on PATH may lack numpy).
python=${PYTHON:-/usr/bin/python3}
rssm=$build/bin/rssm
torch_commands=$(find "$build" -path '*/rssm/rssm-torch' -type f | head -1)
[ -x "$rssm" ] || { echo "cli_start: no $rssm; build first" >&2; exit 1; }
[ -n "$buffer" ] && [ -r "$buffer" ] || { echo "cli_start: no buffer (give one: bench/cli_start.sh build path/to/buf.pkl)" >&2; exit 1; }

# Python's side, as the Python project loads a buffer: the trajectory list,
# then each trajectory's states and actions stacked into float32 arrays.
python_load='
import pickle, sys
import numpy as np
with open(sys.argv[1], "rb") as f:
    trajs = pickle.load(f)
states = [np.stack([np.asarray(step[0]["state"], dtype=np.float32) for step in t]) for t in trajs]
actions = [np.stack([np.asarray(step[1], dtype=np.float32) for step in t]) for t in trajs]
assert sum(len(s) for s in states) == sum(len(a) for a in actions)
'

# Median wall time in milliseconds of `runs` runs of the command (stdout and
# stderr discarded), after one warm-up run that fills the page cache.
median_ms() {
  "$@" > /dev/null 2>&1 || { echo "cli_start: failed: $*" >&2; exit 1; }
  local times=() start end
  for ((i = 0; i < runs; i++)); do
    start=$EPOCHREALTIME
    "$@" > /dev/null 2>&1
    end=$EPOCHREALTIME
    times+=("$(echo "($end - $start) * 1000" | bc -l)")
  done
  printf '%s\n' "${times[@]}" | sort -g | awk '{ a[NR] = $1 } END { printf "%.1f", a[int((NR + 1) / 2)] }'
}

size_mib=$(echo "$(stat -c %s "$buffer") / 1048576" | bc -l)
printf 'cli_start: %s (%.1f MiB), median of %d runs each, %s, %s\n' "$buffer" "$size_mib" "$runs" "$(nproc) cores" "$(date -u +%FT%TZ)"
help=$(median_ms "$rssm" --help)
train_help=$(median_ms "$rssm" train --help)
inspect=$(median_ms "$rssm" inspect --buffer-path "$buffer")
inspect_json=$(median_ms "$rssm" inspect --buffer-path "$buffer" --json)
python_ms=$(median_ms "$python" -c "$python_load" "$buffer")
printf '%-44s %9s ms   (target < 50 ms)\n' "rssm --help" "$help"
printf '%-44s %9s ms\n' "rssm train --help" "$train_help"
printf '%-44s %9s ms\n' "rssm inspect" "$inspect"
printf '%-44s %9s ms\n' "rssm inspect --json" "$inspect_json"
printf '%-44s %9s ms\n' "python3 pickle.load + numpy stacking" "$python_ms"
printf '%-44s %9.1fx   (target >= 5x)\n' "python / rssm inspect" "$(echo "$python_ms / $inspect" | bc -l)"
if [ -n "$torch_commands" ]; then
  printf '%-44s %9s ms   (what loading LibTorch costs)\n' "rssm-torch --help (links LibTorch)" "$(median_ms "$torch_commands" --help)"
fi
# Which shared libraries the dynamic loader maps for rssm inspect.
libs=$(LD_DEBUG=libs "$rssm" inspect --buffer-path "$buffer" 2>&1 >/dev/null | sed -n 's/.*calling init: //p' | sort -u)
printf '%-44s %9s    (%s)\n' "libraries rssm inspect initialises" "$(echo "$libs" | wc -l)" \
  "$(echo "$libs" | xargs -n1 basename | tr '\n' ' ' | sed 's/ $//')"
if echo "$libs" | grep -q 'libtorch\|libc10'; then echo "cli_start: rssm inspect loads LibTorch" >&2; exit 1; fi
