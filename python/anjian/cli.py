"""The anjian command-line tool: `anjian --help` lists the subcommands."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import sys
import warnings
from decimal import Decimal
from pathlib import Path
from typing import Any, Sequence

import numpy as np
import pandas as pd

from . import (Error, Period, __version__, _core, accident, bulletin, demo, hazard, indicators, penalty, ranking,
               returns, triggers)
from . import io as aio
from ._counted import Counted
from ._labels import period_zh


_CHANGES = (("_yoy_pp", "同比"), ("_mom_pp", "环比"), ("_yoy", "同比"), ("_mom", "环比"))


def _format(table: pd.DataFrame, cat: indicators.Catalog) -> pd.DataFrame:
    """Human-readable copy: Chinese headers, rates as percentages; a count's change in percent, a
    rate's in percentage points (the bulletins' convention), under "<name>同比" / "<name>环比"."""
    out = pd.DataFrame(index=table.index)
    for column in table.columns:
        values = table[column]
        if column in cat:
            ind = cat[column]
            out[ind.name_zh] = values.map(lambda v: "—" if pd.isna(v) else f"{100 * v:.1f}%" if ind.kind == "ratio"
                                          else f"{v}")
            continue
        suffix, label = next((s, w) for s, w in _CHANGES if column.endswith(s))
        ind = cat[column.removesuffix(suffix)]
        if suffix.endswith("_pp"):
            out[ind.name_zh + label] = values.map(lambda v: "—" if pd.isna(v) else f"{v:+.1f}个百分点")
        elif ind.kind != "ratio":  # a rate's relative change is not what bulletins state
            out[ind.name_zh + label] = values.map(lambda v: "—" if pd.isna(v) else f"{100 * v:+.1f}%")
    return out


def _print_table(table: pd.DataFrame, cat: indicators.Catalog, title: str) -> None:
    with pd.option_context("display.unicode.east_asian_width", True, "display.width", 250,
                           "display.max_columns", None, "display.max_rows", None):
        print(title)
        shown = _format(table, cat)
        print(shown[[cat[c].name_zh for c in table.columns if c in cat]].to_string())
        for label, heading in (("同比", "同比 (year on year)"), ("环比", "环比 (on the previous period)")):
            changes = [c for c in shown.columns if c.endswith(label)]
            if changes:
                print(f"\n{heading}:")
                print(shown[changes].to_string())
    flagged = indicators.flags(table)
    if len(flagged):
        print(f"\n{len(flagged)} flagged cell(s) (NaN):")
        print(flagged.to_string(index=False))


def _write(table: pd.DataFrame, out: str | None, quiet: bool = False) -> str | None:
    if not out:
        return None
    path = aio.write_table(table, out)
    if not quiet:
        print(f"\nwritten: {path}")
    return str(path)


def _plain(value: Any) -> Any:
    """A value JSON can carry: money as a decimal string (as the penalty schema has it), dates in ISO
    form, NaN and NA as null."""
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, (dt.date, pd.Timestamp)):
        return value.isoformat()
    if isinstance(value, Path):
        return str(value)
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return None
    if value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, (list, tuple, Counted)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    return value


def records(frame: pd.DataFrame, index: str | None = None) -> list[dict[str, Any]]:
    """A frame as JSON rows, its index as the column `index` when given."""
    if index is not None:
        frame = frame.rename_axis(index).reset_index()
    return [{str(k): _plain(v) for k, v in row.items()} for row in frame.to_dict(orient="records")]


def _json(payload: Any) -> int:
    print(json.dumps(_plain(payload), ensure_ascii=False, indent=2))
    return 0


def _print_bulletin(board: pd.DataFrame, cfg: ranking.RankingConfig) -> None:
    """The ranked bulletin: places, scores, movement, and the red and black lists."""
    weights = ", ".join(f"{code} {w:.3f}" for code, w in board.attrs["weights"].items())
    print(f"\n综合评价 ({cfg.method}, {board.attrs['normalize']} normalisation, {cfg.weighting} weights: {weights}; "
          f"{cfg.pack.stamp})")
    shown = pd.DataFrame({"名次": board["rank"], "得分": board["score"].map(lambda v: f"{v:.3f}")}, index=board.index)
    if "rank_change" in board:
        shown["升降"] = board["rank_change"].map(lambda v: "—" if pd.isna(v) else f"{int(v):+d}")
    shown["榜"] = np.where(board["red"], "红榜", np.where(board["black"], "黑榜", ""))
    shown["加扣分"] = board["points"].map(lambda v: f"{v:+g}" if v else "")
    with pd.option_context("display.unicode.east_asian_width", True, "display.max_rows", None):
        print(shown.to_string())
    print(f"\n红榜: {'、'.join(board.index[board['red']])}")
    print(f"黑榜: {'、'.join(board.index[board['black']])}")
    if not board.attrs.get("points_verified", True):
        print(f"(points per rank band are this pack's assumption, not published: {cfg.points_source})")


def _covers(reports: pd.DataFrame, period: Period) -> bool:
    """Whether the reports reach back to the start of `period` (a 同比 or 环比 base before the first
    month reported has nothing to compare with)."""
    return period.start >= Period.parse(indicators.months(reports)[0]).start


def cmd_demo(args: argparse.Namespace) -> int:
    """The whole path on demo data: the units' return workbooks written first, then read back like any
    office's, the bulletin computed from them and written as workbook, drafted 通报 and charts."""
    cat = indicators.catalog(args.catalog)
    cfg = ranking.config(args.ranking)
    directory = Path(args.dir)
    files = demo.write_returns(directory / "returns", args.seed)
    period = Period.parse(args.period or demo.LATEST)
    b = bulletin(files, period, catalog=cat, ranking_config=cfg, roster=demo.roster())
    fired = triggers.evaluate(demo.incidents(args.seed))
    fired = fired[pd.to_datetime(fired["fired_on"]).dt.year == period.start.year]
    written = [b.to_excel(directory / "通报.xlsx"), b.to_docx(directory / "通报.docx"), *b.charts(directory / "图表")]
    table = b.table.join(b.board[["score", "rank", "red", "black", "points"]])
    out = _write(table, args.out, quiet=args.json)
    if args.json:
        return _json({"period": str(period), "returns": files, "red": b.red, "black": b.black, "notes": b.notes,
                      "table": records(table, "unit"), "triggers": records(fired.drop(columns=["events"])),
                      "written": written + ([out] if out else [])})
    print(f"demo returns: {len(files)} workbooks (one per unit, as offices send them) in {directory / 'returns'}")
    _print_table(b.table, cat, f"\n达州 demo bulletin, {period}: {len(b.board)} units "
                               f"(7 counties, 2 parks, 10 departments), catalogue {cat.pack.stamp}\n")
    _print_bulletin(b.board, cfg)
    for note in b.notes:
        print(f"注: {note}")
    print(f"\n监管措施 triggered in {period.start.year} by the demo enterprises' accidents and penalties "
          f"(national/triggers; `anjian triggers` shows the events):")
    for row in fired.itertuples():
        print(f"  {row.fired_on}  {row.action}  {row.group}: {row.title_zh}")
    print("\nthe bulletin:")
    for path in written:
        print(f"  {path}")
    if out:
        print(f"\nwritten: {out}")
    return 0


