"""Rule packs as review documents for legal staff (法制科), who read law, not YAML: per provision
the article, the encoded ranges and conditions in plain Chinese, the effective dates, the source and
what is not verified -- and a change to a pack as the difference between two such documents."""

from __future__ import annotations

import datetime as dt
import difflib
import html
import os
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any, Callable, Sequence

import yaml

from . import _args, _core
from ._core import Error

OPS_ZH = {"is": "为", "==": "等于", "!=": "不等于", "<": "小于", "<=": "不大于", ">": "大于", ">=": "不小于", "in": "为"}
PARTIES_ZH = {"unit": "生产经营单位", "principal": "主要负责人", "responsible": "直接负责的主管人员和其他直接责任人员",
              "other_manager": "其他负责人和安全生产管理人员", "investor": "投资人"}


def load(name_or_path: Any) -> tuple[str, dict[str, Any]]:
    """(where it came from, its content) of a built-in pack or a pack file, validated as loading validates."""
    name = _args.pack_name(name_or_path, "pack")
    if name in _core.builtin_pack_names():
        text, where = _core.builtin_pack_text(name), f"内置规则包 {name}"
    else:
        _core.validate_pack(name)  # every check loading runs, located
        text, where = Path(name).read_text(encoding="utf-8"), name
    return where, yaml.safe_load(text)


# -- plain Chinese ---------------------------------------------------------------------------------

def _value(v: Any) -> str:
    return {True: "是", False: "否"}.get(v, str(v)) if isinstance(v, bool) else str(v)


def _condition(c: dict[str, Any], label: Callable[[str], str]) -> str:
    op = next(k for k in c if k != "fact")
    value = c[op]
    spelled = getattr(label, "spelled", {}).get(c["fact"], {})  # an enum value's Chinese alias, shown with it
    if op == "in":
        value = [f"{spelled[v]}（{v}）" if v in spelled else v for v in value]
    elif not isinstance(value, (dict, bool)) and value in spelled:
        value = f"{spelled[value]}（{value}）"
    if op in ("is", "==") and isinstance(value, bool):  # a finding: said, or said not to hold
        return label(c["fact"]) if value else f"{label(c['fact'])}（否）"
    if isinstance(value, dict):  # another fact
        rhs = label(value["fact"])
    elif op == "in":
        rhs = "、".join(map(_value, value)) + "之一"
    else:
        rhs = _value(value)
    return f"{label(c['fact'])}{OPS_ZH.get(op, op)}{rhs}"


def when_zh(when: Any, label: Callable[[str], str]) -> str:
    """A `when:` as plain Chinese: conditions joined by 且, clauses of `any` by 或者."""
    if not when:
        return "（无条件）"
    clauses = when["any"] if isinstance(when, dict) and "any" in when else [when]
    parts = []
    for clause in clauses:
        conditions = clause if isinstance(clause, list) else [clause]
        parts.append("且".join(_condition(c, label) for c in conditions))
    return "；或者".join(parts)


def _yuan(x: Any) -> str:
    text = str(x)
    return text if text.endswith("元") else f"{text}元"


def fine_zh(fine: dict[str, Any]) -> str:
    """A fine as the statute words it."""
    if "income_share" in fine:
        share = fine["income_share"]
        return (f"上一年年收入{share[0]}%至{share[1]}%" if isinstance(share, list) else f"上一年年收入{share}%") + "的罚款"
    money = (f"{_yuan(fine['up_to'])}以下" if "up_to" in fine
             else f"{_yuan(fine['from'])}以上{_yuan(fine['to'])}以下" if "from" in fine else "")
    if "gains_times" in fine:
        low, high = fine["gains_times"]
        threshold = _yuan(fine["gains_threshold"])
        return (f"违法所得{threshold}以上的，处违法所得{low}倍以上{high}倍以下的罚款；没有违法所得或者违法所得不足"
                f"{threshold}的，处{money}的罚款")
    return f"{money}的罚款"


def _article(n: int) -> str:
    return _core.article_zh(int(n))


# -- the document ----------------------------------------------------------------------------------

def _e(x: Any) -> str:
    return html.escape(str(x))


def _verified(x: dict[str, Any]) -> str:
    return '<span class="unverified">未核实</span>' if x.get("verified") is False else ""


class _Labels:
    """A fact's Chinese label; `spelled` holds, per enum fact, a Chinese alias of each value (first -> 首次查处)."""

    def __init__(self, facts: dict[str, Any] | None) -> None:
        self.facts = facts or {}
        self.spelled = {code: {v: k for k, v in (f.get("aliases") or {}).items() if not str(k).isascii()}
                        for code, f in self.facts.items() if isinstance(f, dict)}

    def __call__(self, code: str) -> str:
        f = self.facts.get(code) or {}
        return str(f.get("label_zh") or f.get("meaning_zh") or code)


def _labels(facts: dict[str, Any] | None) -> Callable[[str], str]:
    return _Labels(facts)


