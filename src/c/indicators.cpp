// The C ABI of indicators: records in, every indicator of the catalogue per unit out.
#include <anjian/indicators/aggregate.hpp>
#include <anjian/rules/catalog.hpp>
#include <cmath>

#include "abi.hpp"

struct anjian_catalog {
    anjian::indicators::Catalog catalog;
};

namespace c = anjian::c;
namespace ind = anjian::indicators;

extern "C" {

anjian_status anjian_catalog_new(const char* name_or_path, anjian_catalog** out) {
    return c::create(out, [&] {
        const std::string name = c::text_or(name_or_path, std::string(anjian::rules::default_catalog));
        return anjian_catalog{anjian::rules::catalog(name)};
    });
}

void anjian_catalog_free(anjian_catalog* catalog) { delete catalog; }

anjian_status anjian_indicators_compute(const anjian_catalog* catalog, const anjian_table* records, const char* unit,
                                        int32_t n_units, const char* date, const char* period, anjian_result** out) {
    return c::create(out, [&] {
        const ind::Catalog& cat = c::need(catalog, "catalog").catalog;
        const anjian::Table& t = c::need(records, "records").table;
        if (n_units < 0) throw c::argument_error("n_units must be 0 or more, got " + std::to_string(n_units));
        const ind::Computed r = ind::compute(cat, t, c::text(unit, "unit"), n_units, c::text(date, "date"),
                                             anjian::Period::parse(c::text(period, "period")));
        const auto nu = static_cast<std::size_t>(n_units);
        anjian_result res;
        res.ints("months_reported", r.totals.months_reported);
        for (std::size_t k = 0; k < r.which.size(); ++k) {
            const ind::Indicator& i = cat.indicators[static_cast<std::size_t>(r.which[k])];
            std::vector<std::uint8_t> valid(nu);
            for (std::size_t u = 0; u < nu; ++u)
                valid[u] = !r.absent[k] && r.totals.months_reported[u] > 0 && !std::isnan(r.values.at(u, k));
            if (i.kind == "count" || i.kind == "money") {  // a bare field: its exact total
                const auto f = static_cast<std::size_t>(i.field_index.front());
                std::vector<std::int64_t> sums(nu);
                for (std::size_t u = 0; u < nu; ++u) sums[u] = r.totals.sum(f, u);
                res.ints(i.kind == "money" ? i.code + "_fen" : i.code, sums).valid = std::move(valid);
            } else {
                std::vector<double> values(nu);
                for (std::size_t u = 0; u < nu; ++u) values[u] = r.values.at(u, k);
                res.reals(i.code, std::move(values)).valid = std::move(valid);
            }
        }
        return res;
    });
}

}  // extern "C"
