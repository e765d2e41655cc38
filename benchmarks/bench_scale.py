"""Beyond one machine: ≥ 100 M events as Parquet on disk, aggregated per (unit, month) by anjian
streaming the files in one process, by anjian on Dask (2 worker processes), by Dask's own
`groupby().sum()`, by pyspark's `groupBy().sum()` (local mode, 2 cores), and by pandas in memory on
the rows that fit. Each engine runs in its own process; the parent samples the memory of that process
and its children. Prints rows/s, peak memory (the largest single process, and the whole tree) and
every time as a ratio of anjian's, and checks every engine's sums equal anjian's.

    .venv/bin/python benchmarks/bench_scale.py [--rows 100_000_000] [--dir build/scale]   (make bench-scale)
    .venv/bin/python benchmarks/bench_scale.py --smoke                                     (make test)

On 2 cores these runs measure each engine's overhead, not its speed-up: the per-partition costs
printed at the end are what a model of N workers is built from (README, "Beyond one machine").
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import numpy as np

FIELDS = ["inspection_teams", "enterprises_inspected", "hazards_found", "major_hazards_found", "hazards_rectified",
          "major_hazards_rectified", "cases_filed", "cases_closed", "suspensions", "criminal_transfers",
          "correction_orders", "fines_yuan"]
UNITS = 3000  # counties
SPLIT_EVERY = 16  # partials merged at a time by the streaming run
CHUNK = 5_000_000  # rows generated, written and (by anjian) aggregated at a time
BYTES_PER_ROW_ON_DISK = 20  # measured upper bound for this data (dictionary units, small ints): for the disk check


# -- the data ---------------------------------------------------------------------------------------

def generate(directory: Path, rows: int, chunk: int) -> list[Path]:
    """rows events as Parquet files of `chunk` rows: unit (dictionary of 3,000 names), date (2 years),
    the count fields as int32 and fines in whole yuan as int64. Never more than one chunk in memory."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    need = rows * BYTES_PER_ROW_ON_DISK
    free = shutil.disk_usage(directory.parent if not directory.exists() else directory).free
    if need > free * 0.8:
        sys.exit(f"bench_scale: {rows:,} rows need about {need / 1e9:.1f} GB; {free / 1e9:.1f} GB free")
    stamp = directory.parent / f"{directory.name}.json"  # beside the files: readers take the whole directory
    if stamp.exists() and json.loads(stamp.read_text()) == {"rows": rows, "chunk": chunk}:
        return sorted(directory.glob("part-*.parquet"))
    shutil.rmtree(directory, ignore_errors=True)
    directory.mkdir(parents=True)
    names = pa.array([f"县{u:04d}" for u in range(UNITS)])
    day0 = np.datetime64("2023-01-01", "D").astype(np.int32)
    paths = []
    for k, start in enumerate(range(0, rows, chunk)):
        n = min(chunk, rows - start)
        rng = np.random.default_rng(k)
        columns = {"unit": pa.DictionaryArray.from_arrays(pa.array(rng.integers(0, UNITS, n, dtype=np.int32)), names),
                   "date": pa.array(day0 + rng.integers(0, 730, n, dtype=np.int32), pa.date32())}
        counts = {f: rng.integers(0, 3, n, dtype=np.int32) for f in FIELDS[:-1]}
        for part, whole in (("major_hazards_found", "hazards_found"), ("major_hazards_rectified", "hazards_rectified")):
            counts[part] = np.minimum(counts[part], counts[whole])  # a part never exceeds its whole
        columns.update({f: pa.array(v) for f, v in counts.items()})
        columns["fines_yuan"] = pa.array(rng.integers(0, 5_000, n, dtype=np.int64))
        path = directory / f"part-{k:05d}.parquet"
        pq.write_table(pa.table(columns), path, row_group_size=1_000_000)
        paths.append(path)
    stamp.write_text(json.dumps({"rows": rows, "chunk": chunk}))
    return paths


# -- the engines, each run in its own process (python bench_scale.py --engine NAME DIR) --------------

