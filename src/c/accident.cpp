// The C ABI of accident levels (生产安全事故报告和调查处理条例 第三条).
#include <anjian/accident/levels.hpp>
#include <anjian/rules/accident.hpp>

#include "abi.hpp"

struct anjian_accident_rules {
    anjian::accident::Rules rules;
};

namespace c = anjian::c;
namespace ac = anjian::accident;

extern "C" {

anjian_status anjian_accident_rules_new(const char* name_or_path, anjian_accident_rules** out) {
    return c::create(out, [&] {
        return anjian_accident_rules{
            anjian::rules::accident_rules(c::text_or(name_or_path, std::string(anjian::rules::default_accidents)))};
    });
}

void anjian_accident_rules_free(anjian_accident_rules* rules) { delete rules; }

anjian_status anjian_accident_classify(const anjian_accident_rules* rules, int64_t deaths, int64_t serious_injuries,
                                       int64_t direct_loss_fen, int32_t* level, char** why) {
    if (why) *why = nullptr;
    return c::guard([&] {
        const ac::Rules& r = c::need(rules, "rules").rules;
        int32_t& out = c::need(level, "level");
        const auto loss = anjian::Money::from_fen(direct_loss_fen);
        const ac::Classification k = r.classify(deaths, serious_injuries, loss);
        std::string text = why ? r.explain(deaths, serious_injuries, loss) : std::string();
        out = static_cast<int32_t>(k.level);
        if (why) *why = c::give(text);
    });
}

anjian_status anjian_accident_classify_many(const anjian_accident_rules* rules, const anjian_table* accidents,
                                            anjian_refusal refusal, anjian_result** out) {
    return c::create(out, [&] {
        const ac::Rules& r = c::need(rules, "rules").rules;
        const anjian::Table& t = c::need(accidents, "accidents").table;
        std::vector<std::int8_t> level(t.size());
        std::vector<std::uint8_t> decided(t.size());
        const anjian::RowStatus status = ac::classify_many(r, t, level.data(), decided.data(), c::refusal(refusal));
        anjian_result res;
        auto& col = res.ints("level", level);
        col.valid.resize(t.size());
        for (std::size_t i = 0; i < t.size(); ++i) col.valid[i] = status.ok(i);
        res.refused(status, t.size());
        return res;
    });
}

}  // extern "C"
