"""The built-in rule packs as the tests read them: their YAML, and the facts that make a case hold."""

from pathlib import Path

import yaml

RULES = Path(__file__).resolve().parents[2] / "rules"


def pack(name):
    return yaml.safe_load((RULES / f"{name}.yaml").read_text(encoding="utf-8"))


def facts_of(when):
    """The facts that make a format-2 condition ({fact: k, is: v} or a list of them) hold."""
    conditions = [when] if isinstance(when, dict) else (when or [])
    return {c["fact"]: ("true" if c["is"] is True else "false" if c["is"] is False else str(c["is"]))
            for c in conditions}
