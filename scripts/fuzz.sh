#!/usr/bin/env bash
# Runs each libFuzzer target of the build tree DIR (default build/fuzz) for SECONDS (default 3600), the
# targets side by side (one process each): first over the committed regression inputs (each must pass),
# then fuzzing from the seeds (the built-in packs for the pack loader) into DIR/corpus/<target>, which
# later runs continue. Each target's log is DIR/<target>.log; a failing input is left in DIR/found-<target>.
# Usage: scripts/fuzz.sh [SECONDS [DIR]]
set -euo pipefail
seconds=${1:-3600}
dir=${2:-build/fuzz}
cd "$(dirname "$0")/.."
targets=(pack condition formula)

for target in "${targets[@]}"; do
  exe=$dir/fuzz/fuzz_$target
  if ! "$exe" -rss_limit_mb=2048 -timeout=20 fuzz/regressions/$target/* >/dev/null 2>&1; then
    echo "fuzz_$target fails a regression input:" >&2
    "$exe" -rss_limit_mb=2048 -timeout=20 fuzz/regressions/$target/* 2>&1 | tail -30 >&2
    exit 1
  fi
done
echo "fuzz: regression inputs pass; fuzzing ${targets[*]} for ${seconds} s each, side by side"

run() {
  local target=$1 corpus=$dir/corpus/$1 seeds=(fuzz/seeds/$1)
  [ "$target" = pack ] && seeds=(rules/national rules/examples)
  mkdir -p "$corpus" "$dir/found-$target"
  "$dir/fuzz/fuzz_$target" -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=20 -max_len=65536 \
    -print_final_stats=1 -artifact_prefix="$dir/found-$target/" "$corpus" "${seeds[@]}" \
    >"$dir/$target.log" 2>&1
}
pids=()
for target in "${targets[@]}"; do
  rm -rf "$dir/found-$target"
  run "$target" &
  pids+=($!)
done
failed=0
for i in "${!targets[@]}"; do
  target=${targets[$i]}
  wait "${pids[$i]}" || true
  runs=$(grep -o 'stat::number_of_executed_units: [0-9]*' "$dir/$target.log" | grep -o '[0-9]*$' || echo 0)
  found=$(find "$dir/found-$target" -type f)
  if [ -n "$found" ]; then
    echo "fuzz_$target found failing input(s): $found (log: $dir/$target.log)" >&2
    grep -E "ERROR|SUMMARY" "$dir/$target.log" >&2 || true
    failed=1
  else
    echo "fuzz_$target: ${runs} inputs in ${seconds} s, clean"
  fi
done
[ "$failed" = 0 ] && echo "fuzzing clean"
exit "$failed"
