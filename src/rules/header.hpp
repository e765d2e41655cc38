#pragma once
// The header every rule pack starts with, whatever its family.
#include <anjian/rules/pack.hpp>

#include "reader.hpp"

namespace anjian::rules::detail {

inline constexpr std::string_view header_keys[] = {"anjian_pack", "name",        "kind",
                                                    "version",     "title",       "description",
                                                    "reviewed_through"};

// Parses a pack's text into its root mapping: YAML syntax errors and a root that is not a
// mapping stop here (nothing else can be read); keys other than the header's and the family's
// own (`keys`) are recorded as problems.
inline YAML::Node open_pack(Reader& r, std::string_view text, std::initializer_list<std::string_view> keys) {
    const YAML::Node root = r.parse(text);
    if (!root.IsDefined()) r.raise_if_any();  // unreadable; a key given twice is one problem among the rest
    if (!r.expect_map(root, "")) r.raise_if_any();
    if (const YAML::Node format = root["anjian_pack"]; format && format.IsScalar() && format.Scalar() == "1") {
        // Nothing else is read: every later problem would only be the old format again.
        r.problem(format, "anjian_pack",
                  "this pack is in format 1; run `anjian rules migrate " + r.file() +
                      "` to rewrite it in format 2 (conditions as {fact: name, is: value}, facts declared)");
        r.raise_if_any();
    }
    std::vector<std::string_view> allowed(std::begin(header_keys), std::end(header_keys));
    allowed.insert(allowed.end(), keys.begin(), keys.end());
    r.only_keys(root, "", allowed);
    return root;
}

// The `kind` a pack's root declares ("" when it has none).
inline std::string declared_kind(const YAML::Node& root) {
    const YAML::Node kind = root.IsMap() ? root["kind"] : YAML::Node();
    return kind && kind.IsScalar() ? kind.Scalar() : "";
}

// Reads anjian_pack / name / kind / version / title; `kind` must be `expected_kind`.
inline PackInfo read_header(Reader& r, const YAML::Node& root, std::string_view text, std::string_view expected_kind,
                            bool builtin) {
    PackInfo info;
    info.file = r.file();
    info.builtin = builtin;
    info.content_hash = content_hash(text);
    const YAML::Node format = root["anjian_pack"];
    if (!format) {
        r.problem(root, "anjian_pack", "missing required key 'anjian_pack' (the pack format version, 2)");
    } else if (!format.IsScalar() || format.Scalar() != "2") {
        r.problem(
            format, "anjian_pack",
            "unsupported pack format '" + (format.IsScalar() ? format.Scalar() : "?") + "' (this anjian reads 2)");
    }
    info.name = r.text(root, "name", "", true).value_or("");
    info.version = r.text(root, "version", "", true).value_or("");
    info.title = r.text(root, "title", "", false).value_or("");
    r.text(root, "description", "", false);
    if (const YAML::Node reviewed = root["reviewed_through"]) info.reviewed_through = r.day(reviewed, "reviewed_through");
    if (const auto kind = r.text(root, "kind", "", true)) {
        info.kind = *kind;
        if (*kind != expected_kind)
            r.problem(root["kind"], "kind",
                      "this is a '" + *kind + "' pack, expected '" + std::string(expected_kind) + "'");
    }
    return info;
}

}  // namespace anjian::rules::detail
