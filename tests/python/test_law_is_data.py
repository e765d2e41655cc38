"""C++ holds mechanisms, packs hold law: no article citation, legal amount, percentage or date is
written in the library's code (include/, src/, bindings/). A line that must hold one anyway says why
with a `law-in-code:` comment on it or on the line above."""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SOURCES = sorted(p for d in ("include", "src", "bindings") for p in (ROOT / d).rglob("*") if p.suffix in (".hpp", ".cpp"))

LEGAL_TEXT = [
    ("an article citation", re.compile(r"第[一二三四五六七八九十百零〇0-9]+[条款项]")),
    ("an amount of money", re.compile(r"[0-9][0-9.,]*\s*(万元|万|元)")),
    ("a percentage", re.compile(r"[0-9]+(\.[0-9]+)?\s*%")),
    ("a date", re.compile(r"(19|20)[0-9]{2}-[01][0-9]-[0-3][0-9]|(19|20)[0-9]{2}年[0-9]{1,2}月")),
    ("a numbered instrument", re.compile(r"令第[0-9一二三四五六七八九十]+号|〔[0-9]{4}〕")),
]
LEGAL_CODE = [
    ("an amount of money", re.compile(r"Money::from_yuan\(\s*[0-9]{3,}")),
    ("an amount of money", re.compile(r"Money::from_fen\(\s*[0-9]{5,}")),
    ("a date", re.compile(r"\bdate\(\s*(19|20)[0-9]{2}\s*,")),
]


def literals_and_code(line: str) -> tuple[list[str], str]:
    """The string literals of a line, and the line without them and without its // comment."""
    strings, code, i = [], [], 0
    while i < len(line):
        c = line[i]
        if c == '"':
            j, text = i + 1, []
            while j < len(line) and line[j] != '"':
                if line[j] == "\\" and j + 1 < len(line):
                    j += 1
                text.append(line[j])
                j += 1
            strings.append("".join(text))
            code.append('""')
            i = j + 1
        elif line.startswith("//", i):
            break
        elif c == "'" and i + 2 < len(line) and line[i + 2] == "'":  # a char literal such as '"'
            code.append(line[i:i + 3])
            i += 3
        else:
            code.append(c)
            i += 1
    return strings, "".join(code)


def findings(path: Path) -> list[str]:
    out = []
    lines = path.read_text(encoding="utf-8").splitlines()
    for n, line in enumerate(lines, 1):
        if "law-in-code:" in line or (n > 1 and "law-in-code:" in lines[n - 2]):
            continue
        strings, code = literals_and_code(line)
        for what, pattern in LEGAL_TEXT:
            for s in strings:
                if pattern.search(s):
                    out.append(f"{path.relative_to(ROOT)}:{n}: {what} in a string literal: {s!r}")
        for what, pattern in LEGAL_CODE:
            if pattern.search(code):
                out.append(f"{path.relative_to(ROOT)}:{n}: {what} in code: {code.strip()}")
    return out


def test_the_library_code_holds_no_legal_values():
    problems = [f for p in SOURCES for f in findings(p)]
    assert not problems, "legal values belong in rule packs:\n" + "\n".join(problems)


@pytest.mark.parametrize("line,found", [
    ('    trace.push_back({"x", "行政处罚法 第三十七条: ..."});', True),
    ('    const Money t = Money::from_yuan(50000);', True),
    ('    out += "3%";', True),
    ('    if (d < date(2021, 7, 15)) return;', True),
    ('    problem(v, path, "expected a date YYYY-MM-DD");', False),
    ('    std::string basis;  // "安全生产法(2021) 第一百一十四条第一款"', False),
    ('    // 第三十六条: the limitation', False),
    ('    x = "第三十六条";  // law-in-code: the test of this scanner', False),
])
def test_the_scanner_finds_legal_values_in_literals_and_code_only(tmp_path, line, found):
    f = tmp_path / "x.hpp"
    f.write_text(line + "\n", encoding="utf-8")
    global ROOT
    root, ROOT = ROOT, tmp_path
    try:
        assert bool(findings(f)) is found
    finally:
        ROOT = root


NOTES = re.compile(r"LAW\.md|DESIGN\.md|API\.md|shared/|seeds?/|\bseed 0\d\d|\[(?:GK|LRB-[A-Z0-9]+|GB-SQL|PL-[A-Z]+|HG-CODE|P:)")


def test_nothing_shipped_cites_the_developers_notes():
    """Packs, code and documentation cite the law and public sources, never the project's own notes."""
    shipped = [ROOT / "README.md", *sorted((ROOT / "rules").rglob("*.yaml"))]
    shipped += [p for d in ("include", "src", "bindings", "python") for p in sorted((ROOT / d).rglob("*"))
                if p.suffix in (".hpp", ".cpp", ".py", ".pyi")]
    found = [f"{p.relative_to(ROOT)}:{n}: {line.strip()[:120]}" for p in shipped
             for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1) if NOTES.search(line)]
    assert not found, "\n".join(found)
