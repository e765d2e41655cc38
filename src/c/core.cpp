// The C ABI's common part: versions, this thread's last error, packs, tables and results.
#include <algorithm>
#include <anjian/rules/pack.hpp>
#include <anjian/rules/validate.hpp>
#include <anjian/version.hpp>
#include <boost/date_time/gregorian/gregorian.hpp>
#include <cstdlib>
#include <nlohmann/json.hpp>

#include "abi.hpp"

namespace anjian::c {

namespace {

struct LastError {
    anjian_status status = ANJIAN_OK;
    std::string message, file, key, column;
    int line = 0;
    std::int64_t row = -1;
};

LastError& last() {
    thread_local LastError e;
    return e;
}

}  // namespace

void set_error(anjian_status status, const std::string& message, const Location& where) {
    LastError& e = last();
    e.status = status;
    e.message = message;
    e.file = where.file;
    e.key = where.key;
    e.column = where.field;
    e.line = where.line;
    e.row = where.row;
}

void clear_error() {
    LastError& e = last();
    if (e.status == ANJIAN_OK) return;  // the common case: nothing to clear, nothing allocated
    e = LastError{};
}

std::vector<std::string> texts(const char* const* p, std::size_t n, const char* what) {
    if (n && !p) throw argument_error(std::string(what) + " is NULL with " + std::to_string(n) + " entries");
    std::vector<std::string> out;
    for (std::size_t i = 0; i < n; ++i) {
        if (!p[i]) throw argument_error(std::string(what) + "[" + std::to_string(i) + "] is NULL");
        out.emplace_back(p[i]);
    }
    return out;
}

date iso_date(const char* p, const char* what) {
    const std::string s = text(p, what);
    // YYYY-MM-DD exactly: Boost would also take 2024-5-1 and names of months.
    const bool shaped = s.size() == 10 && s[4] == '-' && s[7] == '-' &&
                        std::all_of(s.begin(), s.end(), [](char c) { return c == '-' || (c >= '0' && c <= '9'); });
    if (shaped) try {
            const date d = boost::gregorian::from_simple_string(s);
            if (!d.is_special()) return d;
        } catch (const std::exception&) {
        }
    throw argument_error(std::string(what) + " must be a date as YYYY-MM-DD, got '" + s + "'");
}

Refusal refusal(anjian_refusal r) {
    if (r == ANJIAN_REFUSE_CALL) return Refusal::raise;
    if (r == ANJIAN_REFUSE_ROWS) return Refusal::status;
    throw argument_error("refusal must be ANJIAN_REFUSE_CALL (0) or ANJIAN_REFUSE_ROWS (1), got " +
                         std::to_string(static_cast<int>(r)));
}

char* give(const std::string& s) {
    char* out = static_cast<char*>(std::malloc(s.size() + 1));
    if (!out) throw std::bad_alloc();
    std::memcpy(out, s.c_str(), s.size() + 1);
    return out;
}

}  // namespace anjian::c

namespace c = anjian::c;

const anjian_result::Column* anjian_result::find(const char* name) const {
    if (!name) return nullptr;
    for (const auto& col : columns)
        if (col.name == name) return &col;
    return nullptr;
}

anjian_result::Column& anjian_result::add(std::string name, anjian_type type) {
    columns.emplace_back();
    columns.back().name = std::move(name);
    columns.back().type = type;
    return columns.back();
}

void anjian_result::refused(const anjian::RowStatus& status, std::size_t rows) {
    std::vector<std::string> why(rows);
    std::vector<std::uint8_t> valid(rows, 0);
    if (!status.refused.empty())
        for (std::size_t i = 0; i < rows; ++i)
            if (status.refused[i] >= 0) {
                why[i] = status.reasons[static_cast<std::size_t>(status.refused[i])];
                valid[i] = 1;
            }
    texts("refused", std::move(why), std::move(valid));
}

// The definitions take their C linkage from the declarations in anjian.h.

int anjian_abi_version(void) { return ANJIAN_ABI_VERSION; }
const char* anjian_version(void) { return anjian::version; }

