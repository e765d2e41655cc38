"""A progress line on long work, shown only to a person at a terminal: piped or redirected output,
and notebooks, stay quiet."""

from __future__ import annotations

import sys
from typing import Iterator, Sequence, TypeVar

T = TypeVar("T")
SHOWN_FROM = 5  # fewer items finish before a line would be read


def progress(items: Sequence[T], what: str) -> Iterator[T]:
    stream = sys.stderr
    shown = len(items) >= SHOWN_FROM and hasattr(stream, "isatty") and stream.isatty()
    for k, item in enumerate(items, 1):
        if shown:
            stream.write(f"\r{what} {k}/{len(items)}")
            stream.flush()
        yield item
    if shown:
        stream.write("\r" + " " * (len(what) * 2 + 12) + "\r")
        stream.flush()


