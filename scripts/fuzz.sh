#!/usr/bin/env bash
# Runs each libFuzzer target of build/fuzz for SECONDS (default 3600): first over the committed
# regression inputs (each must pass), then fuzzing from the seeds (the built-in packs for the pack
# loader) into build/fuzz/corpus/<target>, which later runs continue.
set -euo pipefail
seconds=${1:-3600}
cd "$(dirname "$0")/.."
mkdir -p build/fuzz
stamp=build/fuzz/.started && touch "$stamp"
for target in pack formula; do
  exe=build/fuzz/fuzz/fuzz_$target
  corpus=build/fuzz/corpus/$target
  mkdir -p "$corpus"
  seeds=(fuzz/seeds/$target)
  [ "$target" = pack ] && seeds=(rules/national rules/examples)
  echo "fuzz_$target: regressions"
  "$exe" -rss_limit_mb=2048 -timeout=20 fuzz/regressions/$target/* >/dev/null 2>&1 ||
    { echo "fuzz_$target fails a regression input" >&2; "$exe" -timeout=20 fuzz/regressions/$target/*; exit 1; }
  echo "fuzz_$target: ${seconds} s"
  "$exe" -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=20 -max_len=65536 -print_final_stats=1 \
    -artifact_prefix=build/fuzz/ "$corpus" "${seeds[@]}" 2>&1 | grep -E "stat::number_of_executed_units|stat::peak_rss|ERROR|SUMMARY" || true
  found=$(find build/fuzz -maxdepth 1 -newer "$stamp" \( -name 'crash-*' -o -name 'leak-*' -o -name 'timeout-*' \
           -o -name 'oom-*' \) -print)
  [ -z "$found" ] || { echo "fuzz_$target found failing input(s): $found" >&2; exit 1; }
done
echo "fuzzing clean"
