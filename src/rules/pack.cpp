// Built-in packs and content hashes.
#include <anjian/rules/pack.hpp>
#include <cstdint>
#include <cstdio>

#include "builtin_packs.hpp"

namespace anjian::rules {

std::string content_hash(std::string_view bytes) {
    std::uint64_t h = 14695981039346656037ull;
    for (const unsigned char c : bytes) {
        h ^= c;
        h *= 1099511628211ull;
    }
    char out[17];
    std::snprintf(out, sizeof out, "%016llx", static_cast<unsigned long long>(h));
    return out;
}

std::vector<std::string> builtin_pack_names() {
    std::vector<std::string> names;
    for (std::size_t i = 0; i < detail::builtin_pack_count; ++i) names.emplace_back(detail::builtin_packs[i].name);
    return names;
}

bool has_builtin_pack(std::string_view name) {
    for (std::size_t i = 0; i < detail::builtin_pack_count; ++i)
        if (name == detail::builtin_packs[i].name) return true;
    return false;
}

std::string_view builtin_pack_text(std::string_view name) {
    for (std::size_t i = 0; i < detail::builtin_pack_count; ++i)
        if (name == detail::builtin_packs[i].name)
            return {detail::builtin_packs[i].text, detail::builtin_packs[i].size};
    std::string known;
    for (const auto& n : builtin_pack_names()) known += (known.empty() ? "" : ", ") + n;
    throw error("no built-in rule pack '" + std::string(name) + "' (built-in: " + known + ")");
}

}  // namespace anjian::rules
