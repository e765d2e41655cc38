// Exact money in fen.
#include <gtest/gtest.h>

#include <anjian/money.hpp>

using anjian::Money;

TEST(Money, ParsesYuanWithUpToTwoDecimals) {
    EXPECT_EQ(Money::parse("1234.56").fen(), 123456);
    EXPECT_EQ(Money::parse("1,234.5").fen(), 123450);
    EXPECT_EQ(Money::parse("12元").fen(), 1200);
    EXPECT_EQ(Money::parse("-0.05").fen(), -5);
    EXPECT_EQ(Money::parse("3.100").fen(), 310);  // trailing zeros are still whole fen
}

TEST(Money, ParsesWanYuanExactly) {
    EXPECT_EQ(Money::parse("966.078万元").fen(), 966078 * 100 * 10);  // 9,660,780 yuan
    EXPECT_EQ(Money::parse("1万").fen(), 1000000);
    EXPECT_EQ(Money::parse("0.000001万").fen(), 1);  // one fen
}

TEST(Money, RefusesFractionsOfAFen) {
    EXPECT_THROW(Money::parse("0.125"), anjian::error);
    EXPECT_THROW(Money::parse("0.0000001万"), anjian::error);
    EXPECT_THROW(Money::parse("abc"), anjian::error);
    EXPECT_THROW(Money::parse(""), anjian::error);
}

TEST(Money, FromDoubleAcceptsBinaryRoundingOfWholeFen) {
    EXPECT_EQ(Money::from_yuan_double(1234.56)->fen(), 123456);
    EXPECT_EQ(Money::from_yuan_double(0.29)->fen(), 29);  // 0.29 * 100 = 28.999999999999996
    EXPECT_EQ(Money::from_yuan_double(9660780.0)->fen(), 966078000);
    EXPECT_FALSE(Money::from_yuan_double(0.125).has_value());
    EXPECT_FALSE(Money::from_yuan_double(std::nan("")).has_value());
}

TEST(Money, PrintsYuan) {
    EXPECT_EQ(Money::from_fen(123456).yuan_str(), "1234.56");
    EXPECT_EQ(Money::from_fen(123450).yuan_str(), "1234.5");
    EXPECT_EQ(Money::from_fen(1200).yuan_str(), "12");
    EXPECT_EQ(Money::from_fen(-5).yuan_str(), "-0.05");
}

TEST(Money, ArithmeticRefusesToOverflow) {
    EXPECT_EQ((Money::from_yuan(2) + Money::from_fen(1)).fen(), 201);
    EXPECT_THROW(Money::from_fen(INT64_MAX) + Money::from_fen(1), anjian::error);
    EXPECT_THROW(Money::from_yuan(INT64_MAX / 10), anjian::error);
}
