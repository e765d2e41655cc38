"""The one conversion of Python columns into the column type of every kernel (numpy, pandas' masks,
the Arrow PyCapsule interface), and what is refused, naming the column and row."""

from datetime import date

import numpy as np
import pandas as pd
import pytest

import anjian
from anjian import _core


def read(columns, rows):
    return {name: (kind, cells) for name, kind, cells in _core.read_columns(columns, rows)}


def day(d: str) -> tuple[str, int]:
    return ("day", (date.fromisoformat(d) - date(1970, 1, 1)).days)


@pytest.mark.parametrize("dtype, kind", [("bool", "uint8"), ("int8", "int8"), ("int16", "int64"), ("int32", "int32"),
                                         ("int64", "int64"), ("uint8", "uint8"), ("uint16", "int64"),
                                         ("uint32", "int64"), ("float32", "float64"), ("float64", "float64")])
def test_numpy_numbers_of_every_width_are_read_as_numbers(dtype, kind):
    assert read({"a": np.array([0, 1, 1], dtype=dtype)}, 3) == {"a": (kind, [0.0, 1.0, 1.0])}


@pytest.mark.parametrize("unit", ["D", "h", "s", "ms", "us", "ns"])
def test_datetime64_in_every_resolution_gives_its_day_and_nat_is_missing(unit):
    values = np.array(["2024-01-02T10", "NaT", "1969-12-31T23"], dtype=f"datetime64[{unit}]")
    kind, cells = read({"d": values}, 3)["d"]
    assert kind == "timestamp"
    assert cells == [day("2024-01-02"), None, day("1969-12-31")]


def test_text_from_object_arrays_with_none_nan_and_pandas_na_missing():
    values = np.array(["甲", None, np.nan, pd.NA, "", "乙"], dtype=object)
    assert read({"t": values}, 6)["t"] == ("large_utf8", ["甲", None, None, None, "", "乙"])
    assert read({"u": np.array(["甲", "乙"])}, 2)["u"] == ("large_utf8", ["甲", "乙"])  # numpy unicode


def test_a_mask_pair_marks_missing_cells_as_pandas_nullable_dtypes_do():
    s = pd.array([1, None, 3], dtype="Int64")
    pair = (s.to_numpy(dtype=np.int64, na_value=0), s.isna())
    assert read({"n": pair}, 3)["n"] == ("int64", [1.0, None, 3.0])


@pytest.mark.parametrize("n", [1, 15, 16, 17, 40, 100])
def test_a_mask_pair_of_any_length_marks_exactly_its_missing_cells(n):
    rng = np.random.default_rng(n)
    values, missing = rng.integers(0, 2, n).astype(bool), rng.random(n) < 0.3
    missing[-1] = True  # the last cell, past the last whole block of 16
    want = [None if gone else float(v) for v, gone in zip(values, missing)]
    assert read({"f": (values, missing)}, n)["f"] == ("uint8", want)


def test_a_column_that_is_not_text_where_text_is_read_is_refused_with_its_row():
    with pytest.raises(anjian.InputError) as e:
        read({"t": np.array(["甲", 3], dtype=object)}, 2)
    assert str(e.value) == "column 't', row 1: a value of type int where text is expected"
    assert (e.value.row, e.value.column) == (1, "t")


@pytest.mark.parametrize("columns, message", [
    ({"a": np.array([1, 2])}, "column 'a': has 2 rows where the table has 3"),
    ({"a": np.zeros((3, 2))}, "column 'a': must be one-dimensional, has 2 dimensions"),
    ({"a": np.array([1, 2, 3], dtype="uint64")}, "column 'a': uint64 values are not read; give int64"),
    ({"a": np.array([1j, 2j, 3j])}, "column 'a': numpy dtype 'complex128' is not read"),
    ({"a": (np.array([1, 2, 3]), np.array([True]))},
     "column 'a': the missing mask must be a bool array as long as the values"),
])
def test_columns_the_kernels_cannot_read_are_refused_naming_the_column(columns, message):
    with pytest.raises(anjian.InputError, match="^" + message.replace("(", r"\(").replace(")", r"\)") + "$"):
        read(columns, 3)


def test_a_strided_view_is_read_as_its_own_cells():
    base = np.arange(10, dtype=np.int64)
    assert read({"a": base[::3]}, 4)["a"] == ("int64", [0.0, 3.0, 6.0, 9.0])


