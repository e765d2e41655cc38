// The C ABI of GB 18218 (major hazard sources) and of the 重大事故隐患 judgement standards.
#include <anjian/hazard/identify.hpp>
#include <anjian/hazard/standard.hpp>
#include <anjian/rules/hazard.hpp>
#include <cmath>

#include "abi.hpp"
#include "json.hpp"

struct anjian_hazard_table {
    anjian::hazard::Table table;
};

struct anjian_hazard_standard {
    anjian::hazard::Standard standard;
};

namespace c = anjian::c;
namespace hz = anjian::hazard;
using nlohmann::json;

namespace {

constexpr double max_tonnes = 1e9;  // no stored quantity comes near; beyond it grams would leave int64 when added up
constexpr std::int64_t max_people = 1'000'000'000;  // as Python's identify: more than any count holds

json optional_number(bool given, double value) { return given ? json(value) : json(nullptr); }

// One unit's inventory from {"on", "exposed_people", "lines": [{"substance" | "category", "tonnes"}]}.
json identify(const hz::Table& table, const json& request) {
    c::JsonObject q(request, "");
    q.allow({"on", "exposed_people", "lines"});
    const auto on = q.date("on");
    if (!on) throw c::json_error("on", "is required: GB 18218 applies by the day identified");
    const auto people = q.whole("exposed_people", 0, max_people);
    const json* lines = q.array("lines");
    if (!lines || lines->empty()) throw c::json_error("lines", "is required: at least one substance or category");
    const std::size_t n = lines->size();
    std::vector<std::string> substance(n), category(n);
    std::vector<bool> no_substance(n), no_category(n);
    std::vector<std::int64_t> grams(n);
    for (std::size_t i = 0; i < n; ++i) {
        c::JsonObject line((*lines)[i], "lines[" + std::to_string(i) + "].");
        line.allow({"substance", "category", "tonnes"});
        substance[i] = line.text("substance", false), category[i] = line.text("category", false);
        no_substance[i] = substance[i].empty(), no_category[i] = category[i].empty();
        const auto tonnes = line.real("tonnes");
        if (!tonnes || !(*tonnes >= 0 && *tonnes <= max_tonnes))
            throw c::json_error(line.path("tonnes"), "must be a quantity in tonnes from 0 to 1e9");
        grams[i] = static_cast<std::int64_t>(std::nearbyint(*tonnes * 1e6));  // to the gram
    }
    anjian::Table l(static_cast<std::int64_t>(n)), u(1);
    l.own("unit", std::vector<std::int32_t>(n, 0))
        .own_texts("substance", substance, no_substance)
        .own_texts("category", category, no_category)
        .own("q_grams", std::move(grams));
    u.own("people", std::vector<std::int64_t>{people.value_or(0)}, {!people});
    const hz::Batch b = hz::identify_many(table, l, u, *on);
    static const char* const grades_zh[] = {"", "一级", "二级", "三级", "四级"};
    const bool major = b.is_major[0] != 0, graded = people.has_value();
    const int grade = b.grade[0];
    return json{{"s", b.s[0]},
                {"is_major", major},
                {"r", optional_number(graded && major, b.r[0])},  // no R below S 1 (GB 18218 4.3)
                {"alpha", optional_number(graded, b.alpha10[0] / 10.0)},
                {"grade", grade ? json(grade) : json(nullptr)},
                {"grade_zh", grade ? json(grades_zh[grade]) : json(nullptr)},
                {"standard", table.pack.title},
                {"pack", table.pack.stamp()}};
}

}  // namespace

