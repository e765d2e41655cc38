#pragma once
// The rule packs under rules/, compiled in by cmake/embed_packs.cmake.
#include <cstddef>

namespace anjian::rules::detail {
struct BuiltinPack {
    const char* name;  // path under rules/ without the extension: "national/indicators"
    const char* text;
    std::size_t size;
};
extern const BuiltinPack builtin_packs[];
extern const std::size_t builtin_pack_count;
}  // namespace anjian::rules::detail