def test_polars_columns_are_read_where_they_lie_through_the_arrow_interface():
    pl = pytest.importorskip("polars")
    got = read({"n": pl.Series([1, None, 3]), "t": pl.Series(["甲", None, "通川区应急管理局执法大队"]),
                "b": pl.Series([True, False, None]), "d": pl.Series([date(2024, 1, 2), None, None]),
                "c": pl.Series(["甲", "乙", None], dtype=pl.Categorical), "s": pl.Series([0, 1, 2, 3])[1:]}, 3)
    assert got["n"] == ("int64", [1.0, None, 3.0])
    assert got["t"] == ("utf8_view", ["甲", None, "通川区应急管理局执法大队"])
    assert got["b"] == ("boolean", [1.0, 0.0, None])
    assert got["d"] == ("date32", [day("2024-01-02"), None, None])
    assert got["c"][1] == ["甲", "乙", None]
    assert got["s"] == ("int64", [1.0, 2.0, 3.0])


def test_a_polars_column_in_several_chunks_is_refused_saying_how_to_join_them():
    pl = pytest.importorskip("polars")
    chunked = pl.concat([pl.Series([1, 2]), pl.Series([3])], rechunk=False)
    with pytest.raises(anjian.InputError, match="column 'a': comes in several chunks; give one"):
        read({"a": chunked}, 3)


def test_pandas_string_dtype_and_non_nanosecond_dates_reach_the_penalty_batch():
    # pandas 3 makes text columns StringDtype and parses dates to datetime64[us]: the batch reads both.
    cases = pd.DataFrame({"provision": pd.array(["evaluation_report_untrue"] * 2, dtype="string"),
                          "act_date": np.array(["2022-06-01", "2024-01-01"], dtype="datetime64[s]"),
                          "untrue_points": pd.array(["1", "1"], dtype="string")})
    engine = anjian.penalty.Engine(["sichuan/discretion"])
    assert engine.recommend_many(cases)["recommended_yuan"].tolist() == [65000, 40000]


def test_text_as_codes_into_labels_is_read_as_a_dictionary_column():
    codes = np.array([1, -1, 0, 1], dtype=np.int32)
    labels = np.array(["甲", "乙"], dtype=object)
    assert read({"t": ("codes", codes, labels)}, 4)["t"][1] == ["乙", None, "甲", "乙"]
    strided = np.array(["甲", "-", "乙", "-"], dtype=object)[::2]  # a view: read as its own cells
    assert read({"t": ("codes", codes, strided)}, 4)["t"][1] == ["乙", None, "甲", "乙"]
    with pytest.raises(anjian.InputError, match="column 't', row 0: dictionary code out of range"):
        read({"t": ("codes", np.array([2, 0, 0, 0], dtype=np.int32), labels)}, 4)
    with pytest.raises(anjian.InputError, match="column 't': a triple must be"):
        read({"t": ("values", codes, labels)}, 4)



SHARED = ["罐区A", "甲醇", "a", ""]  # the same objects in many cells, as a column of repeated names holds them


def _text_cells():
    from hypothesis import strategies as st

    # Without NUL: pandas (2.2, 2.3) compares object strings as C strings, "a" and "a\x00b" alike (see below).
    text = st.text(st.characters(blacklist_characters="\x00"), max_size=3)
    return st.lists(st.one_of(st.sampled_from(SHARED), text.map(lambda t: "".join(["", t])),
                              st.sampled_from([None, float("nan"), np.float64("nan"), pd.NA, pd.NaT])), max_size=40)


def _equal_to_pandas(cells, sort):
    from anjian._frames import factorize

    col = pd.Series(np.array(cells + [None], dtype=object)[:len(cells)], dtype=object)
    codes, uniques = factorize(col, sort=sort)
    want_codes, want_uniques = pd.factorize(col, sort=sort, use_na_sentinel=True)
    assert codes.tolist() == want_codes.tolist()
    assert list(uniques) == list(want_uniques) and uniques.dtype == want_uniques.dtype == object


def test_text_is_factorized_as_pandas_does_cell_for_cell():
    from hypothesis import given, settings, strategies as st

    @settings(max_examples=300, deadline=None)
    @given(_text_cells(), st.booleans())
    def check(cells, sort):
        _equal_to_pandas(cells, sort)

    check()


