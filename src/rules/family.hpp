#pragma once
// The four ways every rule family is loaded -- from text, a file, a built-in pack, or a name
// that is either -- written once. `parse(text, file, builtin)` is the family's own reader.
#include <anjian/rules/pack.hpp>
#include <fstream>

#include "reader.hpp"

namespace anjian::rules::detail {

// The family's reader, with anything yaml-cpp throws from a node of an unexpected shape turned into
// a located pack error: a pack's mistakes are anjian errors, never a library's exception.
template <class T, T (*parse)(std::string_view, const std::string&, bool)>
T read_guarded(std::string_view text, const std::string& file, bool builtin) {
    try {
        return parse(text, file, builtin);
    } catch (const YAML::Exception& e) {
        Location where;
        where.file = file;
        if (e.mark.line >= 0) where.line = e.mark.line + 1, where.column = e.mark.column + 1;
        throw pack_error({{where, "a value of an unexpected shape (" + e.msg + ")"}});
    }
}

template <class T, T (*parse)(std::string_view, const std::string&, bool)>
struct Family {
    static T from_text(std::string_view text, const std::string& file) {
        return read_guarded<T, parse>(text, file, false);
    }
    static T from_file(const std::string& path) { return read_guarded<T, parse>(read_file(path), path, false); }
    static T builtin(std::string_view name) {
        return read_guarded<T, parse>(builtin_pack_text(name), "<built-in " + std::string(name) + ">", true);
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