def run_anjian(directory: Path) -> dict:
    """anjian in one process, streaming: one row group at a time read, summed and merged; the time of
    each step kept apart (the inputs of the N-worker model)."""
    import pyarrow.parquet as pq

    from anjian import _partials

    chunks, cells = 0, 0
    spent = {"read": 0.0, "sum": 0.0, "merge": 0.0}

    def partials():
        nonlocal chunks, cells
        for path in sorted(directory.glob("part-*.parquet")):
            reader = pq.ParquetFile(path)
            for g in range(reader.num_row_groups):
                t0 = time.perf_counter()
                events = reader.read_row_group(g).to_pandas()
                t1 = time.perf_counter()
                part = _partials.partial(events)
                spent["read"], spent["sum"] = spent["read"] + t1 - t0, spent["sum"] + time.perf_counter() - t1
                chunks, cells = chunks + 1, cells + len(part)
                yield part

    t0 = time.perf_counter()
    merged = _partials.merge_stream(partials(), SPLIT_EVERY)  # merged SPLIT_EVERY at a time, as the engines merge
    spent["merge"] = time.perf_counter() - t0 - spent["read"] - spent["sum"]
    return {"result": _total(merged), "partitions": chunks, "spent": spent, "partial_rows": cells / max(chunks, 1),
            "merged_rows": len(merged)}


def run_anjian_dask(directory: Path) -> dict:
    import dask.dataframe as dd
    import distributed

    import anjian.dask

    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0",
                                  memory_limit=0) as cluster, distributed.Client(cluster) as client:
        events = dd.read_parquet(str(directory), split_row_groups=True)
        reports = anjian.dask.aggregate(events)
        workers = client.run(_own_peak)
    return {"result": _total(reports), "partitions": events.npartitions, "worker_peaks": list(workers.values())}


def run_dask(directory: Path) -> dict:
    import dask.dataframe as dd
    import distributed

    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0",
                                  memory_limit=0) as cluster, distributed.Client(cluster) as client:
        events = dd.read_parquet(str(directory), split_row_groups=True)
        events["month"] = events["date"].dt.strftime("%Y-%m")
        sums = events.groupby(["unit", "month"], observed=True)[FIELDS].sum().compute()
        workers = client.run(_own_peak)
    return {"result": {f: int(sums[f].sum()) for f in FIELDS}, "partitions": events.npartitions,
            "worker_peaks": list(workers.values())}


def run_spark(directory: Path) -> dict:
    os.environ["PYSPARK_PYTHON"] = sys.executable
    from pyspark.sql import SparkSession, functions

    spark = (SparkSession.builder.master("local[2]").config("spark.ui.enabled", "false")
             .config("spark.sql.session.timeZone", "UTC").config("spark.driver.memory", "2g").getOrCreate())
    spark.sparkContext.setLogLevel("ERROR")
    events = spark.read.parquet(str(directory)).withColumn("month", functions.date_format("date", "yyyy-MM"))
    sums = events.groupBy("unit", "month").sum(*FIELDS).toPandas()
    partitions = events.rdd.getNumPartitions()
    spark.stop()
    return {"result": {f: int(sums[f"sum({f})"].sum()) for f in FIELDS}, "partitions": partitions}


def run_pandas(directory: Path, cap: int) -> dict:
    """pandas in memory on the first `cap` rows (what fits): read, then groupby().sum()."""
    import pandas as pd
    import pyarrow.parquet as pq

    frames, rows = [], 0
    for path in sorted(directory.glob("part-*.parquet")):
        if rows >= cap:
            break
        frames.append(pq.read_table(path).to_pandas())
        rows += len(frames[-1])
    events = pd.concat(frames, ignore_index=True).iloc[:cap]
    month = events["date"].astype("datetime64[s]").dt.to_period("M")
    sums = events[FIELDS].groupby([events["unit"], month], observed=True).sum()
    return {"result": {f: int(sums[f].sum()) for f in FIELDS}, "rows": len(events)}


def _total(reports) -> dict:
    return {f: int(sum(int(v) for v in reports[f])) for f in FIELDS}


def _own_peak() -> int:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


# -- the parent: one process per engine, memory sampled ----------------------------------------------