def _read_returns(args: argparse.Namespace, catalog: str | None = None) -> pd.DataFrame:
    """The return files of a command, read with its reading options; the units found are listed when
    no roster names the expected ones (a misspelt county shows up there)."""
    roster = returns.roster(args.roster) if args.roster else None
    reports = returns.read(args.reports, catalog=catalog or args.catalog, sheet=_sheet(args.sheet),
                           header_row=args.header_row, encoding=args.encoding, month=args.month, roster=roster,
                           extra=args.extra)
    if args.json:
        return reports
    if roster is None:
        print(f"units found ({len(reports.attrs['units'])}; give --roster to check them): "
              f"{'、'.join(reports.attrs['units'])}")
    for x in reports.attrs["left_out"]:
        print(f"left out: {x['where']}: {x['why']}")
    return reports


def _sheet(text: str | None) -> str | int | None:
    """--sheet 2 is the second sheet, as the office counts; any other text a sheet's name."""
    return int(text) - 1 if text is not None and text.isdigit() and int(text) >= 1 else text


def cmd_validate_returns(args: argparse.Namespace) -> int:
    roster = returns.roster(args.roster) if args.roster else None
    problems = returns.check(args.reports, catalog=args.catalog, sheet=_sheet(args.sheet), header_row=args.header_row,
                             encoding=args.encoding, month=args.month, roster=roster, extra=args.extra)
    if args.json:
        print(json.dumps({"problems": problems}, ensure_ascii=False, indent=2))
        return 1 if problems else 0
    for p in problems:
        print(cli_words(p["message"]))
    if problems:
        print(f"{len(problems)} problem{'s' if len(problems) > 1 else ''} in {len(args.reports)} file(s); "
              "nothing was written", file=sys.stderr)
        return 1
    reports = _read_returns(args)
    print(f"ok: {len(args.reports)} file(s) can be read: {len(reports)} unit-months")
    return 0


def cmd_template(args: argparse.Namespace) -> int:
    roster = returns.roster(args.roster) if args.roster else None
    path = returns.template(args.out, catalog=args.catalog, roster=roster, month=args.month)
    if args.json:
        return _json({"written": path})
    print(f"written: {path}")
    return 0


def cmd_bulletin(args: argparse.Namespace) -> int:
    roster = returns.roster(args.roster) if args.roster else None
    b = bulletin(args.reports, args.period, catalog=args.catalog, ranking_config=args.ranking, roster=roster,
                 missing=args.missing, sheet=_sheet(args.sheet), header_row=args.header_row, encoding=args.encoding,
                 month=args.month, extra=args.extra)
    written = [b.to_excel(args.out)]
    if args.docx:
        written.append(b.to_docx(args.docx))
    if args.charts:
        written += b.charts(args.charts)
    if args.json:
        print(json.dumps({"period": str(b.period), "red": b.red, "black": b.black, "notes": b.notes,
                          "written": [str(p) for p in written]}, ensure_ascii=False, indent=2))
        return 0
    if roster is None:
        print(f"units found ({len(b.board)}; give --roster to check them): {'、'.join(map(str, b.board.index))}")
    for x in b.left_out:
        print(f"left out: {x['where']}: {x['why']}")
    print(f"{b.title}（{period_zh(b.period)}）: {len(b.board)} units")
    print(f"红榜: {'、'.join(map(str, b.red))}")
    print(f"黑榜: {'、'.join(map(str, b.black))}")
    for note in b.notes:
        print(f"注: {note}")
    for path in written:
        print(f"written: {path}")
    return 0