const char* anjian_last_error(void) { return c::last().message.c_str(); }
const char* anjian_last_error_file(void) { return c::last().file.c_str(); }
int anjian_last_error_line(void) { return c::last().line; }
const char* anjian_last_error_key(void) { return c::last().key.c_str(); }
int64_t anjian_last_error_row(void) { return c::last().row; }
const char* anjian_last_error_column(void) { return c::last().column.c_str(); }

void anjian_string_free(char* text) { std::free(text); }

anjian_status anjian_builtin_packs(char** names_json) {
    if (names_json) *names_json = nullptr;
    return c::guard([&] {
        c::need(names_json, "names_json");
        *names_json = c::give(nlohmann::json(anjian::rules::builtin_pack_names()).dump());
    });
}

anjian_status anjian_pack_validate(const char* name_or_path) {
    return c::guard([&] { anjian::rules::validate(c::text(name_or_path, "name_or_path")); });
}

anjian_status anjian_table_new(int64_t rows, anjian_table** out) {
    return c::create(out, [&] {
        if (rows < 0 || rows > (std::int64_t{1} << 62))
            throw c::argument_error("rows must be from 0 to 2^62, got " + std::to_string(rows));
        return anjian_table{anjian::Table(rows)};
    });
}

void anjian_table_free(anjian_table* table) { delete table; }

int64_t anjian_table_rows(const anjian_table* table) { return table ? table->table.rows() : -1; }

namespace {

// The rows marked missing by a validity byte array (empty: none is).
std::vector<bool> missing_of(const uint8_t* valid, std::size_t rows) {
    if (!valid) return {};
    std::vector<bool> missing(rows);
    for (std::size_t i = 0; i < rows; ++i) missing[i] = valid[i] == 0;
    return missing;
}

template <class T, class Add>
anjian_status add_copied(anjian_table* table, const char* name, const T* values, Add&& add) {
    return c::guard([&] {
        anjian::Table& t = c::need(table, "table").table;
        std::string column = c::text(name, "name");
        if (t.rows() && !values) throw c::argument_error("values of column '" + column + "' are NULL");
        add(t, std::move(column), std::vector<T>(values, values + t.size()));
    });
}

}  // namespace

anjian_status anjian_table_add_int64(anjian_table* table, const char* name, const int64_t* values,
                                     const uint8_t* valid) {
    return add_copied(table, name, values, [&](anjian::Table& t, std::string n, std::vector<std::int64_t> v) {
        t.own(std::move(n), std::move(v), missing_of(valid, t.size()));
    });
}

anjian_status anjian_table_add_float64(anjian_table* table, const char* name, const double* values,
                                       const uint8_t* valid) {
    return add_copied(table, name, values, [&](anjian::Table& t, std::string n, std::vector<double> v) {
        t.own(std::move(n), std::move(v), missing_of(valid, t.size()));
    });
}

anjian_status anjian_table_add_bool(anjian_table* table, const char* name, const uint8_t* values,
                                    const uint8_t* valid) {
    return add_copied(table, name, values, [&](anjian::Table& t, std::string n, std::vector<std::uint8_t> v) {
        std::vector<bool> flags(v.size());
        for (std::size_t i = 0; i < v.size(); ++i) {
            if (v[i] > 1 && !(valid && !valid[i]))
                throw anjian::input_error("a flag must be 0 or 1, got " + std::to_string(v[i]),
                                          anjian::Table::at(n, static_cast<std::int64_t>(i)));
            flags[i] = v[i] == 1;
        }
        t.own_flags(std::move(n), flags, missing_of(valid, t.size()));
    });
}

anjian_status anjian_table_add_date(anjian_table* table, const char* name, const int32_t* days,
                                    const uint8_t* valid) {
    return add_copied(table, name, days, [&](anjian::Table& t, std::string n, std::vector<std::int32_t> v) {
        t.own_day_numbers(std::move(n), std::move(v), missing_of(valid, t.size()));
    });
}

anjian_status anjian_table_add_text(anjian_table* table, const char* name, const char* const* values) {
    return c::guard([&] {
        anjian::Table& t = c::need(table, "table").table;
        std::string column = c::text(name, "name");
        if (t.rows() && !values) throw c::argument_error("values of column '" + column + "' are NULL");
        std::vector<std::string> texts(t.size());
        std::vector<bool> missing(t.size());
        for (std::size_t i = 0; i < t.size(); ++i) {
            if (values[i])
                texts[i] = values[i];
            else
                missing[i] = true;
        }
        t.own_texts(std::move(column), texts, missing);
    });
}

