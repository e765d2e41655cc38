"""The `events` column of trigger firings: per firing, the index labels of the events it counted.

A firing's events are a range of one array of labels (the rule's hits, sorted by group and day), so
the column holds three arrays -- the labels, and each firing's (start, stop) into them -- and makes
a `Counted` sequence only when a cell is read. Building a result of 100,000s of firings then costs
no Python object per firing, and long windows no copies."""

from __future__ import annotations

from typing import Any, Sequence, Type

import numpy as np
import pandas as pd
from pandas.api.extensions import ExtensionArray, ExtensionDtype, register_extension_dtype


class Counted(Sequence):
    """The index labels of the events one firing counted, oldest first: a list to read and compare,
    held as a range of one array (of Python objects) shared by every firing."""

    __slots__ = ("_labels", "_start", "_stop")

    def __init__(self, labels: np.ndarray, start: int, stop: int):
        self._labels, self._start, self._stop = labels, start, stop

    def __len__(self) -> int:
        return self._stop - self._start

    def __getitem__(self, k: Any) -> Any:
        if type(k) is int:  # one label, without making the list
            n = self._stop - self._start
            if -n <= k < n:
                label = self._labels[self._start + k if k >= 0 else self._stop + k]
                return label if self._labels.dtype == object else label.item()  # a Python int, as tolist()
            raise IndexError("the firing's events: index out of range")
        return self.tolist()[k]

    def __iter__(self) -> Any:
        return iter(self.tolist())

    def tolist(self) -> list:
        return self._labels[self._start:self._stop].tolist()

    def __eq__(self, other: object) -> bool:
        if isinstance(other, (Counted, list, tuple)):
            return self.tolist() == list(other)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]  # a sequence compared by value

    def __repr__(self) -> str:
        return repr(self.tolist())


@register_extension_dtype
class CountedDtype(ExtensionDtype):
    """dtype of the `events` column: each cell a `Counted` (None where a reindex left a gap)."""

    name = "anjian.events"
    type = Counted
    na_value = None

    @classmethod
    def construct_array_type(cls) -> Type[CountedArray]:  # `type` is the scalar type here
        return CountedArray

    @classmethod
    def construct_from_string(cls, string: str) -> CountedDtype:
        if string == cls.name:
            return cls()
        raise TypeError(f"Cannot construct a '{cls.__name__}' from '{string}'")


