// The C ABI of the penalty engine: a case as JSON in, the recommendation (schema
// anjian.penalty.recommendation/1) out; a table of cases in, result columns out.
#include <anjian/penalty/batch.hpp>
#include <anjian/rules/penalty.hpp>
#include <nlohmann/json.hpp>

#include "abi.hpp"
#include "json.hpp"

struct anjian_penalty_engine {
    anjian::penalty::Engine engine;
};

namespace c = anjian::c;
namespace pn = anjian::penalty;
using nlohmann::json;

namespace {

// A fact as the engine compares it: text as given, true/false, numbers as written.
std::string fact_text(const json& v, const std::string& key) {
    if (v.is_string()) return v.get<std::string>();
    if (v.is_boolean()) return v.get<bool>() ? "true" : "false";
    if (v.is_number()) return v.dump();
    throw c::json_error("facts." + key, "expected text, a number or true/false, got " + v.dump());
}

pn::Recommendation recommend(const pn::Engine& engine, const json& request) {
    c::JsonObject q(request, "");
    q.allow({"provision", "party", "act_date", "decision_date", "facts", "income_yuan", "illegal_gains_yuan",
             "circumstances", "reduce", "act_end", "discovered", "harm_to_life_or_health"});
    pn::Facts f;
    if (const json* facts = q.object("facts"))
        for (const auto& [key, value] : facts->items()) f.values[key] = fact_text(value, key);
    f.income = q.money("income_yuan");
    f.illegal_gains = q.money("illegal_gains_yuan");
    f.circumstances = q.texts("circumstances");
    f.reduce = q.flag("reduce");
    f.act_end = q.date("act_end");
    f.discovered = q.date("discovered");
    f.harm_to_life_or_health = q.flag("harm_to_life_or_health");
    const auto act = q.date("act_date");
    if (!act) throw c::json_error("act_date", "is required: the law in force on the date of the act applies");
    return engine.recommend(q.text("provision", true), q.text("party", false, "unit"), f, *act,
                            q.date("decision_date"));
}

}  // namespace

extern "C" {

anjian_status anjian_penalty_engine_new(const char* const* packs, size_t n_packs, anjian_penalty_engine** out) {
    return c::create(out, [&] {
        return anjian_penalty_engine{anjian::rules::penalty_engine(c::texts(packs, n_packs, "packs"))};
    });
}

void anjian_penalty_engine_free(anjian_penalty_engine* engine) { delete engine; }

anjian_status anjian_penalty_recommend(const anjian_penalty_engine* engine, const char* request_json,
                                       char** result_json) {
    if (result_json) *result_json = nullptr;
    return c::guard([&] {
        const pn::Engine& e = c::need(engine, "engine").engine;
        c::need(result_json, "result_json");
        const json request = c::parse_json(c::text(request_json, "request_json"), "request_json");
        *result_json = c::give(pn::to_json(recommend(e, request)));
    });
}

anjian_status anjian_penalty_recommend_many(const anjian_penalty_engine* engine, const anjian_table* cases,
                                            const char* const* facts, size_t n_facts, anjian_refusal refusal,
                                            anjian_result** out) {
    return c::create(out, [&] {
        const pn::Engine& e = c::need(engine, "engine").engine;
        const anjian::Table& t = c::need(cases, "cases").table;
        const auto r = pn::BatchEngine(e).run_many(t, c::texts(facts, n_facts, "facts"), c::refusal(refusal));
        const std::size_t n = t.size();
        anjian_result res;
        std::vector<std::uint8_t> amounts(n), judged(n);
        for (std::size_t i = 0; i < n; ++i) judged[i] = r.money.basis[i] >= 0, amounts[i] = judged[i] && !r.no_fine[i];
        res.ints("min_fen", r.money.min_fen).valid = amounts;
        res.ints("max_fen", r.money.max_fen).valid = amounts;
        res.ints("recommended_fen", r.money.recommended_fen).valid = amounts;
        std::vector<std::string> basis(n), version(n);
        for (std::size_t i = 0; i < n; ++i)
            if (judged[i]) {
                const auto k = static_cast<std::size_t>(r.money.basis[i]);
                basis[i] = r.money.bases[k], version[i] = r.money.law_versions[k];
            }
        res.texts("band", r.band, judged);
        res.texts("basis", std::move(basis), judged);
        res.texts("law_version", std::move(version), judged);
        res.ints("no_penalty", r.no_penalty).valid = judged;
        res.ints("hearing", r.hearing).valid = judged;
        res.ints("no_fine", r.no_fine).valid = judged;
        res.refused(r.money, n);
        return res;
    });
}

}  // extern "C"