anjian_status anjian_table_add_arrow(anjian_table* table, const char* name, struct ArrowSchema* schema,
                                     struct ArrowArray* array) {
    return c::guard([&] {
        anjian::Table& t = c::need(table, "table").table;
        c::need(schema, "schema");
        c::need(array, "array");
        if (!schema->release || !array->release) throw c::argument_error("the Arrow schema or array is released");
        // Taken over as the interface says a consumer does: the structs move, the producer's buffers stay.
        auto held_schema = std::shared_ptr<ArrowSchema>(new ArrowSchema(*schema), [](ArrowSchema* s) {
            if (s->release) s->release(s);
            delete s;
        });
        schema->release = nullptr;
        auto held_array = std::shared_ptr<ArrowArray>(new ArrowArray(*array), [](ArrowArray* a) {
            if (a->release) a->release(a);
            delete a;
        });
        array->release = nullptr;
        anjian::Column col = anjian::Column::from_arrow(*held_schema, *held_array, name ? std::string(name) : "");
        t.keep(held_schema), t.keep(held_array);
        t.add(std::move(col));
    });
}

void anjian_result_free(anjian_result* result) { delete result; }

int anjian_result_columns(const anjian_result* result) {
    return result ? static_cast<int>(result->columns.size()) : 0;
}

const char* anjian_result_column_name(const anjian_result* result, int index) {
    if (!result || index < 0 || static_cast<std::size_t>(index) >= result->columns.size()) return nullptr;
    return result->columns[static_cast<std::size_t>(index)].name.c_str();
}

anjian_type anjian_result_column_type(const anjian_result* result, const char* name) {
    const auto* col = result ? result->find(name) : nullptr;
    return col ? col->type : ANJIAN_NO_COLUMN;
}

int64_t anjian_result_length(const anjian_result* result, const char* name) {
    const auto* col = result ? result->find(name) : nullptr;
    return col ? col->length() : -1;
}

namespace {

// The column `name` of `type`, or NULL with the last error saying why not.
const anjian_result::Column* column_of(const anjian_result* result, const char* name, anjian_type type) {
    const anjian_result::Column* col = nullptr;
    const anjian_status status = c::guard([&] {
        const anjian_result& r = c::need(result, "result");
        col = r.find(c::text(name, "name").c_str());
        if (!col) {
            std::string have;
            for (const auto& x : r.columns) have += (have.empty() ? "" : ", ") + x.name;
            throw c::argument_error("no column '" + std::string(name) + "' in the result (has: " + have + ")");
        }
        if (col->type != type) {
            static const char* const kinds[] = {"none", "int64", "float64", "text"};
            throw c::argument_error("column '" + col->name + "' holds " + kinds[col->type] + ", not " + kinds[type]);
        }
    });
    return status == ANJIAN_OK ? col : nullptr;
}

}  // namespace

const int64_t* anjian_result_int64(const anjian_result* result, const char* name) {
    const auto* col = column_of(result, name, ANJIAN_INT64);
    return col ? col->ints.data() : nullptr;
}

const double* anjian_result_float64(const anjian_result* result, const char* name) {
    const auto* col = column_of(result, name, ANJIAN_FLOAT64);
    return col ? col->reals.data() : nullptr;
}

const char* anjian_result_text(const anjian_result* result, const char* name, int64_t row) {
    const auto* col = column_of(result, name, ANJIAN_TEXT);
    if (!col) return nullptr;
    if (row < 0 || row >= col->length()) {
        c::set_error(ANJIAN_ERROR_ARGUMENT, "row " + std::to_string(row) + " is outside column '" + col->name +
                                                "' of " + std::to_string(col->length()) + " values");
        return nullptr;
    }
    const auto i = static_cast<std::size_t>(row);
    return col->valid.empty() || col->valid[i] ? col->texts[i].c_str() : nullptr;
}

int anjian_result_valid(const anjian_result* result, const char* name, int64_t row) {
    const auto* col = result ? result->find(name) : nullptr;
    if (!col || row < 0 || row >= col->length()) return -1;
    return col->valid.empty() || col->valid[static_cast<std::size_t>(row)] ? 1 : 0;
}
