"""Every batch gives, row by row, what its scalar function gives: penalties (with overlays whose
dates differ from the statute's), accident levels, GB 18218 units, 重大事故隐患 assessments and
trigger rules. A row the scalar function refuses is refused by the batch, naming that row."""

import datetime as dt

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

import anjian
from anjian import accident, hazard, penalty, triggers

from packs import facts_of, pack

OVERLAYS = ["sichuan/discretion", "shanxi/discretion", "examples/discretion", "examples/discretion_tiers"]
PROPERTY = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _statute_cases():
    """(provision, facts, party) of every case of the national table, read from the pack itself."""
    out = []
    for pid, p in pack("national/penalties")["provisions"].items():
        for v in p["versions"]:
            for c in v.get("cases", []):  # a version marked not_encoded has none
                parties = [k for k in c if k not in ("when", "paragraph", "measures")] or ["unit"]  # measures only
                out += [(pid, facts_of(c.get("when")), party) for party in parties]
    return out


def _benchmark_cases(name):
    """The cases an overlay's benchmarks band, with the values either side of each band's bounds."""
    out = []
    for b in pack(name)["benchmarks"]:
        if "key" not in b:  # 阶次 by 适用条件: each band's conditions
            out += [(b["provision"], {**facts_of(b.get("when")), **facts_of(band["when"])}, b["party"])
                    for band in b["bands"]]
            continue
        bounds = {x for band in b["bands"] for x in (band.get("at_least"), band.get("below")) if x is not None}
        for value in sorted(bounds | {x - 1 for x in bounds}):
            out.append((b["provision"], {**facts_of(b.get("when")), b["key"]: str(value)},
                        b["party"]))
    return out


def _edges(effectives):
    return sorted({d for e in effectives for d in (e["from"], e["to"]) if d is not None})


STATUTE_CASES = _statute_cases()
STATUTE_EDGES = _edges(law["effective"] for law in pack("national/penalties")["laws"].values())


@st.composite
def penalty_batches(draw):
    """Overlays, and rows sharing a few cases and a few days on both sides of the edges of the
    statute's and the overlays' dated objects, so that equal cache keys meet across every edge."""
    overlays = draw(st.lists(st.sampled_from(OVERLAYS), unique=True, min_size=draw(st.sampled_from([0, 1, 1]))))
    banded = [c for name in overlays for c in _benchmark_cases(name)]
    overlay_edges = _edges(pack(name)["effective"] for name in overlays)
    edges = overlay_edges if overlay_edges and draw(st.booleans()) else STATUTE_EDGES + overlay_edges
    cases = draw(st.lists(st.sampled_from(banded) if banded and draw(st.booleans()) else st.sampled_from(STATUTE_CASES),
                          min_size=1, max_size=3))
    pool = [draw(st.dates(min_value=dt.date(2006, 1, 1), max_value=dt.date(2030, 12, 31)))]
    for edge in draw(st.lists(st.sampled_from(edges), min_size=1, max_size=2)):
        pool += [edge - dt.timedelta(days=1), edge]
    rows = []
    for _ in range(draw(st.integers(1, 12))):
        provision, facts, party = draw(st.sampled_from(cases))
        act = draw(st.sampled_from(pool))
        decision = draw(st.one_of(st.none(), st.sampled_from([d for d in pool if d >= act])))
        rows.append({"provision": provision, "party": party, "act_date": act, "decision_date": decision,
                     "income_yuan": draw(st.sampled_from([0, 1_234_567])),
                     "illegal_gains_yuan": draw(st.sampled_from([0, 99_999, 100_000])), **facts})
    return rows, overlays


def _scalar(engine, row):
    facts = {k: v for k, v in row.items()
             if k not in ("provision", "party", "act_date", "decision_date", "income_yuan", "illegal_gains_yuan")
             and v is not None and v == v}
    return engine.recommend(row["provision"], facts, row["act_date"], row["decision_date"], party=row["party"],
                            income_yuan=row["income_yuan"], illegal_gains_yuan=row["illegal_gains_yuan"])


def _same(rec, got):
    assert (got["min_yuan"], got["max_yuan"], got["recommended_yuan"]) == (rec.min_yuan, rec.max_yuan,
                                                                           rec.recommended_yuan)
    assert (got["band"], bool(got["no_penalty"]), bool(got["hearing"])) == (rec.band, rec.no_penalty, rec.hearing)
    assert (got["basis"], got["law_version"]) == (rec.basis, rec.law_version)