def _cases_by_provision(p: dict[str, Any], cases: Sequence[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """Test cases (the shape of tests/vectors/penalty_cases.yaml) under the provision they exercise: the
    one named, or the primary norm of the question called (accident_fine -> the sector's first)."""
    out: dict[str, list[dict[str, Any]]] = {}
    questions = p.get("questions", {})
    for case in cases:
        provision = case.get("provision")
        if provision is None and case.get("call") in questions:
            by_sector = questions[case["call"]]["by_sector"]
            provision = (by_sector.get(case.get("sector", "general")) or [None])[0]
        if provision:
            party = case.get("party") or questions.get(case.get("call"), {}).get("party", "")
            out.setdefault(str(provision), []).append({**case, "party": party})
    return out


def _case_row(case: dict[str, Any]) -> str:
    given = "；".join(f"{k}={_value(v)}" for k, v in (case.get("facts") or {}).items())
    for key in ("level", "income", "gains", "sector", "aggravated"):
        if key in case:
            given += ("；" if given else "") + f"{key}={_value(case[key])}"
    dates = f"行为 {case.get('act')}" + (f"，决定 {case['decision']}" if case.get("decision") else "")
    if "error" in case:
        want = f"拒绝：{case['error']}"
    else:
        e = case.get("expect", {})
        amount = "不处罚款" if e.get("no_fine") else f"{e.get('min')}元至{e.get('max')}元"
        want = f"{amount}；{e.get('basis', '')}"
    return (f"<tr><td>{_e(case.get('name', ''))}</td><td>{_e(dates)}</td><td>{_e(given)}</td>"
            f"<td>{_e(PARTIES_ZH.get(case.get('party', ''), case.get('party', '')))}</td><td>{_e(want)}</td></tr>")


def _penalty_table(p: dict[str, Any], cases: Sequence[dict[str, Any]] = ()) -> list[str]:
    out = ["<h3>法律版本</h3>", "<table class=\"laws\"><tr><th>代号</th><th>法律</th><th>版本</th><th>位阶</th><th>施行期间</th>"
           "<th>来源</th></tr>"]
    for lid, law in p.get("laws", {}).items():
        eff = law.get("effective", {})
        out.append(f"<tr><td>{_e(lid)}</td><td>{_e(law['name_zh'])}</td><td>{_e(law['edition'])}</td>"
                   f"<td>{_e(law.get('rank', ''))}</td><td>{_e(eff.get('from'))} 至 {_e(eff.get('to') or '今')}</td>"
                   f"<td>{_e(law.get('source', ''))} {_verified(law)}</td></tr>")
    out.append("</table>")
    label = _labels(p.get("facts"))
    laws = p.get("laws", {})
    exercised = _cases_by_provision(p, cases)
    for pid, prov in p.get("provisions", {}).items():
        out.append(f'<h3 id="{_e(pid)}">{_e(prov["title_zh"])} <small>{_e(pid)}</small></h3>')
        for v in prov["versions"]:
            law = laws.get(v["law"], {})
            cite = f"{law.get('name_zh', v['law'])}（{law.get('edition', '')}）{_article(v['article'])}"
            eff = law.get("effective", {})
            out.append(f'<p class="version"><b>{_e(cite)}</b>　施行 {_e(eff.get("from"))} 至 {_e(eff.get("to") or "今")}'
                       f'　{_verified(v)}<br><span class="source">来源：{_e(v.get("source", ""))}</span></p>')
            if "not_encoded" in v:
                out.append(f'<p class="gap">本条文本未编码：{_e(v["not_encoded"])}。行为日在此期间的，anjian 拒绝计算，'
                           "不以其他版本的幅度代替。</p>")
                continue
            out.append("<table><tr><th>适用条件</th><th>款项</th><th>对象与罚款</th><th>措施</th></tr>")
            for c in v.get("cases", []):
                fines = [f"{PARTIES_ZH.get(k, k)}：{fine_zh(f)}" for k, f in c.items() if k in PARTIES_ZH]
                out.append(f"<tr><td>{_e(when_zh(c.get('when'), label))}</td><td>{_e(c.get('paragraph', ''))}</td>"
                           f"<td>{'<br>'.join(map(_e, fines)) or '不处罚款'}</td>"
                           f"<td>{_e('、'.join(c.get('measures', [])))}</td></tr>")
            out.append("</table>")
            if "aggravated" in v:
                a = v["aggravated"]
                low, high = a["multiplier"]
                out.append(f"<p>{_e(a.get('paragraph', ''))}：{_e(a['text'])}，按前款罚款数额的{low}倍以上{high}倍以下处罚。</p>")
        if exercised.get(pid):
            out.append("<p><b>测试用例</b>（预期结果）</p><table><tr><th>用例</th><th>日期</th><th>事实</th>"
                       "<th>对象</th><th>预期</th></tr>" + "".join(_case_row(c) for c in exercised[pid]) + "</table>")
    return out


def _hazard_standard(p: dict[str, Any]) -> list[str]:
    facts = p.get("facts", {})
    label = _labels(facts)
    out = [f"<p>文件：{_e(p.get('document', ''))}　行业：{_e(p.get('industry', ''))}</p>",
           "<table><tr><th>条款</th><th>判定情形（原文）</th><th>编码的判定条件</th><th>备注</th></tr>"]
    for item in p.get("items", []):
        out.append(f"<tr><td>{_e(item['article'])}<br><small>{_e(item['id'])}</small></td><td>{_e(item['text_zh'])}</td>"
                   f"<td>{_e(when_zh(item.get('when'), label))}</td>"
                   f"<td>{_verified(item)} {_e(item.get('note', ''))}</td></tr>")
    out.append("</table><h3>检查记录的事实</h3><table><tr><th>代码</th><th>含义</th><th>类型</th></tr>")
    for code, f in facts.items():
        out.append(f"<tr><td>{_e(code)}</td><td>{_e(f.get('meaning_zh', ''))}</td><td>{_e(f.get('type', ''))}</td></tr>")
    out.append("</table>")
    return out


def _band_range(band: dict[str, Any]) -> str:
    return f"{_yuan(band['up_to'])}以下" if "up_to" in band else f"{_yuan(band['from'])}以上{_yuan(band['to'])}以下"


def _discretion(p: dict[str, Any]) -> list[str]:
    """A benchmark as legal staff approve it: per provision and party, the case it refines and each
    band (阶次) with what selects it and the range inside the statutory one."""
    table = yaml.safe_load(_core.builtin_pack_text("national/penalties"))  # the provisions it refines
    provisions = table.get("provisions", {})
    label = _labels({**table.get("facts", {}), **(p.get("facts") or {})})
    out = [f"<p>适用地区：{_e(p.get('jurisdiction', ''))}　{_verified(p)}</p>"]
    for b in p.get("benchmarks", []):
        title = provisions.get(b["provision"], {}).get("title_zh", b["provision"])
        out.append(f"<h3>{_e(title)} <small>{_e(b['provision'])}</small></h3>"
                   f"<p>对象：{_e(PARTIES_ZH.get(b['party'], b['party']))}　细化的情形：{_e(when_zh(b.get('when'), label))}</p>"
                   "<table><tr><th>阶次</th><th>适用条件</th><th>罚款</th><th>依据</th></tr>")
        for band in b.get("bands", []):
            if "key" in b:
                lo, hi = band.get("at_least"), band.get("below")
                condition = f"{label(b['key'])}" + (f"不少于{lo}" if lo is not None else "") + \
                            ("且" if lo is not None and hi is not None else "") + (f"少于{hi}" if hi is not None else "")
            else:
                condition = when_zh(band.get("when"), label)
            out.append(f"<tr><td>{_e(band.get('label', ''))}</td><td>{_e(condition)}</td><td>{_e(_band_range(band))}</td>"
                       f"<td>{_e(band.get('source', ''))}</td></tr>")
        out.append("</table>")
    return out


EVENTS_ZH = {"accident": "生产安全事故", "penalty": "行政处罚决定", "finding": "监督检查发现的问题"}
DATE_FIELDS_ZH = {"date": "事件发生（作出）之日", "decision_date": "处罚决定之日"}
WINDOW_UNITS_ZH = {"days": "日", "months": "个月", "years": "年"}


def _window_zh(within: dict[str, Any] | None) -> str:
    """A rule's window as the instruments word it: 180日内, 12个月内, 同一自然年度内."""
    if not within:
        return ""
    if "calendar" in within:
        return "同一自然年度内" if within["calendar"] == "year" else "同一自然月内"
    (unit, n), = within.items()
    return f"{n}{WINDOW_UNITS_ZH[unit]}内"


def _trigger_rules(p: dict[str, Any]) -> list[str]:
    """Trigger rules as legal staff check them: per rule the action and situation, its basis, the events
    counted and their conditions in plain Chinese, how many within which period, whom the instrument
    applies to, how events are grouped and dated, the effective dates, notes and source."""
    facts = p.get("facts") or {}
    label = _labels(facts)
    counting = p.get("counting") or {}
    first_day = "开始的当日计入" if counting.get("start_day") == "included" else "开始的当日不计入"
    out = [f"<p>期间的计算：{first_day}；依据：{_e(counting.get('source', ''))} {_verified(counting)}</p>"]
    for rid, r in (p.get("rules") or {}).items():
        eff = r.get("effective") or {}
        events = EVENTS_ZH.get(r.get("events"), r.get("events") or "各类事件")
        count = int(r.get("count", 1))
        window = _window_zh(r.get("within"))
        how_many = f"{window}累计{count}起以上" if count > 1 else f"每一起{'（' + window + '）' if window else ''}"
        keys = [label(k) for k in r.get("group_by", [])] + [f"同一{label(k)}" for k in r.get("same", [])]
        date_field = r.get("date_field", "date")
        dated = DATE_FIELDS_ZH.get(date_field, label(date_field))
        if r.get("undated") == "pending":
            dated += "（尚无此日期的事件暂不计入，待定）"
        rows = [("依据", r.get("basis", "")), ("计数的事件", events), ("条件", when_zh(r.get("match"), label)),
                ("次数与期间", how_many)]
        if r.get("requires"):
            rows.append(("其中至少一起", when_zh(r["requires"], label)))
        scope = r.get("scope")
        rows.append(("适用范围", f"{when_zh(scope.get('when'), label)}（{scope.get('basis', '')}；来源：{scope.get('source', '')}）"
                     if scope else "（不限）"))
        rows += [("分别计数", "、".join(keys)), ("日期以", dated),
                 ("施行期间", f"{eff.get('from')} 至 {eff.get('to') or '今'}")]
        if r.get("note"):
            rows.append(("备注", r["note"]))
        rows.append(("来源", r.get("source", "")))
        out.append(f"<h3>{_e(r.get('action', ''))}：{_e(r.get('title_zh', ''))} <small>{_e(rid)}</small> {_verified(r)}</h3>"
                   "<table class=\"rule\">" + "".join(f"<tr><th>{_e(k)}</th><td>{_e(v)}</td></tr>" for k, v in rows)
                   + "</table>")
    out.append("<h3>事件记录的字段</h3><table><tr><th>代码</th><th>含义</th><th>类型</th><th>取值</th></tr>")
    for code, f in facts.items():
        out.append(f"<tr><td>{_e(code)}</td><td>{_e(f.get('label_zh', ''))}</td><td>{_e(f.get('type', ''))}</td>"
                   f"<td>{_e('、'.join(map(str, f.get('values', []))))}</td></tr>")
    out.append("</table>")
    return out


SECTORS_ZH = {"coal": "煤矿", "general": "一般行业"}
ACCIDENT_TYPES_ZH = {"road_traffic": "道路交通事故", "fire": "火灾事故"}


def _count_zh(value: Any, unit: str) -> str:
    """A threshold as the article writes it: 10000万 as 1亿."""
    text = str(value)
    if text.endswith("万") and text[:-1].isdigit() and int(text[:-1]) % 10000 == 0:
        text = f"{int(text[:-1]) // 10000}亿"
    return f"{text}{unit}"


def _minutes_zh(minutes: Any) -> str:
    return f"{minutes // 60}小时" if isinstance(minutes, int) and minutes % 60 == 0 else f"{minutes}分钟"


def _accident_levels(p: dict[str, Any]) -> list[str]:
    """第三条's levels as the article words them (each criterion's range, "以上" with its number, "以下"
    without), who investigates and how far a report climbs, the sectors' own investigating bodies and the
    time limits."""
    bounds = p.get("bounds") or {}
    criteria = p.get("criteria") or {}
    levels = p.get("levels") or {}
    order = list(levels)  # the pack's order, 一般 first: each level's range runs up to the next one's bound
    name = {k: (v or {}).get("name_zh", k) for k, v in levels.items()}
    out = [f"<p>界限：“以上”{'包括' if bounds.get('lower') == 'inclusive' else '不包括'}本数，“以下”"
           f"{'包括' if bounds.get('upper') == 'inclusive' else '不包括'}本数（{_e(bounds.get('source', ''))}）；"
           "各项标准之一达到的最高等级即事故等级。</p>",
           "<table><tr><th>等级</th>" + "".join(f"<th>{_e(c.get('name_zh', k))}</th>" for k, c in criteria.items())
           + "<th>负责调查</th><th>逐级上报至</th></tr>"]
    chain = p.get("chain") or []
    for i, level in enumerate(order):
        cells = []
        for c in criteria.values():
            unit = "元" if "元" in str(c.get("name_zh", "")) else "人"
            lo = c.get(level) if i else None  # the lowest level has no lower bound
            hi = c.get(order[i + 1]) if i + 1 < len(order) else None
            cells.append((f"{_count_zh(lo, unit)}以上" if lo is not None else "")
                         + (f"{_count_zh(hi, unit)}以下" if hi is not None else ""))
        info = levels.get(level) or {}
        up_to = info.get("reported_up_to")
        climbs = chain[up_to] if isinstance(up_to, int) and up_to < len(chain) else ""
        out.append(f"<tr><td>{_e(name[level])}</td>"
                   + "".join(f"<td>{_e(c)}</td>" for c in cells)
                   + f"<td>{_e(info.get('investigated_by', ''))}</td><td>{_e(climbs)}</td></tr>")
    out.append(f"</table><p class=\"source\">来源：{_e(p.get('levels_source', ''))}</p>")
    for by in p.get("investigation_by_sector") or []:
        eff = by.get("effective") or {}
        sector = SECTORS_ZH.get(by.get("sector"), by.get("sector", ""))
        out.append(f"<h3>行业另有规定的调查：{_e(sector)}（{_e(eff.get('from'))} 至 {_e(eff.get('to') or '今')}）</h3>"
                   "<table><tr><th>等级</th><th>负责调查</th></tr>"
                   + "".join(f"<tr><td>{_e(name.get(k, k))}</td><td>{_e(v)}</td></tr>"
                             for k, v in (by.get("levels") or {}).items())
                   + f"</table><p class=\"source\">来源：{_e(by.get('source', ''))}</p>")
    r = p.get("reporting") or {}
    if r:
        out.append("<h3>报告与调查时限</h3><table>"
                   f"<tr><th>单位负责人接到报告后上报</th><td>{_e(_minutes_zh(r.get('unit_to_authority_minutes')))}内</td></tr>"
                   f"<tr><th>每级上报</th><td>不超过{_e(_minutes_zh(r.get('per_escalation_minutes')))}</td></tr>"
                   f"<tr><th>伤亡人数变化的补报与等级变化</th><td>事故发生之日起{_e(r.get('regrade_days'))}日内（"
                   f"{_e('、'.join(ACCIDENT_TYPES_ZH.get(t, t) for t in r.get('short_window_types', [])))}"
                   f"{_e(r.get('regrade_days_short'))}日内）</td></tr>"
                   f"<tr><th>事故调查报告</th><td>{_e(r.get('investigation_report_days'))}日内；特殊情况可延长，延长不超过"
                   f"{_e(r.get('investigation_extension_days'))}日</td></tr>"
                   f"<tr><th>期间的计算</th><td>{_e(r.get('counting', ''))}</td></tr></table>"
                   f"<p class=\"source\">来源：{_e(r.get('source', ''))}</p>")
    return out


EFFECTS_ZH = {"no_penalty": "不予行政处罚", "may_waive": "可以不予行政处罚", "mitigate": "从轻或者减轻行政处罚",
              "aggravate": "从重处罚"}


def _provision_zh(x: dict[str, Any]) -> str:
    """"第二十七条第一款第一项" of a clause's article, paragraph and item (those given)."""
    if not x.get("article"):
        return ""
    out = _article(x["article"])
    for key, unit in (("paragraph", "款"), ("item", "项")):
        if x.get(key):
            out += _article(x[key])[:-1] + unit  # the numeral of 第X条, as 第X款 / 第X项
    return out


def _penalty_general(p: dict[str, Any]) -> list[str]:
    """The general part as legal staff check it: per instrument and edition, each rule the engine applies
    with its article, the words encoded and what anjian reads from them; then the default bands."""
    out = []
    for key, ins in (p.get("instruments") or {}).items():
        eff = ins.get("effective") or {}
        out.append(f"<h3>{_e(ins.get('name_zh', key))}（{_e(ins.get('edition', ''))}） <small>{_e(key)}</small> "
                   f"{_verified(ins)}</h3><p>施行期间：{_e(eff.get('from'))} 至 {_e(eff.get('to') or '今')}</p>"
                   f"<p class=\"source\">来源：{_e(ins.get('source', ''))}</p>"
                   "<table class=\"general\"><tr><th>规则</th><th>条款</th><th>原文</th><th>编码为</th><th>备注</th></tr>")
        rows = []
        if "one_act_one_fine" in ins:
            c = ins["one_act_one_fine"]
            rows.append(("一事不再罚", c, "同一违法行为违反多个规定的，按罚款数额高的规定处罚"))
        if "applicable_law" in ins:
            c = ins["applicable_law"]
            rows.append(("从旧兼从轻", {**c, "law_zh": c.get("law", "")}, "适用违法行为发生时的规定；作出处罚决定时的规定处罚较轻的，适用新规定"))
        for code, c in (ins.get("circumstances") or {}).items():
            rows.append(("情节", {**c, "code": code}, EFFECTS_ZH.get(c.get("effect"), c.get("effect", ""))))
        if "limitation" in ins:
            c = ins["limitation"]
            longer = f"；{c['extended_when']}，{c['extended_years']}年" if c.get("extended_years") else ""
            rows.append(("追究时效", c, f"{c.get('years')}年{longer}"))
        if "hearing" in ins:
            c = ins["hearing"]
            amounts = c.get("amounts") or {}
            rows.append(("听证", {**c, "note": "；".join(x for x in (c.get("note"), c.get("amounts_source")) if x)},
                         f"较大数额：单位{_yuan(amounts.get('unit'))}以上、个人{_yuan(amounts.get('individual'))}以上；"
                         f"或者{'、'.join(c.get('measures', []))}"))
        if "late_payment" in ins:
            c = ins["late_payment"]
            rows.append(("加处罚款", c, f"每日按罚款数额的{c.get('percent_per_day')}%"
                                        + ("，不超出罚款数额" if c.get("capped_at_fine") else "")))
        for rule, c, encoded in rows:
            where = (f"{c['law_zh']} " if c.get("law_zh") else "") + _provision_zh(c)
            code = f"<br><small>{_e(c['code'])}</small>" if c.get("code") else ""
            out.append(f"<tr><td>{_e(rule)}{code}</td><td>{_e(where)}</td><td>{_e(c.get('text', ''))}</td>"
                       f"<td>{_e(encoded)}</td>"
                       f"<td>{_verified(c)} {_e(c.get('note', ''))}</td></tr>")
        out.append("</table>")
    bands = p.get("default_bands") or {}
    if bands:
        out.append(f"<h3>默认裁量阶次（无裁量基准时） {_verified(bands)}</h3>"
                   "<table><tr><th>阶次</th><th>有最低额的幅度中的位置</th><th>“X以下”的幅度中的位置</th>"
                   "<th>裁量基准阶次之内的位置</th></tr>")
        for band in ("从轻", "一般", "从重"):
            cells = [bands.get(k, {}).get(band) for k in ("closed_range", "open_below", "within_benchmark")]
            shares = [f"{c[0]} 至 {c[1]}" if c else "" for c in cells]
            out.append(f"<tr><td>{band}</td>" + "".join(f"<td>{_e(x)}</td>" for x in shares) + "</tr>")
        out.append(f"</table><p class=\"source\">来源：{_e(bands.get('source', ''))}</p>")
    return out


def _hazard_identification(p: dict[str, Any]) -> list[str]:
    """GB 18218's tables as the standard prints them -- table 1 (named chemicals and their critical
    quantity), table 2 with table 4 (categories, Q and β), table 3 (β of named toxic gases), table 5 (α)
    and table 6 (grade by R) -- and the rules anjian reads from its clauses."""
    from .hazard import GRADES_ZH

    rules = p.get("rules") or {}
    # The readings a pack may name, in words (an unknown one shown as it is).
    readings = {"lowest_q": "具有多种危险性的，按其中最低的临界量确定（4.1.2）",
                "governing_category": "具有多种危险性的，取确定临界量的类别的校正系数β，临界量相同时取较大的β"
                                      "（本规则包的解读，标准未规定）"}
    several = readings.get(str(rules.get("several_hazards")), str(rules.get("several_hazards", "")))
    beta = readings.get(str(rules.get("beta_of_several")), str(rules.get("beta_of_several", "")))
    out = ["<h3>判定规则</h3><table class=\"rule\">"
           f"<tr><th>重大危险源</th><td>S = Σ q/Q，{_e(str(rules.get('major_when', '')).replace('>=', '≥'))} 时构成重大危险源"
           "（4.2.1，“等于或超过临界量”）</td></tr>"
           f"<tr><th>多种危险性</th><td>{_e(several)}</td></tr><tr><th>校正系数β</th><td>{_e(beta)}</td></tr>"
           "<tr><th>分级</th><td>R = α Σ β q/Q（4.3）</td></tr></table>",
           "<h3>表1 危险化学品名称及其临界量</h3><table><tr><th>序号</th><th>危险化学品名称和说明</th><th>别名</th>"
           "<th>CAS号</th><th>临界量/t</th><th>备注</th></tr>"]
    for c in p.get("chemicals") or []:
        out.append(f"<tr><td>{_e(c.get('row', ''))}</td><td>{_e(c.get('name', ''))}</td>"
                   f"<td>{_e('、'.join(c.get('aliases', [])))}</td><td>{_e('、'.join(c.get('cas', [])))}</td>"
                   f"<td>{_e(c.get('q', ''))}</td><td>{_verified(c)} {_e(c.get('note', ''))}</td></tr>")
    out.append("</table><h3>表2 未在表1中列举的危险化学品类别及其临界量（附表4 校正系数β）</h3>"
               "<table><tr><th>类别</th><th>危险性分类及说明</th><th>临界量/t</th><th>β</th><th>备注</th></tr>")
    for code, c in (p.get("categories") or {}).items():
        out.append(f"<tr><td>{_e(code)}</td><td>{_e(c.get('name_zh', ''))}</td><td>{_e(c.get('q', ''))}</td>"
                   f"<td>{_e(c.get('beta', ''))}</td><td>{_e(c.get('note', ''))}</td></tr>")
    out.append("</table><h3>表3 毒性气体校正系数β</h3><table><tr><th>名称</th><th>β</th></tr>"
               + "".join(f"<tr><td>{_e(k)}</td><td>{_e(v)}</td></tr>" for k, v in (p.get("toxic_gases") or {}).items())
               + "</table>")
    alpha = p.get("alpha") or []
    out.append("<h3>表5 暴露人员校正系数α（厂区边界向外扩展500米范围内常住人口）</h3>"
               "<table><tr><th>可能暴露的人员数量</th><th>α</th></tr>")
    for i, a in enumerate(alpha):  # ordered from the most people down
        lo, hi = a.get("people_at_least"), alpha[i - 1].get("people_at_least") if i else None
        people = f"{lo}人以上" if hi is None else "0人" if lo == 0 and hi == 1 else f"{lo}～{hi - 1}人"
        out.append(f"<tr><td>{_e(people)}</td><td>{_e(a.get('alpha'))}</td></tr>")
    grades = p.get("grades") or []
    out.append("</table><h3>表6 重大危险源级别和R值的对应关系</h3><table><tr><th>级别</th><th>R值</th></tr>")
    for i, g in enumerate(grades):
        lo, hi = g.get("r_at_least"), grades[i - 1].get("r_at_least") if i else None
        r = f"R ≥ {lo}" if hi is None else f"R < {hi}" if lo == 0 else f"{lo} ≤ R < {hi}"
        out.append(f"<tr><td>{_e(GRADES_ZH.get(g.get('grade'), g.get('grade')))}</td><td>{_e(r)}</td></tr>")
    out.append("</table>")
    return out


def _hazard_consequences(p: dict[str, Any]) -> list[str]:
    """What a 重大事故隐患 brings, per legal basis: the measure or fine in the law's words, and the
    penalty provision anjian recommends from (anjian penalty recommend PROVISION)."""
    out = ["<table class=\"consequences\"><tr><th>依据</th><th>法律后果</th><th>处罚条款（罚款幅度见处罚规则包）</th>"
           "<th>备注</th></tr>"]
    for code, c in (p.get("consequences") or {}).items():
        out.append(f"<tr><td>{_e(c.get('basis', ''))}<br><small>{_e(code)}</small></td>"
                   f"<td>{_e(c.get('action_zh', ''))}</td><td>{_e(c.get('provision', '—'))}</td>"
                   f"<td>{_verified(c)}</td></tr>")
    out.append("</table>")
    return out


def _generic(p: dict[str, Any]) -> list[str]:
    """A pack without its own layout: every key as nested lists, nothing left out."""
    def tree(x: Any) -> str:
        if isinstance(x, dict):
            return "<dl>" + "".join(f"<dt>{_e(k)}</dt><dd>{tree(v)}</dd>" for k, v in x.items()) + "</dl>"
        if isinstance(x, list) and any(isinstance(v, (dict, list)) for v in x):
            return "<ol>" + "".join(f"<li>{tree(v)}</li>" for v in x) + "</ol>"
        if isinstance(x, list):  # values (a scope's sectors, the keys grouped by): one line
            return "、".join(tree(v) for v in x)
        return _e(_value(x))
    skip = {"anjian_pack", "name", "kind", "version", "title", "source", "effective", "verified", "description",
            "predecessor"}
    return [tree({k: v for k, v in p.items() if k not in skip})]


RENDERERS: dict[str, Callable[[dict[str, Any]], list[str]]] = {
    "hazard_standard": _hazard_standard, "discretion_benchmark": _discretion, "trigger_rules": _trigger_rules,
    "accident_levels": _accident_levels, "penalty_general": _penalty_general,
    "hazard_identification": _hazard_identification,
    "hazard_consequences": _hazard_consequences}  # penalty tables also take cases

STYLE = """
body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", sans-serif; margin: 2em auto;
       max-width: 60em; line-height: 1.6; color: #222; }
h1 { font-size: 1.6em; } h2 { border-bottom: 2px solid #444; margin-top: 2em; } h3 { margin-top: 1.4em; }
table { border-collapse: collapse; width: 100%; margin: .5em 0 1em; font-size: .95em; }
th, td { border: 1px solid #999; padding: .3em .5em; vertical-align: top; text-align: left; }
th { background: #eee; } small { color: #666; } .source { color: #555; font-size: .9em; }
.unverified { background: #fde68a; padding: 0 .3em; border-radius: 3px; font-size: .9em; }
.gap { background: #fee2e2; padding: .3em .6em; } .laws td { white-space: nowrap; }
.laws td:last-child { white-space: normal; } dl { margin: 0 0 0 1em; } dt { font-weight: bold; }
table.rule th { width: 8em; white-space: nowrap; }
table.general td:nth-child(2) { white-space: nowrap; } table.general td:nth-child(1) { width: 9%; }
table.general td:nth-child(3) { width: 33%; } table.general td:nth-child(4) { width: 20%; }
table.general small { word-break: break-all; } table.consequences td:last-child { white-space: nowrap; }
@page { size: A4; margin: 15mm 12mm; }
@media print { body { max-width: none; margin: 0; } h2 { page-break-before: always; }
  h2:first-of-type { page-break-before: avoid; } tr { page-break-inside: avoid; } }
"""


def document(packs: Sequence[Any], made: dt.date | None = None, provenance: bool = True,
             cases: Any = None) -> str:
    """The review document (HTML) of the packs, in the order given (provenance: say which file or
    built-in pack each came from). cases: a file of penalty test cases (the shape of the project's
    tests/vectors/penalty_cases.yaml), shown under the provisions they exercise with their expected
    results."""
    if isinstance(packs, (str, os.PathLike)) or not packs:
        raise Error("document() takes a list of packs (built-in names or files)")
    test_cases: list[dict[str, Any]] = []
    if cases is not None:
        path = _args.path(cases, "cases")
        try:
            test_cases = list(yaml.safe_load(path.read_text(encoding="utf-8"))["cases"])
        except (OSError, yaml.YAMLError, KeyError, TypeError) as exc:
            raise Error(f"{path}: not a file of test cases ({{cases: [...]}}): {exc}") from None
    body = []
    for name_or_path in packs:
        where, p = load(name_or_path)
        eff = p.get("effective") or {}
        head = [f"<h2>{_e(p.get('title', p.get('name')))}</h2>",
                f"<p>规则包 {_e(p.get('name'))}　版本 {_e(p.get('version'))}　类型 {_e(p.get('kind'))}"
                + (f"　取自 {_e(where)}" if provenance else "") + "</p>"]
        if eff:
            head.append(f"<p>施行期间：{_e(eff.get('from'))} 至 {_e(eff.get('to') or '今')}</p>")
        if p.get("predecessor"):
            head.append(f"<p>{_e(eff.get('from'))} 以前适用：{_e(p['predecessor'])}（本规则包未收录，此前的日期不予判定）</p>")
        head.append(f"<p>内容核对至：{_e(p['reviewed_through'])}（此后的日期，修订可能未收录）</p>" if p.get("reviewed_through")
                    else "<p>内容核对日期：未载明</p>")
        if p.get("source"):
            head.append(f'<p class="source">来源：{_e(p["source"])}</p>')
        if p.get("description"):
            head.append(f"<p>{_e(p['description'])}</p>")
        if p.get("kind") == "penalty_table":
            body += head + _penalty_table(p, test_cases)
        else:
            body += head + RENDERERS.get(str(p.get("kind")), _generic)(p)
    made = made or dt.date.today()
    return ("<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>规则包审查文本</title>"
            f"<style>{STYLE}</style></head><body><h1>规则包审查文本</h1><p>生成日期：{made.isoformat()}。"
            "每一条款列出所编码的条件、幅度、施行期间与来源；标“未核实”的数值尚未与正式文本核对。</p>\n"
            + "\n".join(body) + "\n</body></html>\n")


def _text_lines(page: str) -> list[str]:
    """The document's text, one line per block, for a reader's diff; a table row carries the heading
    and article it is under, so a changed row says where it belongs."""
    import re

    def text(fragment: str) -> str:
        fragment = re.sub(r"</t[dh]>", " | ", fragment)
        return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())

    lines, heading, article = [], "", ""
    for block in re.findall(r"<h[1-3].*?</h[1-3]>|<p.*?</p>|<tr>.*?</tr>|<dt>.*?</dt>|<li>.*?</li>",
                            page.split("<body>", 1)[-1], flags=re.S):
        line = text(block)
        if block.startswith("<h"):
            heading, article = line, ""
        elif block.startswith('<p class="version">'):
            article = line.split("施行")[0].strip()
        elif block.startswith("<tr>") and line:
            line = f"【{heading}{' ' + article if article else ''}】 {line}"
        if line:
            lines.append(line)
    return lines


def diff(old: Any, new: Any) -> str:
    """What changed from one version of a pack to another, as the review documents read: an HTML
    page of the two side by side, changed lines marked."""
    made = dt.date.today()
    before = _text_lines(document([old], made, provenance=False))
    after = _text_lines(document([new], made, provenance=False))
    table = difflib.HtmlDiff().make_table(before, after, str(old), str(new), context=True, numlines=2)
    return ("<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>规则包变更</title>"
            f"<style>{STYLE} body {{ max-width: 90em; }} table.diff {{ width: 100%; }} "
            "table.diff td { font-size: .85em; white-space: normal; } table.diff td.diff_next, table.diff td.diff_header { width: 2em; color: #888; } .diff_add { background: #dcfce7; } "
            ".diff_chg { background: #fef9c3; } .diff_sub { background: #fee2e2; }</style></head><body>"
            f"<h1>规则包变更</h1><p>{_e(old)} → {_e(new)}</p>"
            + (table if before != after else "<p>两个版本的审查文本相同。</p>") + "</body></html>\n")


BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "microsoft-edge")