class CountedArray(ExtensionArray):
    """Firing k counted labels[start[k]:stop[k]]; start -1 marks a missing cell."""

    def __init__(self, labels: np.ndarray, start: np.ndarray, stop: np.ndarray):
        # Cells read as Python values: labels are kept as objects, or as whole numbers made Python ints
        # when read (a RangeIndex of 100,000s of events then costs no object per event).
        self._labels = labels if labels.dtype == object or labels.dtype.kind in "iu" else labels.astype(object)
        self._start = np.asarray(start, dtype=np.int64)
        self._stop = np.asarray(stop, dtype=np.int64)

    # -- what pandas asks of an extension array ----------------------------------------------------

    @property
    def dtype(self) -> CountedDtype:
        return CountedDtype()

    def __len__(self) -> int:
        return len(self._start)

    def __getitem__(self, item: Any) -> Any:
        if isinstance(item, (int, np.integer)):
            a = int(self._start[item])
            return None if a < 0 else Counted(self._labels, a, int(self._stop[item]))
        item = pd.api.indexers.check_array_indexer(self, item)
        return CountedArray(self._labels, self._start[item], self._stop[item])

    @classmethod
    def _from_sequence(cls, scalars: Any, *, dtype: Any = None, copy: bool = False) -> CountedArray:
        """From firings' events (Counted or None) only: pandas asks this of every result of a cell-by-cell
        function to keep the dtype, and a list a function returned must stay a list."""
        if isinstance(scalars, CountedArray):
            return scalars.copy() if copy else scalars
        cells = list(scalars)
        if not all(c is None or isinstance(c, Counted) for c in cells):
            raise TypeError("an events column holds the events of firings (or None)")
        parts = [c._labels[c._start:c._stop] for c in cells if c is not None]
        lengths = np.array([0 if c is None else len(c) for c in cells], dtype=np.int64)
        stop = np.cumsum(lengths)
        missing = np.array([c is None for c in cells], dtype=bool)
        labels = np.concatenate(parts) if parts else np.array([], dtype=object)
        return cls(labels, np.where(missing, -1, stop - lengths), np.where(missing, -1, stop))

    def map(self, mapper: Any, na_action: Any = None) -> np.ndarray:
        """What `mapper` makes of each firing's events, as objects (never cast back to this dtype)."""
        out = np.empty(len(self), dtype=object)
        for k, cell in enumerate(self):
            out[k] = cell if cell is None and na_action == "ignore" else mapper(cell)
        return out

    @classmethod
    def _from_factorized(cls, values: Any, original: CountedArray) -> CountedArray:
        return cls._from_sequence(values)

    def __iter__(self) -> Any:
        labels = self._labels
        for a, b in zip(self._start.tolist(), self._stop.tolist()):
            yield None if a < 0 else Counted(labels, a, b)

    def isna(self) -> np.ndarray:
        return self._start < 0

    # -- reading many firings at once --------------------------------------------------------------

    def first(self) -> np.ndarray:
        """Each firing's oldest counted event (its window's first), as an object array; None where a
        cell is missing. `fired["events"].array.first()` equals `[e[0] for e in fired["events"]]`."""
        return self._label_at(self._start)

    def last(self) -> np.ndarray:
        """Each firing's completing event -- the one whose day met the rule -- as an object array; None
        where a cell is missing. `fired["events"].array.last()` equals `[e[-1] for e in fired["events"]]`,
        without making a sequence per firing."""
        return self._label_at(self._stop - 1)

    def _label_at(self, at: np.ndarray) -> np.ndarray:
        out = np.full(len(self), None, dtype=object)
        present = (self._start >= 0) & (self._stop > self._start)
        out[present] = self._labels[at[present]]
        return out

    def take(self, indices: Any, allow_fill: bool = False, fill_value: Any = None) -> CountedArray:
        indices = np.asarray(indices, dtype=np.intp)
        if allow_fill:
            if fill_value is not None:
                raise ValueError("the events column is filled with None only")
            if (indices < -1).any():
                raise ValueError("take: indices below -1 with allow_fill")
            gap = indices == -1
            start, stop = self._start.take(np.where(gap, 0, indices)), self._stop.take(np.where(gap, 0, indices))
            start[gap] = stop[gap] = -1
            return CountedArray(self._labels, start, stop)
        return CountedArray(self._labels, self._start.take(indices), self._stop.take(indices))

    def copy(self) -> CountedArray:
        return CountedArray(self._labels, self._start.copy(), self._stop.copy())

    @classmethod
    def _concat_same_type(cls, to_concat: Sequence[CountedArray]) -> CountedArray:
        labels, starts, stops, offset = [], [], [], 0
        for part in to_concat:
            missing = part._start < 0
            starts.append(np.where(missing, -1, part._start + offset))
            stops.append(np.where(missing, -1, part._stop + offset))
            labels.append(part._labels)
            offset += len(part._labels)
        if not labels:
            return cls(np.array([], dtype=object), np.array([], np.int64), np.array([], np.int64))
        return cls(np.concatenate(labels), np.concatenate(starts), np.concatenate(stops))

    @property
    def nbytes(self) -> int:
        return int(self._labels.nbytes + self._start.nbytes + self._stop.nbytes)

    def __array__(self, dtype: Any = None, copy: Any = None) -> np.ndarray:
        return self.map(lambda cell: cell)  # cell by cell: numpy would read a sequence in a list as a row

    def __eq__(self, other: Any) -> Any:  # cell by cell, as a column of lists compares
        if isinstance(other, (pd.Series, pd.Index, pd.DataFrame)):
            return NotImplemented
        if isinstance(other, (CountedArray, np.ndarray, list)) and len(other) == len(self):
            return np.array([self[k] == other[k] for k in range(len(self))], dtype=bool)
        return np.array([self[k] == other for k in range(len(self))], dtype=bool)

    def __setitem__(self, key: Any, value: Any) -> None:
        raise TypeError("the events of a firing are read-only")

    def _formatter(self, boxed: bool = False) -> Any:
        return repr
