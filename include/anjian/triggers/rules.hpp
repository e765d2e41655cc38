#pragma once
// Triggers over dated event histories: counts of matching events in a time window per unit or
// region -- 挂牌督办, 约谈, the serious-dishonesty list, closure proposals, one-vote veto. Rules,
// windows and thresholds are pack data (rules/national/triggers.yaml, local ones in rules/examples).
//
// Windows follow 民法典 第二百零一条、第二百零二条 unless a pack says otherwise: a period counted in
// days starts the day after the first event (开始的当日不计入) and ends on its last day inclusive; a
// period in months or years ends on the corresponding day (the month's last day when there is none).

#include <anjian/columns.hpp>
#include <anjian/condition.hpp>
#include <anjian/facts.hpp>
#include <anjian/period.hpp>
#include <anjian/refusals.hpp>
#include <anjian/rules/pack.hpp>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

namespace anjian::triggers {

struct Window {
    enum class Kind { none, days, months, years, calendar_year, calendar_month };
    Kind kind = Kind::none;
    int n = 0;
    std::string str() const;
};

struct Rule {
    std::string id, action, title_zh, basis, source, note;
    bool verified = true;
    rules::Effective effective;
    std::string events;                 // the `kind` of event counted ("" = every event)
    When match;                         // which events count (empty: all of that kind)
    int count = 1;                      // at least this many ...
    Window within;                      // ... within this window of each other
    std::vector<std::string> group_by;  // per unit, per region ...
    std::vector<std::string> same;      // ... and per accident type (same-type repeats)
    When prerequisite;                  // some counted event must meet this (e.g. a 重大事故隐患)
    // Whom the rule's instrument applies to at all (令第11号 第二条: the sectors it names): an event
    // outside it is not counted; one the events cannot place (no value) is refused, not guessed.
    When scope;
    std::string scope_basis, scope_source;
    std::string date_field = "date";
    // An event without its date_field has not reached the step the rule dates it by (a penalty decision
    // not yet made): not counted yet, and not refused -- only for a date other than the event's own.
    bool undated_pending = false;

    // Every event field the rule reads.
    std::vector<std::string> fields() const;
};

struct RuleSet {
    rules::PackInfo pack;
    FactSet facts;  // the event fields the rules read: conditions, group_by, same
    std::string source, counting;
    bool start_day_counts = false;  // false: 民法典 第二百零一条, the first day is not counted
    std::vector<Rule> rules;
};

// The rules of `set` named in `ids`, in the pack's order (the pack stamp unchanged): to evaluate a few
// rules of a pack. An id the pack lacks is an error naming it and the pack.
RuleSet only(const RuleSet& set, const std::vector<std::string>& ids);

// The last day of a window opened by an event on `first` (inclusive).
date window_end(const Window& w, const date& first, bool start_day_counts);

using anjian::add_months;  // windows in months end on the corresponding day (民法典 第二百零二条)

// The events: columns by name, numbers (NaN = missing) or texts (code -1 = missing).
struct Column {
    std::string name;
    bool text = false;
    std::vector<double> numbers;
    std::vector<std::int32_t> codes;
    std::vector<std::string> labels;
};

struct Events {
    std::size_t rows = 0;
    std::vector<Column> columns;
    const Column* find(const std::string& name) const {
        for (const auto& c : columns)
            if (c.name == name) return &c;
        return nullptr;
    }
};

// One rule met on one day. The rows it counted are a range of one array shared by every firing of
// the evaluation (each rule's events in order), so thousands of firings over long windows take
// memory linear in the events, not in events x firings.
struct Firing {
    std::size_t rule = 0;           // index into RuleSet::rules
    std::size_t event = 0;          // the row completing the count
    date window_start, window_end;  // the first counted event's day and the window's last day
    std::shared_ptr<const std::vector<std::size_t>> counted;  // shared by the evaluation's firings
    std::size_t begin = 0, end = 0;                           // this firing's range of `counted`

    // Every counted row in the window, oldest first.
    std::span<const std::size_t> rows() const {
        return counted ? std::span<const std::size_t>(counted->data() + begin, end - begin)
                       : std::span<const std::size_t>();
    }
};

struct Skipped {
    std::size_t rule = 0;
    std::vector<std::string> missing;  // fields the events do not have
};

// Fires every rule over the events, leaving out the rows `left_out` refused. Date fields are numbers
// of days since 1970-01-01. The rules are shared out over `threads` threads (0: by the events' number,
// evaluate_threads); the firings are the same, in the same order, on any number.
std::vector<Firing> evaluate(const RuleSet& rules, const Events& events, std::vector<Skipped>* skipped = nullptr,
                             const RowStatus* left_out = nullptr, unsigned threads = 0);

// The threads `threads = 0` means for evaluate: one below the number of events at which a second
// thread was measured to pay (benchmarks/bench_triggers.cpp, BM_TriggerThreadCrossover), else every core.
unsigned evaluate_threads(std::size_t events);

// Refuses every row a rule of the set would count by its kind but cannot judge: no kind, no date, no
// value of a key it groups by, or a fact its condition reads missing (counting it or not would both
// be a guess). Rules the events lack a field for are skipped, as evaluate skips them.
void refuse_unjudged(const RuleSet& rules, const Events& events, Refusals& out);

// The events as the one column type: numbers and flags as numbers (missing: NaN), dates as their
// day number, text coded in order of first appearance (missing: -1).
Events events_of(const anjian::Table& t);
inline std::vector<Firing> evaluate(const RuleSet& rules, const anjian::Table& events,
                                    std::vector<Skipped>* skipped = nullptr, const RowStatus* left_out = nullptr) {
    return evaluate(rules, events_of(events), skipped, left_out);
}

}  // namespace anjian::triggers