def cmd_rank(args: argparse.Namespace) -> int:
    cfg = ranking.config(args.ranking)
    reports = _read_returns(args, args.catalog or cfg.catalog)
    period = Period.parse(args.period)
    catalog, criteria = args.catalog or cfg.catalog, list(cfg.criteria)
    table = indicators.compute(reports, period, catalog=catalog, indicators=criteria)
    previous = None
    if _covers(reports, period.previous()):
        before = indicators.compute(reports, period.previous(), catalog=catalog, indicators=criteria)
        previous = ranking.bulletin(before, cfg, missing=args.missing)
    board = ranking.bulletin(table, cfg, previous=previous, missing=args.missing)
    out = _write(board, args.out, quiet=args.json)
    if args.json:
        return _json({"period": str(period), "board": records(board, "unit"), "notes": board.attrs["list_notes"],
                      "left_out": reports.attrs["left_out"], "written": out})
    print(f"{', '.join(args.reports)}, {period}")
    _print_bulletin(board, cfg)
    if out:
        print(f"\nwritten: {out}")
    return 0


def cmd_indicators(args: argparse.Namespace) -> int:
    cat = indicators.catalog(args.catalog)
    reports = _read_returns(args)
    table = indicators.compute(reports, args.period, catalog=cat, yoy=args.yoy, mom=args.mom)
    out = _write(table, args.out, quiet=args.json)
    if args.json:
        return _json({"period": table.attrs["period"], "catalog": cat.pack.stamp, "table": records(table, "unit"),
                      "flags": records(indicators.flags(table)), "left_out": reports.attrs["left_out"],
                      "written": out})
    _print_table(table, cat, f"{', '.join(args.reports)}, {table.attrs['period']}, catalogue {cat.pack.stamp}\n")
    if out:
        print(f"\nwritten: {out}")
    return 0


def cmd_aggregate(args: argparse.Namespace) -> int:
    events = _read_table(args, args.events)
    reports = indicators.aggregate(events, by=args.by, date=args.date, catalog=args.catalog, extra=args.extra)
    path = aio.write_table(reports, args.out, index=False)
    if args.json:
        return _json({"events": len(events), "unit_months": len(reports), "written": path})
    print(f"{len(events)} events -> {len(reports)} unit-months: {path}")
    return 0


def cmd_selftest(args: argparse.Namespace) -> int:
    from . import _selftest

    if args.json:
        import io

        buffer = io.StringIO()
        ok = _selftest.run(buffer)
        _json({"ok": ok, "lines": buffer.getvalue().splitlines()})
        return 0 if ok else 1
    return 0 if _selftest.run() else 1


def cmd_catalog(args: argparse.Namespace) -> int:
    cat = indicators.catalog(args.name)
    if args.json:
        return _json({"pack": cat.pack.stamp, "title": cat.pack.title,
                      "fields": [{"code": f.code, "name_zh": f.name_zh, "aliases": f.aliases, "unit": f.unit,
                                  "kind": f.kind, "aggregation": f.aggregation, "source": f.source,
                                  "verified": f.verified} for f in cat.fields],
                      "indicators": [{"code": i.code, "name_zh": i.name_zh, "unit": i.unit, "kind": i.kind,
                                      "direction": i.direction, "formula": i.formula, "source": i.source,
                                      "verified": i.verified} for i in cat.indicators]})
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


def _write_page(page: str, out: str | None, as_json: bool) -> int:
    """An HTML page to `out` (atomically; printed to PDF when `out` ends in .pdf), or to stdout."""
    if not out:
        if as_json:
            return _json({"html": page})
        sys.stdout.write(page)
        return 0
    if Path(out).suffix.lower() == ".pdf":
        from . import _review

        path = _review.write_pdf(page, Path(out))
    else:
        path = aio.atomic_write(Path(out), lambda tmp: Path(tmp).write_text(page, encoding="utf-8"))
    if as_json:
        return _json({"written": path})
    print(f"written: {path}")
    return 0


def cmd_rules_doc(args: argparse.Namespace) -> int:
    from . import _review

    return _write_page(_review.document(args.packs, cases=args.cases), args.output, args.json)


def cmd_rules_diff(args: argparse.Namespace) -> int:
    from . import _review

    return _write_page(_review.diff(args.old, args.new), args.output, args.json)


def cmd_validate(args: argparse.Namespace) -> int:
    results: list[dict[str, Any]] = []
    for path in args.packs:
        try:
            info = _core.validate_pack(path)
            results.append({"file": path, "ok": True, "kind": info.kind, "stamp": info.stamp})
            if not args.json:
                print(f"ok: {path} ({info.kind} {info.stamp})")
        except Error as exc:
            results.append({"file": path, "ok": False, "problems": getattr(exc, "problems", None) or [str(exc)]})
            if not args.json:
                print(f"FAILED: {exc}", file=sys.stderr)
    if args.json:
        _json({"packs": results})
    return 0 if all(r["ok"] for r in results) else 1


