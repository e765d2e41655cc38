"""`anjian rules migrate`: a pack of format 1 rewritten as format 2, keeping its comments and layout.

Format 2 has one condition language for every family: a condition is {fact: name, OP: value} (OP one
of is < <= > >= == != in) or a list of them that must all hold. Format 1 wrote conditions of trigger
rules with `field:` and the cases of penalty tables and discretion benchmarks as {fact: value} maps;
penalty tables and benchmarks now declare the facts they read (`facts:`). The rewrite is textual,
line by line, so comments survive; what it cannot rewrite (a block-style `when:` map) is reported
with its line, and nothing is written.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from ._core import Error
from ._errors import raise_input

_FORMAT = re.compile(r"^anjian_pack:\s*1\s*$", re.M)
_FLOW_WHEN = re.compile(r"\bwhen:\s*\{([^{}]*)\}(,\s*)?")
_TRIGGER_FIELD = re.compile(r"(?<![\w])field:")


def _condition(key: str, value: str) -> str:
    return f"{{fact: {key.strip()}, is: {value.strip()}}}"


def _when(body: str) -> str:
    pairs = [p for p in (x.strip() for x in body.split(",")) if p]
    conditions = []
    for p in pairs:
        key, _, value = p.partition(":")
        conditions.append(_condition(key, value))
    if not conditions:
        return ""
    return "when: " + (conditions[0] if len(conditions) == 1 else "[" + ", ".join(conditions) + "]")


def _declarations(doc: dict[str, Any], kind: str) -> str:
    """A `facts:` block declaring what the format-1 pack's conditions read, inferred from their values."""
    seen: dict[str, list[Any]] = {}
    keys: set[str] = set()

    def collect(when: Any) -> None:
        if isinstance(when, dict):
            for k, v in when.items():
                seen.setdefault(str(k), [])
                if v not in seen[str(k)]:
                    seen[str(k)].append(v)

    if kind == "trigger_rules":
        return _trigger_declarations(doc)
    if kind == "penalty_table":
        for p in (doc.get("provisions") or {}).values():
            for v in p.get("versions") or []:
                for c in v.get("cases") or []:
                    collect(c.get("when"))
    else:
        for b in doc.get("benchmarks") or []:
            keys.add(str(b.get("key")))
    lines = ["# The facts the conditions read (declared by `anjian rules migrate`: check the types and labels)", "facts:"]
    for name in sorted(keys):
        lines.append(f"  {name}: {{type: number}}")
    for name, values in sorted(seen.items()):
        if all(isinstance(v, bool) or str(v) in ("true", "false") for v in values):
            default = ", default: false" if name == "aggravated" else ""
            lines.append(f"  {name}: {{type: boolean{default}}}")
        elif all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in values):
            lines.append(f"  {name}: {{type: number}}")
        else:
            lines.append(f"  {name}: {{type: enum, values: [{', '.join(str(v) for v in values)}]}}")
    return "\n".join(lines) + "\n" if len(lines) > 2 else ""


def _trigger_declarations(doc: dict[str, Any]) -> str:
    """A `facts:` block for the event fields a trigger pack reads: the facts of its conditions
    (numbers, booleans or texts, from their constants) and the fields it groups by (texts)."""
    kinds: dict[str, set[str]] = {}

    def collect(node: Any) -> None:
        if isinstance(node, list):
            for x in node:
                collect(x)
        elif isinstance(node, dict):
            if "any" in node:
                collect(node["any"])
                return
            name = node.get("field", node.get("fact"))
            for op, value in node.items():
                if op in ("field", "fact") or name is None:
                    continue
                for v in value if isinstance(value, list) else [value]:
                    kind = "boolean" if isinstance(v, bool) else "number" if isinstance(v, (int, float)) else "text"
                    kinds.setdefault(str(name), set()).add(kind)

    for rule in (doc.get("rules") or {}).values():
        collect(rule.get("match"))
        collect(rule.get("requires"))
        for name in [*(rule.get("group_by") or []), *(rule.get("same") or [])]:
            kinds.setdefault(str(name), set()).add("text")
    lines = ["# The event fields the rules read (declared by `anjian rules migrate`: check the types and labels)",
             "facts:"]
    for name, found in sorted(kinds.items()):
        lines.append(f"  {name}: {{type: {found.pop() if len(found) == 1 else 'text'}}}")
    return "\n".join(lines) + "\n" if len(lines) > 2 else ""


def migrate_text(text: str, file: str = "<pack>") -> str:
    """The pack's text in format 2; an anjian.Error naming the line where it cannot be rewritten."""
    try:
        doc = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise_input(f"{file}: not YAML: {exc}")
    if not isinstance(doc, dict) or str(doc.get("anjian_pack")) != "1":
        found = doc.get("anjian_pack") if isinstance(doc, dict) else None
        raise_input(f"{file}: not a pack of format 1 (anjian_pack: {found!r}); nothing to migrate")
    kind = str(doc.get("kind"))
    if not _FORMAT.search(text):  # e.g. a JSON pack: its layout is not rewritten line by line
        raise_input(f"{file}: 'anjian_pack: 1' is not on a line of its own (a JSON pack?); write it in YAML, or "
                    "convert it by hand: anjian_pack 2, conditions as {fact: name, is: value}, facts declared")
    out = _FORMAT.sub("anjian_pack: 2", text, count=1)
    if kind == "trigger_rules":
        out = _TRIGGER_FIELD.sub("fact:", out)
        block = _declarations(doc, kind)
        anchor = re.search(r"^rules:", out, re.M)
        if block:
            out = out[:anchor.start()] + block + "\n" + out[anchor.start():] if anchor else out + "\n" + block
    if kind in ("penalty_table", "discretion_benchmark"):
        lines = out.split("\n")
        for n, line in enumerate(lines, 1):
            if re.search(r"\bwhen:\s*$", line):
                raise_input(f"{file}:{n}: a block-style 'when:' map; write it on one line as "
                            "{{fact: value, ...}} and migrate again, or convert it by hand")
        out = _FLOW_WHEN.sub(lambda m: (_when(m.group(1)) + (m.group(2) or "")) if _when(m.group(1)) else "", out)
        block = _declarations(doc, kind)
        if block:
            anchor = re.search(r"^(provisions|benchmarks):", out, re.M)
            out = out[:anchor.start()] + block + "\n" + out[anchor.start():] if anchor else out + "\n" + block
    return out


def migrate_file(path: str, output: str | None = None) -> str:
    """Rewrites the pack at `path` (or writes to `output`), atomically; returns where it wrote."""
    from .io import atomic_write

    source = Path(path)
    data = source.read_bytes()
    try:
        original = data.decode("utf-8")
    except UnicodeDecodeError as exc:  # named as the loader names it
        line = data[:exc.start].count(b"\n") + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise Error(f"{source}:{line}:{column}: not UTF-8 (byte 0x{data[exc.start]:02X}): "
                    "save the pack as UTF-8") from None
    text = migrate_text(original, str(source))
    target = Path(output) if output else source
    atomic_write(target, lambda tmp: Path(tmp).write_text(text, encoding="utf-8"))
    return str(target)
