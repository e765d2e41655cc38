#pragma once
// The four ways every rule family is loaded -- from text, a file, a built-in pack, or a name
// that is either -- written once. `parse(text, file, builtin)` is the family's own reader.
#include <anjian/rules/pack.hpp>
#include <fstream>

#include "reader.hpp"

namespace anjian::rules::detail {

template <class T, T (*parse)(std::string_view, const std::string&, bool)>
struct Family {
    static T from_text(std::string_view text, const std::string& file) { return parse(text, file, false); }
    static T from_file(const std::string& path) { return parse(read_file(path), path, false); }
    static T builtin(std::string_view name) {
        return parse(builtin_pack_text(name), "<built-in " + std::string(name) + ">", true);
    }
    // A built-in pack by name, else a file; neither is an error listing the built-in names.
    static T named(std::string_view name_or_path) {
        if (has_builtin_pack(name_or_path)) return builtin(name_or_path);
        const std::string path(name_or_path);
        if (!std::ifstream(path)) {
            std::string names;
            for (const auto& n : builtin_pack_names()) names += (names.empty() ? "" : ", ") + n;
            throw error("no rule pack '" + path + "': not a built-in pack (" + names + ") and no such file");
        }
        return from_file(path);
    }
};

}  // namespace anjian::rules::detail
