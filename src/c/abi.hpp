#pragma once
// What every part of the C ABI shares: the handles' definitions, the one place exceptions become
// status codes and this thread's last error, and the result columns batches fill.

#include <anjian/anjian.h>

#include <anjian/columns.hpp>
#include <anjian/error.hpp>
#include <anjian/refusals.hpp>
#include <cstdint>
#include <cstring>
#include <new>
#include <string>
#include <utility>
#include <vector>

struct anjian_table {
    anjian::Table table;
};

// Named columns of one type each. Columns may differ in length (a firing's counted rows beside the
// firings); `valid` is empty when every cell holds a value.
struct anjian_result {
    struct Column {
        std::string name;
        anjian_type type = ANJIAN_INT64;
        std::vector<std::int64_t> ints;
        std::vector<double> reals;
        std::vector<std::string> texts;
        std::vector<std::uint8_t> valid;
        std::int64_t length() const {
            return static_cast<std::int64_t>(type == ANJIAN_INT64 ? ints.size()
                                             : type == ANJIAN_FLOAT64 ? reals.size()
                                                                      : texts.size());
        }
    };
    std::vector<Column> columns;

    const Column* find(const char* name) const;
    Column& add(std::string name, anjian_type type);
    template <class T>
    Column& ints(std::string name, const std::vector<T>& values) {
        Column& c = add(std::move(name), ANJIAN_INT64);
        c.ints.assign(values.begin(), values.end());
        return c;
    }
    Column& reals(std::string name, std::vector<double> values) {
        Column& c = add(std::move(name), ANJIAN_FLOAT64);
        c.reals = std::move(values);
        return c;
    }
    Column& texts(std::string name, std::vector<std::string> values, std::vector<std::uint8_t> valid = {}) {
        Column& c = add(std::move(name), ANJIAN_TEXT);
        c.texts = std::move(values);
        c.valid = std::move(valid);
        return c;
    }
    // The "refused" column of a batch: each row's reason, missing for a row that was judged.
    void refused(const anjian::RowStatus& status, std::size_t rows);
};

namespace anjian::c {

// A failure found by the ABI itself (NULL pointer, size out of range, unknown option).
class argument_error : public error {
public:
    using error::error;
};

void set_error(anjian_status status, const std::string& message, const Location& where = {});
void clear_error();

// Runs `body`, turning whatever it throws into a status and this thread's last error.
template <class F>
anjian_status guard(F&& body) noexcept {
    try {
        clear_error();
        body();
        return ANJIAN_OK;
    } catch (const argument_error& e) {
        set_error(ANJIAN_ERROR_ARGUMENT, e.what(), e.where());
        return ANJIAN_ERROR_ARGUMENT;
    } catch (const pack_error& e) {
        set_error(ANJIAN_ERROR_RULES, e.what(), e.where());
        return ANJIAN_ERROR_RULES;
    } catch (const input_error& e) {
        set_error(ANJIAN_ERROR_INPUT, e.what(), e.where());
        return ANJIAN_ERROR_INPUT;
    } catch (const error& e) {
        set_error(ANJIAN_ERROR_REFUSED, e.what(), e.where());
        return ANJIAN_ERROR_REFUSED;
    } catch (const std::bad_alloc&) {
        set_error(ANJIAN_ERROR_MEMORY, "out of memory");
        return ANJIAN_ERROR_MEMORY;
    } catch (const std::exception& e) {
        set_error(ANJIAN_ERROR_INTERNAL, std::string("internal error: ") + e.what());
        return ANJIAN_ERROR_INTERNAL;
    } catch (...) {
        set_error(ANJIAN_ERROR_INTERNAL, "internal error");
        return ANJIAN_ERROR_INTERNAL;
    }
}

// Arguments checked before any work, each failure naming the argument.
template <class T>
T& need(T* p, const char* what) {
    if (!p) throw argument_error(std::string(what) + " is NULL");
    return *p;
}
inline std::string text(const char* p, const char* what) {
    if (!p) throw argument_error(std::string(what) + " is NULL");
    return p;
}
inline std::string text_or(const char* p, std::string fallback) { return p ? std::string(p) : std::move(fallback); }
std::vector<std::string> texts(const char* const* p, std::size_t n, const char* what);
date iso_date(const char* p, const char* what);
Refusal refusal(anjian_refusal r);

// A string handed to the caller (freed with anjian_string_free).
char* give(const std::string& s);

// Puts a new handle built by `make` into *out (NULL first, so a failure leaves no dangling value).
template <class Handle, class F>
anjian_status create(Handle** out, F&& make) noexcept {
    if (out) *out = nullptr;
    return guard([&] {
        need(out, "out");
        *out = new Handle(make());
    });
}

}  // namespace anjian::c