extern "C" {

anjian_status anjian_hazard_table_new(const char* name_or_path, anjian_hazard_table** out) {
    return c::create(out, [&] {
        return anjian_hazard_table{
            anjian::rules::gb18218(c::text_or(name_or_path, std::string(anjian::rules::default_gb18218)))};
    });
}

void anjian_hazard_table_free(anjian_hazard_table* table) { delete table; }

anjian_status anjian_hazard_identify(const anjian_hazard_table* table, const char* request_json, char** result_json) {
    if (result_json) *result_json = nullptr;
    return c::guard([&] {
        const hz::Table& t = c::need(table, "table").table;
        c::need(result_json, "result_json");
        const json out = identify(t, c::parse_json(c::text(request_json, "request_json"), "request_json"));
        *result_json = c::give(out.dump());
    });
}

anjian_status anjian_hazard_identify_many(const anjian_hazard_table* table, const anjian_table* lines,
                                          const anjian_table* units, const char* on, anjian_refusal refusal,
                                          anjian_result** out) {
    return c::create(out, [&] {
        const hz::Table& t = c::need(table, "table").table;
        const anjian::Table& l = c::need(lines, "lines").table;
        const anjian::Table& u = c::need(units, "units").table;
        const hz::Batch b = hz::identify_many(t, l, u, c::iso_date(on, "on"), c::refusal(refusal));
        anjian_result res;
        res.reals("s", b.s);
        res.reals("r", b.r);
        res.ints("is_major", b.is_major);
        res.ints("grade", b.grade);
        res.ints("alpha10", b.alpha10);
        res.refused(b, l.size());
        return res;
    });
}

anjian_status anjian_hazard_standard_new(const char* industry, const char* on, const char* pack,
                                         anjian_hazard_standard** out) {
    return c::create(out, [&] {
        if (pack) {
            hz::Standard s = anjian::rules::hazard_standard(pack);
            if (industry && s.industry != industry)
                throw c::argument_error("pack '" + std::string(pack) + "' is the standard for '" + s.industry +
                                        "', not '" + industry + "'");
            return anjian_hazard_standard{std::move(s)};
        }
        return anjian_hazard_standard{
            anjian::rules::hazard_standard_for(c::text(industry, "industry"), c::iso_date(on, "on"))};
    });
}

void anjian_hazard_standard_free(anjian_hazard_standard* standard) { delete standard; }

anjian_status anjian_hazard_assess(const anjian_hazard_standard* standard, const char* findings_json,
                                   char** result_json) {
    if (result_json) *result_json = nullptr;
    return c::guard([&] {
        const hz::Standard& s = c::need(standard, "standard").standard;
        c::need(result_json, "result_json");
        const json given = c::parse_json(c::text(findings_json, "findings_json"), "findings_json");
        if (!given.is_object()) throw c::json_error("findings", "must be a JSON object {finding: value}");
        hz::Findings findings;
        for (const auto& [key, v] : given.items()) {
            if (v.is_null())
                findings[key] = {};
            else if (v.is_boolean())
                findings[key] = v.get<bool>();
            else if (v.is_number())
                findings[key] = v.get<double>();
            else if (v.is_string())
                findings[key] = v.get<std::string>();
            else
                throw c::json_error(key, "expected true/false, a number or a text, got " + v.dump());
        }
        const hz::Assessment a = hz::assess(s, findings);
        json matched = json::array(), not_assessed = json::array(), clear = json::array();
        for (const auto& m : a.matched)
            matched.push_back({{"id", m.item->id}, {"article", m.item->article}, {"text_zh", m.item->text_zh},
                               {"why", m.why}});
        for (const auto* item : a.not_assessed) not_assessed.push_back(item->id);
        for (const auto* item : a.clear) clear.push_back(item->id);
        const json out{{"standard", s.document}, {"pack", s.pack.stamp()}, {"is_major_hazard", !a.matched.empty()},
                       {"matched", matched}, {"not_assessed", not_assessed}, {"clear", clear}};
        *result_json = c::give(out.dump());
    });
}

anjian_status anjian_hazard_assess_many(const anjian_hazard_standard* standard, const anjian_table* inspections,
                                        const char* const* findings, size_t n_findings, anjian_refusal refusal,
                                        anjian_result** out) {
    return c::create(out, [&] {
        const hz::Standard& s = c::need(standard, "standard").standard;
        const anjian::Table& t = c::need(inspections, "inspections").table;
        const hz::AssessedRows r =
            hz::assess_many({&s}, std::vector<std::int32_t>(t.size(), 0), {}, t,
                            c::texts(findings, n_findings, "findings"), c::refusal(refusal));
        anjian_result res;
        std::vector<std::string> id, article, text_zh;
        for (const hz::Item* item : r.item)
            id.push_back(item->id), article.push_back(item->article), text_zh.push_back(item->text_zh);
        res.ints("row", r.row);
        res.texts("id", std::move(id));
        res.texts("article", std::move(article));
        res.texts("text_zh", std::move(text_zh));
        std::vector<std::string> why;
        why.reserve(r.why.size());
        for (std::size_t m = 0; m < r.why.size(); ++m) why.push_back(r.why_of(m));
        res.texts("why", std::move(why));
        res.refused(r, t.size());
        return res;
    });
}

}  // extern "C"
