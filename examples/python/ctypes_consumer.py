"""libanjian_c from Python's standard library alone (ctypes), as a system without the anjian wheel
would call it: the same ranking, fine and GB 18218 grade as examples/c/embedding.c, printed alike.

    python examples/python/ctypes_consumer.py /path/to/libanjian_c.so
"""

from __future__ import annotations

import ctypes as C
import struct
import sys

OK = 0
REFUSE_CALL = 0


def load(path: str) -> C.CDLL:
    lib = C.CDLL(path)
    P, I64, D = C.c_void_p, C.c_int64, C.c_double
    signatures = {
        "anjian_abi_version": (C.c_int, []),
        "anjian_last_error": (C.c_char_p, []),
        "anjian_string_free": (None, [P]),
        "anjian_rank": (C.c_int, [C.POINTER(D), I64, I64, C.c_char_p, C.POINTER(D), C.POINTER(C.c_int32),
                                  C.c_char_p, C.c_char_p, C.c_char_p, D, C.c_int32, C.c_int32, C.POINTER(P)]),
        "anjian_result_free": (None, [P]),
        "anjian_result_int64": (C.POINTER(I64), [P, C.c_char_p]),
        "anjian_result_float64": (C.POINTER(D), [P, C.c_char_p]),
        "anjian_penalty_engine_new": (C.c_int, [P, C.c_size_t, C.POINTER(P)]),
        "anjian_penalty_engine_free": (None, [P]),
        "anjian_penalty_recommend": (C.c_int, [P, C.c_char_p, C.POINTER(P)]),
        "anjian_hazard_table_new": (C.c_int, [C.c_char_p, C.POINTER(P)]),
        "anjian_hazard_table_free": (None, [P]),
        "anjian_table_new": (C.c_int, [I64, C.POINTER(P)]),
        "anjian_table_free": (None, [P]),
        "anjian_table_add_int64": (C.c_int, [P, C.c_char_p, C.POINTER(I64), C.POINTER(C.c_uint8)]),
        "anjian_table_add_text": (C.c_int, [P, C.c_char_p, C.POINTER(C.c_char_p)]),
        "anjian_hazard_identify_many": (C.c_int, [P, P, P, C.c_char_p, C.c_int, C.POINTER(P)]),
    }
    for name, (restype, argtypes) in signatures.items():
        f = getattr(lib, name)
        f.restype, f.argtypes = restype, argtypes
    return lib


def check(lib: C.CDLL, status: int, what: str) -> None:
    if status != OK:
        raise RuntimeError(f"{what}: {lib.anjian_last_error().decode()}")


def array(ctype, values):
    return (ctype * len(values))(*values)


def bits(x: float) -> str:
    return struct.pack(">d", x).hex()


def main(path: str) -> None:
    lib = load(path)
    out = []
    result = C.c_void_p()
    matrix = array(C.c_double, [0.92, 35, 2, 0.98, 41, 0, 0.95, 38, 1, 0.81, 22, 5])
    check(lib, lib.anjian_rank(matrix, 4, 3, b"entropy", None, array(C.c_int32, [1, 1, -1]), b"topsis", None, None,
                               0.5, 1, 1, C.byref(result)), "anjian_rank")
    ints = lambda name: list(lib.anjian_result_int64(result, name)[:4])  # noqa: E731
    out.append("ranking ranks: " + " ".join(map(str, ints(b"rank"))))
    out.append("ranking scores: " + " ".join(bits(x) for x in lib.anjian_result_float64(result, b"score")[:4]))
    out.append("ranking red: " + " ".join(map(str, ints(b"red"))))
    out.append("ranking black: " + " ".join(map(str, ints(b"black"))))
    lib.anjian_result_free(result)

    engine, text = C.c_void_p(), C.c_void_p()
    check(lib, lib.anjian_penalty_engine_new(None, 0, C.byref(engine)), "anjian_penalty_engine_new")
    request = '{"provision": "accident_unit", "act_date": "2021-08-20", "decision_date": "2021-11-03", ' \
              '"facts": {"level": "较大"}}'
    check(lib, lib.anjian_penalty_recommend(engine, request.encode(), C.byref(text)), "anjian_penalty_recommend")
    out.append("fine: " + C.string_at(text).decode())
    lib.anjian_string_free(text)
    lib.anjian_penalty_engine_free(engine)

    table, lines, units = C.c_void_p(), C.c_void_p(), C.c_void_p()
    check(lib, lib.anjian_hazard_table_new(None, C.byref(table)), "anjian_hazard_table_new")
    check(lib, lib.anjian_table_new(2, C.byref(lines)), "anjian_table_new")
    check(lib, lib.anjian_table_new(1, C.byref(units)), "anjian_table_new")
    check(lib, lib.anjian_table_add_int64(lines, b"unit", array(C.c_int64, [0, 0]), None), "unit")
    check(lib, lib.anjian_table_add_text(lines, b"substance", array(C.c_char_p, ["氨".encode(), "液氯".encode()])),
          "substance")
    check(lib, lib.anjian_table_add_int64(lines, b"q_grams", array(C.c_int64, [25_000_000, 2_000_000]), None), "q_grams")
    check(lib, lib.anjian_table_add_int64(units, b"people", array(C.c_int64, [120]), None), "people")
    check(lib, lib.anjian_hazard_identify_many(table, lines, units, b"2024-05-01", REFUSE_CALL, C.byref(result)),
          "anjian_hazard_identify_many")
    s, r = lib.anjian_result_float64(result, b"s")[0], lib.anjian_result_float64(result, b"r")[0]
    major, grade = lib.anjian_result_int64(result, b"is_major")[0], lib.anjian_result_int64(result, b"grade")[0]
    out.append(f"gb18218 s: {bits(s)} is_major: {major} grade: {grade} r: {bits(r)}")
    for handle, free in ((result, lib.anjian_result_free), (units, lib.anjian_table_free),
                         (lines, lib.anjian_table_free), (table, lib.anjian_hazard_table_free)):
        free(handle)
    sys.stdout.write("\n".join(out) + "\n")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(sys.argv[1])
