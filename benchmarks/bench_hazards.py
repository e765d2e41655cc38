"""Accident grading, GB 18218 identification, trigger windows and 重大事故隐患 assessment against the numpy/pandas code an
analyst would write for the same answers, in the same run, results checked equal. Prints ratios.
Run: .venv/bin/python benchmarks/bench_hazards.py
"""

from __future__ import annotations

import numpy as np
import pandas as pd

import anjian
from timing import best_of_each


def report(what: str, ours: float, theirs: float, baseline: str) -> None:
    print(f"{what:44} anjian {ours:8.4f} s   {baseline} {theirs:8.4f} s   ratio {theirs / ours:5.1f}x")


def accidents(n: int, rng: np.random.Generator) -> None:
    deaths = rng.poisson(0.5, n)
    injuries = rng.poisson(1.0, n)
    loss = rng.integers(0, 200_000_000, n)

    def numpy_levels():  # 第三条 by hand: the highest level any criterion reaches
        per = [np.select([x >= b[2], x >= b[1], x >= b[0]], [4, 3, 2], 1) for x, b in
               ((deaths, (3, 10, 30)), (injuries, (10, 50, 100)), (loss, (10**7, 5 * 10**7, 10**8)))]
        return np.maximum.reduce(per)

    (ours, got), (theirs, want) = best_of_each([lambda: anjian.accident.classify(deaths, injuries, loss),
                                                numpy_levels])
    assert np.array_equal(got, want)
    report(f"accident levels, {n:,} accidents", ours, theirs, "numpy")


def inventory(n_units: int, rng: np.random.Generator) -> None:
    table = anjian.hazard.table()
    named = [(c.name, c.q_grams / 1e6) for c in table.chemicals if c.row and len(table.find(c.name)) == 1]
    pick = rng.integers(0, len(named), n_units * 4)
    inv = pd.DataFrame({"unit": np.repeat(np.arange(n_units), 4), "substance": [named[i][0] for i in pick],
                        "tonnes": rng.integers(0, 50_000, n_units * 4) / 1000})
    q = pd.DataFrame(named, columns=["substance", "q_t"])

    def pandas_s():  # S = Σ q/Q per unit with a merge and a group-by
        m = inv.merge(q, on="substance", how="left")
        return (m["tonnes"] / m["q_t"]).groupby(m["unit"]).sum()

    (ours, got), (theirs, want) = best_of_each([lambda: anjian.hazard.identify_many(inv), pandas_s])
    assert np.allclose(got["s"].to_numpy(), want.to_numpy(), rtol=1e-12)
    report(f"GB 18218 S per unit, {n_units:,} units x 4 lines", ours, theirs, "pandas")


