// Indicator formulas.
#include <gtest/gtest.h>

#include <anjian/indicators/formula.hpp>
#include <cmath>

using anjian::indicators::Formula;

namespace {
double eval1(const Formula& f, std::vector<double> values, int* zero = nullptr) {
    std::vector<const double*> cols;
    for (const auto& v : values) cols.push_back(&v);
    double out = 0;
    std::int16_t z = -1;
    f.evaluate(cols, 1, &out, &z);
    if (zero) *zero = z;
    return out;
}
}  // namespace

TEST(Formula, RatioOfTwoFields) {
    const auto f = Formula::parse("cases_filed / enterprises_inspected");
    ASSERT_EQ(f.fields(), (std::vector<std::string>{"cases_filed", "enterprises_inspected"}));
    EXPECT_DOUBLE_EQ(eval1(f, {1244, 14719}), 1244.0 / 14719.0);
    EXPECT_FALSE(f.is_field());
}

TEST(Formula, PrecedenceParenthesesAndNumbers) {
    const auto f = Formula::parse("100 * (a - b) / a + -2");
    EXPECT_DOUBLE_EQ(eval1(f, {10, 4}), 100.0 * 6 / 10 - 2);
    EXPECT_DOUBLE_EQ(eval1(Formula::parse("a - b - a"), {5, 3}), -3);  // left-associative
}

TEST(Formula, BareFieldIsASum) {
    const auto f = Formula::parse(" hazards_found ");
    EXPECT_TRUE(f.is_field());
    EXPECT_DOUBLE_EQ(eval1(f, {7}), 7);
}

TEST(Formula, ZeroDenominatorGivesNaNAndNamesTheDenominator) {
    const auto f = Formula::parse("major_hazards_rectified / major_hazards_found");
    int zero = -1;
    EXPECT_TRUE(std::isnan(eval1(f, {0, 0}, &zero)));
    ASSERT_EQ(zero, 0);
    EXPECT_EQ(f.denominator(zero), "major_hazards_found");
    EXPECT_DOUBLE_EQ(eval1(f, {1, 2}, &zero), 0.5);
    EXPECT_EQ(zero, -1);
}

TEST(Formula, SyntaxErrorsNameTheCharacter) {
    for (const char* bad : {"", "a /", "(a + b", "a $ b", "a b", "1..2"}) {
        try {
            Formula::parse(bad);
            ADD_FAILURE() << "accepted '" << bad << "'";
        } catch (const anjian::error& e) {
            EXPECT_NE(std::string(e.what()).find("character"), std::string::npos) << e.what();
        }
    }
}

// A formula of 100,000 nested parentheses crashed the parser, one of 200,000 terms the evaluation:
// both are refused at load with the limit they pass.
TEST(Formula, NestingAndSizeAreBoundedAtParse) {
    const std::string deep = std::string(33, '(') + "a" + std::string(33, ')');
    EXPECT_THROW(Formula::parse(deep), anjian::error);
    EXPECT_NO_THROW(Formula::parse(std::string(32, '(') + "a" + std::string(32, ')')));
    EXPECT_THROW(Formula::parse(std::string(100'000, '(') + "a" + std::string(100'000, ')')), anjian::error);
    EXPECT_THROW(Formula::parse(std::string(100'000, '-') + "a"), anjian::error);
    std::string many = "a";
    for (int i = 0; i < 200'000; ++i) many += "+a";
    try {
        Formula::parse(many);
        FAIL() << "no error";
    } catch (const anjian::error& e) {
        EXPECT_NE(std::string(e.what()).find("more than 512 terms and operators"), std::string::npos);
    }
}
