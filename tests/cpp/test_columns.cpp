// The one column type: Arrow arrays read where they lie, missing cells from the validity bitmap,
// and every wrong layout refused with the column named.
#include <gtest/gtest.h>

#include <anjian/columns.hpp>
#include <memory>

namespace {

void release_schema(ArrowSchema* s) { s->release = nullptr; }
void release_array(ArrowArray* a) { a->release = nullptr; }

// An exported array over caller-held buffers (what pyarrow, polars or arrow-java hand over).
struct Exported {
    ArrowSchema schema{};
    ArrowArray array{};
    std::vector<const void*> buffers;
    Exported(const char* format, std::int64_t length, std::vector<const void*> b, std::int64_t offset = 0,
             std::int64_t null_count = -1)
        : buffers(std::move(b)) {
        schema.format = format;
        schema.name = "x";
        schema.release = release_schema;
        array.length = length;
        array.offset = offset;
        array.null_count = null_count;
        array.n_buffers = static_cast<std::int64_t>(buffers.size());
        array.buffers = buffers.data();
        array.release = release_array;
    }
};

std::string refusal(const Exported& e) {
    try {
        anjian::Column::from_arrow(e.schema, e.array);
    } catch (const anjian::input_error& err) {
        return err.what();
    }
    return "";
}

}  // namespace

TEST(Columns, AnInt32ArrayWithAnOffsetAndAValidityBitmapReadsItsOwnCells) {
    const std::int32_t values[] = {7, 8, 9, 10};
    const std::uint8_t validity[] = {0b1011};  // cell 2 missing
    const Exported e("i", 3, {validity, values}, 1);
    const auto c = anjian::Column::from_arrow(e.schema, e.array);
    EXPECT_EQ(c.name, "x");
    EXPECT_EQ(c.type, anjian::ColumnType::int32);
    EXPECT_EQ(c.integer(0), 8);
    EXPECT_FALSE(c.valid(1));  // position 2 of the buffers
    EXPECT_TRUE(std::isnan(c.number(1)));
    EXPECT_EQ(c.integer(2), 10);
}

TEST(Columns, ANullCountOfZeroMeansEveryCellIsThereWhateverTheBitmapSays) {
    const std::int64_t values[] = {1, 2};
    const std::uint8_t garbage[] = {0};
    const Exported e("l", 2, {garbage, values}, 0, 0);
    EXPECT_TRUE(anjian::Column::from_arrow(e.schema, e.array).valid(0));
}

TEST(Columns, TextInUtf8AndLargeUtf8) {
    const std::int32_t offsets[] = {0, 3, 3, 9};
    const char chars[] = "甲乙丙";
    const Exported small("u", 3, {nullptr, offsets, chars});
    const auto c = anjian::Column::from_arrow(small.schema, small.array);
    EXPECT_EQ(c.text(0), "甲");
    EXPECT_EQ(c.text(1), "");
    EXPECT_EQ(c.text(2), "乙丙");
    const std::int64_t large_offsets[] = {0, 3, 6};
    const Exported large("U", 2, {nullptr, large_offsets, chars});
    EXPECT_EQ(anjian::Column::from_arrow(large.schema, large.array).text(1), "乙");
}

TEST(Columns, TextViewsInlineUpToTwelveBytesAndPointIntoDataBuffersBeyond) {
    const char data[] = "通川区应急管理局执法大队";  // 36 bytes
    char views[32]{};  // two 16-byte views: (size, 12 bytes inline) and (size, prefix, buffer 0, offset 0)
    const std::int32_t short_size = 6, long_size = 36;
    std::memcpy(views, &short_size, 4), std::memcpy(views + 4, "达州", 6);
    std::memcpy(views + 16, &long_size, 4), std::memcpy(views + 20, data, 4);
    const std::int64_t sizes[] = {36};
    const Exported e("vu", 2, {nullptr, views, data, sizes});
    const auto c = anjian::Column::from_arrow(e.schema, e.array);
    EXPECT_EQ(c.text(0), "达州");
    EXPECT_EQ(c.text(1), "通川区应急管理局执法大队");
}

