#pragma once
// Requests that arrive as JSON: parsed once, read key by key, every wrong key or value an
// input_error naming its key path.

#include <anjian/money.hpp>
#include <anjian/period.hpp>
#include <initializer_list>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "abi.hpp"

namespace anjian::c {

inline input_error json_error(const std::string& key, const std::string& message) {
    Location where;
    where.key = key;
    return input_error(message, where);
}

inline nlohmann::json parse_json(const std::string& text, const char* what) {
    try {
        return nlohmann::json::parse(text);
    } catch (const nlohmann::json::parse_error& e) {
        throw argument_error(std::string(what) + " is not JSON (at byte " + std::to_string(e.byte) + ")");
    }
}

// The keys of one JSON object; `prefix` leads the key path of nested objects ("lines[2].").
class JsonObject {
public:
    JsonObject(const nlohmann::json& j, std::string prefix) : j_(j), prefix_(std::move(prefix)) {
        if (!j.is_object()) throw json_error(prefix_.empty() ? "request" : prefix_, "must be a JSON object");
    }

    // Refuses a key not in `known`, naming the ones there are.
    void allow(std::initializer_list<const char*> known) const {
        for (const auto& [key, _] : j_.items()) {
            bool ok = false;
            std::string names;
            for (const char* k : known) ok = ok || key == k, names += (names.empty() ? "" : ", ") + std::string(k);
            if (!ok) throw json_error(path(key), "is not a key of this request (keys: " + names + ")");
        }
    }

    const nlohmann::json* get(const char* key) const {
        const auto it = j_.find(key);
        return it == j_.end() || it->is_null() ? nullptr : &*it;
    }
    const nlohmann::json* object(const char* key) const {
        const auto* v = get(key);
        if (v && !v->is_object()) throw json_error(path(key), "must be an object");
        return v;
    }
    const nlohmann::json* array(const char* key) const {
        const auto* v = get(key);
        if (v && !v->is_array()) throw json_error(path(key), "must be an array");
        return v;
    }
    std::string text(const char* key, bool required, std::string fallback = {}) const {
        const auto* v = get(key);
        if (!v) {
            if (required) throw json_error(path(key), "is required");
            return fallback;
        }
        if (!v->is_string()) throw json_error(path(key), "must be text, got " + v->dump());
        return v->get<std::string>();
    }
    std::vector<std::string> texts(const char* key) const {
        std::vector<std::string> out;
        if (const auto* a = array(key))
            for (std::size_t i = 0; i < a->size(); ++i) {
                if (!(*a)[i].is_string())
                    throw json_error(path(key) + "[" + std::to_string(i) + "]", "must be text, got " + (*a)[i].dump());
                out.push_back((*a)[i].get<std::string>());
            }
        return out;
    }
    bool flag(const char* key) const {
        const auto* v = get(key);
        if (v && !v->is_boolean()) throw json_error(path(key), "must be true or false, got " + v->dump());
        return v && v->get<bool>();
    }
    std::optional<anjian::date> date(const char* key) const {
        const auto* v = get(key);
        if (!v) return std::nullopt;
        if (!v->is_string()) throw json_error(path(key), "must be a date as \"YYYY-MM-DD\", got " + v->dump());
        try {
            return iso_date(v->get_ref<const std::string&>().c_str(), key);
        } catch (const argument_error&) {
            throw json_error(path(key), "must be a date as \"YYYY-MM-DD\", got " + v->dump());
        }
    }
    // Whole number from lo to hi.
    std::optional<std::int64_t> whole(const char* key, std::int64_t lo, std::int64_t hi) const {
        const auto* v = get(key);
        if (!v) return std::nullopt;
        if (!v->is_number_integer() || (v->is_number_unsigned() && v->get<std::uint64_t>() > std::uint64_t(hi)) ||
            v->get<std::int64_t>() < lo || v->get<std::int64_t>() > hi)
            throw json_error(path(key), "must be a whole number from " + std::to_string(lo) + " to " +
                                            std::to_string(hi) + ", got " + v->dump());
        return v->get<std::int64_t>();
    }
    // A number (finite).
    std::optional<double> real(const char* key) const {
        const auto* v = get(key);
        if (!v) return std::nullopt;
        if (!v->is_number()) throw json_error(path(key), "must be a number, got " + v->dump());
        return v->get<double>();
    }
    // Money in yuan: decimal text ("12345.67", "1.5万"), or a number that is a whole fen.
    std::optional<Money> money(const char* key) const {
        const auto* v = get(key);
        if (!v) return std::nullopt;
        if (v->is_string()) try {
                return Money::parse(v->get<std::string>());
            } catch (const std::exception&) {
                throw json_error(path(key), "is not an amount of yuan: " + v->dump());
            }
        if (v->is_number_integer()) return Money::from_yuan(v->get<std::int64_t>());
        if (v->is_number())
            if (const auto m = Money::from_yuan_double(v->get<double>())) return m;
        throw json_error(path(key), "must be yuan as decimal text or a number of whole fen, got " + v->dump());
    }

    std::string path(const std::string& key) const { return prefix_ + key; }

private:
    const nlohmann::json& j_;
    std::string prefix_;
};

}  // namespace anjian::c
