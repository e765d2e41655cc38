// GB 18218-2018 identification and grading over the pack's tables, in exact integer arithmetic.
#include <algorithm>
#include <array>
#include <anjian/hazard/identify.hpp>
#include <cmath>
#include <limits>
#include <numeric>
#include <unordered_map>

namespace anjian::hazard {
namespace {

__extension__ typedef __int128 wide;  // q × (L / Q) × β × α outgrows 64 bits
__extension__ typedef unsigned __int128 uwide;

[[noreturn]] void fail(std::size_t row, const std::string& message) {
    Location where;
    where.row = static_cast<std::int64_t>(row);
    throw input_error(message, where);
}

}  // namespace

std::string normalize_key(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c == 0xEF && i + 2 < text.size() && static_cast<unsigned char>(text[i + 1]) == 0xBC) {
            const auto d = static_cast<unsigned char>(text[i + 2]);
            if (d == 0x88 || d == 0x89 || d == 0x8C) {  // （ ） ，
                out += d == 0x88 ? '(' : d == 0x89 ? ')' : ',';
                i += 2;
                continue;
            }
        }
        if (c == 0xE3 && i + 2 < text.size() && static_cast<unsigned char>(text[i + 1]) == 0x80 &&
            static_cast<unsigned char>(text[i + 2]) == 0x80) {  // full-width space
            i += 2;
            continue;
        }
        if (c == ' ' || c == '\t') continue;
        out += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : static_cast<char>(c);
    }
    return out;
}

std::vector<std::string> split_categories(std::string_view text) {
    std::vector<std::string> out;
    std::string current;
    for (const char c : text) {
        if (c == ',' || c == ';' || c == ' ' || c == '/') {
            if (!current.empty()) out.push_back(current), current.clear();
        } else {
            current += c;
        }
    }
    if (!current.empty()) out.push_back(current);
    return out;
}

void Table::index() {
    by_key_.clear();
    by_symbol_.clear();
    lcm_ = 1;
    const auto add = [this](const std::string& key, int i) {
        auto& ids = by_key_[normalize_key(key)];
        if (std::find(ids.begin(), ids.end(), i) == ids.end()) ids.push_back(i);
    };
    const auto fold = [this](std::int64_t q) {
        if (q <= 0) return;
        const std::int64_t g = std::gcd(lcm_, q);
        if (lcm_ / g > std::numeric_limits<std::int64_t>::max() / q)
            throw error("the critical quantities of " + pack.name + " have no common denominator within 64 bits");
        lcm_ = lcm_ / g * q;
    };
    for (std::size_t i = 0; i < chemicals.size(); ++i) {
        const auto& c = chemicals[i];
        const int id = static_cast<int>(i);
        add(c.name, id);
        for (const auto& a : c.aliases) add(a, id);
        for (const auto& n : c.cas) add(n, id);
        if (c.row > 0) add("#" + std::to_string(c.row), id);
        fold(c.q_grams);
    }
    for (std::size_t i = 0; i < categories.size(); ++i) {
        by_symbol_[normalize_key(categories[i].symbol)] = static_cast<int>(i);
        fold(categories[i].q_grams);
    }
}

const std::vector<int>& Table::find(std::string_view key) const {
    static const std::vector<int> none;
    const auto it = by_key_.find(normalize_key(key));
    return it == by_key_.end() ? none : it->second;
}

const Category* Table::category(std::string_view symbol) const {
    const auto it = by_symbol_.find(normalize_key(symbol));
    return it == by_symbol_.end() ? nullptr : &categories[static_cast<std::size_t>(it->second)];
}

int Table::alpha10(int people) const {
    for (const auto& band : alpha)
        if (people >= band.people_at_least) return band.alpha10;
    return alpha.empty() ? 10 : alpha.back().alpha10;
}