def find_browser() -> str:
    """The headless browser that prints review documents to PDF: $ANJIAN_BROWSER, else the first of
    BROWSERS on PATH."""
    chosen = os.environ.get("ANJIAN_BROWSER")
    if chosen:
        found = shutil.which(chosen)
        if not found:
            raise Error(f"ANJIAN_BROWSER={chosen}: no such program")
        return found
    for name in BROWSERS:
        found = shutil.which(name)
        if found:
            return found
    raise Error("writing PDF needs a headless Chromium or Chrome (none of " + ", ".join(BROWSERS)
                + " is on PATH; set ANJIAN_BROWSER to one): install chromium, or write .html and print it from a browser")


def write_pdf(page: str, path: Path, timeout: float = 180) -> Path:
    """The page printed to PDF at `path` by a headless browser with the page's own print stylesheet
    (A4, each pack from a new page). Nothing is left at `path` unless the PDF was written whole."""
    from .io import atomic_write

    browser = find_browser()
    with tempfile.TemporaryDirectory(prefix="anjian-pdf-") as work:
        source = Path(work, "review.html")
        source.write_text(page, encoding="utf-8")
        printed = Path(work, "review.pdf")
        command = [browser, "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
                   f"--user-data-dir={Path(work, 'profile')}", f"--print-to-pdf={printed}", source.as_uri()]
        try:
            run = subprocess.run(command, capture_output=True, text=True, timeout=timeout)
        except subprocess.TimeoutExpired:
            raise Error(f"{path}: {browser} did not print the page within {timeout:g} s") from None
        if not printed.is_file() or printed.read_bytes()[:5] != b"%PDF-":
            said = " ".join((run.stderr or run.stdout).split()[-40:])
            raise Error(f"{path}: {browser} printed no PDF (exit status {run.returncode}): {said}")
        return atomic_write(path, lambda tmp: shutil.copyfile(printed, tmp))