def cmd_migrate(args: argparse.Namespace) -> int:
    from ._migrate import migrate_file

    if args.output and len(args.packs) != 1:
        print("anjian rules migrate: --output takes one pack", file=sys.stderr)
        return 2
    results: list[dict[str, Any]] = []
    for path in args.packs:
        try:
            target = migrate_file(path, args.output)
            info = _core.validate_pack(target)
            results.append({"file": path, "ok": True, "written": target, "stamp": info.stamp})
            if not args.json:
                print(f"migrated: {path} -> {target} ({info.kind} {info.stamp})")
        except (Error, OSError) as exc:
            results.append({"file": path, "ok": False, "error": str(exc)})
            if not args.json:
                print(f"FAILED: {exc}", file=sys.stderr)
    if args.json:
        _json({"packs": results})
    return 0 if all(r["ok"] for r in results) else 1


def _print_recommendation(rec: penalty.Recommendation, as_json: bool) -> None:
    if as_json:
        print(rec.to_json(indent=2))
        return
    if rec.no_fine:  # the article sets measures only for this party
        rng, recommended = f"不处罚款（{'、'.join(rec.measures)}）", "—"
    else:
        rng = f"{rec.max_yuan}元以下" if rec.open_below else f"{rec.min_yuan}元 – {rec.max_yuan}元"
        recommended = f"{rec.recommended_yuan}元"
    print(f"{rec.party}: {rng}\n依据: {rec.basis} (in force from {rec.law_version})\n"
          f"recommended: {recommended}{'' if rec.verified else '  (uses values marked unverified)'}\nwhy:")
    for step in rec.trace:
        print(f"  - {step['rule']}: {step['detail']}")


def _key_values(items: Sequence[str] | None, option: str) -> dict[str, str]:
    """--fact/--finding key=value options as a dict."""
    out = {}
    for item in items or []:
        key, sep, value = item.partition("=")
        if not sep:
            raise Error(f"{option} takes key=value, got {item!r}")
        out[key] = value
    return out


def cmd_penalty(args: argparse.Namespace) -> int:
    eng = penalty.Engine(args.pack or None)
    if args.penalty_command == "list":
        if args.json:
            return _json({"provisions": [{"id": pid, "title": title} for pid, title in eng.provisions]})
        for pid, title in eng.provisions:
            print(f"{pid:32} {title}")
        return 0
    if args.penalty_command == "accident":
        rec = eng.accident_fine(args.level, args.act, args.decision, args.aggravated, args.sector)
    elif args.penalty_command == "principal":
        rec = eng.principal_fine(args.level, args.income, args.act, args.decision, args.sector)
    else:
        rec = eng.recommend(args.provision, _key_values(args.fact, "--fact"), args.act, args.decision, party=args.party, income_yuan=args.income)
    _print_recommendation(rec, args.json)
    return 0


def _show(frame: pd.DataFrame) -> None:
    with pd.option_context("display.unicode.east_asian_width", True, "display.width", 250,
                           "display.max_columns", None, "display.max_rows", None, "display.max_colwidth", 60):
        print(frame.to_string())


def cmd_accident(args: argparse.Namespace) -> int:
    if args.accident_command == "level":
        c = accident.explain(args.deaths, args.injuries, args.loss, rules=args.pack, sector=args.sector, date=args.date)
        if args.json:
            return _json({"level": int(c.level), "name_zh": c.name_zh, "why": c.why,
                          "investigated_by": c.investigated_by, "investigation_basis": c.investigation_basis,
                          "reporting_chain": [{"office": o, "minutes": m} for o, m in c.reporting_chain],
                          "pack": c.pack})
        print(f"{c.name_zh} (level {int(c.level)})\n依据: 生产安全事故报告和调查处理条例 第三条 -- {c.why}\n"
              f"调查: {c.investigated_by} ({c.investigation_basis})\n报告 (第九条、第十条、第十一条), latest arrival after the unit head "
              "is told:")
        for office, minutes in c.reporting_chain:
            print(f"  {minutes // 60:>2} h {minutes % 60:02d} min  {office}")
        print(f"({c.pack})")
        return 0
    table = _read_table(args, args.accidents)
    graded = accident.grade(table, rules=args.pack)
    out = _write(table.join(graded), args.out, quiet=args.json)
    if args.json:
        return _json({"accidents": records(graded, "row"), "pack": graded.attrs["pack"], "written": out})
    _show(graded)
    counts = graded["level_zh"].value_counts()
    print("\n" + ", ".join(f"{k} {v}" for k, v in counts.items()) + f"  ({graded.attrs['pack']})")
    if "late" in graded:
        print(f"迟报: {int(graded['late'].sum())} of {len(graded)}")
    if out:
        print(f"\nwritten: {out}")
    return 0


def _inventory_items(items: Sequence[str]) -> list[tuple]:
    rows = []
    for item in items:
        key, sep, rest = item.partition("=")
        tonnes, _, cats = rest.partition(":")
        if not sep or not tonnes:
            raise Error(f"--item takes SUBSTANCE=TONNES or SUBSTANCE=TONNES:CATEGORIES, got {item!r}")
        rows.append((key, tonnes, cats))
    return rows