LineResult Table::resolve(const Line& line) const {
    LineResult out;
    const Chemical* chem = nullptr;
    const std::string& name = line.substance;
    if (!name.empty()) {
        const auto& ids = find(name);
        if (ids.size() > 1) {
            std::string list;
            for (const int i : ids) {
                const auto& c = chemicals[static_cast<std::size_t>(i)];
                list += (list.empty() ? "" : "; ") + ("#" + std::to_string(c.row)) + " " + c.name;
            }
            throw input_error("'" + name + "' names several rows of GB 18218 table 1 (" + list +
                              "): give the full name or the row as #N");
        }
        if (!ids.empty()) {
            out.chemical = ids.front();
            chem = &chemicals[static_cast<std::size_t>(ids.front())];
        }
    }
    const Category* governing = nullptr;
    for (const auto& symbol : line.categories) {
        const Category* cat = category(symbol);
        if (!cat) {
            std::string known;
            for (const auto& c : categories) known += (known.empty() ? "" : " ") + c.symbol;
            throw input_error("unknown hazard category '" + symbol + "' (GB 18218 table 2: " + known + ")");
        }
        // The lowest Q governs (4.1.2); between equal Qs the larger β, the cautious reading.
        if (!governing || cat->q_grams < governing->q_grams ||
            (cat->q_grams == governing->q_grams && cat->beta10 > governing->beta10))
            governing = cat;
    }
    const std::string label = name.empty() ? "a line with no substance" : "'" + name + "'";
    if (chem && chem->q_grams > 0) {
        out.q_grams = chem->q_grams;
        out.q_from = "表1 #" + std::to_string(chem->row);
    } else if (governing) {
        out.q_grams = governing->q_grams;
        out.q_from = "表2 " + governing->symbol;
    } else if (chem) {
        throw input_error(label +
                          " is a named toxic gas (table 3) but not in table 1: give its hazard categories "
                          "(table 2 symbols such as W2, J3) for its critical quantity");
    } else {
        throw input_error(label +
                          " is not in GB 18218 table 1: give its hazard categories (table 2 symbols such "
                          "as W5.3, J3)");
    }
    if (chem && chem->beta10 > 0) {
        out.beta10 = chem->beta10;
        out.beta_from = "表3";
    } else if (governing) {
        out.beta10 = governing->beta10;
        out.beta_from = "表4 " + governing->symbol;
    } else {
        out.no_beta = label +
                      " is not a named toxic gas (table 3): its β comes from its hazard category (table 4); give "
                      "the category to grade the unit";
    }
    return out;
}

