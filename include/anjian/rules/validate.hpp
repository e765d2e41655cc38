#pragma once
// Validating a rule pack of any family, chosen by its `kind`.

#include <anjian/rules/pack.hpp>
#include <string>

namespace anjian::rules {

// The pack's identity when it is valid; anjian::pack_error with every problem otherwise.
PackInfo validate_file(const std::string& path);
// The same for a pack's text; `path` names it in problems.
PackInfo validate_text(const std::string& text, const std::string& path);

// A built-in pack (by name) or a pack file, validated as above.
PackInfo validate(std::string_view name_or_path);

// The `kind` of a built-in pack or a pack file ("" when it has none).
std::string pack_kind(std::string_view name_or_path);

}  // namespace anjian::rules
