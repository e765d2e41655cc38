"""The README's examples are run as written: a reader who copies them gets what it says."""

import contextlib
import io
import re
from pathlib import Path

README = Path(__file__).resolve().parents[2] / "README.md"


def blocks(language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", README.read_text(encoding="utf-8"), flags=re.S)


def test_readme_opens_with_the_two_commands():
    first = blocks("sh")[0].splitlines()
    assert [line.split("#")[0].strip() for line in first] == ["make demo", "make test"]


def test_the_python_example_runs_and_prints_what_its_comments_say():
    code = blocks("python")[0]
    assert len(code.strip().splitlines()) <= 12
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(code, str(README), "exec"), {})
    text = out.getvalue()
    assert "filing_rate_yoy" in text and "2023-Q3" in text and "-0.1709" in text and text.rstrip().endswith("True")


def test_every_other_python_block_runs_as_written():
    for code in blocks("python")[1:]:
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            exec(compile(code, str(README), "exec"), {})
        assert out.getvalue()