namespace {

// One unit's Σ q·(L/Q) and Σ q·(L/Q)·β×10 in units of 1/L (L: the common multiple of every Q),
// exactly: S = s / L, and S >= 1 exactly when s >= L. A share above 2^96 or a sum above 2^100 (with
// GB 18218's L, S near 10^20) is `too_large` and stops the sums, so that they, and R's products in
// grade_unit (β, α <= 100, R bounds <= 10^6, L < 2^63), stay within 128 bits. A negative share (a
// negative quantity, refused anyway) is too large as well.
struct Sums {
    static constexpr int share_bits = 96, sum_bits = 100;  // the bounds, for add() and the batch's runs alike
    wide s = 0, r = 0;
    bool too_large = false;
    // q grams of a substance whose Q is L / per_gram grams (per_gram = L / Q, a whole number).
    void add(std::int64_t q, std::int64_t per_gram, int beta10) {
        const wide share = static_cast<wide>(q) * per_gram;  // two 64-bit factors: within 128 bits
        too_large |= (share >> share_bits) != 0;
        const wide added = too_large ? 0 : share;
        s += added;
        r += added * beta10;
        too_large |= ((s | r) >> sum_bits) != 0;
    }
};

const std::string too_large_sums =
    "the quantities of this unit add up beyond what is computed exactly: check the tonnes";

// The double nearest x, as the 128-bit conversion gives it, by the much faster 64-bit one when x fits.
double to_double(wide x) {
    const auto narrow = static_cast<std::int64_t>(x);
    return narrow == x ? static_cast<double>(narrow) : static_cast<double>(x);
}

// S of a unit from its sum s (Sums'): s / L.
double s_of(const Table& t, wide s) { return to_double(s) / static_cast<double>(t.denominator()); }

// S, S >= 1 and α of a unit from its sums s and r (Sums'); for a major hazard source with the exposed
// people given (people >= 0) and every β found (`all_beta`), R and the grade (4.3: below S 1 neither is
// defined). The sums come by value, in registers: the batch's loop stored them into a Sums on the stack and
// this read them back whole, a store-to-load stall per unit that was a fifth of the kernel's time.
void grade_unit(const Table& t, wide s, wide r, int people, bool all_beta, Result& out) {
    const wide lcm = t.denominator();
    out.s = s_of(t, s);
    out.is_major = s >= lcm;
    if (people >= 0) out.alpha10 = t.alpha10(people);
    if (people < 0 || !out.is_major || !all_beta) return;
    const wide n = r * out.alpha10, d = static_cast<wide>(100) * lcm;
    out.r = to_double(n) / to_double(d);
    for (const auto& band : t.grades)
        if (100 * n >= band.r_at_least100 * d) {
            out.grade = band.grade;
            break;
        }
}

// A line's (substance, categories) code pair as one number below (substances + 1) × (categories + 1),
// a column not given (a null pointer) read as every line without one.
struct PairKey {
    const std::int32_t *substance, *category;
    std::int64_t per_substance;  // categories + 1

    std::int64_t operator()(std::size_t i) const {
        const std::int64_t s = substance ? substance[i] : -1, c = category ? category[i] : -1;
        return (s + 1) * per_substance + (c + 1);
    }
    // Line i's codes each -1 (none) or a label's, of `substances` and per_substance - 1 categories.
    bool in_range(std::size_t i, std::int64_t substances) const {
        const std::int64_t s = substance ? substance[i] : -1, c = category ? category[i] : -1;
        return s >= -1 && s < substances && c >= -1 && c < per_substance - 1;
    }
};

// From line `from` on, the first line whose codes are out of range or whose code pair has no slot yet in
// `slot_of_pair` (n when none). Out of line, so that the scan holds its values in registers: inlined where
// the pairs are resolved, around calls, they were reloaded from the stack at every line.
[[gnu::noinline]] std::size_t next_unsettled(std::size_t from, std::size_t n, const PairKey key_of,
                                             std::int64_t substances, const std::int32_t* slot_of_pair) {
    std::size_t i = from;
    while (i < n && key_of.in_range(i, substances) && slot_of_pair[key_of(i)] >= 0) ++i;
    return i;
}

}  // namespace

Result Table::combine(std::vector<LineResult> lines, const std::vector<std::int64_t>& q,
                      std::optional<int> people, std::optional<std::size_t>& missing_beta) const {
    Result out;
    Sums sums;
    for (std::size_t i = 0; i < lines.size(); ++i) {
        sums.add(q[i], lcm_ / lines[i].q_grams, lines[i].beta10);
        if (sums.too_large) fail(i, too_large_sums);
        lines[i].ratio = static_cast<double>(q[i]) / static_cast<double>(lines[i].q_grams);
    }
    const auto no_beta = std::find_if(lines.begin(), lines.end(), [](const LineResult& l) { return l.beta10 == 0; });
    grade_unit(*this, sums.s, sums.r, people.value_or(-1), no_beta == lines.end(), out);
    if (people && out.is_major && no_beta != lines.end())  // a graded major hazard source needs every β
        missing_beta = static_cast<std::size_t>(no_beta - lines.begin());
    out.lines = std::move(lines);
    return out;
}

