// libFuzzer: any bytes as a rule pack. Loading either returns the pack or throws anjian::error (a
// pack_error with located problems); a crash, a hang, a leak or another exception is a finding.
#include <anjian/error.hpp>
#include <anjian/rules/validate.hpp>
#include <cstddef>
#include <cstdint>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string text(reinterpret_cast<const char*>(data), size);
    try {
        anjian::rules::validate_text(text, "fuzz.yaml");
    } catch (const anjian::error&) {
    }
    return 0;
}