TEST(Columns, TimestampsGiveTheirDayFlooredBefore1970) {
    const std::int64_t seconds[] = {-1, 86'400 * 19'723 + 5};
    const Exported e("tss:", 2, {nullptr, seconds});
    const auto c = anjian::Column::from_arrow(e.schema, e.array);
    EXPECT_EQ(c.day(0), -1);
    EXPECT_EQ(c.day(1), 19'723);
    const std::int32_t days[] = {19'723};
    const Exported d("tdD", 1, {nullptr, days});
    EXPECT_EQ(anjian::Column::from_arrow(d.schema, d.array).day(0), 19'723);
}

TEST(Columns, DictionaryCodesReadTheirTextAndCodesOutOfRangeAreRefusedWithTheRow) {
    const std::int32_t offsets[] = {0, 3, 6};
    const char chars[] = "甲乙";
    Exported dict("u", 2, {nullptr, offsets, chars});
    const std::int32_t codes[] = {1, 0, 1};
    Exported e("i", 3, {nullptr, codes});
    e.schema.dictionary = &dict.schema;
    e.array.dictionary = &dict.array;
    const auto c = anjian::Column::from_arrow(e.schema, e.array);
    EXPECT_TRUE(c.is_text());
    EXPECT_EQ(c.text(0), "乙");
    const std::int32_t bad_codes[] = {0, 2};
    Exported f("i", 2, {nullptr, bad_codes});
    f.schema.dictionary = &dict.schema;
    f.array.dictionary = &dict.array;
    EXPECT_EQ(refusal(f), "column 'x', row 1: dictionary code out of range");
}

TEST(Columns, LayoutsNotReadAreRefusedNamingTheColumn) {
    const std::int64_t v[] = {1};
    EXPECT_EQ(
        refusal(Exported("tsn:Asia/Shanghai", 1, {nullptr, v})).rfind("column 'x': timestamps with a time zone", 0), 0u);
    EXPECT_NE(refusal(Exported("d:10,2", 1, {nullptr, v})).find("Arrow format 'd:10,2' is not read"), std::string::npos);
    EXPECT_NE(refusal(Exported("l", 1, {nullptr})).find("needs 2 buffers, the array has 1"), std::string::npos);
    Exported released("l", 1, {nullptr, v});
    released.array.release = nullptr;
    EXPECT_NE(refusal(released).find("already released"), std::string::npos);
}

TEST(Columns, ATableRefusesAColumnOfAnotherLengthOrNameTwiceAndNamesWhatAColumnMustHold) {
    anjian::Table t(2);
    t.own("a", std::vector<std::int64_t>{1, 2}).own_texts("b", {"x", "y"});
    EXPECT_THROW(t.own("c", std::vector<std::int64_t>{1}), anjian::input_error);
    EXPECT_THROW(t.own("a", std::vector<std::int64_t>{1, 2}), anjian::input_error);
    try {
        (void)t.dates("b");
        FAIL();
    } catch (const anjian::input_error& e) {
        EXPECT_STREQ(e.what(), "column 'b': must hold dates, not large_utf8");
    }
    try {
        (void)t["z"];
        FAIL();
    } catch (const anjian::input_error& e) {
        EXPECT_STREQ(e.what(), "no column 'z' (has: a, b)");
    }
}

TEST(Columns, OwnedDatesMarkNotADateAsMissing) {
    anjian::Table t(2);
    t.own_dates("d", {anjian::date(2024, 1, 2), anjian::date(boost::gregorian::not_a_date_time)});
    EXPECT_EQ(t.dates("d").day(0), anjian::day_number(anjian::date(2024, 1, 2)));
    EXPECT_FALSE(t.dates("d").valid(1));
}

// An Arrow dictionary may hold a label twice; the kernels group by text, so both codes are one.
TEST(Columns, EncodingGivesOneCodePerDistinctTextEvenWhenADictionaryRepeatsALabel) {
    const std::int32_t offsets[] = {0, 3, 6, 9};
    const char chars[] = "甲乙甲";
    Exported dict("u", 3, {nullptr, offsets, chars});
    const std::int32_t codes[] = {0, 2, 1, -1};
    const std::uint8_t validity[] = {0b0111};
    Exported e("i", 4, {validity, codes});
    e.schema.dictionary = &dict.schema;
    e.array.dictionary = &dict.array;
    const auto coded = anjian::encode(anjian::Column::from_arrow(e.schema, e.array));
    EXPECT_EQ(coded.codes, (std::vector<std::int32_t>{0, 0, 1, -1}));
    EXPECT_EQ(coded.labels, (std::vector<std::string>{"甲", "乙"}));
    anjian::Table plain(3);
    plain.own_texts("t", {"乙", "甲", "乙"});
    EXPECT_EQ(anjian::encode(plain.texts("t")).codes, (std::vector<std::int32_t>{0, 1, 0}));
}

// encoded() reads codes where they lie only when they already are encode()'s: int32, no missing cell,
// labels that all differ; otherwise it encodes -- the same codes and labels either way.
TEST(Columns, EncodedReadsCodesInPlaceOnlyWhenTheyAreEncodesAlready) {
    const std::int32_t offsets[] = {0, 3, 6, 9};
    const char distinct_chars[] = "甲乙丙", repeated_chars[] = "甲乙甲";
    const std::int32_t codes[] = {2, 0, 1, 2};
    for (const char* chars : {distinct_chars, repeated_chars})
        for (const bool missing : {false, true}) {
            Exported dict("u", 3, {nullptr, offsets, chars});
            const std::uint8_t validity[] = {0b0111};
            Exported e("i", 4, {missing ? validity : nullptr, codes});
            e.schema.dictionary = &dict.schema;
            e.array.dictionary = &dict.array;
            const auto column = anjian::Column::from_arrow(e.schema, e.array);
            anjian::Coded scratch;
            const std::int32_t* got = anjian::encoded(column, scratch);
            const auto want = anjian::encode(column);
            SCOPED_TRACE(std::string(chars) + (missing ? ", a missing cell" : ""));
            EXPECT_EQ(std::vector<std::int32_t>(got, got + 4), want.codes);
            EXPECT_EQ(scratch.labels, want.labels);
            EXPECT_EQ(got == codes, chars == distinct_chars && !missing);
        }
}

// Column::numbers, the block read the kernels use, gives what number(i) gives cell by cell -- with `days`,
// a date's day(i) -- for every stored type, at every offset into the buffers and every block.
TEST(Columns, NumbersOfABlockAreEachCellsNumberForEveryStoredTypeOffsetAndBlock) {
    constexpr std::int64_t n = 45;
    std::vector<std::int8_t> i8(n + 9);
    std::vector<std::uint8_t> u8(n + 9), bits((n + 9 + 7) / 8), validity((n + 9 + 7) / 8);
    std::vector<std::int32_t> i32(n + 9);
    std::vector<std::uint32_t> u32(n + 9);
    std::vector<std::int64_t> i64(n + 9);
    std::vector<double> f64(n + 9);
    for (std::size_t k = 0; k < i8.size(); ++k) {
        const auto v = static_cast<std::int64_t>(k * 7919 % 201) - 100;
        i8[k] = static_cast<std::int8_t>(v), u8[k] = static_cast<std::uint8_t>(v + 100);
        i32[k] = static_cast<std::int32_t>(v * 86'400), u32[k] = static_cast<std::uint32_t>(v + 100);
        i64[k] = v * 86'400 + 7, f64[k] = static_cast<double>(v) / 4;
        if (k % 3 == 0) bits[k / 8] = static_cast<std::uint8_t>(bits[k / 8] | (1u << (k % 8)));
        if (k % 5 != 2 && k % 11 != 0) validity[k / 8] = static_cast<std::uint8_t>(validity[k / 8] | (1u << (k % 8)));
    }
    const std::vector<std::pair<const char*, const void*>> stored = {
        {"c", i8.data()}, {"C", u8.data()}, {"i", i32.data()}, {"I", u32.data()}, {"l", i64.data()},
        {"g", f64.data()}, {"b", bits.data()}, {"tdD", i32.data()}, {"tss:", i64.data()}};
    for (const auto& [format, values] : stored)
        for (std::int64_t offset = 0; offset < 9; ++offset)
            for (const bool with_validity : {false, true}) {
                const Exported e(format, n, {with_validity ? validity.data() : nullptr, values}, offset);
                const auto c = anjian::Column::from_arrow(e.schema, e.array);
                for (const auto& [lo, hi] : {std::pair<std::size_t, std::size_t>{0, n}, {3, 30}, {9, 17}, {40, 45}})
                    for (const bool days : {false, true}) {
                        std::vector<double> got(hi - lo);
                        c.numbers(lo, hi, got.data(), days);
                        for (std::size_t i = lo; i < hi; ++i) {
                            SCOPED_TRACE(std::string(format) + " offset " + std::to_string(offset) + " cell " +
                                         std::to_string(i) + (days ? " as days" : ""));
                            const double want = !c.valid(i)           ? std::nan("")
                                                : days && c.is_date() ? static_cast<double>(c.day(i))
                                                                      : c.number(i);
                            if (std::isnan(want))
                                EXPECT_TRUE(std::isnan(got[i - lo]));
                            else
                                EXPECT_EQ(got[i - lo], want);
                        }
                    }
            }
}

// A word of a bitmap from any bit on: what bit() gives for each of its n bits, none beyond; the bytes
// read are only those the bits lie in (the bitmap here ends at its last bit, as under ASan).
TEST(Columns, BitsAtAreTheBitmapsBitsFromAnyPositionAndValidBitsFollowTheOffset) {
    constexpr std::size_t bytes = 20;
    const auto bitmap = std::make_unique<std::uint8_t[]>(bytes);
    for (std::size_t k = 0; k < bytes; ++k) bitmap[k] = static_cast<std::uint8_t>(k * 151 + 37);
    for (std::int64_t from = 0; from < 8 * static_cast<std::int64_t>(bytes); ++from)
        for (std::size_t n = 0; n <= 64 && from + static_cast<std::int64_t>(n) <= 8 * static_cast<std::int64_t>(bytes);
             ++n) {
            std::uint64_t want = 0;
            for (std::size_t b = 0; b < n; ++b)
                want |= std::uint64_t{anjian::Column::bit(bitmap.get(), from + static_cast<std::int64_t>(b))} << b;
            ASSERT_EQ(anjian::Column::bits_at(bitmap.get(), from, n), want) << "from " << from << ", " << n << " bits";
        }
    const std::int64_t values[12] = {};
    const std::uint8_t validity[] = {0b1010'1101, 0b0110};
    for (std::int64_t offset = 0; offset < 4; ++offset) {
        const Exported e("l", 8, {validity, values}, offset);
        const auto c = anjian::Column::from_arrow(e.schema, e.array);
        for (std::size_t lo = 0; lo < 8; ++lo) {
            std::uint64_t want = 0;
            for (std::size_t b = 0; lo + b < 8; ++b) want |= std::uint64_t{c.valid(lo + b)} << b;
            EXPECT_EQ(c.valid_bits(lo, 8 - lo), want) << "offset " << offset << ", from " << lo;
        }
    }
    const Exported all("l", 8, {nullptr, values});
    EXPECT_EQ(anjian::Column::from_arrow(all.schema, all.array).valid_bits(2, 5), 0b11111u);
}
