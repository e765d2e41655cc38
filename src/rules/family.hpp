#pragma once
// The four ways every rule family is loaded -- from text, a file, a built-in pack, or a name
// that is either -- written once. `parse(text, file, builtin)` is the family's own reader.
#include <anjian/rules/pack.hpp>

#include "reader.hpp"

namespace anjian::rules::detail {

template <class T, T (*parse)(std::string_view, const std::string&, bool)>
struct Family {
    static T from_text(std::string_view text, const std::string& file) { return parse(text, file, false); }
    static T from_file(const std::string& path) { return parse(read_file(path), path, false); }
    static T builtin(std::string_view name) {
        return parse(builtin_pack_text(name), "<built-in " + std::string(name) + ">", true);
    }
    static T named(std::string_view name_or_path) {
        return has_builtin_pack(name_or_path) ? builtin(name_or_path) : from_file(std::string(name_or_path));
    }
};

}  // namespace anjian::rules::detail
