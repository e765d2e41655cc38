#!/usr/bin/env bash
# The Python suite under the venv's pandas and under each other pandas named (installed beside the
# venv in build/pandas-<version>), the runs side by side: each mostly keeps one core busy, so on two
# cores the three take little longer than one. Each logs to build/pytest-<pandas>.log; a failing run's
# log is printed whole, a passing run's summary line.
# Usage: scripts/pytest-each-pandas.sh PYTHON [VERSION ...]
set -uo pipefail
py=$1
shift
cd "$(dirname "$0")/.."
mkdir -p build
runs=(venv "$@")
pids=()
for run in "${runs[@]}"; do
  if [ "$run" = venv ]; then
    "$py" -m pytest -q --basetemp="build/pytest-$run" >"build/pytest-$run.log" 2>&1 &
  else
    ANJIAN_TEST_PANDAS=$run PYTHONPATH=build/pandas-$run \
      "$py" -m pytest -q -p no:cacheprovider --basetemp="build/pytest-$run" >"build/pytest-$run.log" 2>&1 &
  fi
  pids+=($!)
done
failed=0
for i in "${!runs[@]}"; do
  run=${runs[$i]}
  if wait "${pids[$i]}"; then
    echo "pytest under pandas ($run): $(tail -n 1 "build/pytest-$run.log")"
    grep '^SKIPPED' "build/pytest-$run.log" | sed 's/^/  /'  # why, as -ra says
  else
    echo "pytest under pandas ($run) FAILED (build/pytest-$run.log):"
    cat "build/pytest-$run.log"
    failed=1
  fi
done
exit "$failed"