def windows(n: int, rng: np.random.Generator) -> None:
    events = pd.DataFrame({"date": pd.Timestamp("2022-01-01") + pd.to_timedelta(rng.integers(0, 1000, n), unit="D"),
                           "kind": "penalty", "unit": rng.integers(0, n // 10, n).astype(str),
                           "major_hazard": rng.random(n) < 0.3})
    rule = anjian.triggers.rules()

    def pandas_closure():  # 3 penalties within 180 days (last <= first + 180 d) with a flagged one among them
        e = events.sort_values(["unit", "date"], kind="stable")
        day = e["date"].to_numpy().astype("datetime64[D]").astype(np.int64)
        unit = e["unit"].to_numpy()
        flag = e["major_hazard"].to_numpy()
        fired, j = [], 0
        for i in range(len(e)):  # two pointers: j is the oldest event of the unit within 180 days of i
            if unit[j] != unit[i]:
                j = i
            if i + 1 < len(e) and unit[i + 1] == unit[i] and day[i + 1] == day[i]:
                continue  # the events of one day are judged together, after the day's last one
            while day[i] - day[j] > 180:
                j += 1
            if i - j + 1 >= 3 and flag[j:i + 1].any():
                fired.append(e.index[i])
        return sorted(fired)

    closure = "closure_three_penalties_180_days"

    def ours_closure():  # the same rule alone: the same work as the loop
        out = anjian.triggers.evaluate(events, [rule], only=[closure])
        return sorted(out["events"].array.last())  # each firing's completing event, as the loop gives

    def ours_pack():  # every rule of the pack (19, two of them closure windows over every penalty)
        return anjian.triggers.evaluate(events, [rule])

    (ours, got), (whole, pack_fired), (theirs, want) = best_of_each([ours_closure, ours_pack, pandas_closure])
    # The closure rule's firings picked out of the pack's for the check only: not part of evaluating it.
    got_in_pack = sorted(pack_fired[pack_fired["rule"] == closure]["events"].array.last())
    assert got == want and got_in_pack == want
    report(f"180-day closure windows, {n:,} penalties", ours, theirs, "pandas+loop")
    report("  the national pack's 19 rules at once", whole, theirs, "pandas+loop")


def inspections(n: int, rng: np.random.Generator) -> None:
    """重大事故隐患 under the chemical standard (20 items over 28 findings), every row assessed."""
    std = anjian.hazard.standard("chemical")
    # Each finding a hazard in 3% of the inspections, a tenth of the findings not recorded.
    hit = {code: rng.random(n) < 0.03 for code, _, _ in std.facts}
    numbers = {"uncertified_special_operators": np.where(hit["uncertified_special_operators"], 2, 0),
               "required_external_safety_distance_m": np.full(n, 100),
               "external_safety_distance_m": np.where(hit["external_safety_distance_m"], 60, 150),
               "permitted_tonnes": np.full(n, 500), "stored_tonnes": np.where(hit["stored_tonnes"], 600, 300)}
    data: dict[str, np.ndarray] = {}
    for code, kind, _ in std.facts:
        given = rng.random(n) < 0.9
        if kind == "boolean":
            data[code] = pd.array(np.where(given, hit[code], None), dtype="boolean")
        elif kind == "grade":
            data[code] = pd.array(np.where(given, rng.integers(0, 5, n), None), dtype="Int64")
        else:
            data[code] = np.where(given, numbers[code].astype(float), np.nan)
    frame = pd.DataFrame(data)

    def pandas_items():  # the standard's 20 items as boolean masks, written out by hand
        f = frame

        def yes(c):
            return f[c].eq(True).fillna(False).to_numpy(dtype=bool)

        def no(c):
            return f[c].eq(False).fillna(False).to_numpy(dtype=bool)

        def num(c):
            return f[c].to_numpy(dtype=float, na_value=np.nan)

        grade = f["tank_farm_hazard_grade"].isin([1, 2]).to_numpy(dtype=bool)
        masks = [yes("principal_or_safety_manager_not_certified"), num("uncertified_special_operators") > 0,
                 yes("involves_two_key_one_major")
                 & (num("external_safety_distance_m") < num("required_external_safety_distance_m")),
                 yes("key_process_without_automation_or_esd"),
                 grade & (no("tank_farm_emergency_shutoff")
                          | (yes("tank_farm_toxic_or_liquefied") & no("tank_farm_independent_sis")))]
        masks += [yes(c) for c in (
            "pressurized_lpg_tank_without_water_injection", "liquefied_gas_filling_without_loading_arm",
            "toxic_gas_pipeline_through_public_area", "overhead_power_line_through_production_area",
            "plant_without_design_or_diagnosis", "eliminated_process_or_equipment",
            "gas_detection_or_explosion_proofing_missing", "control_room_not_blast_protected", "no_dual_power_or_ups",
            "safety_accessories_not_in_service", "no_responsibility_system_or_hazard_rules", "no_operating_procedures",
            "special_work_rules_missing_or_ineffective", "process_not_trialled_or_assessed")]
        masks.append((num("stored_tonnes") > num("permitted_tonnes")) | yes("storage_not_segregated")
                     | yes("incompatible_goods_stored_together"))
        hit = np.stack(masks, axis=1)  # rows x items
        rows, items = np.nonzero(hit)
        return pd.DataFrame({"row": rows, "id": np.array([f"chemical.{k + 1}" for k in range(20)])[items]})

    (ours, got), (theirs, want) = best_of_each(
        [lambda: anjian.hazard.assess_many(frame, industry="chemical", date="2024-06-01"), pandas_items])
    assert got.index.to_list() == want["row"].to_list() and got["id"].to_list() == want["id"].to_list()
    report(f"重大事故隐患 items, {n:,} inspections", ours, theirs, "pandas")


def main() -> None:
    import argparse

    ap = argparse.ArgumentParser()
    ap.add_argument("--smoke", action="store_true", help="tiny sizes (make test runs this)")
    scale = 100 if ap.parse_args().smoke else 1
    rng = np.random.default_rng(0)
    accidents(1_000_000 // scale, rng)
    inventory(100_000 // scale, rng)
    windows(200_000 // scale, rng)
    inspections(100_000 // scale, rng)


if __name__ == "__main__":
    main()
