"""Major hazards (anjian.hazard): GB 18218-2018 major hazard sources and the 重大事故隐患 standards.

    res = anjian.hazard.identify([("二氧化硫", 200)], exposed_people=60)
    res.s, res.is_major, res.r, res.grade          # 10.0, True, 30.0, 3 (三级)
    anjian.hazard.identify_many(inventory, exposed_people="people")   # one row per unit
"""

from ._sources import GRADES_ZH, Identification, identify, identify_many, lookup, table

__all__ = ["GRADES_ZH", "Identification", "identify", "identify_many", "lookup", "table"]
