#pragma once
// Indicator formulas: + - * / over base-field names and numbers, with parentheses.
// Parsed once from the catalogue, evaluated on summed base fields (ratio of sums).
// A division by zero gives NaN and says which denominator was zero.

#include <anjian/error.hpp>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <limits>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace anjian::indicators {

class Formula {
public:
    // Limits on what a pack may write (an indicator is a ratio of a few sums): beyond them a formula
    // is refused at load, so evaluation's recursion stays shallow.
    static constexpr int max_nodes = 512;  // fields, numbers and operators
    static constexpr int max_depth = 32;   // nested parentheses and signs

    Formula() = default;

    // Throws anjian::error naming the character position on a syntax error.
    static Formula parse(std::string_view text) {
        Formula f;
        f.text_ = std::string(text);
        Parser p{f, text, 0};
        f.root_ = p.expression();
        p.skip_space();
        if (p.pos != text.size()) p.fail("unexpected '" + std::string(1, text[p.pos]) + "'");
        return f;
    }

    const std::string& text() const { return text_; }
    // Base-field names used, in order of first appearance; evaluate() takes columns in this order.
    const std::vector<std::string>& fields() const { return fields_; }
    // A bare field name: the indicator is that field's sum.
    bool is_field() const { return !nodes_.empty() && nodes_[static_cast<std::size_t>(root_)].op == Op::field; }
    // Source text of the denominator of division number `id` (as reported by evaluate()).
    const std::string& denominator(int id) const { return denominators_.at(static_cast<std::size_t>(id)); }

    // out[i] = formula on row i. zero_division[i] = -1, or the id of the first division whose
    // denominator was 0 on that row (out[i] is then NaN).
    void evaluate(std::span<const double* const> columns, std::size_t rows, double* out,
                  std::int16_t* zero_division) const {
        for (std::size_t i = 0; i < rows; ++i) {
            int zero = -1;
            out[i] = eval(root_, columns, i, zero);
            zero_division[i] = static_cast<std::int16_t>(zero);
        }
    }

private:
    enum class Op : std::uint8_t { number, field, neg, add, sub, mul, div };
    struct Node {
        Op op;
        int a = -1, b = -1;  // children
        double value = 0;    // number
        int index = -1;      // field index, or division id
    };

    double eval(int n, std::span<const double* const> cols, std::size_t row, int& zero) const {
        const Node& node = nodes_[static_cast<std::size_t>(n)];
        switch (node.op) {
            case Op::number:
                return node.value;
            case Op::field:
                return cols[static_cast<std::size_t>(node.index)][row];
            case Op::neg:
                return -eval(node.a, cols, row, zero);
            case Op::add:
                return eval(node.a, cols, row, zero) + eval(node.b, cols, row, zero);
            case Op::sub:
                return eval(node.a, cols, row, zero) - eval(node.b, cols, row, zero);
            case Op::mul:
                return eval(node.a, cols, row, zero) * eval(node.b, cols, row, zero);
            case Op::div: {
                const double num = eval(node.a, cols, row, zero);
                const double den = eval(node.b, cols, row, zero);
                if (den == 0.0) {
                    if (zero < 0) zero = node.index;
                    return std::numeric_limits<double>::quiet_NaN();
                }
                return num / den;
            }
        }
        return std::numeric_limits<double>::quiet_NaN();
    }

    int add(Node n) {
        nodes_.push_back(n);
        return static_cast<int>(nodes_.size()) - 1;
    }

    struct Parser {
        Formula& f;
        std::string_view s;
        std::size_t pos;
        int depth = 0;

        int add(Node n) {
            if (static_cast<int>(f.nodes_.size()) >= max_nodes)
                fail("more than " + std::to_string(max_nodes) + " terms and operators");
            return f.add(n);
        }
        struct Nested {  // one level of parentheses or sign, refused beyond max_depth
            Parser& p;
            explicit Nested(Parser& parser) : p(parser) {
                if (++p.depth > max_depth) p.fail("nested more than " + std::to_string(max_depth) + " levels deep");
            }
            ~Nested() { --p.depth; }
            Nested(const Nested&) = delete;
            Nested& operator=(const Nested&) = delete;
        };

        [[noreturn]] void fail(const std::string& what) const {
            throw error("formula '" + std::string(s) + "', character " + std::to_string(pos + 1) + ": " + what);
        }
        void skip_space() {
            while (pos < s.size() && (s[pos] == ' ' || s[pos] == '\t')) ++pos;
        }
        int expression() {
            int left = term();
            for (skip_space(); pos < s.size() && (s[pos] == '+' || s[pos] == '-'); skip_space()) {
                const Op op = s[pos++] == '+' ? Op::add : Op::sub;
                left = add({op, left, term()});
            }
            return left;
        }
        int term() {
            int left = factor();
            for (skip_space(); pos < s.size() && (s[pos] == '*' || s[pos] == '/'); skip_space()) {
                const bool div = s[pos++] == '/';
                skip_space();
                const std::size_t from = pos;
                const int right = factor();
                if (div) {
                    std::string_view den = s.substr(from, pos - from);
                    while (!den.empty() && den.back() == ' ') den.remove_suffix(1);
                    f.denominators_.emplace_back(den);
                    left = add({Op::div, left, right, 0, static_cast<int>(f.denominators_.size()) - 1});
                } else {
                    left = add({Op::mul, left, right});
                }
            }
            return left;
        }
        int factor() {
            skip_space();
            if (pos >= s.size()) fail("expected a field name, a number or '('");
            const char c = s[pos];
            if (c == '(') {
                const Nested nested(*this);
                ++pos;
                const int inner = expression();
                skip_space();
                if (pos >= s.size() || s[pos] != ')') fail("expected ')'");
                ++pos;
                return inner;
            }
            if (c == '-') {
                const Nested nested(*this);
                ++pos;
                return add({Op::neg, factor()});
            }
            if ((c >= '0' && c <= '9') || c == '.') {
                double v = 0;
                const auto [end, ec] = std::from_chars(s.data() + pos, s.data() + s.size(), v);
                if (ec != std::errc()) fail("bad number");
                pos = static_cast<std::size_t>(end - s.data());
                return add({Op::number, -1, -1, v});
            }
            if (is_name_char(c, true)) {
                const std::size_t from = pos;
                while (pos < s.size() && is_name_char(s[pos], false)) ++pos;
                const std::string name(s.substr(from, pos - from));
                int index = -1;
                for (std::size_t i = 0; i < f.fields_.size(); ++i)
                    if (f.fields_[i] == name) index = static_cast<int>(i);
                if (index < 0) {
                    f.fields_.push_back(name);
                    index = static_cast<int>(f.fields_.size()) - 1;
                }
                return add({Op::field, -1, -1, 0, index});
            }
            fail("unexpected '" + std::string(1, c) + "'");
        }
        static bool is_name_char(char c, bool first) {
            return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (!first && c >= '0' && c <= '9');
        }
    };

    std::string text_;
    std::vector<Node> nodes_;
    std::vector<std::string> fields_;
    std::vector<std::string> denominators_;
    int root_ = -1;
};

}  // namespace anjian::indicators
