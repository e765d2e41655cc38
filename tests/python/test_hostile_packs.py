"""Rule packs built to break the loader: each is refused with its file and line, quickly, never a crash,
a hang or a silently dropped rule."""

import subprocess
import sys
import time
from pathlib import Path

import pytest

import anjian
from anjian import _core

ROOT = Path(__file__).resolve().parents[2]

# Pack loading: no frame is read.
pytestmark = pytest.mark.pinned_pandas


def validate(path):
    return subprocess.run([sys.executable, "-m", "anjian", "rules", "validate", str(path)], capture_output=True,
                          text=True, timeout=120)


@pytest.mark.parametrize("change, key", [("rule", "supervised_major_accident"), ("events", "events")])
def test_a_key_given_twice_is_an_error_not_the_later_one_winning(tmp_path, change, key):
    pack = (ROOT / "rules/national/triggers.yaml").read_text(encoding="utf-8")
    start = pack.index("  supervised_major_accident:\n")
    rule = pack[start:pack.index("  supervised_larger_accident:\n")]
    doubled = rule + rule if change == "rule" else rule.replace("    events: accident\n",
                                                                 "    events: accident\n    events: penalty\n", 1)
    path = tmp_path / "triggers.yaml"
    path.write_text(pack.replace(rule, doubled, 1), encoding="utf-8")
    with pytest.raises(anjian.PackError, match=f"duplicate key '{key}'") as info:
        _core.validate_pack(str(path))
    assert info.value.problems[0]["line"] > 0


def test_a_base_field_defined_twice_is_an_error(tmp_path):
    pack = (ROOT / "rules/national/indicators.yaml").read_text(encoding="utf-8")
    start = pack.index("  inspection_teams:\n")
    entry = pack[start:pack.index("  enterprises_inspected:\n")]
    path = tmp_path / "indicators.yaml"
    path.write_text(pack.replace(entry, entry + entry, 1), encoding="utf-8")
    res = validate(path)
    assert res.returncode == 1 and "duplicate key 'inspection_teams'" in res.stderr


def test_aliases_repeated_to_millions_of_nodes_are_refused_quickly(tmp_path):
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    for k in range(1, 7):
        lines.append(f"a{k}: &a{k} [{', '.join([f'*a{k - 1}'] * 10)}]")
    path = tmp_path / "bomb.yaml"
    path.write_text("anjian_pack: 2\nname: t/bomb\nkind: trigger_rules\nversion: '1'\n" + "\n".join(lines) + "\n",
                    encoding="utf-8")
    started = time.monotonic()
    res = validate(path)
    assert res.returncode == 1 and "YAML nodes (after aliases are expanded)" in res.stderr
    assert time.monotonic() - started < 60


def test_bytes_that_are_not_utf8_are_named_by_line_and_column(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_bytes(b"anjian_pack: 2\nname: t/x\ntitle: ab\xff\n")
    res = validate(path)
    assert res.returncode == 1 and "bad.yaml:3:10" in res.stderr and "not UTF-8 (byte 0xFF)" in res.stderr


def test_an_endless_file_is_refused_not_read_to_exhaustion():
    res = validate("/dev/zero")
    assert res.returncode == 1 and "larger than 16 MB" in res.stderr and "Traceback" not in res.stderr


@pytest.mark.parametrize("formula, words", [("(" * 100_000 + "a" + ")" * 100_000, "nested more than 32"),
                                            ("a" + "+a" * 200_000, "more than 512 terms")])
def test_formulas_too_deep_or_too_long_are_refused_at_validation(tmp_path, formula, words):
    pack = (ROOT / "rules/national/indicators.yaml").read_text(encoding="utf-8")
    path = tmp_path / "indicators.yaml"
    path.write_text(pack.replace("formula: inspection_teams\n", f"formula: '{formula.replace('a', 'inspection_teams')}'\n", 1),
                    encoding="utf-8")
    res = validate(path)
    assert res.returncode == 1 and words in res.stderr


@pytest.mark.parametrize("pack, old, new, words", [
    ("penalties.yaml", "unit: {from: 20万, to: 50万}", "unit: {from: -20万, to: 50万}", "cannot be negative"),
    ("penalties.yaml", "unit: {from: 20万, to: 50万}", "unit: {from: 60万, to: 50万}", "'from' is above 'to'"),
    ("penalties.yaml", "gains_times: [2, 5]", "gains_times: [2, 1000000000000000]", "high <= 100"),
    ("penalties.yaml", "{when: {fact: level, is: 一般}", "{when: {fact: level, is: 较打}", "'level' must be one o"),
    ("gb18218.yaml", "q: 5, beta: 4}", "q: 5, beta: 0}", "expected a factor in (0, 100]"),
    ("ranking.yaml", "method: topsis", "method: vikor\nv: 2", "between 0 and 1"),
    ("gb18218.yaml", "  - {people_at_least: 0, alpha: 0.5}\n", "", "the last band must be people_at_least: 0"),
    ("gb18218.yaml", "  - {grade: 3, r_at_least: 10}", "  - {grade: 5, r_at_least: 10}", "without a gap; expected 3"),
    ("gb18218.yaml", "  - {grade: 4, r_at_least: 0}\n", "", "the last band must be r_at_least: 0"),
    ("gb18218.yaml", "  氯: 4\n", "  氯: 4\n  氯: 1\n", "duplicate key '氯'"),
    ("gb18218.yaml", "  一氧化碳: 2\n", "  一氧化碳: 1000\n", "expected a factor in (0, 100]"),
    ("gb18218.yaml", "  - {grade: 1, r_at_least: 100}", "  - {grade: 1, r_at_least: 2000000}",
     "an R bound from 0 to 1,000,000"),
    ("ranking.yaml", "{top: 3, points: 2}", "{top: 3, points: .nan}", "expected a finite number, got .nan"),
    ("ranking.yaml", "enterprises_inspected: {direction: higher}",
     "enterprises_inspected: {direction: higher, weight: .inf}", "expected a finite number, got .inf"),
    ("triggers.yaml", 'match: {fact: level, "==": 3}', 'match: {fact: level, "==": .nan}', "must be a number"),
    ("triggers.yaml", 'match: {fact: level, "==": 3}', 'match: {fact: level, "==": 重大}', "must be a number"),
])
def test_values_that_parse_but_mean_nothing_are_refused_where_they_stand(tmp_path, pack, old, new, words):
    text = (ROOT / "rules/national" / pack).read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / pack
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(anjian.PackError) as info:
        _core.validate_pack(str(path))
    first = info.value.problems[0]
    assert words in first["message"] and first["line"] > 0 and first["key"]


@pytest.mark.parametrize("path", sorted((ROOT / "fuzz/regressions/pack").iterdir()), ids=lambda p: p.name)
def test_every_input_the_fuzzer_found_is_a_located_pack_error(path):
    with pytest.raises(anjian.Error) as info:
        _core.validate_pack(str(path))
    assert info.value.problems and all(p["file"] for p in info.value.problems)


def test_migrating_a_pack_that_is_not_utf8_names_the_byte_not_a_traceback(tmp_path):
    path = tmp_path / "old.yaml"
    path.write_bytes(b"anjian_pack: 1\nname: t/x\ntitle: ab\xff\n")
    res = subprocess.run([sys.executable, "-m", "anjian", "rules", "migrate", str(path), "-o", str(tmp_path / "new.yaml")],
                         capture_output=True, text=True)
    assert res.returncode == 1 and "old.yaml:3:10: not UTF-8 (byte 0xFF)" in res.stderr
    assert "Traceback" not in res.stderr and not (tmp_path / "new.yaml").exists()