def test_texts_that_differ_after_a_nul_character_stay_apart():
    # pandas.factorize codes "a" and "a\x00b" alike (it compares object strings up to a NUL): two units
    # named so must stay two.
    from anjian._frames import factorize

    codes, uniques = factorize(pd.Series(["a", "a\x00b", "", "\x00", "a"], dtype=object))
    assert codes.tolist() == [0, 1, 2, 3, 0] and list(uniques) == ["a", "a\x00b", "", "\x00"]


def test_texts_of_one_length_in_each_storage_width_are_told_apart_and_equal_ones_joined():
    # Python stores a text in 1, 2 or 4 bytes per character (é, 罐, 𠀀): the coder compares their bytes,
    # so texts of one length but another width differ, and equal texts made anew (other objects) join.
    from anjian import _core

    made = ["".join([c, c]) for c in ("e", "é", "罐", "𠀀", "é", "罐", "𠀀", "e")]
    codes, labels = _core.factorize_text(np.array(made, dtype=object))
    assert codes.tolist() == [0, 1, 2, 3, 1, 2, 3, 0] and labels == ["ee", "éé", "罐罐", "𠀀𠀀"]
    _equal_to_pandas(made + ["eé", "é罐", "罐𠀀"], sort=True)


def test_many_distinct_texts_are_factorized_as_pandas_does():
    # Thousands of texts, each cell its own object (as astype(str) makes them), shuffled and repeated:
    # the coder's table grows many times over.
    rng = np.random.default_rng(5)
    cells = [str(int(k)) + "号" for k in rng.integers(0, 5000, 20_000)] + [None, float("nan")]
    rng.shuffle(cells)
    _equal_to_pandas(cells, sort=False)
    _equal_to_pandas(cells, sort=True)


def test_whole_numbers_in_order_are_factorized_as_pandas_does():
    from hypothesis import given, settings, strategies as st

    from anjian._frames import factorize

    @settings(max_examples=200, deadline=None)
    @given(st.lists(st.integers(-5, 5), max_size=30), st.booleans(), st.sampled_from(["int64", "int32", "uint8"]))
    def check(values, ordered, dtype):
        values = sorted(values) if ordered else values
        col = pd.Series(np.array([abs(v) for v in values] if dtype == "uint8" else values, dtype=dtype))
        codes, uniques = factorize(col, sort=True)  # the same codes, maybe as int32
        want_codes, want_uniques = pd.factorize(col, sort=True, use_na_sentinel=True)
        assert codes.tolist() == want_codes.tolist() and codes.dtype in (np.int32, want_codes.dtype)
        assert uniques.tolist() == want_uniques.tolist() and uniques.dtype == want_uniques.dtype

    check()


def test_columns_factorized_together_are_each_as_pandas_factorizes_them():
    from hypothesis import given, settings, strategies as st

    from anjian._frames import factorize_many

    kinds = {"whole": st.lists(st.integers(-3, 3), max_size=20).map(lambda v: pd.Series(sorted(v), dtype="int64")),
             "unsorted": st.lists(st.integers(-3, 3), max_size=20).map(lambda v: pd.Series(v, dtype="int32")),
             "text": st.lists(st.sampled_from(["甲", "乙", "丙", None]), max_size=20).map(
                 lambda v: pd.Series(v, dtype=object)),
             "float": st.lists(st.floats(-2, 2), max_size=20).map(lambda v: pd.Series(v, dtype=float))}

    @settings(max_examples=200, deadline=None)
    @given(st.lists(st.tuples(st.sampled_from(sorted(kinds)).flatmap(lambda k: kinds[k]), st.booleans()),
                    min_size=1, max_size=4))
    def check(columns):
        got = factorize_many([c for c, _ in columns], [s for _, s in columns])
        for (col, sort), (codes, uniques) in zip(columns, got):
            want_codes, want_uniques = pd.factorize(col, sort=sort, use_na_sentinel=True)
            assert codes.tolist() == want_codes.tolist()
            assert uniques.tolist() == want_uniques.tolist()

    check()


