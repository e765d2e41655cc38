"""anjian rules doc / rules diff: packs as review documents for legal staff."""

import html
import os
import re
import subprocess
import sys

import pytest
import yaml

import anjian
from anjian import _core, _review

from packs import RULES, pack

# Packs as documents: no frame is read.
pytestmark = pytest.mark.pinned_pandas


def test_every_built_in_pack_renders():
    page = _review.document(_core.builtin_pack_names())
    for name in _core.builtin_pack_names():
        assert f"规则包 {name}" in page


@pytest.mark.parametrize("name", ["national/triggers", "examples/triggers_jiaxing", "examples/triggers_veto"])
def test_each_trigger_rule_shows_its_situation_basis_condition_period_and_source(name):
    rules = pack(name)["rules"]
    page = html.unescape(_review.document([name]))
    for rid, rule in rules.items():
        start = page.rindex("<h3>", 0, page.index(f"<small>{rid}</small>"))
        section = page[start:page.find("<h3>", start + 1)]
        for text in (rule["title_zh"], rule["basis"], rule["source"], f"{rule['effective']['from']} 至"):
            assert text in page and text in section, (rid, text)
        condition = re.search("<th>条件</th><td>(.*?)</td>", section).group(1)
        assert "fact" not in condition and "{" not in condition, (rid, condition)  # in words, not YAML
        if rule.get("count", 1) > 1:
            assert f"累计{rule['count']}起以上" in section


def test_a_trigger_rules_scope_and_period_read_as_the_instruments_word_them():
    page = html.unescape(_review.document(["national/triggers"]))
    assert page.count("（安全生产严重失信主体名单管理办法 (应急管理部令第11号) 第二条；") == 9
    assert ("行业为矿山、尾矿库、化工、石油化工、医药、危险化学品、烟花爆竹、石油开采、冶金、有色、建材、机械、轻工、纺织、烟草、"
            "商贸、安全评价检测检验机构之一") in page
    assert "180日内累计3起以上" in page and "12个月内累计2起以上" in page and "处罚决定之日（尚无此日期的事件暂不计入" in page
    assert "其中至少一起</th><td>存在重大事故隐患" in page
    veto = html.unescape(_review.document(["examples/triggers_veto"]))
    assert "同一自然年度内累计" in veto


def test_accident_levels_read_as_article_3_words_them_with_who_investigates_and_the_time_limits():
    page = html.unescape(_review.document(["national/accidents"]))
    row = lambda level: re.search(f"<tr><td>{level}</td>(.*?)</tr>", page).group(1)
    assert "<td>3人以下</td><td>10人以下</td><td>1000万元以下</td>" in row("一般事故")
    assert "<td>3人以上10人以下</td><td>10人以上50人以下</td><td>1000万元以上5000万元以下</td>" in row("较大事故")
    assert "<td>30人以上</td><td>100人以上</td><td>1亿元以上</td><td>国务院或者国务院授权有关部门</td>" in row("特别重大事故")
    assert "“以上”包括本数，“以下”不包括本数" in page
    assert "行业另有规定的调查：煤矿（2024-05-01 至 今）" in page and "国家矿山安全监察机构" in page
    assert "1小时内" in page and "不超过2小时" in page and "道路交通事故、火灾事故7日内" in page


def test_the_general_part_shows_each_rule_with_its_article_words_and_reading_per_edition():
    general = pack("national/penalty_general")
    page = html.unescape(_review.document(["national/penalty_general"]))
    for key, ins in general["instruments"].items():
        section = page[page.index(f"<small>{key}</small>"):]
        section = section[:section.find("<h3>", 1)]
        assert f"{ins['effective']['from']} 至 {ins['effective'].get('to') or '今'}" in section
        for c in ins.get("circumstances", {}).values():
            assert c["text"] in section
    assert "<td>追究时效</td><td>第三十六条</td>" in page
    assert "2年；涉及公民生命健康安全、金融安全且有危害后果的，5年" in page
    assert "较大数额：单位5万元以上、个人2万元以上；或者停产停业、关闭、吊销" in page
    assert "<td>情节<br><small>minor_corrected_no_harm</small></td><td>第二十七条第二款</td>" in page
    assert "每日按罚款数额的3%，不超出罚款数额" in page
    assert "<tr><td>一般</td><td>1/3 至 2/3</td><td>2/5 至 3/5</td><td>0 至 1</td></tr>" in page


