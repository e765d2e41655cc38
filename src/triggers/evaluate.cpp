// Sliding windows over sorted events, one rule at a time.
#include <algorithm>
#include <anjian/parallel.hpp>
#include <anjian/triggers/rules.hpp>
#include <cmath>
#include <limits>
#include <memory>
#include <numeric>
#include <span>
#include <unordered_map>

namespace anjian::triggers {

std::string Window::str() const {
    switch (kind) {
        case Kind::days:
            return std::to_string(n) + " days";
        case Kind::months:
            return std::to_string(n) + " months";
        case Kind::years:
            return std::to_string(n) + " years";
        case Kind::calendar_year:
            return "the same calendar year";
        case Kind::calendar_month:
            return "the same calendar month";
        case Kind::none:
            break;
    }
    return "no window";
}

date window_end(const Window& w, const date& first, bool start_day_counts) {
    const auto back = boost::gregorian::days(start_day_counts ? 1 : 0);
    switch (w.kind) {
        case Window::Kind::days:
            return first + boost::gregorian::days(w.n) - back;
        case Window::Kind::months:
            return add_months(first, w.n) - back;
        case Window::Kind::years:
            return add_months(first, 12 * w.n) - back;
        case Window::Kind::calendar_year:
            return date(first.year(), 12, 31);
        case Window::Kind::calendar_month:
            return first.end_of_month();
        case Window::Kind::none:
            break;
    }
    return first;
}

RuleSet only(const RuleSet& set, const std::vector<std::string>& ids) {
    for (const auto& id : ids)
        if (std::none_of(set.rules.begin(), set.rules.end(), [&](const Rule& r) { return r.id == id; }))
            throw error("no rule '" + id + "' in pack " + set.pack.name);
    RuleSet out = set;
    std::erase_if(out.rules, [&](const Rule& r) { return std::find(ids.begin(), ids.end(), r.id) == ids.end(); });
    return out;
}

std::vector<std::string> Rule::fields() const {
    std::vector<std::string> out{date_field};
    if (!events.empty()) out.push_back("kind");
    for (const When* w : {&match, &prerequisite, &scope})
        for (auto& f : w->fields()) out.push_back(f);
    out.insert(out.end(), group_by.begin(), group_by.end());
    out.insert(out.end(), same.begin(), same.end());
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
}

namespace {

// A row's field as a condition sees it.
Value cell(const Column& c, std::size_t row) {
    if (c.text) {
        const std::int32_t code = c.codes[row];
        return code < 0 ? Value{} : Value{c.labels[static_cast<std::size_t>(code)]};
    }
    const double v = c.numbers[row];
    return std::isnan(v) ? Value{} : Value{v};
}

// Booleans arrive as 0/1 numbers: `is: true` compares with 1.
Value normalize_constant(const Value& v) {
    if (std::holds_alternative<bool>(v)) return std::get<bool>(v) ? 1.0 : 0.0;
    return v;
}

When numeric(When w) {
    for (auto& clause : w.any)
        for (auto& c : clause) {
            c.value = normalize_constant(c.value);
            for (auto& a : c.among) a = normalize_constant(a);
        }
    return w;
}

// One code per row for the combination of the key columns' values; -1 when any is missing (an
// event without its unit or region cannot be attributed).
std::vector<std::int64_t> group_codes(const Events& ev, const std::vector<std::string>& names) {
    std::vector<std::int64_t> out(ev.rows, 0);
    std::int64_t radix = 1;
    // Folds one key into the combined code: code(i) in [0, cardinality), or -1 when missing.
    const auto combine = [&](std::int64_t cardinality, const auto& code) {
        if (cardinality > 0 && radix > std::numeric_limits<std::int64_t>::max() / (cardinality + 1))
            throw error("too many distinct groups for one trigger rule");
        for (std::size_t i = 0; i < ev.rows; ++i) {
            const std::int64_t k = code(i);
            out[i] = (out[i] < 0 || k < 0) ? -1 : out[i] + k * radix;
        }
        radix *= cardinality + 1;
    };
    for (const auto& name : names) {
        const Column& c = *ev.find(name);
        if (c.text) {  // the codes as they are
            combine(static_cast<std::int64_t>(c.labels.size()),
                    [&](std::size_t i) { return std::int64_t{c.codes[i]}; });
            continue;
        }
        std::vector<std::int64_t> code(ev.rows, -1);
        std::unordered_map<double, std::int64_t> seen;
        for (std::size_t i = 0; i < ev.rows; ++i)
            if (!std::isnan(c.numbers[i]))
                code[i] = seen.emplace(c.numbers[i], static_cast<std::int64_t>(seen.size())).first->second;
        combine(static_cast<std::int64_t>(seen.size()), [&](std::size_t i) { return code[i]; });
    }
    return out;
}

bool holds(const When& w, const Events& ev, std::size_t row) {
    if (w.any.empty()) return true;
    const auto get = [&](const std::string& name) {
        const Column* c = ev.find(name);
        return c ? cell(*c, row) : Value{};
    };
    return w.test(get) == Truth::yes;
}

// An event a rule counts, as its group code, day and row.
struct Hit {
    std::int64_t group;
    std::int64_t day;
    std::uint64_t row_and_required;  // the row, shifted; the low bit: it meets the rule's prerequisite
    std::size_t row() const { return static_cast<std::size_t>(row_and_required >> 1); }
    std::size_t required() const { return static_cast<std::size_t>(row_and_required & 1); }
};

// The last day (as a day number) of the window opened on each day of the hits, computed once per
// distinct day when the hits span few days (they do: a few years of days), else per hit.
class WindowEnds {
public:
    WindowEnds(const Window& w, bool start_day_counts, std::span<const Hit> hits)
        : window_(w), start_day_counts_(start_day_counts) {
        if (hits.empty()) return;
        const auto [lo, hi] = std::minmax_element(hits.begin(), hits.end(),
                                                  [](const Hit& a, const Hit& b) { return a.day < b.day; });
        if (static_cast<std::uint64_t>(hi->day - lo->day) >= 4 * hits.size()) return;
        first_ = lo->day;
        memo_.resize(static_cast<std::size_t>(hi->day - lo->day) + 1);
        for (std::size_t d = 0; d < memo_.size(); ++d) memo_[d] = compute(first_ + static_cast<std::int64_t>(d));
    }
    std::int64_t operator()(std::int64_t day) const {
        return memo_.empty() ? compute(day) : memo_[static_cast<std::size_t>(day - first_)];
    }

private:
    std::int64_t compute(std::int64_t day) const {
        return day_number(window_end(window_, from_day_number(day), start_day_counts_));
    }
    Window window_;
    bool start_day_counts_;
    std::int64_t first_ = 0;
    std::vector<std::int64_t> memo_;
};

// Hits by (group, day, row). Hits arrive in row order, so a stable counting pass by group leaves each
// group's run in row order, and sorting each run by day -- a few events of one unit: by insertion; a long
// run stably -- gives that order in linear time when the groups span few values (they do: no more
// than the events); otherwise a comparison sort.
void sort_hits(std::vector<Hit>& hits) {
    const auto by_group_day_row = [](const Hit& a, const Hit& b) {
        return a.group != b.group ? a.group < b.group : a.day != b.day ? a.day < b.day : a.row() < b.row();
    };
    if (hits.size() < 64) return std::sort(hits.begin(), hits.end(), by_group_day_row);
    const auto [group_lo, group_hi] = std::minmax_element(
        hits.begin(), hits.end(), [](const Hit& a, const Hit& b) { return a.group < b.group; });
    const std::int64_t g0 = group_lo->group;
    const auto group_span = static_cast<std::uint64_t>(group_hi->group - g0) + 1;
    if (group_span > static_cast<std::uint64_t>(4 * hits.size()))
        return std::sort(hits.begin(), hits.end(), by_group_day_row);
    std::vector<std::size_t> run(group_span + 1, 0);  // run[g]: where group g's run starts
    for (const Hit& h : hits) ++run[static_cast<std::size_t>(h.group - g0) + 1];
    std::partial_sum(run.begin(), run.end(), run.begin());
    std::vector<Hit> sorted(hits.size());
    {
        std::vector<std::size_t> next(run.begin(), run.end() - 1);
        for (const Hit& h : hits) sorted[next[static_cast<std::size_t>(h.group - g0)]++] = h;
    }
    const auto earlier = [](const Hit& a, const Hit& b) { return a.day < b.day; };
    for (std::size_t g = 0; g < group_span; ++g) {
        Hit* const lo = sorted.data() + run[g];
        Hit* const hi = sorted.data() + run[g + 1];
        if (hi - lo > 32) {
            std::stable_sort(lo, hi, earlier);
            continue;
        }
        for (Hit* i = lo + 1; i < hi; ++i) {  // insertion: equal days keep their row order
            const Hit h = *i;
            Hit* j = i;
            for (; j > lo && h.day < (j - 1)->day; --j) *j = *(j - 1);
            *j = h;
        }
    }
    hits.swap(sorted);
}

// `holds` for many rows of one rule: a condition on one field is tested once per distinct value of
// it (a flag, a level, a text code), not once per row; any other condition row by row.
class RowTest {
public:
    RowTest(const When& w, const Events& ev) : when_(w), events_(ev) {
        if (w.any.empty()) return;
        const auto fields = w.fields();
        column_ = fields.size() == 1 ? ev.find(fields.front()) : nullptr;
        if (column_ && column_->text) by_code_.assign(column_->labels.size() + 1, unset);
        test_rows_ = true;
    }
    // Inlined into the row loops; a value not seen before is tested out of line.
    [[gnu::always_inline]] bool operator()(std::size_t row) {
        if (!test_rows_) return true;
        if (!column_) return holds(when_, events_, row);
        if (column_->text) {
            const std::int8_t known = by_code_[static_cast<std::size_t>(column_->codes[row] + 1)];
            return known == unset ? first_of_code(row) : known == 1;
        }
        const double v = column_->numbers[row];
        for (const auto& [seen, truth] : by_value_)
            if (seen == v) return truth;  // NaN equals nothing: it is kept apart
        return first_of_number(row, v);
    }

private:
    [[gnu::noinline]] bool first_of_code(std::size_t row) {
        const bool truth = holds(when_, events_, row);
        by_code_[static_cast<std::size_t>(column_->codes[row] + 1)] = truth ? 1 : 0;
        return truth;
    }
    [[gnu::noinline]] bool first_of_number(std::size_t row, double v) {
        if (std::isnan(v)) {
            if (nan_ == unset) nan_ = holds(when_, events_, row) ? 1 : 0;
            return nan_ == 1;
        }
        const bool truth = holds(when_, events_, row);
        if (by_value_.size() < 16) by_value_.emplace_back(v, truth);  // numbers of many values: row by row
        return truth;
    }