def test_an_error_coding_a_text_is_raised_once_the_runs_beside_it_are_done():
    from anjian import _core

    class Unhashable(str):
        def __hash__(self):
            raise RuntimeError("no hash")

    units = np.repeat(np.arange(50_000), 4)  # coded on a thread of its own meanwhile
    with pytest.raises(RuntimeError, match="no hash"):
        _core.factorize_columns([units, np.array(["甲", Unhashable("乙")], dtype=object)])
    codes, labels = _core.factorize_columns([units])[0]  # and nothing left running: called again at once
    assert codes[-1] == 49_999 and labels[-1] == 49_999


def test_text_factorizing_leaves_to_pandas_what_is_not_text():
    # A number or a date: the C++ coder declines, pandas answers.
    for odd in (3, 2.5, date(2024, 1, 1), np.float32("nan")):
        assert _core.factorize_text(np.array(["a", odd, "a"], dtype=object)) is None
        _equal_to_pandas(["b", odd, "a", odd, None], sort=False)
        if isinstance(odd, (int, float)):  # pandas sorts numbers beside text; a date beside text it cannot
            _equal_to_pandas(["b", odd, "a"], sort=True)
    # Text with no UTF-8 form (a lone surrogate) is text all the same.
    _equal_to_pandas(["\ud800", "a", "\ud800" + "", None], sort=False)
    # Equal texts that are other objects (np.str_ too) share one code; the first object seen is the label.
    first, second = "".join(["罐", "区"]), "".join(["罐区", ""])
    codes, labels = _core.factorize_text(np.array([first, np.str_("罐区"), second, None], dtype=object))
    assert codes.tolist() == [0, 0, 0, -1] and labels[0] is first
    assert _core.factorize_text(np.array([1, 2])) is None  # not an object array


def test_scaled_integers_round_half_to_even_as_numpy_and_name_values_outside_the_range():
    from hypothesis import given, settings, strategies as st

    from anjian import _core

    high = 1e9
    halves = st.integers(0, 2 * 10**6).map(lambda k: k / 2 / 1e6)  # x * 1e6 a whole number and a half, often
    finite = st.floats(-1.0, 2 * high, allow_nan=False)
    # The pass tells inside from outside by the bits of x: the signs of zero and NaN, the smallest numbers.
    edges = st.sampled_from([float("nan"), np.copysign(np.nan, -1.0), np.inf, -np.inf, -0.0, 5e-324, -5e-324])

    @settings(max_examples=300, deadline=None)
    @given(st.lists(st.one_of(halves, finite, edges, st.just(high), st.just(np.nextafter(high, 2e9))), max_size=40))
    def check(values):
        x = np.array(values, dtype=float)
        inside = (x >= 0) & (x <= high)
        # 1e6: every product below 2**51 (the vectorized pass); 1e9: some beyond (the value by value one)
        for scale in (1e6, 1e9):
            got, outside = _core.scaled_integers(x, scale, high)
            assert outside.tolist() == np.flatnonzero(~inside).tolist()
            assert got[inside].tolist() == np.round(x[inside] * scale).astype(np.int64).tolist()
            assert not got[~inside].any()  # 0 where outside

    check()
    strided, _ = _core.scaled_integers(np.array([0.5, 9.0, 1.5, 9.0])[::2], 1.0, 10.0)  # read by stride
    assert strided.tolist() == [0, 2]