Result Table::identify(const std::vector<Line>& lines, std::optional<int> people, const date& on) const {
    check_in_force(on);
    if (people && *people < 0) throw input_error("the number of exposed people cannot be negative");
    std::vector<LineResult> resolved;
    std::vector<std::int64_t> q;
    for (std::size_t i = 0; i < lines.size(); ++i) {
        if (lines[i].q_grams < 0) fail(i, "a quantity cannot be negative");
        try {
            resolved.push_back(resolve(lines[i]));
        } catch (const input_error& e) {
            fail(i, e.message());
        }
        q.push_back(lines[i].q_grams);
    }
    std::optional<std::size_t> missing;
    Result r = combine(std::move(resolved), q, people, missing);
    if (missing) fail(*missing, r.lines[*missing].no_beta);
    return r;
}

Batch identify_many(const Table& table, std::size_t n, const std::int32_t* unit, const std::int32_t* substance,
                    const std::vector<std::string>& substances, const std::int32_t* category,
                    const std::vector<std::string>& categories, const std::int64_t* q_grams, std::size_t units,
                    const std::int32_t* people, Refusal mode, unsigned threads, bool per_line) {
    Batch out;
    Refusals refusals(out, n);
    if (per_line) out.q_grams.resize(n), out.beta10.resize(n), out.chemical.resize(n);
    out.s.resize(units), out.r.resize(units);
    out.is_major.resize(units), out.grade.resize(units), out.alpha10.resize(units);

    // Each distinct (substance, categories) pair is resolved once, into a slot; a line finds its slot
    // by a dense table of the code pairs, or a hash map when that is too big.
    const auto n_substances = static_cast<std::int64_t>(substances.size());
    const auto n_categories = static_cast<std::int64_t>(categories.size());
    const std::int64_t pairs = (n_substances + 1) * (n_categories + 1);
    constexpr std::int64_t dense_at_most = std::int64_t{1} << 22;
    std::vector<std::int32_t> dense(static_cast<std::size_t>(pairs <= dense_at_most ? pairs : 0), -1);
    std::unordered_map<std::int64_t, std::int32_t> sparse;
    const PairKey key_of{substance, category, n_categories + 1};
    std::vector<LineResult> resolved;
    std::vector<std::string> unreadable;  // per slot: why the pair cannot be read ("" when it can)
    // Per slot, what the loop over the lines reads of it, packed.
    struct SlotFacts {
        std::int64_t q_grams, per_gram;  // per_gram: L / Q, divided once
        std::int32_t chemical;
        std::int16_t beta10;
        bool readable;
    };
    std::vector<SlotFacts> facts;
    const auto text = [](const std::vector<std::string>& values, std::int32_t code) {
        return code < 0 ? std::string() : values[static_cast<std::size_t>(code)];
    };
    const auto resolve = [&](std::size_t i) {
        const std::int32_t s = substance ? substance[i] : -1, c = category ? category[i] : -1;
        try {
            Line line{text(substances, s), split_categories(text(categories, c)), 0};
            const LineResult& r = resolved.emplace_back(table.resolve(line));
            facts.push_back({r.q_grams, table.denominator() / r.q_grams, r.chemical,
                             static_cast<std::int16_t>(r.beta10), true});
            unreadable.emplace_back();
        } catch (const input_error& e) {
            resolved.emplace_back();
            facts.push_back({0, 0, -1, 0, false});
            unreadable.push_back(e.message());
        }
        return static_cast<std::int32_t>(resolved.size() - 1);
    };

    // The lines of each unit counted: start[u]..start[u+1] in `order` -- left empty when the lines come
    // grouped already (an inventory listed unit by unit), and line k is then order[k] = k. A run of lines
    // of one unit is counted in a register and added once: ++count[u] at every line was a chain of loads
    // and stores to one address (with the codes' checks, this loop was a fifth of the kernel's time).
    std::vector<std::size_t> start(units + 1, 0), order;
    bool grouped = true;
    {
        std::size_t* count = start.data() + 1;
        std::size_t run_unit = 0, run_length = 0;
        for (std::size_t i = 0; i < n; ++i) {
            const auto u = static_cast<std::size_t>(unit[i]);  // a negative code wraps past `units`
            if (u >= units) [[unlikely]]
                fail(i, "line has no unit");
            if (u != run_unit) {
                count[run_unit] += run_length;
                grouped &= run_unit < u;
                run_unit = u, run_length = 0;
            }
            ++run_length;
        }
        if (n > 0) count[run_unit] += run_length;
    }
    // Every code checked, each pair resolved the first time a line names it (in line order).
    std::int32_t* const slot_of_pair = dense.empty() ? nullptr : dense.data();
    for (std::size_t i = 0; i < n; ++i) {
        if (slot_of_pair) i = next_unsettled(i, n, key_of, n_substances, slot_of_pair);
        if (i == n) break;
        if (!key_of.in_range(i, n_substances)) fail(i, "code out of range");
        const std::int64_t key = key_of(i);
        std::int32_t& slot = slot_of_pair ? slot_of_pair[key] : sparse.try_emplace(key, -1).first->second;
        if (slot < 0) slot = resolve(i);
    }
    for (std::size_t u = 0; u < units; ++u) start[u + 1] += start[u];
    if (!grouped) {
        order.resize(n);
        std::vector<std::size_t> next(start.begin(), start.end() - 1);
        for (std::size_t i = 0; i < n; ++i) order[next[static_cast<std::size_t>(unit[i])]++] = i;
    }
    // Line k in unit order and its slot, as pointers copied by value into each thread's loop: captured by
    // reference, the loop reloads them (and spills its sums) at every line. Read only from here: shared.
    struct UnitOrder {
        const std::size_t* order;  // null: the lines came grouped
        PairKey key_of;
        const std::int32_t* by_pair;  // null: the pairs are in `sparse`
        const std::unordered_map<std::int64_t, std::int32_t>* sparse;

        std::size_t line_at(std::size_t k) const { return order ? order[k] : k; }
        std::size_t slot_at(std::size_t i) const {
            return static_cast<std::size_t>(by_pair ? by_pair[key_of(i)] : sparse->find(key_of(i))->second);
        }
    };
    const UnitOrder unit_order{grouped ? nullptr : order.data(), key_of, slot_of_pair, &sparse};

    // The units in blocks of 512, taken by the threads as they come free (a thread the machine holds back
    // leaves its blocks to the other), each writing only its own units' and lines' cells and keeping the
    // lines it refuses by block, named afterwards block by block: in unit order.
    if (threads == 0) threads = identify_threads(n);
    constexpr std::size_t block_units = 512;
    const std::size_t blocks = (units + block_units - 1) / block_units;
    struct Refused {
        std::size_t line;
        const std::string* why;
    };
    static const std::string negative = "a quantity cannot be negative";
    std::vector<std::vector<Refused>> refused(blocks);
    // Every array the blocks read or write, as raw pointers in one struct that each block copies into its
    // locals: read through the lambdas' captures (memory their stores could alias), they were reloaded
    // after every store to the results.
    struct Arrays {
        const SlotFacts* fact;
        const std::size_t* first;
        const std::int64_t* q_grams;
        const std::int32_t* people;
        double *s_out, *r_out;
        std::uint8_t* major_out;
        std::int8_t* grade_out;
        std::int16_t* alpha_out;
        std::int64_t* q_out;  // per line, when asked for
        std::int16_t* beta_out;
        std::int32_t* chemical_out;
    };
    const Arrays arrays{facts.data(),       start.data(),       q_grams,           people,
                        out.s.data(),       out.r.data(),       out.is_major.data(), out.grade.data(),
                        out.alpha10.data(), out.q_grams.data(), out.beta10.data(), out.chemical.data()};
    // Per unit, its lines' Σ q·(L/Q) and, when exposed people are given (`graded`, for R), Σ q·(L/Q)·β×10,
    // in 64 bits, every product and sum checked for overflow (a negative quantity counted as one). Most
    // units end there: every line read, no overflow, no people given, so S alone. The others -- a line
    // unread, sums beyond 64 bits (rare: with GB 18218's L of 1.5 × 10^10, only when Σ β·q/Q passes
    // 1.2 × 10^8), α, R and the grade to find -- are noted as the block goes (`later`, without a branch) and
    // settled after it, off the loop over the lines. Bounding a whole block's sums beforehand from its
    // largest quantity, as before, cost a pass of its own (a tenth of the time) and sent whole blocks the
    // 128-bit way for one unit of thousands of tonnes. The loop is made for lines in unit order or not
    // (`unit_ordered`) and for R's sum or not: that second product and its check were over a quarter of the
    // loop's time where no unit is graded.
    const std::uint64_t lcm = static_cast<std::uint64_t>(table.denominator());  // below 2^63 (Table::index)
    const bool some_graded = std::any_of(people, people + units, [](std::int32_t p) { return p >= 0; });
    const auto sum_blocks = [&](auto unit_ordered, auto graded) {
        parallel_tasks(blocks, threads, [&](std::size_t w) {
            const UnitOrder lines = unit_order;
            const Arrays a = arrays;
            const auto line_at = [&](std::size_t k) {  // [&]: `lines` goes unused in unit order (clang warns)
                if constexpr (decltype(unit_ordered)::value)
                    return k;
                else
                    return lines.order[k];
            };
            struct Later {
                std::uint64_t s, r;  // the 64-bit sums, unless `overflow`
                std::size_t unit;
                bool read, every_beta, overflow;  // read: every line's substance or category read
            };
            std::array<Later, block_units> later;
            std::size_t n_later = 0;
            const std::size_t from = w * block_units, to = std::min(units, from + block_units);
            for (std::size_t u = from; u < to; ++u) {
                bool read = true, every_beta = true, overflow = false;
                std::uint64_t s64 = 0, r64 = 0;
                for (std::size_t k = a.first[u]; k < a.first[u + 1]; ++k) {
                    const std::size_t i = line_at(k);
                    const SlotFacts& line = a.fact[lines.slot_at(i)];
                    const std::int64_t q = a.q_grams[i];
                    read &= line.readable;  // an unread line's L / Q and β are 0: added, harmless
                    std::uint64_t share;
                    overflow |= q < 0;
                    overflow |= __builtin_mul_overflow(static_cast<std::uint64_t>(q),
                                                       static_cast<std::uint64_t>(line.per_gram), &share);
                    overflow |= __builtin_add_overflow(s64, share, &s64);
                    if constexpr (decltype(graded)::value) {
                        std::uint64_t weighted;
                        every_beta &= line.beta10 != 0;
                        overflow |= __builtin_mul_overflow(share, static_cast<std::uint64_t>(line.beta10), &weighted);
                        overflow |= __builtin_add_overflow(r64, weighted, &r64);
                    }
                }
                a.s_out[u] = s_of(table, s64);  // S alone; a unit settled later overwrites it
                a.major_out[u] = s64 >= lcm;
                a.r_out[u] = std::numeric_limits<double>::quiet_NaN();
                a.grade_out[u] = 0, a.alpha_out[u] = 0;
                later[n_later] = {s64, r64, u, read, every_beta, overflow};
                n_later += !read | overflow | (a.people[u] >= 0);
            }
            if (per_line)  // each line's Q, β and table row, from its pair's slot
                for (std::size_t k = a.first[from]; k < a.first[to]; ++k) {
                    const std::size_t i = line_at(k);
                    const SlotFacts& line = a.fact[lines.slot_at(i)];
                    a.q_out[i] = line.q_grams, a.beta_out[i] = line.beta10, a.chemical_out[i] = line.chemical;
                }
            for (std::size_t j = 0; j < n_later; ++j) {
                const Later& held = later[j];
                const std::size_t u = held.unit, begin = a.first[u], end = a.first[u + 1];
                bool judged = held.read;
                uwide s_sum = held.s, r_sum = held.r;
                if (held.overflow) {
                    // Again in 128 bits, checked as Sums::add checks but once per `checked_every` lines:
                    // with every share below 2^96 (`high`: the OR of their bits above 96) and the sums below
                    // 2^100 at the last check, s stays below 2^107 and r (β×10 < 2^15) below 2^122, and as
                    // both only grow, a check passed at the end of a run of lines passed at each of its
                    // lines. Unsigned, so that the sums of a run that fails its check wrap (unused) rather
                    // than overflow.
                    constexpr std::size_t checked_every = 1024;
                    uwide high = 0;
                    bool too_large = false;
                    s_sum = 0, r_sum = 0;
                    for (std::size_t run = begin; run < end && !too_large; run += checked_every) {
                        const std::size_t run_end = std::min(end, run + checked_every);
                        for (std::size_t k = run; k < run_end; ++k) {
                            const std::size_t i = line_at(k);
                            const SlotFacts& line = a.fact[lines.slot_at(i)];
                            judged &= a.q_grams[i] >= 0;
                            const wide share = static_cast<wide>(a.q_grams[i]) * line.per_gram;  // < 0: high bits
                            high |= static_cast<uwide>(share >> Sums::share_bits);
                            s_sum += static_cast<uwide>(share);
                            r_sum += static_cast<uwide>(share) * static_cast<uwide>(line.beta10);
                        }
                        too_large = high != 0 || ((s_sum | r_sum) >> Sums::sum_bits) != 0;
                    }
                    judged &= !too_large;
                }
                const std::size_t refused_before = refused[w].size();
                for (std::size_t k = judged ? end : begin; k < end; ++k) {
                    const std::size_t i = line_at(k), at = lines.slot_at(i);
                    if (a.q_grams[i] < 0)
                        refused[w].push_back({i, &negative});
                    else if (!a.fact[at].readable)
                        refused[w].push_back({i, &unreadable[at]});
                }
                if (!judged && refused[w].size() == refused_before)  // every line read, the sums too large
                    refused[w].push_back({line_at(begin), &too_large_sums});
                Result r;
                if (judged)
                    grade_unit(table, static_cast<wide>(s_sum), static_cast<wide>(r_sum), a.people[u], held.every_beta,
                               r);
                if (judged && a.people[u] >= 0 && r.is_major && !held.every_beta) {  // a graded source needs every β
                    std::size_t k = begin;  // the unit's first line without β
                    while (a.fact[lines.slot_at(line_at(k))].beta10 != 0) ++k;
                    const std::size_t i = line_at(k);
                    refused[w].push_back({i, &resolved[lines.slot_at(i)].no_beta});
                    judged = false;
                }
                if (!judged) {  // S unknown, never the sum of the lines that could be read
                    a.s_out[u] = a.r_out[u] = std::numeric_limits<double>::quiet_NaN();
                    a.major_out[u] = 0, a.grade_out[u] = 0, a.alpha_out[u] = 0;
                    continue;
                }
                a.s_out[u] = r.s;
                a.major_out[u] = r.is_major;
                a.r_out[u] = r.r.value_or(std::numeric_limits<double>::quiet_NaN());
                a.grade_out[u] = static_cast<std::int8_t>(r.grade);
                a.alpha_out[u] = static_cast<std::int16_t>(r.alpha10);
            }
        });
    };
    const auto with_grading = [&](auto unit_ordered) {
        some_graded ? sum_blocks(unit_ordered, std::true_type{}) : sum_blocks(unit_ordered, std::false_type{});
    };
    grouped ? with_grading(std::true_type{}) : with_grading(std::false_type{});
    for (const auto& lines : refused)
        for (const Refused& x : lines) refusals.refuse(x.line, *x.why);
    refusals.finish(mode);
    return out;
}

}  // namespace anjian::hazard
