#!/usr/bin/env bash
# The window training the default model against `rssm train` on the same
# settings, one after the other: steps/s from each run's own wall clock
# (metrics.csv, past the first five rows), and the window's event-loop stalls.
# usage: bench/window_vs_cli.sh [seconds]   (needs Xvfb; run from the repository root after a build)
set -euo pipefail
seconds=${1:-60}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
overrides=(training.log_every=1 training.eval_every=50 training.save_every=100000)
echo "== window (bench_gui_stall, ${seconds} s)"
xvfb-run -a -s "-screen 0 1600x1000x24" build/bin/bench_gui_stall resources/sample/buf.pkl "$seconds" "${overrides[@]}" || true
echo "== rssm train, the same settings, ${seconds} s"
timeout "$seconds" build/bin/rssm train data.buffer_path=resources/sample/buf.pkl training.steps=1000000 \
  "logging.dir=$work" logging.name=cli "${overrides[@]}" > "$work/train.log" 2>&1 || true
python3 - "$work/cli/metrics.csv" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
a, b = rows[min(5, len(rows) - 2)], rows[-1]
rate = (float(b["step"]) - float(a["step"])) / (float(b["wall_time"]) - float(a["wall_time"]))
print(f"{'rssm train rate':34s} {rate:.3f} steps/s (steps {a['step']} to {b['step']})")
PY
