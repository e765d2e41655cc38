#pragma once
// How a row-by-row batch treats rows it cannot answer: by default every refused row (the first
// `listed_at_most` of them named, with the column when one cell is to blame) in one error, after
// the whole batch was read; with `status`, the batch answers every other row and says per row why
// one was refused (what the C ABI and the distributed adapters hand back).

#include <anjian/error.hpp>
#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

namespace anjian {

enum class Refusal { raise, status };

struct RowStatus {
    std::vector<std::int32_t> refused;  // per row: -1, or why it was refused (into `reasons`); empty: none was
    std::vector<std::string> reasons;
    bool ok(std::size_t row) const { return refused.empty() || refused[row] < 0; }
};

class Refusals {
public:
    static constexpr std::size_t listed_at_most = 100;

    Refusals(RowStatus& out, std::size_t rows) : out_(out), rows_(rows) {}

    // Refuses a row for `why`; a row already refused keeps its first reason.
    void refuse(std::size_t row, const std::string& why, const std::string& column = {}) {
        if (count_ && out_.refused[row] >= 0) return;
        if (count_++ == 0) out_.refused.assign(rows_, -1);  // made on the first refusal: most batches have none
        const auto [it, fresh] = ids_.try_emplace(why, static_cast<std::int32_t>(out_.reasons.size()));
        if (fresh) out_.reasons.push_back(why);
        out_.refused[row] = it->second;
        if (listed_.size() < listed_at_most) {
            Location where;
            where.row = static_cast<std::int64_t>(row);
            where.field = column;
            listed_.push_back({where, why});
        }
    }

    void finish(Refusal mode) const {
        if (count_ && mode == Refusal::raise) throw batch_error(listed_, count_, rows_);
    }

private:
    RowStatus& out_;
    std::size_t rows_, count_ = 0;
    std::vector<Diagnostic> listed_;
    std::unordered_map<std::string, std::int32_t> ids_;
};

}  // namespace anjian