def cmd_hazard(args: argparse.Namespace) -> int:
    if args.hazard_command == "identify":
        people = None if args.people is None else int(args.people)
        if args.inventory:
            inv = _read_table(args, args.inventory)
            if args.by is not None and args.by not in inv.columns:
                raise Error(f"{args.inventory}: no unit column '{args.by}' (columns: {', '.join(map(str, inv.columns))})")
            by = args.by or "unit"
            if by in inv.columns:  # one identification per unit; without a unit column, the table is one unit
                out = hazard.identify_many(inv, args.people_column or people, by=by, on=args.on)
                path = _write(out, args.out, quiet=args.json)
                if args.json:
                    return _json({"units": records(out, by), "written": path})
                _show(out)
                print(f"\nmajor hazard sources: {int(out['is_major'].sum())} of {len(out)} units")
                if path:
                    print(f"\nwritten: {path}")
                return 0
        else:
            inv = _inventory_items(args.item or [])
        res = hazard.identify(inv, exposed_people=people, on=args.on)
        if args.json:
            return _json({"lines": records(res.lines), "s": res.s, "is_major": res.is_major, "r": res.r,
                          "alpha": res.alpha, "grade": res.grade, "grade_zh": res.grade_zh, "pack": res.pack,
                          "standard": res.standard})
        _show(res.lines)
        verdict = "构成重大危险源" if res.is_major else "不构成重大危险源"
        print(f"\nS = {res.s:.4g} -> {verdict} ({res.standard} 4.2.1: S >= 1)")
        if res.r is not None and res.alpha is not None:
            print(f"R = α Σ β q/Q = {res.alpha:g} × {res.r / res.alpha:.4g} = {res.r:.4g}" +
                  (f" -> {res.grade_zh}重大危险源" if res.grade else ""))
        print(f"({res.pack})")
        return 0
    if args.hazard_command == "lookup":
        if args.json:
            return _json(hazard.lookup(args.name))
        for key, value in hazard.lookup(args.name).items():
            print(f"{key:9} {value}")
        return 0
    if args.hazard_command == "standards":
        if args.json:
            return _json({"standards": records(hazard.standards())})
        _show(hazard.standards())
        return 0
    if args.inspections:
        found = hazard.assess_many(_read_table(args, args.inspections), args.industry, args.date, keys=args.key or ())
        path = _write(found, args.out, quiet=args.json)
        if args.json:
            return _json({"items_met": records(found, "row"), "written": path})
        _show(found)
        print(f"\n{len(found)} item(s) met")
        if path:
            print(f"\nwritten: {path}")
        return 0
    a = hazard.assess(_key_values(args.finding, "--finding"), args.industry, args.date)
    if args.json:
        return _json({"standard": a.standard, "document": a.document, "is_major_hazard": a.is_major_hazard,
                      "matched": records(a.matched), "not_assessed": list(a.not_assessed),
                      "consequences": a.consequences})
    print(f"{a.standard} ({a.document})")
    if not a.is_major_hazard:
        print(f"no item met; {len(a.not_assessed)} item(s) not assessed for lack of findings")
        return 0
    for row in a.matched.itertuples():
        print(f"重大事故隐患: {row.article} {row.text_zh}\n  because {row.why}"
              f"{'' if row.verified else '  (item text unverified)'}")
    print("consequences:")
    for c in a.consequences:
        print(f"  - {c['basis']}: {c['action_zh']}" + (f"  [anjian penalty recommend {c['provision']}]"
                                                          if c['provision'] else ""))
    return 0


def cmd_triggers(args: argparse.Namespace) -> int:
    on_demo = args.events is None
    events = demo.incidents(args.seed) if on_demo else _read_table(args, args.events)
    fired = triggers.evaluate(events, args.pack or None)
    path = _write(fired, args.out, quiet=args.json)
    if args.json:
        return _json({"events": "demo" if on_demo else args.events, "fired": records(fired),
                      "skipped": fired.attrs["skipped"],
                      "pending": {rule: [str(r) for r in rows] for rule, rows in fired.attrs["pending"].items()},
                      "written": path})
    if on_demo:
        print("no events file given: running on the built-in demo events (anjian triggers EVENTS.xlsx for yours)\n")
    _show(fired[["action", "title_zh", "group", "fired_on", "window_start", "window_end", "events"]])
    print(f"\n{len(fired)} action(s) triggered")
    for rule, missing in fired.attrs["skipped"].items():
        print(f"  skipped {rule}: the events have no {', '.join(missing)}")
    for rule, rows in fired.attrs["pending"].items():
        print(f"  pending {rule}: {len(rows)} event(s) without the date it counts by (rows {', '.join(map(str, rows))})")
    if path:
        print(f"\nwritten: {path}")
    return 0


def _table_options(p: argparse.ArgumentParser) -> None:
    """Options of the commands that read a table of units: its unit column, catalogue and extras."""
    p.add_argument("--by", default="unit", help="the unit column (default: unit)")
    p.add_argument("--catalog", help="built-in catalogue name or pack file")
    p.add_argument("--extra", choices=["error", "ignore"], default="error", help="columns that are not base fields")


def _reading_options(p: argparse.ArgumentParser, sheet_default: str) -> None:
    """How a file is read: its sheet, header row and a CSV's encoding."""
    p.add_argument("--sheet", help=f"the sheet to read, by name or number (1 = the first); default {sheet_default}")
    p.add_argument("--header-row", type=int, help="the header's row number as Excel shows it (default: found)")
    p.add_argument("--encoding", help="a CSV's encoding (default: UTF-8 or GB18030, detected)")