def test_scaled_integers_on_every_core_give_what_one_pass_gives_with_values_outside_in_each_chunk():
    from anjian import _core

    rng = np.random.default_rng(4)
    n = 300_001  # above the size from which the values are converted in chunks, one per core
    clean = rng.integers(0, 2 * 10**9, n) / 2e6  # many halves of a gram
    bad = {3: -1.0, n // 2 + 7: np.nan, n - 1: 2e9}
    # Outside values in the first, a middle and the last chunk; in the last alone; in none.
    for where in ([3, n // 2 + 7, n - 1], [n - 1], []):
        x = clean.copy()
        x[where] = [bad[p] for p in where]
        inside = (x >= 0) & (x <= 1e9)
        for values in (x, np.repeat(x, 2)[::2]):  # contiguous, and read by stride
            got, outside = _core.scaled_integers(values, 1e6, 1e9)
            assert outside.tolist() == where
            assert np.array_equal(got[inside], np.round(x[inside] * 1e6).astype(np.int64))
            assert not got[~inside].any()


def test_whole_yuan_is_fen_floor_divided_by_100_when_every_amount_is_whole_and_none_otherwise():
    from hypothesis import given, settings, strategies as st

    from anjian import _core

    fen = st.integers(-(2**63), 2**63 - 1)
    whole = st.integers(-(2**63) // 100 + 1, (2**63 - 1) // 100).map(lambda y: y * 100)

    @settings(max_examples=300, deadline=None)
    @given(st.lists(st.one_of(whole, fen), max_size=40))
    def check(values):
        x = np.array(values, dtype=np.int64)
        got = _core.whole_yuan(x)
        if (x % 100 == 0).all():
            assert got is not None and got.dtype == np.int64 and got.tolist() == (x // 100).tolist()
        else:
            assert got is None

    check()
    assert _core.whole_yuan(np.array([100, 7, -300, 7], dtype=np.int64)[::2]).tolist() == [1, -3]  # by stride
    assert _core.whole_yuan(np.array([-50], dtype=np.int64)) is None  # -0.50 yuan: not whole, not floored
    assert _core.whole_yuan(np.array([], dtype=np.int64)).tolist() == []


def test_whole_yuan_in_place_writes_over_its_own_fen_and_leaves_them_whole_when_an_amount_is_not():
    from anjian import _core

    fen = np.arange(3000, dtype=np.int64) * 100  # three blocks of the kernel's 1024
    got = _core.whole_yuan(fen, in_place=True)
    assert got is not None and np.shares_memory(got, fen) and got.tolist() == list(range(3000))
    for bad in (0, 1023, 1024, 2999):  # in the first block, at a block's end and start, in the last
        fen = np.arange(3000, dtype=np.int64) * 100
        fen[bad] += 1
        before = fen.copy()
        assert _core.whole_yuan(fen, in_place=True) is None
        assert np.array_equal(fen, before), bad  # blocks already divided are multiplied back
    # Not its own to write: read-only, strided or another type is read as without in_place.
    frozen = np.array([100, 200], dtype=np.int64)
    frozen.flags.writeable = False
    for fen in (frozen, np.array([100, 7, 300, 7], dtype=np.int64)[::2], np.array([100, 300], dtype=np.int32)):
        before = fen.copy()
        got = _core.whole_yuan(fen, in_place=True)
        assert got.tolist() == (before // 100).tolist() and not np.shares_memory(got, fen)
        assert np.array_equal(fen, before)


def test_runs_of_a_strided_column_are_read_and_other_types_left_to_pandas():
    from anjian import _core

    def runs(values):
        return _core.factorize_columns([values])[0]

    codes, labels = runs(np.array([1, 9, 1, 9, 4, 9, 4], dtype=np.int64)[::2])
    assert codes.tolist() == [0, 0, 1, 1] and labels.tolist() == [1, 4] and labels.dtype == np.int64
    codes, labels = runs(np.array([3, 3, 7], dtype=np.int32))
    assert codes.tolist() == [0, 0, 1] and labels.tolist() == [3, 7] and labels.dtype == np.int32
    assert runs(np.array([2, 1], dtype=np.int64)) is None  # out of order
    assert runs(np.array([1, 2], dtype=np.uint64)) is None
    assert runs(np.array([1.0, 2.0])) is None


def test_take_of_objects_equals_numpy_and_keeps_every_reference_counted():
    import sys

    from anjian import _core
    from anjian._frames import take

    rng = np.random.default_rng(3)
    labels = np.array([f"第{k}项" for k in range(7)] + [None, 1.5], dtype=object)
    for dtype in (np.int8, np.int16, np.int32, np.int64, np.uint16):  # uint16: made int64 first
        codes = rng.integers(0, len(labels), 5000).astype(dtype)
        assert take(labels, codes).tolist() == labels[codes].tolist()
    assert take(["a", "b"], np.array([], dtype=np.int32)).tolist() == []
    first = labels[0]
    before = sys.getrefcount(first)
    out = take(labels, np.zeros(1000, dtype=np.int32))
    assert sys.getrefcount(first) == before + 1000
    del out
    assert sys.getrefcount(first) == before
    one = np.array([first], dtype=object)  # one value: every cell is it, its references added at once
    out = take(one, np.zeros(1000, dtype=np.int8))
    assert sys.getrefcount(first) == before + 1001  # + one's own cell
    assert out.tolist() == [first] * 1000
    del out
    for bad in (np.array([0, 1], dtype=np.int8), np.array([-1, 0], dtype=np.int64)):
        with pytest.raises(IndexError):
            take(one, bad)
    assert sys.getrefcount(first) == before + 1
    del one
    block = _core.take_object_rows([(labels, np.array([0, 8], dtype=np.int32)),
                                    (labels[::-1].copy(), np.array([0, 1], dtype=np.int64))])
    assert block.shape == (2, 2) and block.tolist() == [[labels[0], 1.5], [1.5, None]]
    del block
    for bad in (np.array([0, 9], dtype=np.int64), np.array([0, -1], dtype=np.int32), np.array([0, -1], dtype=np.int8),
                np.array([0, 9], dtype=np.int16)):
        with pytest.raises(IndexError):  # the row written before it is released with the rest
            _core.take_object_rows([(labels, np.zeros(2, dtype=np.int32)), (labels, bad)])
        assert sys.getrefcount(first) == before
    # Pairs enough to be taken on every core: the same cells, and a code out of range in one of them
    # refused with every reference count as it was.
    many = [(labels, rng.integers(0, len(labels), 60_000).astype(dtype)) for dtype in (np.int8, np.int64, np.int32)]
    many += [(one_value := np.array([first], dtype=object), np.zeros(60_000, dtype=np.int16))] * 2
    block = _core.take_object_rows(many)
    assert all(block[k].tolist() == values[codes].tolist() for k, (values, codes) in enumerate(many))
    del block
    assert sys.getrefcount(first) == before + 1  # one_value's own cell
    bad = many[1][1].copy()
    bad[-1] = len(labels)
    with pytest.raises(IndexError):
        _core.take_object_rows(many[:1] + [(labels, bad)] + many[2:])
    assert sys.getrefcount(first) == before + 1
    del one_value, many
    with pytest.raises(ValueError):  # codes not as long as the first pair's
        _core.take_object_rows([(labels, np.zeros(2, dtype=np.int32)), (labels, np.array([0], dtype=np.int32))])
    with pytest.raises(ValueError):  # not objects
        _core.take_object_rows([(labels.astype(str), np.array([0, 0], dtype=np.int32))])
    assert _core.take_object_rows([]).shape == (0, 0)


def test_a_batch_with_no_row_refused_reads_minus_one_for_every_row_from_one_read_only_cell():
    import datetime as dt

    from anjian import _core, hazard

    def identify(grams):  # lines of 氨 in one unit, each line refused or not (errors="status")
        n = len(grams)
        lines = {"unit": np.zeros(n, dtype=np.int32), "q_grams": np.array(grams, dtype=np.int64),
                 "substance": ("codes", np.zeros(n, dtype=np.int32), np.array(["氨"], dtype=object))}
        return _core.hazard_identify_many(hazard.table(), lines, n, {}, 1, dt.date(2024, 6, 1), True, False)

    refused = identify([1, 2])["refused"]
    assert refused.tolist() == [-1, -1] and refused.strides == (0,) and not refused.flags.writeable
    with pytest.raises(ValueError):  # never written through to the one cell every row reads
        refused[0] = 0
    out = identify([1, 2, -1])  # a negative quantity: the third line refused
    assert out["refused"].tolist() == [-1, -1, 0] and out["refused"].flags.writeable and out["reasons"]


def test_a_text_column_stays_object_under_pandas_2_and_becomes_str_where_pandas_makes_texts_str():
    from anjian import _frames

    texts = np.array(["一级", "", "2024-06-01"], dtype=object)  # a date-like text stays a text
    index = pd.Index([7, 8, 9])
    frame = pd.DataFrame({"grade_zh": _frames.object_column(texts, index)}, index=index, copy=False)
    assert frame["grade_zh"].tolist() == texts.tolist()
    if _frames.infers_str():  # pandas 3: its str columns, as for every text column it is given
        assert frame["grade_zh"].dtype == pd.Series(["a"]).dtype != object
    else:
        assert frame["grade_zh"].dtype == object and np.shares_memory(frame["grade_zh"].to_numpy(), texts)
        if hasattr(pd.options, "future") and hasattr(pd.options.future, "infer_string"):
            with pd.option_context("future.infer_string", True):  # pandas 2 asked to make texts str
                assert _frames.infers_str() and _frames.object_column(texts, index) is texts
