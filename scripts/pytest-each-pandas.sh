#!/usr/bin/env bash
# The Python suite under the venv's pandas and under each other pandas named (installed beside the
# venv in build/pandas-<version>), the runs side by side. Under the other pandas the modules marked
# pinned_pandas (their work does not change with pandas' version) are deselected; under the venv's they
# run in a process of their own beside the rest (Spark, the benchmarks' smoke runs: the longest modules),
# so that no one run is left working alone at the end. Each run logs to build/pytest-<run>.log; a failing
# run's log is printed whole, a passing run's summary line.
# Usage: scripts/pytest-each-pandas.sh PYTHON [VERSION ...]
set -uo pipefail
py=$1
shift
cd "$(dirname "$0")/.."
mkdir -p build
runs=(venv venv-pinned "$@")
pids=()
for run in "${runs[@]}"; do
  case $run in
    venv) "$py" -m pytest -q -m "not pinned_pandas" --basetemp="build/pytest-$run" >"build/pytest-$run.log" 2>&1 & ;;
    venv-pinned)
      "$py" -m pytest -q -p no:cacheprovider -m pinned_pandas --basetemp="build/pytest-$run" \
        >"build/pytest-$run.log" 2>&1 & ;;
    *)
      ANJIAN_TEST_PANDAS=$run PYTHONPATH=build/pandas-$run \
        "$py" -m pytest -q -p no:cacheprovider -m "not pinned_pandas" --basetemp="build/pytest-$run" \
        >"build/pytest-$run.log" 2>&1 & ;;
  esac
  pids+=($!)
done
failed=0
for i in "${!runs[@]}"; do
  run=${runs[$i]}
  case $run in
    venv) what="the venv's pandas" ;;
    venv-pinned) what="the venv's pandas, the pinned_pandas modules" ;;
    *) what="pandas $run" ;;
  esac
  if wait "${pids[$i]}"; then
    echo "pytest under $what: $(tail -n 1 "build/pytest-$run.log")"
    grep '^SKIPPED' "build/pytest-$run.log" | sed 's/^/  /'  # why, as -ra says
  else
    echo "pytest under $what FAILED (build/pytest-$run.log):"
    cat "build/pytest-$run.log"
    failed=1
  fi
done
exit "$failed"