def _read_table(args: argparse.Namespace, path: str) -> Any:
    """The table a command reads, as its reading options say."""
    return aio.read_table(path, _sheet(args.sheet) or 0, encoding=args.encoding, header_row=args.header_row)


def _return_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("reports", nargs="+", metavar="FILE",
                   help="monthly returns (.xlsx, .xlsm, .xls, .csv): 单位, 月份 and base fields, one file or many")
    p.add_argument("--catalog", help="built-in catalogue name or pack file")
    _reading_options(p, "every sheet with a header row")
    p.add_argument("--month", help="the month of returns without a month column (2024-08 or 2024年8月)")
    p.add_argument("--roster", help="the units expected (.xlsx/.csv with 单位, optionally 区域 and 类别)")
    p.add_argument("--extra", choices=["error", "ignore"], default="error", help="columns that are not base fields")


# The library names its options as Python does; the command line as flags.
_FLAGS = {"pass extra='ignore'": "give --extra ignore", "pass month=": "give --month",
          "pass header_row=": "give --header-row", "pass encoding=": "give --encoding"}


def cli_words(message: str) -> str:
    for python, flag in _FLAGS.items():
        message = message.replace(python, flag)
    return message


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="anjian", description="Work-safety enforcement rules and metrics (安监).")
    p.add_argument("--version", action="version", version=f"anjian {__version__}")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")

    d = sub.add_parser("demo", help="the monthly bulletin on the built-in 达州-shaped demo data")
    d.add_argument("--seed", type=int, default=2024)
    d.add_argument("--period", help=f"period to report (default: the latest month, {demo.LATEST})")
    d.add_argument("--catalog", help="built-in catalogue name or pack file")
    d.add_argument("--ranking", help="built-in ranking configuration or pack file (default: national/ranking)")
    d.add_argument("--dir", default="anjian-demo",
                   help="where the demo returns and the bulletin are written (default: ./anjian-demo)")
    d.add_argument("--out", help="also write the table (.csv or .xlsx)")
    d.set_defaults(run=cmd_demo)

    k = sub.add_parser("rank", help="the ranked bulletin with red/black lists from a reports table")
    _return_options(k)
    k.add_argument("--period", required=True, help="2024-08, 2024-Q3, ...")
    k.add_argument("--ranking", help="built-in ranking configuration or pack file (default: national/ranking)")
    k.add_argument("--missing", choices=["error", "worst"], default="error",
                   help="a unit without a value for a criterion: error, or the column's worst value")
    k.add_argument("--out", help="also write the bulletin (.csv or .xlsx)")
    k.set_defaults(run=cmd_rank)

    i = sub.add_parser("indicators", help="indicators per unit over a period from a reports table")
    _return_options(i)
    i.add_argument("--period", required=True, help="2024-08, 2024-Q3, 2024-H2, 2024, 2024-01..2024-08 ...")
    i.add_argument("--yoy", action="store_true", help="add year-on-year change columns (同比)")
    i.add_argument("--mom", action="store_true", help="add period-on-period change columns (环比)")
    i.add_argument("--out", help="also write the table (.csv or .xlsx)")
    i.set_defaults(run=cmd_indicators)

    val = sub.add_parser("validate", help="check monthly returns: every problem with its file, sheet and cell; "
                                          "writes nothing")
    _return_options(val)
    val.add_argument("--json", action="store_true", help="the problems as JSON")
    val.set_defaults(run=cmd_validate_returns)

    bl = sub.add_parser("bulletin", help="the monthly bulletin from the returns: a publishable workbook, and a "
                                         "drafted 通报 and charts on request")
    _return_options(bl)
    bl.add_argument("--period", required=True, help="2024-08, 2024-Q3, ...")
    bl.add_argument("-o", "--out", required=True, help="the bulletin workbook to write (.xlsx)")
    bl.add_argument("--docx", help="also write the drafted 通报 (.docx)")
    bl.add_argument("--charts", metavar="DIR", help="also write the charts as PNG and SVG into DIR")
    bl.add_argument("--ranking", help="built-in ranking configuration or pack file (default: national/ranking)")
    bl.add_argument("--missing", choices=["error", "worst"], default="error",
                    help="a unit without a value for a criterion: error, or the column's worst value")
    bl.add_argument("--json", action="store_true", help="print the lists and files written as JSON")
    bl.set_defaults(run=cmd_bulletin)

    tp = sub.add_parser("template", help="write the empty monthly return workbook offices fill in")
    tp.add_argument("-o", "--out", required=True, help="the workbook to write (.xlsx)")
    tp.add_argument("--catalog", help="built-in catalogue name or pack file")
    tp.add_argument("--roster", help="the units to list in it (.xlsx/.csv with 单位)")
    tp.add_argument("--month", help="the month to fill in (2024-08 or 2024年8月)")
    tp.set_defaults(run=cmd_template)

    a = sub.add_parser("aggregate", help="sum event records into monthly reports")
    a.add_argument("events", help="events table (.xlsx, .xls, .csv): unit, date, base-field increments")
    _reading_options(a, "the first")
    a.add_argument("--out", required=True, help="reports table to write (.csv or .xlsx)")
    a.add_argument("--date", default="date", help="the date column (default: date)")
    _table_options(a)
    a.set_defaults(run=cmd_aggregate)

    pen = sub.add_parser("penalty", help="fine ranges for the law in force on the date of the act, with reasons")
    psub = pen.add_subparsers(dest="penalty_command", required=True, metavar="QUESTION")
    dates = argparse.ArgumentParser(add_help=False)
    dates.add_argument("--act", required=True, help="date of the act (YYYY-MM-DD)")
    dates.add_argument("--decision", help="date of the decision (YYYY-MM-DD); 从旧兼从轻 compares the two")
    dates.add_argument("--pack", action="append", help="penalty pack file instead of the built-in one")
    dates.add_argument("--json", action="store_true", help="print the recommendation and its trace as JSON")
    acc = psub.add_parser("accident", parents=[dates], help="the responsible unit's fine for an accident")
    acc.add_argument("--level", required=True, help="一般 | 较大 | 重大 | 特别重大 (or 1..4)")
    acc.add_argument("--aggravated", action="store_true", help="情节特别严重、影响特别恶劣")
    acc.add_argument("--sector", choices=["general", "coal"], default="general")
    pri = psub.add_parser("principal", parents=[dates], help="the principal's fine: a share of 上一年年收入")
    pri.add_argument("--level", required=True)
    pri.add_argument("--income", required=True, help="上一年年收入, yuan")
    pri.add_argument("--sector", choices=["general", "coal"], default="general")
    rec = psub.add_parser("recommend", parents=[dates], help="any provision of the pack (see 'anjian penalty list')")
    rec.add_argument("provision")
    rec.add_argument("--party", default="unit", help="unit | principal | responsible | other_manager | investor")
    rec.add_argument("--fact", action="append", help="key=value, e.g. stage=deadline_missed")
    rec.add_argument("--income", help="the party's 上一年年收入 (yuan), for income shares")
    lst = psub.add_parser("list", help="the provisions of the pack")
    lst.add_argument("--pack", action="append")
    pen.set_defaults(run=cmd_penalty)

    acd = sub.add_parser("accident", help="accident levels (493号令 第三条), reporting chain and 迟报")
    asub = acd.add_subparsers(dest="accident_command", required=True, metavar="QUESTION")
    lv = asub.add_parser("level", help="one accident's level, who investigates and the reporting chain")
    lv.add_argument("--deaths", type=int, default=0)
    lv.add_argument("--injuries", type=int, default=0, help="serious injuries, incl. acute industrial poisoning")
    lv.add_argument("--loss", default="0", help="direct economic loss, yuan")
    lv.add_argument("--sector", default="general", help="the accident's sector (coal: 煤矿安全生产条例 第六十条 from 2024-05-01)")
    lv.add_argument("--date", help="the accident day (required with --sector)")
    gr = asub.add_parser("grade", help="grade a table of accidents (.xlsx, .xls, .csv)")
    gr.add_argument("accidents", help="columns deaths, serious_injuries, direct_loss_yuan; optional date, type, "
                                      "head_told_at, reported_at, office_1_at ...")
    gr.add_argument("--out", help="also write the graded table")
    _reading_options(gr, "the first")
    for p_ in (lv, gr):
        p_.add_argument("--pack", help="accident-level pack instead of national/accidents")
    acd.set_defaults(run=cmd_accident)

    hz = sub.add_parser("hazard", help="major hazard sources (GB 18218) and 重大事故隐患 standards")
    hsub = hz.add_subparsers(dest="hazard_command", required=True, metavar="QUESTION")
    ide = hsub.add_parser("identify", help="S, R and grade of a unit (or of each unit of an inventory table)")
    ide.add_argument("inventory", nargs="?", help="table: substance and/or category, tonnes[, unit]")
    ide.add_argument("--item", action="append", help="SUBSTANCE=TONNES[:CATEGORIES], e.g. 二氧化硫=200 or 某溶剂=60:W5.3")
    ide.add_argument("--people", help="people within 500 m of the plant boundary (for α, R and the grade)")
    ide.add_argument("--people-column", help="the inventory column with each unit's exposed people")
    ide.add_argument("--by", help="the unit column of an inventory table (default: unit, when there is one)")
    ide.add_argument("--on", help="the day identified (default today): the edition of GB 18218 in force then")
    ide.add_argument("--out", help="also write the per-unit table")
    _reading_options(ide, "the first")
    lk = hsub.add_parser("lookup", help="a chemical of GB 18218 table 1 by name, alias, CAS or #row")
    lk.add_argument("name")
    hsub.add_parser("standards", help="the built-in 重大事故隐患判定标准")
    asm = hsub.add_parser("assess", help="findings against the industry's 重大事故隐患判定标准")
    asm.add_argument("inspections", nargs="?", help="table of inspections, one column per finding")
    asm.add_argument("--industry", help="chemical | industry_trade | coal | metal_nonmetal_mine | construction "
                                         "(or 化工, 工贸, 煤矿 ...); else an 'industry' column")
    asm.add_argument("--date", help="inspection date (default today; else a 'date' column)")
    asm.add_argument("--finding", action="append", help="key=value, e.g. quick_freezing_room_workers=10")
    asm.add_argument("--key", action="append", help="inspection-table columns to carry into the result")
    asm.add_argument("--out", help="also write the matched items")
    _reading_options(asm, "the first")
    hz.set_defaults(run=cmd_hazard)

    tr = sub.add_parser("triggers", help="挂牌督办, 约谈, 严重失信, 提请关闭 ... triggered by dated events")
    tr.add_argument("events", nargs="?", help="events table (.xlsx, .xls, .csv); default: the built-in demo events")
    _reading_options(tr, "the first")
    tr.add_argument("--pack", action="append", help="trigger pack(s) (default national/triggers), e.g. "
                                                     "examples/triggers_jiaxing")
    tr.add_argument("--seed", type=int, default=2024, help="seed of the demo events")
    tr.add_argument("--out", help="also write the triggered actions")
    tr.set_defaults(run=cmd_triggers)

    c = sub.add_parser("catalog", help="list a catalogue's base fields and indicators with their sources")
    c.add_argument("name", nargs="?", default=None, help="built-in name or pack file (default: national/indicators)")
    c.set_defaults(run=cmd_catalog)

    st = sub.add_parser("selftest", help="check this installation: the compiled core, the packs, one answer of each law")
    st.set_defaults(run=cmd_selftest)

    r = sub.add_parser("rules", help="rule packs")
    rsub = r.add_subparsers(dest="rules_command", required=True, metavar="ACTION")
    v = rsub.add_parser("validate", help="check pack files; report every problem with file, line and key")
    v.add_argument("packs", nargs="+")
    v.set_defaults(run=cmd_validate)
    m = rsub.add_parser("migrate", help="rewrite packs of format 1 as format 2 (comments kept); then validate them")
    m.add_argument("packs", nargs="+")
    m.add_argument("-o", "--output", help="write here instead of over the pack (one pack only)")
    m.set_defaults(run=cmd_migrate)
    d = rsub.add_parser("doc", help="a review document of packs for legal staff (HTML, or PDF when -o ends in .pdf)")
    d.add_argument("packs", nargs="+", help="built-in names (national/penalties) or pack files")
    d.add_argument("-o", "--output", help="the file to write: .html, or .pdf printed by a headless Chromium "
                                         "(default: HTML on standard output)")
    d.add_argument("--cases", help="penalty test cases to show under the provisions they exercise "
                                   "(e.g. tests/vectors/penalty_cases.yaml)")
    d.set_defaults(run=cmd_rules_doc)
    df = rsub.add_parser("diff", help="what changed between two versions of a pack, as the review document reads")
    df.add_argument("old")
    df.add_argument("new")
    df.add_argument("-o", "--output", help="the file to write: .html, or .pdf printed by a headless Chromium "
                                          "(default: HTML on standard output)")
    df.set_defaults(run=cmd_rules_diff)
    _every_command_takes_json(p)
    return p


