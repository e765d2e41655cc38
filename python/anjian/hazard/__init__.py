"""Major hazards (anjian.hazard): GB 18218-2018 major hazard sources and the 重大事故隐患 standards.

    res = anjian.hazard.identify([("二氧化硫", 200)], exposed_people=60)
    res.s, res.is_major, res.r, res.grade          # 10.0, True, 30.0, 3 (三级)
    anjian.hazard.identify_many(inventory, exposed_people="people")   # one row per unit

    a = anjian.hazard.assess({"quick_freezing_room_workers": 10}, "工贸", "2024-06-01")
    a.is_major_hazard, a.matched, a.consequences
"""

from ._sources import GRADES_ZH, Identification, identify, identify_many, lookup, table
from ._standards import INDUSTRIES, Assessment, assess, assess_many, standard, standards

__all__ = ["GRADES_ZH", "INDUSTRIES", "Assessment", "Identification", "assess", "assess_many", "identify",
           "identify_many", "lookup", "standard", "standards", "table"]
