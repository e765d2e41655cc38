import pandas as pd
import pytest

import anjian
import anjian.demo  # noqa: F401  (the demo generator is part of the package)


def test_version_is_the_cmake_project_version():
    assert anjian.__version__ == "0.1.0"


def test_error_is_a_value_error_and_the_base_of_every_anjian_error():
    assert issubclass(anjian.Error, ValueError)
    assert issubclass(anjian.PackError, anjian.Error)
    assert issubclass(anjian.InputError, anjian.Error)


def test_errors_from_cpp_arrive_as_anjian_error_with_their_message():
    try:
        anjian.Period.parse("2024-13")
    except anjian.Error as exc:
        assert "month must be 1..12, got 13" in str(exc)
    else:
        raise AssertionError("no error")


PROBLEM_FIELDS = {"code", "file", "sheet", "cell", "line", "row", "column", "key", "message"}


def test_errors_from_cpp_and_from_python_carry_the_same_located_problems(tmp_path):
    import pandas as pd
    import pytest

    from anjian import penalty

    with pytest.raises(anjian.InputError) as from_cpp:  # raised by the C++ engine
        penalty.Engine().recommend("management_failures", {"stage": "first", "weather": "rainy"}, "2023-01-01")
    frame = pd.DataFrame({"provision": ["management_failures"], "act_date": ["not a date"]}, index=["第3行"])
    with pytest.raises(anjian.InputError) as from_python:  # raised by the Python layer
        penalty.Engine().recommend_many(frame)
    bad = tmp_path / "p.yaml"
    bad.write_text("anjian_pack: 2\nname: t/p\nkind: penalty_table\nversion: '1'\nlaws: {}\nprovisions: {}\nx: 1\n",
                   encoding="utf-8")
    with pytest.raises(anjian.PackError) as from_pack:
        penalty.Engine([str(bad)])
    for info, code in ((from_cpp, "input"), (from_python, "input"), (from_pack, "pack")):
        exc = info.value
        assert exc.problems and all(set(p) == PROBLEM_FIELDS and p["code"] == code for p in exc.problems)
        assert all(hasattr(exc, f) for f in PROBLEM_FIELDS - {"message"})
    assert from_cpp.value.problems[0]["key"] == "weather"
    assert from_python.value.problems[0]["row"] == "第3行" and from_python.value.problems[0]["column"] == "act_date"
    assert from_pack.value.problems[0]["key"] == "x" and from_pack.value.problems[0]["line"] == 7


def test_the_suite_runs_under_the_pandas_it_was_asked_for() -> None:
    # make test runs the suite again under other pandas majors (ANJIAN_TEST_PANDAS names the one put first
    # on the path); a path that silently fell back to the venv's pandas would test nothing new.
    import os

    wanted = os.environ.get("ANJIAN_TEST_PANDAS")
    if wanted is None:
        pytest.skip("the venv's pinned pandas")
    assert pd.__version__ == wanted


def test_selftest_passes_on_this_installation_and_says_so_line_by_line(capsys):
    from anjian import cli

    assert cli.main(["selftest"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith(f"anjian {anjian.__version__} (Python ")
    assert [line.split(":")[0] for line in out[1:-1]] == [
        "ok    compiled core", "ok    typing", "ok    built-in rule packs", "ok    accident levels", "ok    GB 18218",
        "ok    penalties", "ok    ranking", "ok    indicators"]
    assert out[-1] == "all checks passed"


def test_selftest_fails_naming_the_check_that_failed(monkeypatch, capsys):
    from anjian import _selftest, cli

    def broken() -> str:
        raise AssertionError("S of 氨 10 t is 0.9")

    monkeypatch.setattr(_selftest, "CHECKS", [("GB 18218", broken)] + _selftest.CHECKS[:1])
    assert cli.main(["selftest"]) == 1
    out = capsys.readouterr().out
    assert "FAIL  GB 18218: AssertionError: S of 氨 10 t is 0.9" in out
    assert "ok    compiled core" in out  # the others still run
    assert out.rstrip().endswith("SOME CHECKS FAILED: this installation is not to be trusted")


def test_a_builtin_pack_validates_by_name_as_a_file_does():
    assert anjian._core.validate_pack("national/penalties").kind == "penalty_table"
    with pytest.raises(anjian.Error, match="cannot open rule pack file 'national/no_such_pack'"):
        anjian._core.validate_pack("national/no_such_pack")


def test_import_anjian_loads_neither_pandas_nor_the_submodules_until_used():
    import subprocess
    import sys

    code = ("import sys, anjian; before = {m for m in ('pandas', 'anjian.indicators', 'anjian.penalty') if m in sys.modules}; "
            "anjian.indicators; after = 'pandas' in sys.modules and 'anjian.indicators' in sys.modules; "
            "print(sorted(before), after, 'indicators' in dir(anjian))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out == "[] True True"


def test_a_name_anjian_does_not_have_is_an_attribute_error():
    with pytest.raises(AttributeError, match="module 'anjian' has no attribute 'indicator'"):
        anjian.indicator  # noqa: B018