@settings(PROPERTY, max_examples=150)
@given(penalty_batches())
def test_recommend_many_equals_recommend_row_by_row(batch):
    rows, overlays = batch
    engine = penalty.Engine(overlays)
    expected, kept = [], []
    for row in rows:
        try:
            expected.append(_scalar(engine, row))
            kept.append(row)
        except anjian.Error as exc:  # the batch refuses the same row, naming it
            with pytest.raises(anjian.Error) as info:
                engine.recommend_many(pd.DataFrame([row], index=["第7行"]))
            assert info.value.problems[0]["row"] == "第7行"
            assert str(exc).split(": ")[-1] in str(info.value)
    if not kept:
        return
    frame = pd.DataFrame(kept).astype(object).where(pd.DataFrame(kept).notna(), None)
    out = engine.recommend_many(frame)
    for rec, (_, got) in zip(expected, out.iterrows()):
        _same(rec, got)


def test_recommend_many_takes_the_benchmark_in_force_on_each_row():
    eng = penalty.Engine(["sichuan/discretion"])
    df = pd.DataFrame({"provision": ["evaluation_report_untrue"] * 2, "act_date": ["2022-06-01", "2024-01-01"],
                       "untrue_points": [1, 1]})
    assert eng.recommend("evaluation_report_untrue", {"untrue_points": 1}, dt.date(2024, 1, 1)).recommended_yuan == 40000
    assert eng.recommend_many(df)["recommended_yuan"].tolist() == [65000, 40000]


@PROPERTY
@given(st.lists(st.tuples(st.sampled_from([1, 2, 3, 4]), st.sampled_from(STATUTE_EDGES) | st.dates(dt.date(1990, 1, 1), dt.date(2100, 12, 31)), st.one_of(st.none(), st.integers(0, 3000)),
                          st.booleans(), st.integers(0, 10**9)), min_size=1, max_size=10),
       st.sampled_from(["general", "coal"]), st.booleans())
def test_accident_and_principal_fines_equal_their_scalar_calls(rows, sector, levels_named):
    engine = penalty.Engine()
    kept = []
    for level, act, later, aggravated, income in rows:
        decision = None if later is None else act + dt.timedelta(days=later)
        try:
            unit = engine.accident_fine(level, act, decision, aggravated, sector)
            principal = engine.principal_fine(level, income, act, decision, sector)
        except anjian.Error:
            continue
        kept.append((level, act, decision, aggravated, income, unit, principal))
    if not kept:
        return
    names = ["一般", "较大", "重大", "特别重大"]  # a column of text is read cell by cell, whole numbers as they lie
    frame = pd.DataFrame({"level": [names[k[0] - 1] if levels_named else k[0] for k in kept],
                          "act_date": [k[1] for k in kept],
                          "decision_date": [k[2] for k in kept], "aggravated": [k[3] for k in kept],
                          "last_year_income_yuan": [k[4] for k in kept]})
    units = engine.accident_fines(frame, sector)
    principals = engine.principal_fines(frame, sector)
    for k, (_, u), (_, p) in zip(kept, units.iterrows(), principals.iterrows()):
        for rec, got in ((k[5], u), (k[6], p)):
            assert (got["min_yuan"], got["max_yuan"], got["recommended_yuan"]) == (rec.min_yuan, rec.max_yuan,
                                                                                   rec.recommended_yuan)
            assert (got["basis"], got["law_version"]) == (rec.basis, rec.law_version)


@PROPERTY
@given(st.lists(st.tuples(st.integers(0, 40), st.integers(0, 120), st.integers(0, 2 * 10**8)), min_size=1,
                max_size=30))
def test_classify_over_arrays_equals_classify_per_accident(rows):
    d, s, loss = (np.array(c, dtype=np.int64) for c in zip(*rows))
    levels = accident.classify(d, s, loss)
    assert [int(x) for x in levels] == [int(accident.classify(int(a), int(b), int(c))) for a, b, c in rows]


SUBSTANCES = [("甲醇", "W5.3"), ("苯", "W5.3"), ("汽油", "W5.1"), ("氨", ""), ("氯", ""), ("二氧化硫", "")]


@PROPERTY
@given(st.lists(st.tuples(st.integers(0, 4), st.sampled_from(SUBSTANCES), st.integers(0, 10**6)), min_size=1,
                max_size=15),
       st.dictionaries(st.integers(0, 4), st.integers(0, 200)))