def test_gb18218_shows_its_tables_as_the_standard_prints_them():
    gb = pack("national/gb18218")
    page = html.unescape(_review.document(["national/gb18218"]))
    for c in gb["chemicals"]:
        assert f"<tr><td>{c['row']}</td><td>{c['name']}</td><td>{'、'.join(c.get('aliases', []))}</td>" in page
        assert f"<td>{'、'.join(c.get('cas', []))}</td><td>{c['q']}</td>" in page
    for code, c in gb["categories"].items():
        assert f"<tr><td>{code}</td><td>{c['name_zh']}</td><td>{c['q']}</td><td>{c['beta']}</td>" in page
    assert "<tr><td>丙烷</td>" not in page and "液化石油气</td><td>丙烷、丁烷</td>" in page
    for people, alpha in (("100人以上", "2.0"), ("50～99人", "1.5"), ("30～49人", "1.2"), ("1～29人", "1.0"),
                          ("0人", "0.5")):
        assert f"<tr><td>{people}</td><td>{alpha}</td></tr>" in page
    for grade, r in (("一级", "R ≥ 100"), ("二级", "50 ≤ R < 100"), ("三级", "10 ≤ R < 50"), ("四级", "R < 10")):
        assert f"<tr><td>{grade}</td><td>{r}</td></tr>" in page
    assert "S ≥ 1 时构成重大危险源" in page and "<tr><td>硫化氢</td><td>5</td></tr>" in page


def test_each_consequence_of_a_major_hazard_shows_its_basis_words_and_penalty_provision():
    page = html.unescape(_review.document(["national/hazard_consequences"]))
    for code, c in pack("national/hazard_consequences")["consequences"].items():
        row = re.search(f"<tr><td>{re.escape(c['basis'])}<br><small>{code}</small></td>(.*?)</tr>", page).group(1)
        assert f"<td>{c['action_zh']}</td><td>{c.get('provision', '—')}</td>" in row


def test_each_provision_shows_its_article_range_and_source_in_every_edition():
    table = pack("national/penalties")
    page = html.unescape(_review.document(["national/penalties"]))
    for pid, provision in table["provisions"].items():
        assert provision["title_zh"] in page
        for version in provision["versions"]:
            law = table["laws"][version["law"]]
            assert f"{law['name_zh']}（{law['edition']}）{_core.article_zh(version['article'])}" in page, pid
            assert version["source"] in page, pid
            if "not_encoded" in version:
                assert f"本条文本未编码：{version['not_encoded']}" in page
            for case in version.get("cases", []):
                for party, fine in case.items():
                    if party in _review.PARTIES_ZH:
                        assert f"{_review.PARTIES_ZH[party]}：{_review.fine_zh(fine)}" in page, (pid, fine)


@pytest.mark.parametrize("fine, words", [
    ({"from": "20万", "to": "50万"}, "20万元以上50万元以下的罚款"),
    ({"up_to": "5万"}, "5万元以下的罚款"),
    ({"income_share": 40}, "上一年年收入40%的罚款"),
    ({"income_share": [60, 100]}, "上一年年收入60%至100%的罚款"),
    ({"gains_times": [2, 5], "gains_threshold": "10万", "from": "10万", "to": "20万"},
     "违法所得10万元以上的，处违法所得2倍以上5倍以下的罚款；没有违法所得或者违法所得不足10万元的，处10万元以上20万元以下的罚款"),
])
def test_fines_read_as_the_statute_words_them(fine, words):
    assert _review.fine_zh(fine) == words


def test_conditions_read_as_plain_chinese():
    label = {"level": "事故等级", "n": "人数", "m": "设计人数", "failed": "装置失效"}.get
    assert _review.when_zh({"fact": "level", "is": "较大"}, label) == "事故等级为较大"
    assert _review.when_zh([{"fact": "n", ">": 9}, {"fact": "failed", "is": True}], label) == "人数大于9且装置失效"
    assert _review.when_zh({"any": [[{"fact": "n", ">": {"fact": "m"}}], [{"fact": "failed", "is": False}]]},
                           label) == "人数大于设计人数；或者装置失效（否）"


def test_every_hazard_item_shows_its_article_and_words():
    for name in ("national/hazard_coal", "national/hazard_industry_trade"):
        page = html.unescape(_review.document([name]))
        for item in pack(name)["items"]:
            assert item["article"] in page and item["text_zh"] in page


@pytest.mark.parametrize("name", ["national/gb18218", "national/hazard_coal", "national/hazard_industry_trade",
                                  "national/hazard_metal_mine"])
def test_the_edition_before_a_pack_is_named_as_not_encoded(name):
    page = html.unescape(_review.document([name]))
    p = pack(name)
    assert f"{p['effective']['from']} 以前适用：{p['predecessor']}（本规则包未收录" in page
    assert page.count(p["predecessor"]) == 1  # once, in its place: not again among the other keys


def test_a_change_to_a_pack_shows_as_a_diff_of_its_document(tmp_path):
    old = RULES / "national" / "penalties.yaml"
    new = tmp_path / "penalties.yaml"
    new.write_text(old.read_text(encoding="utf-8").replace("unit: {from: 30万, to: 100万}", "unit: {from: 40万, to: 100万}"),
                   encoding="utf-8")
    text = html.unescape(re.sub(r"<[^>]+>", "", _review.diff(old, new)))  # changed characters are marked up
    assert "30万元以上100万元以下" in text and "40万元以上100万元以下" in text
    assert "两个版本的审查文本相同" in _review.diff(old, old)