def _every_command_takes_json(p: argparse.ArgumentParser) -> None:
    """--json on every command: its result as JSON on stdout instead of text."""
    for action in p._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub in action.choices.values():
                _every_command_takes_json(sub)
            return
    if not any("--json" in a.option_strings for a in p._actions):
        p.add_argument("--json", action="store_true", help="the result as JSON")


_INPUTS, _OUTPUTS = ("reports", "events", "accidents", "inventory", "inspections"), ("out", "docx")


def _refuse_overwriting_inputs(args: argparse.Namespace) -> None:
    """An output that names one of the command's input files would destroy it: refused before any work."""
    inputs = []
    for name in _INPUTS:
        value = getattr(args, name, None)
        inputs += [value] if isinstance(value, str) else list(value or [])
    for name in _OUTPUTS:
        out = getattr(args, name, None)
        if isinstance(out, str) and any(Path(out).resolve() == Path(i).resolve() for i in inputs):
            raise Error(f"--{name} {out} is one of the input files: write the result elsewhere")


def _located(problem: dict[str, Any]) -> str:
    """One problem of several as a line: a rule pack's with its file, line and key (a frame's or a
    workbook's message names its row and cell itself)."""
    if problem.get("code") != "pack":
        return str(problem["message"])
    place = ":".join(str(x) for x in (problem.get("file"), problem.get("line")) if x)
    key = f", {problem['key']}" if problem.get("key") else ""
    return f"{place}{key}: {problem['message']}" if place or key else str(problem["message"])


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    warnings.filterwarnings("ignore", module=r"(?!anjian)")  # a library's warnings are not the user's to read
    try:
        _refuse_overwriting_inputs(args)
        return args.run(args)
    except Error as exc:  # invalid input: one line per problem
        problems = getattr(exc, "problems", None) or []
        lines = [_located(p) for p in problems] if len(problems) > 1 else [str(exc)]
        refused = getattr(exc, "refused", None)
        if len(problems) > 1 and refused and refused > len(problems):
            lines.append(f"... {refused - len(problems)} more")
        for line in lines:
            print(f"anjian: error: {cli_words(line)}", file=sys.stderr)
        return 1
    except BrokenPipeError:  # `anjian demo | head`: the reader left, nothing is wrong
        sys.stderr.close()
        return 0
    except OSError as exc:  # an output that cannot be written: a directory, no permission, a full disk
        where = f"{exc.filename}: " if exc.filename else ""
        print(f"anjian: error: {where}{exc.strerror or exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    raise SystemExit(main())