def measure(engine: str, directory: Path, extra: list[str]) -> dict:
    import psutil

    t0 = time.perf_counter()
    child = subprocess.Popen([sys.executable, __file__, "--engine", engine, str(directory), *extra],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    peak_one, peak_tree, done = 0, 0, threading.Event()

    def sample() -> None:
        nonlocal peak_one, peak_tree
        parent = psutil.Process(child.pid)
        while not done.is_set():
            try:
                sizes = [p.memory_info().rss for p in [parent, *parent.children(recursive=True)]]
            except psutil.Error:
                sizes = []
            if sizes:
                peak_one, peak_tree = max(peak_one, max(sizes)), max(peak_tree, sum(sizes))
            done.wait(0.1)

    sampler = threading.Thread(target=sample)
    sampler.start()
    out, err = child.communicate()
    done.set()
    sampler.join()
    seconds = time.perf_counter() - t0
    if child.returncode != 0:
        sys.exit(f"bench_scale: engine {engine} failed:\n{err[-3000:]}")
    report = json.loads(out.strip().splitlines()[-1])
    report.update(seconds=seconds, peak_one=peak_one, peak_tree=peak_tree)
    return report


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=lambda s: int(s.replace("_", "")), default=100_000_000)
    ap.add_argument("--dir", default="build/scale")
    ap.add_argument("--pandas-rows", type=lambda s: int(s.replace("_", "")), default=20_000_000,
                    help="the rows pandas holds in memory (it reads them all before it sums)")
    ap.add_argument("--smoke", action="store_true", help="200,000 rows in chunks of 50,000 (make test runs this)")
    ap.add_argument("--engines", default="anjian,anjian-dask,dask,spark,pandas")
    ap.add_argument("--engine", nargs=argparse.REMAINDER, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.engine:  # a child: run one engine, print its report as the last line
        name, directory, *rest = args.engine
        run = {"anjian": run_anjian, "anjian-dask": run_anjian_dask, "dask": run_dask, "spark": run_spark}.get(name)
        report = run(Path(directory)) if run else run_pandas(Path(directory), int(rest[0]))
        print(json.dumps(report, default=str))
        return
    rows, chunk = (200_000, 50_000) if args.smoke else (args.rows, CHUNK)
    directory = Path(args.dir + ("-smoke" if args.smoke else ""))
    directory.parent.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    paths = generate(directory, rows, chunk)
    size = sum(p.stat().st_size for p in paths)
    print(f"{rows:,} events in {len(paths)} Parquet files, {size / 1e9:.2f} GB ({time.perf_counter() - t0:.0f} s "
          f"to make or find them)")
    engines = args.engines.split(",")
    reports = {}
    for engine in engines:
        extra = [str(min(args.pandas_rows, rows))] if engine == "pandas" else []
        reports[engine] = measure(engine, directory, extra)
    base = reports.get("anjian")
    print(f"{'engine':14} {'rows':>13} {'seconds':>8} {'M rows/s':>9} {'x anjian':>9} {'peak, one process':>18} "
          f"{'peak, all':>10}")
    for engine, r in reports.items():
        n = r.get("rows", rows)
        ratio = r["seconds"] / (base["seconds"] * n / rows) if base else float("nan")
        print(f"{engine:14} {n:13,} {r['seconds']:8.1f} {n / r['seconds'] / 1e6:9.2f} {ratio:9.2f} "
              f"{r['peak_one'] / 2**20:15.0f} MB {r['peak_tree'] / 2**20:7.0f} MB")
    for engine, r in reports.items():  # every engine's sums equal anjian's (pandas' on its rows only)
        if engine != "pandas" and base and r["result"] != base["result"]:
            sys.exit(f"bench_scale: {engine} sums differ from anjian's: {r['result']} != {base['result']}")
    if base:
        k, spent = base["partitions"], base["spent"]
        per_rows = rows / k
        print(f"anjian per partition of {per_rows:,.0f} rows, one core: read Parquet {spent['read'] / k * 1e3:.0f} ms "
              f"({per_rows * k / spent['read'] / 1e6:.1f} M rows/s), sum {spent['sum'] / k * 1e3:.0f} ms "
              f"({per_rows * k / spent['sum'] / 1e6:.1f} M rows/s), merge {spent['merge'] / k * 1e3:.1f} ms (16 at a time); "
              f"a partial is {base['partial_rows']:,.0f} (unit, month) rows, the merged reports {base['merged_rows']:,}")
    if "anjian-dask" in reports:
        peaks = reports["anjian-dask"].get("worker_peaks") or [0]
        print(f"anjian on Dask: {reports['anjian-dask']['partitions']} partitions, worker peak "
              f"{max(peaks) / 2**20:.0f} MB")


if __name__ == "__main__":
    main()
