// libFuzzer: any bytes as an indicator formula, parsed and evaluated on one row of values. Parsing
// either succeeds or throws anjian::error naming the character; evaluation never fails.
#include <anjian/error.hpp>
#include <anjian/indicators/formula.hpp>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string text(reinterpret_cast<const char*>(data), size);
    try {
        const auto f = anjian::indicators::Formula::parse(text);
        std::vector<double> values(f.fields().size(), 3.0);
        std::vector<const double*> columns;
        for (const double& v : values) columns.push_back(&v);
        double out = 0;
        std::int16_t zero = -1;
        f.evaluate(columns, 1, &out, &zero);
    } catch (const anjian::error&) {
    }
    return 0;
}