def test_rules_doc_and_diff_from_the_command_line(tmp_path):
    out = tmp_path / "review.html"
    run = subprocess.run([sys.executable, "-m", "anjian", "rules", "doc", "national/penalties", "-o", str(out)],
                         capture_output=True, text=True)
    assert run.returncode == 0 and "第一百一十四条" in out.read_text(encoding="utf-8")
    bad = tmp_path / "bad.yaml"
    bad.write_text("anjian_pack: 2\nname: x\nkind: penalty_table\n", encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "anjian", "rules", "doc", str(bad), "-o", str(tmp_path / "x.html")],
                         capture_output=True, text=True)
    assert run.returncode == 1 and "bad.yaml" in run.stderr and "Traceback" not in run.stderr
    assert not (tmp_path / "x.html").exists()


def test_document_takes_a_list_of_packs():
    with pytest.raises(anjian.Error, match="takes a list of packs"):
        _review.document("national/penalties")


def test_the_test_cases_appear_under_the_provisions_they_exercise():
    cases_file = RULES.parent / "tests" / "vectors" / "penalty_cases.yaml"
    page = html.unescape(_review.document(["national/penalties"], cases=cases_file))
    cases = yaml.safe_load(cases_file.read_text(encoding="utf-8"))["cases"]
    provisions = pack("national/penalties")["provisions"]
    shown = [c for c in cases if c.get("provision") in provisions or c.get("call") in ("accident_fine", "principal_fine")]
    assert shown and all(c["name"] in page for c in shown)
    with pytest.raises(anjian.Error, match="not a file of test cases"):
        _review.document(["national/penalties"], cases=RULES / "national" / "penalties.yaml")


@pytest.mark.parametrize("name", ["sichuan/discretion", "shanxi/discretion", "examples/discretion",
                                  "examples/discretion_tiers"])
def test_a_benchmark_shows_each_band_with_what_selects_it_and_its_range(name):
    page = html.unescape(_review.document([name]))
    provisions = pack("national/penalties")["provisions"]
    for b in pack(name)["benchmarks"]:
        assert provisions[b["provision"]]["title_zh"] in page
        for band in b["bands"]:
            assert _review._band_range(band) in page and band.get("label", "") in page


def test_an_enum_value_is_shown_with_its_chinese_name_and_may_be_given_so():
    page = html.unescape(_review.document(["national/penalties"]))
    assert "违法行为所处阶段为逾期未改正（deadline_missed）" in page
    engine = anjian.penalty.Engine()
    assert engine.recommend("management_failures", {"stage": "逾期未改正"}, "2023-01-01").min_yuan == \
        engine.recommend("management_failures", {"stage": "deadline_missed"}, "2023-01-01").min_yuan


def _browser_or_skip():
    try:
        return _review.find_browser()
    except anjian.Error as exc:
        if os.environ.get("CI"):  # make test installs chromium: its absence there is a failure
            raise
        pytest.skip(str(exc))


def test_rules_doc_to_pdf_prints_every_provision_on_a4(tmp_path):
    _browser_or_skip()
    out = tmp_path / "review.pdf"
    run = subprocess.run([sys.executable, "-m", "anjian", "rules", "doc", "national/penalties", "-o", str(out)],
                         capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert out.read_bytes()[:5] == b"%PDF-"
    info = subprocess.run(["pdfinfo", str(out)], capture_output=True, text=True).stdout
    assert "(A4)" in info
    text = "".join(subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True).stdout.split())
    for provision in pack("national/penalties")["provisions"].values():
        assert "".join(provision["title_zh"].split()) in text
    assert "第一百一十四条" in text and "100万元以上200万元以下" in text


def test_pdf_without_a_browser_is_refused_by_name_and_writes_nothing(tmp_path, monkeypatch):
    monkeypatch.setenv("ANJIAN_BROWSER", str(tmp_path / "no-such-browser"))
    with pytest.raises(anjian.Error, match="ANJIAN_BROWSER=.*no such program"):
        _review.write_pdf("<p>x</p>", tmp_path / "r.pdf")
    monkeypatch.delenv("ANJIAN_BROWSER")
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(anjian.Error, match="needs a headless Chromium"):
        _review.write_pdf("<p>x</p>", tmp_path / "r.pdf")
    assert not (tmp_path / "r.pdf").exists()


def test_a_browser_that_prints_no_pdf_is_an_error_naming_the_file_and_keeps_the_old_one(tmp_path, monkeypatch):
    fake = tmp_path / "fake-browser"
    fake.write_text("#!/bin/sh\necho 'cannot open display' >&2\nexit 3\n")
    fake.chmod(0o755)
    old = tmp_path / "r.pdf"
    old.write_bytes(b"%PDF-1.4 the approved version")
    monkeypatch.setenv("ANJIAN_BROWSER", str(fake))
    with pytest.raises(anjian.Error, match=r"r\.pdf: .*fake-browser printed no PDF \(exit status 3\): cannot open display"):
        _review.write_pdf("<p>x</p>", old)
    assert old.read_bytes() == b"%PDF-1.4 the approved version"
