// The C ABI of trigger rules (挂牌督办, 约谈, 失信名单 ...) over event columns.
#include <anjian/rules/triggers.hpp>
#include <anjian/triggers/rules.hpp>

#include "abi.hpp"

struct anjian_trigger_rules {
    anjian::triggers::RuleSet rules;
};

namespace c = anjian::c;
namespace tg = anjian::triggers;

extern "C" {

anjian_status anjian_trigger_rules_new(const char* name_or_path, anjian_trigger_rules** out) {
    return c::create(out, [&] {
        return anjian_trigger_rules{
            anjian::rules::trigger_rules(c::text_or(name_or_path, std::string(anjian::rules::default_triggers)))};
    });
}

void anjian_trigger_rules_free(anjian_trigger_rules* rules) { delete rules; }

anjian_status anjian_triggers_evaluate(const anjian_trigger_rules* rules, const anjian_table* events,
                                       anjian_refusal refusal, anjian_result** out) {
    return c::create(out, [&] {
        const tg::RuleSet& set = c::need(rules, "rules").rules;
        const tg::Events ev = tg::events_of(c::need(events, "events").table);
        const anjian::Refusal mode = c::refusal(refusal);
        anjian::RowStatus refused;
        {
            anjian::Refusals refusals(refused, ev.rows);
            tg::refuse_unjudged(set, ev, refusals);
            refusals.finish(mode);
        }
        std::vector<tg::Skipped> skipped;
        const std::vector<tg::Firing> fires = tg::evaluate(set, ev, &skipped, &refused);
        anjian_result res;
        std::vector<std::string> rule, action;
        std::vector<std::int64_t> event, start, end, begin, stop;
        for (const auto& f : fires) {
            rule.push_back(set.rules[f.rule].id), action.push_back(set.rules[f.rule].action);
            event.push_back(static_cast<std::int64_t>(f.event));
            start.push_back(anjian::day_number(f.window_start)), end.push_back(anjian::day_number(f.window_end));
            begin.push_back(static_cast<std::int64_t>(f.begin)), stop.push_back(static_cast<std::int64_t>(f.end));
        }
        res.texts("rule", std::move(rule));
        res.texts("action", std::move(action));
        res.ints("event", event);
        res.ints("window_start", start);
        res.ints("window_end", end);
        res.ints("begin", begin);
        res.ints("stop", stop);
        // The counted rows of every firing, shared by the evaluation's firings.
        const auto* counted = fires.empty() ? nullptr : fires.front().counted.get();
        res.ints("rows", counted ? *counted : std::vector<std::size_t>{});
        std::vector<std::string> skipped_rule, skipped_missing;
        for (const auto& s : skipped) {
            std::string fields;
            for (const auto& f : s.missing) fields += (fields.empty() ? "" : ", ") + f;
            skipped_rule.push_back(set.rules[s.rule].id), skipped_missing.push_back(std::move(fields));
        }
        res.texts("skipped_rule", std::move(skipped_rule));
        res.texts("skipped_missing", std::move(skipped_missing));
        res.refused(refused, ev.rows);
        return res;
    });
}

}  // extern "C"
