#pragma once
// What every rule pack has, whatever family of rules it holds: identity, version,
// content hash (stamped on results), and effective-dated values.

#include <anjian/error.hpp>
#include <anjian/period.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace anjian::rules {

struct PackInfo {
    std::string name;     // "national/indicators"
    std::string kind;     // "indicator_catalog"
    std::string version;  // the pack's own version, e.g. "2024.1"
    std::string title;
    std::string file;          // where it was read from, or "<built-in national/indicators>"
    std::string content_hash;  // FNV-1a 64 of the pack's bytes, 16 hex digits
    bool builtin = false;
    // The last day its content was checked against its sources: a later date may fall under an
    // amendment the pack does not know, so using it then is said (a warning, a trace step).
    std::optional<date> reviewed_through;
    bool stale_on(const date& d) const { return reviewed_through && *reviewed_through < d; }
    std::string stamp() const { return name + "@" + version + "#" + content_hash.substr(0, 8); }
};

// Half-open interval of dates [from, to) in which a value is in force. `to` empty means the pack
// says explicitly that no end is known (`to: null`), never that the key was forgotten.
struct Effective {
    date from;
    std::optional<date> to;
    bool contains(const date& d) const { return from <= d && (!to || d < *to); }
    // The same for a day number, with no date made (kernels ask it per row).
    bool contains_day(std::int64_t n) const { return n >= day_number(from) && (!to || n < day_number(*to)); }
    // "[2021-09-01, open)", appended to `out` (a decision's trace names the edition in force).
    void append_to(std::string& out) const {
        out += '[';
        out += Period::iso(from);
        out += ", ";
        out += to ? Period::iso(*to) : std::string("open");
        out += ')';
    }
    std::string str() const {
        std::string out;
        append_to(out);
        return out;
    }
};

// FNV-1a 64-bit over the bytes, as 16 lowercase hex digits.
std::string content_hash(std::string_view bytes);

// Packs compiled into the library (rules/**/*.yaml), by name: "national/indicators", ...
std::vector<std::string> builtin_pack_names();
bool has_builtin_pack(std::string_view name);
std::string_view builtin_pack_text(std::string_view name);  // throws anjian::error if unknown

}  // namespace anjian::rules
