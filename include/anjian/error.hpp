#pragma once
// The one exception hierarchy of anjian. Every error carries where it happened:
// a file and line (rule packs), a key path, or a row and column (tables).

#include <cstdint>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace anjian {

struct Location {
    std::string file;       // file name, or "<built-in national/indicators>"
    int line = 0;           // 1-based; 0 = unknown
    int column = 0;         // 1-based; 0 = unknown
    std::string key;        // key path inside a pack, e.g. "indicators.filing_rate.formula"
    std::int64_t row = -1;  // 0-based row position in a table; -1 = none
    std::string field;      // table column name

    bool empty() const { return file.empty() && key.empty() && row < 0 && field.empty(); }

    std::string str() const {
        // Built with append(): g++ 12 warns falsely (-Wrestrict) on chains of operator+.
        std::string out = file;
        if (line > 0) {
            out.append(":").append(std::to_string(line));
            if (column > 0) out.append(":").append(std::to_string(column));
        }
        auto add = [&out](const std::string& part) {
            if (!out.empty()) out.append(", ");
            out.append(part);
        };
        if (!key.empty()) add(key);
        if (!field.empty()) add("column '" + field + "'");
        if (row >= 0) add("row " + std::to_string(row));
        return out;
    }
};

// Base of everything anjian throws. what() is "location: message".
class error : public std::runtime_error {
public:
    explicit error(std::string message, Location where = {})
        : std::runtime_error(where.empty() ? message : where.str() + ": " + message),
          message_(std::move(message)),
          where_(std::move(where)) {}
    const std::string& message() const noexcept { return message_; }
    const Location& where() const noexcept { return where_; }

private:
    std::string message_;
    Location where_;
};

// Bad data in a table (events, reports): names the row and column.
class input_error : public error {
public:
    using error::error;
};

// A rule pack that does not validate: carries every problem found, not only the first.
struct Diagnostic {
    Location where;
    std::string message;
    std::string str() const { return where.str() + ": " + message; }
};

class pack_error : public error {
public:
    explicit pack_error(std::vector<Diagnostic> problems)
        : error(summary(problems), first_file(problems)), problems_(std::move(problems)) {}
    const std::vector<Diagnostic>& problems() const noexcept { return problems_; }

private:
    static Location first_file(const std::vector<Diagnostic>& problems) {
        Location where;
        if (!problems.empty()) where.file = problems.front().where.file;
        return where;
    }
    static std::string summary(const std::vector<Diagnostic>& problems) {
        std::string out =
            std::to_string(problems.size()) + " problem" + (problems.size() == 1 ? "" : "s") + " in rule pack";
        for (const auto& p : problems) out += "\n  " + p.str();
        return out;
    }
    std::vector<Diagnostic> problems_;
};

// A row-by-row batch that refused rows: every refused row up to `listed` with its position and
// why, and how many were refused in all. Nothing of the batch is returned with it.
class batch_error : public input_error {
public:
    batch_error(std::vector<Diagnostic> problems, std::size_t refused, std::size_t rows)
        : input_error(summary(problems, refused, rows),
                      refused == 1 && !problems.empty() ? problems.front().where : Location{}),
          problems_(std::move(problems)),
          refused_(refused) {}
    const std::vector<Diagnostic>& problems() const noexcept { return problems_; }
    std::size_t refused() const noexcept { return refused_; }

private:
    static std::string summary(const std::vector<Diagnostic>& problems, std::size_t refused, std::size_t rows) {
        if (refused == 1 && !problems.empty()) return problems.front().message;
        std::string out = std::to_string(refused) + " of " + std::to_string(rows) + " rows refused";
        if (problems.size() < refused) out += " (the first " + std::to_string(problems.size()) + " listed)";
        for (const auto& p : problems) out += "\n  " + p.str();
        return out;
    }
    std::vector<Diagnostic> problems_;
    std::size_t refused_;
};

}  // namespace anjian
