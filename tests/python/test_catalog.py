from pathlib import Path

import pytest

import anjian
from anjian import indicators

ROOT = Path(__file__).resolve().parents[2]


def test_default_catalogue_is_the_14_indicator_bulletin():
    cat = indicators.catalog()
    assert len(cat) == 14 and len(cat.codes) == 14
    assert cat.pack.name == "national/indicators" and cat.pack.builtin
    assert cat["filing_rate"].formula == "cases_filed / enterprises_inspected"
    assert cat["rectification_rate"].formula == "hazards_rectified / hazards_found"
    assert cat["filing_rate"].name_zh == "立案率" and cat["filing_rate"].direction == 1
    assert cat["fines_yuan"].kind == "money" and cat["filing_rate"].kind == "ratio"


def test_api_base_fields_are_in_the_default_catalogue():
    required = {"inspection_teams", "enterprises_inspected", "hazards_found", "major_hazards_found",
                "hazards_rectified", "major_hazards_rectified", "cases_filed", "cases_closed", "fines_yuan",
                "suspensions", "criminal_transfers"}
    assert required <= set(indicators.catalog().field_codes)


def test_unverified_values_are_marked_so():
    cat = indicators.catalog()
    assert not cat["filing_rate"].verified  # : the formula of 立案率 was not seen
    assert cat["rectification_rate"].verified


def test_extended_catalogue_adds_the_penalty_rates():
    cat = indicators.catalog("national/indicators_extended")
    assert cat["overall_penalty_rate"].formula == "preaccident_penalty_cases / enterprises_inspected"
    assert cat["case_penalty_rate"].formula == "preaccident_penalty_cases / correction_orders"
    assert set(indicators.catalog().codes) < set(cat.codes)


def test_a_catalogue_file_loads_and_stamps_its_hash(tmp_path):
    text = (ROOT / "rules/national/indicators.yaml").read_text(encoding="utf-8")
    path = tmp_path / "mine.yaml"
    path.write_text(text.replace('version: "2024.1"', 'version: "local-1"'), encoding="utf-8")
    cat = indicators.catalog(path)
    assert cat.pack.version == "local-1" and not cat.pack.builtin
    assert cat.pack.content_hash != indicators.catalog().pack.content_hash
    assert cat.pack.stamp.startswith("national/indicators@local-1#")


def test_a_bad_pack_reports_every_problem_with_file_line_and_key(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text(
        "anjian_pack: 2\nname: x\nkind: indicator_catalog\nversion: '1'\n"
        "base_fields:\n  a: {name_zh: 甲, unit: 项, kind: count, source: s}\n"
        "indicators:\n"
        "  r: {name_zh: 比, unit: ratio, direction: up, formula: a / nope, source: s}\n", encoding="utf-8")
    with pytest.raises(anjian.PackError) as info:
        indicators.catalog(path)
    problems = {(p["key"], p["line"]) for p in info.value.problems}
    assert ("indicators.r.direction", 8) in problems and ("indicators.r.formula", 8) in problems
    assert str(path) in str(info.value)


def test_unknown_catalogue_name():
    with pytest.raises(anjian.Error, match="not a built-in pack"):
        indicators.catalog("national/nothing")