def test_identify_many_equals_identify_per_unit(lines, people):
    frame = pd.DataFrame({"unit": [f"单元{u}" for u, _, _ in lines], "substance": [s for _, (s, _), _ in lines],
                          "category": [c or None for _, (_, c), _ in lines], "tonnes": [t / 1000 for _, _, t in lines]})
    exposed = {f"单元{u}": n for u, n in people.items()}
    many = hazard.identify_many(frame, exposed)
    for unit, group in frame.groupby("unit"):
        one = hazard.identify(group[["substance", "category", "tonnes"]], exposed_people=exposed.get(unit))
        got = many.loc[unit]
        assert (got["s"], bool(got["is_major"])) == (one.s, one.is_major)
        assert (int(got["grade"]) or None) == one.grade
        if one.r is not None:
            assert got["r"] == one.r and got["alpha"] == one.alpha
        else:  # not graded, or not a major hazard source: no R
            assert np.isnan(got["r"])


@PROPERTY
@given(st.lists(st.tuples(st.sampled_from(["工贸", "化工"]), st.dates(min_value=dt.date(2023, 6, 1),
                                                                       max_value=dt.date(2026, 1, 1)),
                          st.one_of(st.none(), st.integers(0, 20))), min_size=1, max_size=8))
def test_assess_many_equals_assess_per_inspection(rows):
    std = {ind: hazard.standard(ind, dt.date(2024, 1, 1)) for ind in ("工贸", "化工")}
    numeric = {ind: sorted(code for code, kind, _ in s.facts if kind == "number") for ind, s in std.items()}
    facts = sorted({"quick_freezing_room_workers", *numeric["工贸"][:2], *numeric["化工"][:2]})
    known = {ind: {code for code, _, _ in s.facts} for ind, s in std.items()}
    frame = pd.DataFrame({"industry": [r[0] for r in rows], "date": [r[1] for r in rows],
                          **{f: [r[2] if f in known[r[0]] else None for r in rows] for f in facts}})
    many = hazard.assess_many(frame)
    for label, (industry, day, value) in enumerate(rows):
        one = hazard.assess({f: value for f in facts if f in known[industry]}, industry, day)
        got = many.loc[[label]] if label in many.index else many.iloc[:0]
        assert got["id"].tolist() == one.matched["id"].tolist()
        assert got["why"].tolist() == one.matched["why"].tolist()
        assert got["text_zh"].tolist() == one.matched["text_zh"].tolist()
        assert set(got["standard"]) <= {one.document}


@st.composite
def event_frames(draw):
    n = draw(st.integers(1, 25))
    units = [("甲", "通川区", "达州市"), ("乙", "通川区", "达州市"), ("丙", "宣汉县", "达州市"), ("丁", "市中区", "巴中市")]
    rows = []
    for _ in range(n):
        unit, region, city = draw(st.sampled_from(units))
        kind = draw(st.sampled_from(["accident", "penalty"]))
        rows.append({"date": draw(st.dates(min_value=dt.date(2023, 9, 1), max_value=dt.date(2025, 6, 30))),
                     "kind": kind, "unit": unit, "region": region, "city": city, "province": "四川省",
                     "level": draw(st.integers(1, 4)), "major_hazard": draw(st.booleans())})
    frame = pd.DataFrame(rows)
    frame["date"] = pd.to_datetime(frame["date"])
    return frame


def _firings(out):
    return sorted((r, str(g), str(f), tuple(sorted(map(str, e))))
                  for r, g, f, e in zip(out["rule"], out["group"], out["fired_on"], out["events"]))


@PROPERTY
@given(event_frames(), st.randoms(use_true_random=False))
def test_triggers_over_all_units_equal_triggers_per_city_and_any_row_order(frame, rnd):
    whole = _firings(triggers.evaluate(frame))
    per_city = []
    for _, part in frame.groupby("city"):
        per_city += _firings(triggers.evaluate(part))
    # Province-wide rules count across cities: compare the rules grouped below the province.
    below = [f for f in whole if not f[1].startswith("province=")]
    assert below == sorted(f for f in per_city if not f[1].startswith("province="))
    order = list(frame.index)
    rnd.shuffle(order)
    assert _firings(triggers.evaluate(frame.loc[order])) == whole


@PROPERTY
@given(event_frames(), st.lists(st.tuples(st.integers(0, 24), st.sampled_from(["date", "kind", "unit", "level"])),
                                max_size=6))
def test_triggers_with_errors_status_equal_triggers_over_the_events_judged(frame, holes):
    frame = frame.astype({"kind": object, "unit": object, "level": "Float64"})
    for row, column in holes:
        if row < len(frame):
            frame.loc[row, column] = None
    fired, status = triggers.evaluate(frame, errors="status")
    ok = status["status"] == "ok"
    assert _firings(fired) == (_firings(triggers.evaluate(frame[ok])) if ok.any() else [])
    if not ok.all():
        with pytest.raises(anjian.InputError) as info:
            triggers.evaluate(frame)
        assert [p["row"] for p in info.value.problems] == frame.index[~ok].tolist()
