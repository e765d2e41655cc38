"""The anjian command-line tool: `anjian --help` lists the subcommands."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Sequence

import numpy as np
import pandas as pd

from . import Error, Period, __version__, demo, indicators
from . import io as aio


def _format(table: pd.DataFrame, cat: indicators.Catalog) -> pd.DataFrame:
    """Human-readable copy: Chinese headers, rates as percentages, changes as signed percentages."""
    out = pd.DataFrame(index=table.index)
    for column in table.columns:
        code, _, suffix = column.partition("_yoy") if column.endswith("_yoy") else column.partition("_mom")
        base = column if column in cat else code
        ind = cat[base]
        values = table[column]
        if column == base:
            name = ind.name_zh
            if ind.kind == "ratio":
                text = values.map(lambda v: "—" if pd.isna(v) else f"{100 * v:.1f}%")
            else:
                text = values.map(lambda v: "—" if pd.isna(v) else f"{v}")
        else:
            name = ind.name_zh + ("同比" if column.endswith("_yoy") else "环比")
            text = values.map(lambda v: "—" if pd.isna(v) else f"{100 * v:+.1f}%")
        out[name] = text
    return out


def _print_table(table: pd.DataFrame, cat: indicators.Catalog, title: str) -> None:
    with pd.option_context("display.unicode.east_asian_width", True, "display.width", 250,
                           "display.max_columns", None, "display.max_rows", None):
        print(title)
        shown = _format(table, cat)
        values = [c for c in table.columns if c in cat]
        print(shown.iloc[:, [table.columns.get_loc(c) for c in values]].to_string())
        for suffix, label in (("_yoy", "同比 (year on year)"), ("_mom", "环比 (on the previous period)")):
            changes = [table.columns.get_loc(c) for c in table.columns if c.endswith(suffix) and c not in cat]
            if changes:
                print(f"\n{label}:")
                print(shown.iloc[:, changes].to_string())
    flagged = indicators.flags(table)
    if len(flagged):
        print(f"\n{len(flagged)} flagged cell(s) (NaN):")
        print(flagged.to_string(index=False))


def _write(table: pd.DataFrame, out: str | None) -> None:
    if out:
        path = aio.write_table(table, out)
        print(f"\nwritten: {path}")


def cmd_demo(args: argparse.Namespace) -> int:
    cat = indicators.catalog(args.catalog)
    reports = demo.reports(args.seed)
    period = Period.parse(args.period or demo.LATEST)
    table = indicators.compute(reports, period, catalog=cat, yoy=True)
    units = len(reports["unit"].cat.categories)
    _print_table(table, cat, f"达州 demo bulletin, {period}: {units} units "
                             f"(7 counties, 2 parks, 10 departments), catalogue {cat.pack.stamp}\n")
    _write(table, args.out)
    return 0


def cmd_indicators(args: argparse.Namespace) -> int:
    cat = indicators.catalog(args.catalog)
    reports = aio.read_table(args.reports)
    table = indicators.compute(reports, args.period, by=args.by, catalog=cat, yoy=args.yoy, mom=args.mom,
                               extra=args.extra)
    _print_table(table, cat, f"{args.reports}, {table.attrs['period']}, catalogue {cat.pack.stamp}\n")
    _write(table, args.out)
    return 0


def cmd_aggregate(args: argparse.Namespace) -> int:
    events = aio.read_table(args.events)
    reports = indicators.aggregate(events, by=args.by, date=args.date, catalog=args.catalog, extra=args.extra)
    aio.write_table(reports, args.out, index=False)
    print(f"{len(events)} events -> {len(reports)} unit-months: {args.out}")
    return 0


def cmd_catalog(args: argparse.Namespace) -> int:
    cat = indicators.catalog(args.name)
    print(f"{cat.pack.title} -- {cat.pack.stamp} ({cat.pack.file})\n\nbase fields:")
    for f in cat.fields:
        print(f"  {f.code:28} {f.name_zh}  [{f.kind}, {f.unit}{', ' + f.aggregation if f.aggregation != 'sum' else ''}]"
              f"{'' if f.verified else '  (unverified)'}\n      source: {f.source}")
    print("\nindicators:")
    for ind in cat.indicators:
        arrow = "↑" if ind.direction > 0 else "↓"
        print(f"  {ind.code:28} {ind.name_zh} {arrow}  = {ind.formula}  [{ind.kind}, {ind.unit}]"
              f"{'' if ind.verified else '  (unverified)'}\n      source: {ind.source}")
    return 0


def cmd_validate(args: argparse.Namespace) -> int:
    failed = 0
    for path in args.packs:
        try:
            cat = indicators.catalog(path)
            print(f"ok: {path} ({cat.pack.stamp}, {len(cat.fields)} base fields, {len(cat.indicators)} indicators)")
        except Error as exc:
            failed += 1
            print(f"FAILED: {exc}", file=sys.stderr)
    return 1 if failed else 0


def _table_options(p: argparse.ArgumentParser) -> None:
    """Options of the commands that read a table of units: its unit column, catalogue and extras."""
    p.add_argument("--by", default="unit", help="the unit column (default: unit)")
    p.add_argument("--catalog", help="built-in catalogue name or pack file")
    p.add_argument("--extra", choices=["error", "ignore"], default="error", help="columns that are not base fields")


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="anjian", description="Work-safety enforcement rules and metrics (安监).")
    p.add_argument("--version", action="version", version=f"anjian {__version__}")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")

    d = sub.add_parser("demo", help="the monthly bulletin on the built-in 达州-shaped demo data")
    d.add_argument("--seed", type=int, default=2024)
    d.add_argument("--period", help=f"period to report (default: the latest month, {demo.LATEST})")
    d.add_argument("--catalog", help="built-in catalogue name or pack file")
    d.add_argument("--out", help="also write the table (.csv or .xlsx)")
    d.set_defaults(run=cmd_demo)

    i = sub.add_parser("indicators", help="indicators per unit over a period from a reports table")
    i.add_argument("reports", help="reports table (.csv or .xlsx): unit, month, base fields")
    i.add_argument("--period", required=True, help="2024-08, 2024-Q3, 2024-H2, 2024, 2024-01..2024-08 ...")
    _table_options(i)
    i.add_argument("--yoy", action="store_true", help="add year-on-year change columns (同比)")
    i.add_argument("--mom", action="store_true", help="add period-on-period change columns (环比)")
    i.add_argument("--out", help="also write the table (.csv or .xlsx)")
    i.set_defaults(run=cmd_indicators)

    a = sub.add_parser("aggregate", help="sum event records into monthly reports")
    a.add_argument("events", help="events table (.csv or .xlsx): unit, date, base-field increments")
    a.add_argument("--out", required=True, help="reports table to write (.csv or .xlsx)")
    a.add_argument("--date", default="date", help="the date column (default: date)")
    _table_options(a)
    a.set_defaults(run=cmd_aggregate)

    c = sub.add_parser("catalog", help="list a catalogue's base fields and indicators with their sources")
    c.add_argument("name", nargs="?", default=None, help="built-in name or pack file (default: national/indicators)")
    c.set_defaults(run=cmd_catalog)

    r = sub.add_parser("rules", help="rule packs")
    rsub = r.add_subparsers(dest="rules_command", required=True, metavar="ACTION")
    v = rsub.add_parser("validate", help="check pack files; report every problem with file, line and key")
    v.add_argument("packs", nargs="+")
    v.set_defaults(run=cmd_validate)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.run(args)
    except Error as exc:
        print(f"anjian: error: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # `anjian demo | head`: the reader left, nothing is wrong
        sys.stderr.close()
        return 0


if __name__ == "__main__":
    raise SystemExit(main())