    static constexpr std::int8_t unset = -1;
    std::int8_t nan_ = unset;  // the truth for a missing number
    const When& when_;
    const Events& events_;
    const Column* column_ = nullptr;
    bool test_rows_ = false;
    std::vector<std::int8_t> by_code_;                 // per text code + 1 (0: missing)
    std::vector<std::pair<double, bool>> by_value_;    // the first distinct numbers seen
};

}  // namespace

namespace {

struct Unjudged {
    std::string column, why;  // why empty: the rule can judge the row (or does not count it)
};

// The enumerations among `rule`'s fields: a text outside one (a misspelt or unlisted sector) is
// neither a value that meets a condition nor one that fails it.
using Enumerations = std::vector<const FactDecl*>;
Enumerations enumerations(const Rule& rule, const FactSet& facts) {
    Enumerations out;
    for (const auto& f : rule.fields())
        if (const FactDecl* d = facts.find(f); d && d->type == FactDecl::Type::enumeration) out.push_back(d);
    return out;
}
const FactDecl* outside(const Enumerations& enums, const std::string& name, const Value& v) {
    for (const FactDecl* d : enums) {
        if (d->name != name || std::holds_alternative<std::monostate>(v)) continue;
        const auto* text = std::get_if<std::string>(&v);
        if (!text || !d->read(*text)) return d;  // a trigger pack's enumerations have no aliases
    }
    return nullptr;
}

// What keeps `rule`'s match or scope from judging row i (the row is one the rule would count by its
// kind, date and keys).
Unjudged unjudged_by_conditions(const Rule& rule, const Enumerations& enums, const Events& ev, std::size_t i,
                                const When& match, const When& scope) {
    // The match first: an event it passes over is not counted, whatever the scope would say.
    const auto get = [&](const std::string& name) {
        Value v = cell(*ev.find(name), i);
        if (!enums.empty() && outside(enums, name, v)) return Value{};
        return v;
    };
    for (const When* w : {&match, &scope}) {
        if (w->any.empty()) continue;
        const Truth t = w->test(get);
        if (t == Truth::no) return {};
        if (t == Truth::yes) continue;
        const std::string question =
            w == &scope ? "whether " + rule.scope_basis + " applies to the event" : "whether the event counts";
        for (const auto& f : w->fields()) {
            const Value v = cell(*ev.find(f), i);
            if (const FactDecl* d = outside(enums, f, v))
                return {f, f + " '" + to_string(v) + "' is not " + d->expected() + ": rule " + rule.id +
                               " cannot tell " + question};
            if (std::holds_alternative<std::monostate>(v))
                return {f, "no " + f + ": rule " + rule.id + " cannot tell " + question};
        }
        return {"", "rule " + rule.id + " cannot tell " + question};
    }
    return {};
}

// What keeps `rule` from judging row i.
Unjudged unjudged(const Rule& rule, const Enumerations& enums, const Events& ev, std::size_t i, const Column& day,
                  const Column* kind, std::int32_t kind_code, const std::vector<std::int64_t>& group,
                  const When& match, const When& scope) {
    const auto missing = [&](const std::string& name) {
        return std::holds_alternative<std::monostate>(cell(*ev.find(name), i));
    };
    if (kind && kind->codes[i] < 0)
        return {"kind", "no kind: rule " + rule.id + " cannot tell whether it counts the event"};
    if (kind && kind->codes[i] != kind_code) return {};
    if (std::isnan(day.numbers[i])) {
        if (rule.undated_pending) return {};  // not yet at the step the rule dates by: not counted yet
        return {rule.date_field, "no date: rule " + rule.id + " cannot place the event in time"};
    }
    if (!rule.effective.contains_day(static_cast<std::int64_t>(day.numbers[i]))) return {};
    if (group[i] < 0) {
        std::vector<std::string> keys = rule.group_by;
        keys.insert(keys.end(), rule.same.begin(), rule.same.end());
        for (const auto& k : keys)
            if (missing(k)) return {k, "no " + k + ": rule " + rule.id + " cannot attribute the event"};
    }
    if (match.any.empty() && scope.any.empty()) return {};
    return unjudged_by_conditions(rule, enums, ev, i, match, scope);
}

}  // namespace

void refuse_unjudged(const RuleSet& set, const Events& ev, Refusals& out) {
    for (const Rule& rule : set.rules) {
        bool present = true;
        for (const auto& f : rule.fields()) present = present && ev.find(f);
        if (!present) continue;  // a skipped rule judges nothing
        const Column& day = *ev.find(rule.date_field);
        const Column* kind = rule.events.empty() ? nullptr : ev.find("kind");
        if (day.text || (kind && !kind->text)) continue;  // evaluate names these column errors
        std::int32_t kind_code = -2;
        if (kind) {
            const auto it = std::find(kind->labels.begin(), kind->labels.end(), rule.events);
            if (it != kind->labels.end()) kind_code = static_cast<std::int32_t>(it - kind->labels.begin());
        }
        std::vector<std::string> key_names = rule.group_by;
        key_names.insert(key_names.end(), rule.same.begin(), rule.same.end());
        const std::vector<std::int64_t> group = group_codes(ev, key_names);
        const When match = numeric(rule.match), scope = numeric(rule.scope);
        const Enumerations enums = enumerations(rule, set.facts);
        for (std::size_t i = 0; i < ev.rows; ++i)
            if (const Unjudged u = unjudged(rule, enums, ev, i, day, kind, kind_code, group, match, scope);
                !u.why.empty())
                out.refuse(i, u.why, u.column);
    }
}

namespace {

// One rule's firings, their ranges into its own counted rows; or the fields it lacks.
struct RuleFirings {
    std::vector<Firing> fires;
    std::vector<std::size_t> counted;  // the rule's hits, sorted
    std::vector<std::string> missing;
};

// Rule r of the set over the events.
RuleFirings evaluate_rule(const RuleSet& set, std::size_t r, const Events& ev, const RowStatus* left_out) {
    RuleFirings out;
    const Rule& rule = set.rules[r];
    for (const auto& f : rule.fields())
        if (!ev.find(f)) out.missing.push_back(f);
    if (!out.missing.empty()) return out;
    const When match = numeric(rule.match), prerequisite = numeric(rule.prerequisite), scope = numeric(rule.scope);
    const Column& day = *ev.find(rule.date_field);
    if (day.text) throw input_error("'" + rule.date_field + "' must be a date column (rule " + rule.id + ")");
    // The kind counted, as a code of the `kind` column (-2: no row has it).
    std::int32_t kind_code = -1;
    const Column* kind = rule.events.empty() ? nullptr : ev.find("kind");
    if (kind) {
        if (!kind->text) throw input_error("'kind' must be a text column (accident, penalty, finding ...)");
        const auto it = std::find(kind->labels.begin(), kind->labels.end(), rule.events);
        kind_code = it == kind->labels.end() ? -2 : static_cast<std::int32_t>(it - kind->labels.begin());
    }
    std::vector<std::string> key_names = rule.group_by;
    key_names.insert(key_names.end(), rule.same.begin(), rule.same.end());
    const std::vector<std::int64_t> group = group_codes(ev, key_names);

    std::vector<Hit> hits;
    hits.reserve(ev.rows);  // untouched capacity costs no memory; growing by copies costs time
    RowTest matches(match, ev), meets(prerequisite, ev), in_scope(scope, ev);
    const bool prerequired = !prerequisite.any.empty();
    for (std::size_t i = 0; i < ev.rows; ++i) {
        const double d = day.numbers[i];
        if (std::isnan(d) || group[i] < 0 || (kind && kind->codes[i] != kind_code)) continue;
        if (left_out && !left_out->ok(i)) continue;
        const auto n = static_cast<std::int64_t>(d);
        if (!rule.effective.contains_day(n) || !matches(i) || !in_scope(i)) continue;
        hits.push_back({group[i], n, std::uint64_t{i} << 1 | (prerequired && meets(i) ? 1u : 0u)});
    }
    sort_hits(hits);
    out.counted.resize(hits.size());
    for (std::size_t k = 0; k < hits.size(); ++k) out.counted[k] = hits[k].row();
    // Two pointers over each group's run: hits[j..i] are the events within the window ending at i,
    // `required` of them meeting the prerequisite. The events of one day are simultaneous: a rule is
    // judged once per group and day, after the day's last event, so the answer never depends on the
    // order of rows within a day.
    const bool windowed = rule.within.kind != Window::Kind::none;
    const WindowEnds last_day(rule.within, set.start_day_counts,
                              windowed ? std::span<const Hit>(hits) : std::span<const Hit>());
    std::size_t j = 0, day_start = 0, required = 0;
    for (std::size_t i = 0; i < hits.size(); ++i) {
        const bool new_group = i == 0 || hits[i].group != hits[i - 1].group;
        if (new_group) j = i, required = 0;
        if (new_group || hits[i].day != hits[i - 1].day) day_start = i;
        required += hits[i].required();
        if (i + 1 < hits.size() && hits[i + 1].group == hits[i].group && hits[i + 1].day == hits[i].day) continue;
        if (!windowed)
            for (; j < day_start; ++j) required -= hits[j].required();
        else
            for (; hits[i].day > last_day(hits[j].day); ++j) required -= hits[j].required();
        if (i - j + 1 < static_cast<std::size_t>(rule.count)) continue;
        if (prerequired && required == 0) continue;
        Firing f;
        f.rule = r;
        f.event = hits[i].row();
        f.begin = j, f.end = i + 1;
        f.window_start = from_day_number(hits[j].day);
        f.window_end = windowed ? from_day_number(last_day(hits[j].day)) : f.window_start;
        out.fires.push_back(std::move(f));
    }
    return out;
}

}  // namespace

// BM_TriggerThreadCrossover, the national pack on 2 cores: at 2,048 events two threads were faster in
// one run and slower in another; faster at 4,096 (0.27 ms against 0.38-0.41 ms) and beyond.
unsigned evaluate_threads(std::size_t events) { return threads_from(events, std::size_t{1} << 12); }

std::vector<Firing> evaluate(const RuleSet& set, const Events& ev, std::vector<Skipped>* skipped,
                             const RowStatus* left_out, unsigned threads) {
    // The rules are independent: each evaluated on its own, the heavy and the light ones taken by
    // whichever thread is free, then joined in rule order, their counted rows into one array every
    // firing shares.
    const std::size_t n = set.rules.size();
    std::vector<RuleFirings> each(n);
    parallel_tasks(n, threads ? threads : evaluate_threads(ev.rows),
                   [&](std::size_t r) { each[r] = evaluate_rule(set, r, ev, left_out); });
    std::size_t firings = 0, total = 0;
    for (const auto& e : each) firings += e.fires.size(), total += e.counted.size();
    auto counted = std::make_shared<std::vector<std::size_t>>();
    counted->reserve(total);
    std::vector<Firing> out;
    out.reserve(firings);
    for (std::size_t r = 0; r < n; ++r) {
        if (!each[r].missing.empty()) {
            if (skipped) skipped->push_back({r, std::move(each[r].missing)});
            continue;
        }
        const std::size_t base = counted->size();
        counted->insert(counted->end(), each[r].counted.begin(), each[r].counted.end());
        for (Firing& f : each[r].fires) {
            f.counted = counted;
            f.begin += base, f.end += base;
            out.push_back(std::move(f));
        }
    }
    return out;
}

Events events_of(const anjian::Table& t) {
    Events ev;
    ev.rows = t.size();
    for (const anjian::Column& in : t.columns()) {
        Column c;
        c.name = in.name;
        if (in.is_text()) {
            c.text = true;
            auto coded = anjian::encode(in);
            c.codes = std::move(coded.codes);
            c.labels = std::move(coded.labels);
        } else {
            c.numbers.resize(in.size());  // dates as their day number, NaN where missing
            in.numbers(0, in.size(), c.numbers.data(), true);
        }
        ev.columns.push_back(std::move(c));
    }
    return ev;
}

}  // namespace anjian::triggers
