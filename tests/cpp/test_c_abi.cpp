// The C ABI (include/anjian/anjian.h): every call gives what the C++ API gives, batches what their
// scalar calls give row by row, and every failure is a status with a located last error.
#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <anjian/anjian.h>

#include <anjian/accident/levels.hpp>
#include <anjian/penalty/recommendation.hpp>
#include <anjian/ranking/methods.hpp>
#include <anjian/rules/accident.hpp>
#include <anjian/rules/penalty.hpp>
#include <anjian/version.hpp>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <thread>

#include "penalty_cases.hpp"

namespace {

using nlohmann::json;

template <class T, void (*Free)(T*)>
struct Deleter {
    void operator()(T* p) const { Free(p); }
};
using Result = std::unique_ptr<anjian_result, Deleter<anjian_result, anjian_result_free>>;
using TableHandle = std::unique_ptr<anjian_table, Deleter<anjian_table, anjian_table_free>>;
using Engine = std::unique_ptr<anjian_penalty_engine, Deleter<anjian_penalty_engine, anjian_penalty_engine_free>>;

std::string take(char* s) {  // a string the library handed over
    std::string out = s ? s : "";
    anjian_string_free(s);
    return out;
}

const anjian_penalty_engine* engine() {
    static const Engine e = [] {
        anjian_penalty_engine* p = nullptr;
        EXPECT_EQ(anjian_penalty_engine_new(nullptr, 0, &p), ANJIAN_OK) << anjian_last_error();
        return Engine(p);
    }();
    return e.get();
}

TableHandle table(std::int64_t rows) {
    anjian_table* t = nullptr;
    EXPECT_EQ(anjian_table_new(rows, &t), ANJIAN_OK);
    return TableHandle(t);
}

std::int32_t day(int y, int m, int d) {
    return static_cast<std::int32_t>(anjian::day_number(anjian::date(static_cast<unsigned short>(y),
                                                                      static_cast<unsigned short>(m),
                                                                      static_cast<unsigned short>(d))));
}

std::vector<std::int64_t> ints(const anjian_result* r, const char* name) {
    const std::int64_t* p = anjian_result_int64(r, name);
    EXPECT_NE(p, nullptr) << anjian_last_error();
    return p ? std::vector<std::int64_t>(p, p + anjian_result_length(r, name)) : std::vector<std::int64_t>{};
}

std::vector<double> reals(const anjian_result* r, const char* name) {
    const double* p = anjian_result_float64(r, name);
    EXPECT_NE(p, nullptr) << anjian_last_error();
    return p ? std::vector<double>(p, p + anjian_result_length(r, name)) : std::vector<double>{};
}

std::string text_at(const anjian_result* r, const char* name, std::int64_t row) {
    const char* s = anjian_result_text(r, name, row);
    return s ? s : "<missing>";
}

// The request JSON of a `recommend` case of tests/vectors/penalty_cases.yaml.
json request_of(const YAML::Node& c) {
    json q{{"provision", c["provision"].as<std::string>()},
           {"party", c["party"].as<std::string>()},
           {"act_date", c["act"].as<std::string>()}};
    if (c["decision"]) q["decision_date"] = c["decision"].as<std::string>();
    json facts = json::object();
    for (const auto& kv : c["facts"]) facts[kv.first.as<std::string>()] = kv.second.as<std::string>();
    q["facts"] = facts;
    if (c["income"]) q["income_yuan"] = c["income"].as<std::string>();
    if (c["gains"]) q["illegal_gains_yuan"] = c["gains"].as<std::string>();
    if (c["circumstances"]) q["circumstances"] = c["circumstances"].as<std::vector<std::string>>();
    if (c["reduce"]) q["reduce"] = c["reduce"].as<bool>();
    if (c["act_end"]) q["act_end"] = c["act_end"].as<std::string>();
    if (c["discovered"]) q["discovered"] = c["discovered"].as<std::string>();
    if (c["harm"]) q["harm_to_life_or_health"] = c["harm"].as<bool>();
    return q;
}

}  // namespace

TEST(CAbi, TheLibraryIsTheVersionOfTheHeader) {
    EXPECT_EQ(anjian_abi_version(), ANJIAN_ABI_VERSION);
    EXPECT_STREQ(anjian_version(), anjian::version);
}

// Every `recommend` case shared by the C++ and Python suites: the C ABI's JSON is the C++ result's
// to_json() byte for byte, and its refusals are the C++ errors.
TEST(CAbi, EveryRecommendCaseGivesTheJsonOfTheCppEngine) {
    const auto doc = YAML::LoadFile(std::string(ANJIAN_SOURCE_DIR) + "/tests/vectors/penalty_cases.yaml");
    int checked = 0;
    for (const auto& c : doc["cases"]) {
        if (c["call"].as<std::string>() != "recommend") continue;
        SCOPED_TRACE(c["name"].as<std::string>());
        const json q = request_of(c);
        char* out = nullptr;
        const anjian_status status = anjian_penalty_recommend(engine(), q.dump().c_str(), &out);
        try {
            const auto r = penalty_cases::run(c);
            ASSERT_EQ(status, ANJIAN_OK) << anjian_last_error();
            EXPECT_EQ(take(out), anjian::penalty::to_json(r));
            EXPECT_STREQ(anjian_last_error(), "");
        } catch (const anjian::error& e) {
            EXPECT_NE(status, ANJIAN_OK);
            EXPECT_EQ(out, nullptr);
            EXPECT_STREQ(anjian_last_error(), e.what());
        }
        ++checked;
    }
    EXPECT_GE(checked, 10);
}

TEST(CAbi, ARequestKeyThatIsNotKnownIsRefusedByName) {
    char* out = nullptr;
    const char* q = R"({"provision": "accident_unit", "act_date": "2023-01-01", "fact": {"level": "较大"}})";
    EXPECT_EQ(anjian_penalty_recommend(engine(), q, &out), ANJIAN_ERROR_INPUT);
    EXPECT_EQ(out, nullptr);
    EXPECT_STREQ(anjian_last_error_key(), "fact");
    EXPECT_NE(std::string(anjian_last_error()).find("facts"), std::string::npos) << anjian_last_error();
}

TEST(CAbi, ADateThatIsNotYyyyMmDdIsRefusedByKey) {
    char* out = nullptr;
    const char* q = R"({"provision": "accident_unit", "act_date": "2023-1-1", "facts": {"level": "较大"}})";
    EXPECT_EQ(anjian_penalty_recommend(engine(), q, &out), ANJIAN_ERROR_INPUT);
    EXPECT_STREQ(anjian_last_error_key(), "act_date");
}

TEST(CAbi, TextThatIsNotJsonIsAnArgumentError) {
    char* out = nullptr;
    EXPECT_EQ(anjian_penalty_recommend(engine(), "{provision: x", &out), ANJIAN_ERROR_ARGUMENT);
    EXPECT_NE(std::string(anjian_last_error()).find("request_json is not JSON"), std::string::npos);
}

TEST(CAbi, NullArgumentsAreNamedNotDereferenced) {
    char* out = nullptr;
    EXPECT_EQ(anjian_penalty_recommend(nullptr, "{}", &out), ANJIAN_ERROR_ARGUMENT);
    EXPECT_STREQ(anjian_last_error(), "engine is NULL");
    EXPECT_EQ(anjian_penalty_recommend(engine(), nullptr, &out), ANJIAN_ERROR_ARGUMENT);
    EXPECT_STREQ(anjian_last_error(), "request_json is NULL");
    EXPECT_EQ(anjian_table_new(5, nullptr), ANJIAN_ERROR_ARGUMENT);
    EXPECT_STREQ(anjian_last_error(), "out is NULL");
    const char* packs[] = {"national/penalties", nullptr};
    anjian_penalty_engine* e = nullptr;
    EXPECT_EQ(anjian_penalty_engine_new(packs, 2, &e), ANJIAN_ERROR_ARGUMENT);
    EXPECT_STREQ(anjian_last_error(), "packs[1] is NULL");
    EXPECT_EQ(e, nullptr);
    EXPECT_EQ(anjian_table_rows(nullptr), -1);
    anjian_table_free(nullptr), anjian_result_free(nullptr), anjian_penalty_engine_free(nullptr);  // no-ops
}

TEST(CAbi, APackOfAnotherKindIsRefusedByTheEngineNamingIt) {
    const char* packs[] = {"national/accidents"};
    anjian_penalty_engine* e = nullptr;
    EXPECT_EQ(anjian_penalty_engine_new(packs, 1, &e), ANJIAN_ERROR_REFUSED);
    EXPECT_NE(std::string(anjian_last_error()).find("'national/accidents' is a 'accident_levels' pack"), std::string::npos)
        << anjian_last_error();
}

TEST(CAbi, APackWithProblemsNamesFileLineAndKey) {
    const std::string path = ::testing::TempDir() + "c_abi_bad_pack.yaml";
    std::ofstream(path) << "anjian_pack: 2\nname: t/bad\nkind: accidents\nversion: '1'\nsource: s\nlevels: 3\n";
    EXPECT_EQ(anjian_pack_validate(path.c_str()), ANJIAN_ERROR_RULES);
    EXPECT_EQ(std::string(anjian_last_error_file()), path);
    EXPECT_NE(std::string(anjian_last_error()).find(path + ":"), std::string::npos) << anjian_last_error();
    EXPECT_EQ(anjian_pack_validate((std::string(ANJIAN_SOURCE_DIR) + "/rules/national/accidents.yaml").c_str()),
              ANJIAN_OK)
        << anjian_last_error();
    char* names = nullptr;
    ASSERT_EQ(anjian_builtin_packs(&names), ANJIAN_OK);
    const json builtin = json::parse(take(names));
    EXPECT_NE(std::find(builtin.begin(), builtin.end(), "national/penalties"), builtin.end());
    for (const auto& name : builtin)  // every built-in pack passes every check loading runs
        EXPECT_EQ(anjian_pack_validate(name.get<std::string>().c_str()), ANJIAN_OK) << anjian_last_error();
}

// recommend_many gives, row by row, what recommend gives; a row it cannot judge is refused by row
// and column, or with ANJIAN_REFUSE_ROWS answered with its reason.
TEST(CAbi, RecommendManyEqualsRecommendRowByRow) {
    const char* provisions[] = {"accident_unit", "accident_unit", "management_failures", "accident_unit"};
    const char* levels[] = {"一般", "较大", nullptr, "重大"};
    const char* stages[] = {nullptr, nullptr, "first", nullptr};
    const std::int32_t acts[] = {day(2021, 8, 31), day(2023, 1, 1), day(2023, 1, 1), day(2010, 1, 1)};
    auto t = table(4);
    ASSERT_EQ(anjian_table_add_text(t.get(), "provision", provisions), ANJIAN_OK);
    ASSERT_EQ(anjian_table_add_text(t.get(), "level", levels), ANJIAN_OK);
    ASSERT_EQ(anjian_table_add_text(t.get(), "stage", stages), ANJIAN_OK);
    ASSERT_EQ(anjian_table_add_date(t.get(), "act_date", acts, nullptr), ANJIAN_OK);
    const char* facts[] = {"level", "stage"};
    anjian_result* raw = nullptr;
    EXPECT_EQ(anjian_penalty_recommend_many(engine(), t.get(), facts, 2, ANJIAN_REFUSE_CALL, &raw), ANJIAN_ERROR_INPUT);
    EXPECT_EQ(raw, nullptr);
    EXPECT_EQ(anjian_last_error_row(), 3);  // the act of 2010: no edition encoded
    ASSERT_EQ(anjian_penalty_recommend_many(engine(), t.get(), facts, 2, ANJIAN_REFUSE_ROWS, &raw), ANJIAN_OK)
        << anjian_last_error();
    const Result r(raw);
    const auto min = ints(r.get(), "min_fen"), max = ints(r.get(), "max_fen");
    for (int i = 0; i < 3; ++i) {
        SCOPED_TRACE(i);
        json q{{"provision", provisions[i]}, {"act_date", anjian::to_iso(anjian::from_day_number(acts[i]))}};
        q["facts"] = json::object();
        if (levels[i]) q["facts"]["level"] = levels[i];
        if (stages[i]) q["facts"]["stage"] = stages[i];
        char* out = nullptr;
        ASSERT_EQ(anjian_penalty_recommend(engine(), q.dump().c_str(), &out), ANJIAN_OK) << anjian_last_error();
        const json one = json::parse(take(out));
        EXPECT_EQ(anjian::Money::from_fen(min[static_cast<std::size_t>(i)]).yuan_str(), one["min_yuan"]);
        EXPECT_EQ(anjian::Money::from_fen(max[static_cast<std::size_t>(i)]).yuan_str(), one["max_yuan"]);
        EXPECT_EQ(text_at(r.get(), "basis", i), one["basis"]["text"]);
        EXPECT_EQ(text_at(r.get(), "law_version", i), one["law_version"]);
        EXPECT_EQ(text_at(r.get(), "band", i), one["band"]);
        EXPECT_EQ(anjian_result_text(r.get(), "refused", i), nullptr);
    }
    EXPECT_EQ(anjian_result_valid(r.get(), "min_fen", 3), 0);
    EXPECT_NE(text_at(r.get(), "refused", 3).find("2010-01-01"), std::string::npos) << text_at(r.get(), "refused", 3);
}

TEST(CAbi, ResultColumnsAreReadByNameAndType) {
    const double m[] = {1, 2, 3, 4};
    anjian_result* raw = nullptr;
    ASSERT_EQ(anjian_rank(m, 2, 2, nullptr, nullptr, nullptr, "weighted_sum", nullptr, nullptr, 0.5, 1, 1, &raw),
              ANJIAN_OK);
    const Result r(raw);
    EXPECT_EQ(anjian_result_columns(r.get()), 5);
    EXPECT_STREQ(anjian_result_column_name(r.get(), 0), "score");
    EXPECT_EQ(anjian_result_column_name(r.get(), 5), nullptr);
    EXPECT_EQ(anjian_result_column_type(r.get(), "rank"), ANJIAN_INT64);
    EXPECT_EQ(anjian_result_column_type(r.get(), "nope"), ANJIAN_NO_COLUMN);
    EXPECT_EQ(anjian_result_float64(r.get(), "rank"), nullptr);
    EXPECT_STREQ(anjian_last_error(), "column 'rank' holds int64, not float64");
    EXPECT_EQ(anjian_result_int64(r.get(), "ranks"), nullptr);
    EXPECT_STREQ(anjian_last_error(), "no column 'ranks' in the result (has: score, rank, red, black, weight)");
    EXPECT_EQ(anjian_result_length(r.get(), "weight"), 2);
    EXPECT_EQ(anjian_result_valid(r.get(), "score", 2), -1);
}

// The C ranking is the C++ ranking: scores, ranks and weights of rk::evaluate, lists by rank.
TEST(CAbi, RankGivesTheScoresRanksAndListsOfTheCppRanking) {
    const std::vector<double> m = {0.9, 12, 0.7, 30, 0.8, 20, 0.4, 5, 0.95, 40};
    const std::int32_t directions[] = {1, -1};
    for (const char* method : {"weighted_sum", "topsis", "vikor"})
        for (const char* weighting : {"entropy", "critic", "given"}) {
            SCOPED_TRACE(std::string(method) + " " + weighting);
            const double given[] = {3, 1};
            anjian_result* raw = nullptr;
            ASSERT_EQ(anjian_rank(m.data(), 5, 2, weighting, given, directions, method, nullptr, nullptr, 0.5, 1, 2, &raw),
                      ANJIAN_OK)
                << anjian_last_error();
            const Result r(raw);
            namespace rk = anjian::ranking;
            const rk::Matrix x = Eigen::Map<const rk::Matrix>(m.data(), 5, 2);
            const std::vector<int> dirs{1, -1};
            const rk::Vector w = std::string(weighting) == "entropy" ? rk::entropy_weights(x).weights
                                 : std::string(weighting) == "critic"
                                     ? rk::critic_weights(x, dirs).weights
                                     : rk::given_weights({3, 1}, 2);
            const auto want = rk::evaluate(x, w, dirs, rk::make_options(method, "", "min", 0.5));
            EXPECT_EQ(reals(r.get(), "score"), std::vector<double>(want.scores.data(), want.scores.data() + 5));
            EXPECT_EQ(ints(r.get(), "rank"), std::vector<std::int64_t>(want.ranks.begin(), want.ranks.end()));
            EXPECT_EQ(reals(r.get(), "weight"), std::vector<double>(w.data(), w.data() + 2));
            const auto lists = rk::lists_by_rank(want.ranks, 1, 2);
            EXPECT_EQ(ints(r.get(), "red"), std::vector<std::int64_t>(lists.red.begin(), lists.red.end()));
            EXPECT_EQ(ints(r.get(), "black"), std::vector<std::int64_t>(lists.black.begin(), lists.black.end()));
        }
}

TEST(CAbi, RankRefusesABadShapeAndAnUnknownMethodByName) {
    const double m[] = {1, 2};
    anjian_result* raw = nullptr;
    EXPECT_EQ(anjian_rank(m, 0, 2, nullptr, nullptr, nullptr, "topsis", nullptr, nullptr, 0.5, 0, 0, &raw),
              ANJIAN_ERROR_ARGUMENT);
    EXPECT_EQ(anjian_rank(m, 1, 2, nullptr, nullptr, nullptr, "electre", nullptr, nullptr, 0.5, 0, 0, &raw),
              ANJIAN_ERROR_REFUSED);
    EXPECT_NE(std::string(anjian_last_error()).find("weighted_sum, topsis, vikor"), std::string::npos);
    EXPECT_EQ(anjian_rank(m, 1, 2, "given", nullptr, nullptr, "topsis", nullptr, nullptr, 0.5, 0, 0, &raw),
              ANJIAN_ERROR_ARGUMENT);
    EXPECT_STREQ(anjian_last_error(), "weights is NULL");
    EXPECT_EQ(raw, nullptr);
}

TEST(CAbi, RankBatchEqualsRankPeriodByPeriod) {
    const std::vector<double> m = {0.9, 12, 0.7, 30, 0.8, 20, /* period 2 */ 0.1, 1, 0.5, 3, 0.2, 9};
    const std::int32_t directions[] = {1, -1};
    anjian_result* raw = nullptr;
    ASSERT_EQ(anjian_rank_batch(m.data(), 2, 3, 2, "entropy", nullptr, directions, "topsis", nullptr, nullptr, 0.5, 2,
                                &raw),
              ANJIAN_OK)
        << anjian_last_error();
    const Result batch(raw);
    const auto scores = reals(batch.get(), "score");
    const auto ranks = ints(batch.get(), "rank");
    for (std::size_t p = 0; p < 2; ++p) {
        ASSERT_EQ(anjian_rank(m.data() + 6 * p, 3, 2, "entropy", nullptr, directions, "topsis", nullptr, nullptr, 0.5, 0,
                              0, &raw),
                  ANJIAN_OK);
        const Result one(raw);
        EXPECT_EQ(std::vector<double>(scores.begin() + 3 * p, scores.begin() + 3 * p + 3), reals(one.get(), "score"));
        EXPECT_EQ(std::vector<std::int64_t>(ranks.begin() + 3 * p, ranks.begin() + 3 * p + 3), ints(one.get(), "rank"));
    }
}

// 生产安全事故报告和调查处理条例 第三条 through the C ABI: a batch gives each row's scalar level;
// a row with a negative count is refused naming its row and column.
TEST(CAbi, AccidentClassifyManyEqualsClassifyRowByRow) {
    anjian_accident_rules* rules = nullptr;
    ASSERT_EQ(anjian_accident_rules_new(nullptr, &rules), ANJIAN_OK);
    std::unique_ptr<anjian_accident_rules, Deleter<anjian_accident_rules, anjian_accident_rules_free>> hold(rules);
    const std::int64_t deaths[] = {2, 3, 0, 30, -1};
    const std::int64_t injured[] = {9, 0, 10, 0, 0};
    const double loss_yuan[] = {0, 0, 0, 0, 0};
    auto t = table(5);
    ASSERT_EQ(anjian_table_add_int64(t.get(), "deaths", deaths, nullptr), ANJIAN_OK);
    ASSERT_EQ(anjian_table_add_int64(t.get(), "serious_injuries", injured, nullptr), ANJIAN_OK);
    ASSERT_EQ(anjian_table_add_float64(t.get(), "direct_loss_yuan", loss_yuan, nullptr), ANJIAN_OK);
    anjian_result* raw = nullptr;
    EXPECT_EQ(anjian_accident_classify_many(rules, t.get(), ANJIAN_REFUSE_CALL, &raw), ANJIAN_ERROR_INPUT);
    EXPECT_EQ(anjian_last_error_row(), 4);
    EXPECT_STREQ(anjian_last_error_column(), "deaths");
    ASSERT_EQ(anjian_accident_classify_many(rules, t.get(), ANJIAN_REFUSE_ROWS, &raw), ANJIAN_OK);
    const Result r(raw);
    const auto level = ints(r.get(), "level");
    for (std::size_t i = 0; i < 4; ++i) {
        std::int32_t one = 0;
        char* why = nullptr;
        ASSERT_EQ(anjian_accident_classify(rules, deaths[i], injured[i], 0, &one, &why), ANJIAN_OK);
        EXPECT_FALSE(take(why).empty());
        EXPECT_EQ(level[i], one);
    }
    EXPECT_EQ(level, (std::vector<std::int64_t>{1, 2, 2, 4, 0}));  // 3 deaths: 较大; 30: 特别重大
    EXPECT_EQ(anjian_result_valid(r.get(), "level", 4), 0);
    std::int32_t one = 0;
    EXPECT_EQ(anjian_accident_classify(rules, 0, -1, 0, &one, nullptr), ANJIAN_ERROR_INPUT);
    EXPECT_STREQ(anjian_last_error_column(), "serious_injuries");
}

// GB 18218-2018: one unit as JSON, S exactly 1 is a major hazard source and a gram less is not;
// the batch over the same inventory gives the same S, grade and R.
TEST(CAbi, HazardIdentifyJsonAgreesWithTheBatchAtTheThreshold) {
    anjian_hazard_table* gb = nullptr;
    ASSERT_EQ(anjian_hazard_table_new(nullptr, &gb), ANJIAN_OK);
    std::unique_ptr<anjian_hazard_table, Deleter<anjian_hazard_table, anjian_hazard_table_free>> hold(gb);
    char* out = nullptr;
    // 氨 (液氨): Q = 10 t
    ASSERT_EQ(anjian_hazard_identify(gb, R"({"on": "2024-05-01", "exposed_people": 120, "lines": [{"substance": "氨", "tonnes": 10}]})",
                                     &out),
              ANJIAN_OK)
        << anjian_last_error();
    const json at = json::parse(take(out));
    EXPECT_EQ(at["s"], 1.0);
    EXPECT_EQ(at["is_major"], true);
    EXPECT_TRUE(at["grade"].is_number_integer());
    ASSERT_EQ(anjian_hazard_identify(gb, R"({"on": "2024-05-01", "exposed_people": 120, "lines": [{"substance": "氨", "tonnes": 9.999999}]})",
                                     &out),
              ANJIAN_OK);
    const json below = json::parse(take(out));
    EXPECT_EQ(below["is_major"], false);
    EXPECT_TRUE(below["r"].is_null());  // no R below S 1
    EXPECT_TRUE(below["grade"].is_null());

    const std::int64_t unit[] = {0, 1};
    const char* substance[] = {"氨", "氨"};
    const std::int64_t grams[] = {10'000'000, 9'999'999};
    const std::int64_t people[] = {120, 120};
    auto lines = table(2), units = table(2);
    ASSERT_EQ(anjian_table_add_int64(lines.get(), "unit", unit, nullptr), ANJIAN_OK);
    ASSERT_EQ(anjian_table_add_text(lines.get(), "substance", substance), ANJIAN_OK);
    ASSERT_EQ(anjian_table_add_int64(lines.get(), "q_grams", grams, nullptr), ANJIAN_OK);
    ASSERT_EQ(anjian_table_add_int64(units.get(), "people", people, nullptr), ANJIAN_OK);
    anjian_result* raw = nullptr;
    ASSERT_EQ(anjian_hazard_identify_many(gb, lines.get(), units.get(), "2024-05-01", ANJIAN_REFUSE_CALL, &raw),
              ANJIAN_OK)
        << anjian_last_error();
    const Result r(raw);
    EXPECT_EQ(reals(r.get(), "s")[0], at["s"].get<double>());
    EXPECT_EQ(reals(r.get(), "r")[0], at["r"].get<double>());
    EXPECT_EQ(ints(r.get(), "grade"), (std::vector<std::int64_t>{at["grade"].get<int>(), 0}));
    EXPECT_EQ(ints(r.get(), "is_major"), (std::vector<std::int64_t>{1, 0}));
}

TEST(CAbi, HazardIdentifyBeforeTheStandardTookEffectIsRefused) {
    anjian_hazard_table* gb = nullptr;
    ASSERT_EQ(anjian_hazard_table_new(nullptr, &gb), ANJIAN_OK);
    std::unique_ptr<anjian_hazard_table, Deleter<anjian_hazard_table, anjian_hazard_table_free>> hold(gb);
    char* out = nullptr;
    EXPECT_NE(anjian_hazard_identify(gb, R"({"on": "2019-02-28", "lines": [{"substance": "氨", "tonnes": 10}]})", &out),
              ANJIAN_OK);
    EXPECT_NE(std::string(anjian_last_error()).find("on 2019-02-28 GB 18218-2009 危险化学品重大危险源辨识 applies, which is "
                                                    "not encoded"),
              std::string::npos)
        << anjian_last_error();
    EXPECT_EQ(anjian_hazard_identify(gb, R"({"on": "2024-05-01", "lines": [{"substance": "氨", "tonnes": -1}]})", &out),
              ANJIAN_ERROR_INPUT);
    EXPECT_STREQ(anjian_last_error_key(), "lines[0].tonnes");
}

TEST(CAbi, HazardAssessManyEqualsAssessRowByRow) {
    anjian_hazard_standard* std_ = nullptr;
    ASSERT_EQ(anjian_hazard_standard_new("coal", "2024-06-01", nullptr, &std_), ANJIAN_OK) << anjian_last_error();
    std::unique_ptr<anjian_hazard_standard, Deleter<anjian_hazard_standard, anjian_hazard_standard_free>> hold(std_);
    anjian_hazard_standard* none = nullptr;
    EXPECT_NE(anjian_hazard_standard_new("coal", "2010-01-01", nullptr, &none), ANJIAN_OK);
    EXPECT_EQ(none, nullptr);
    // A finding of the coal standard, read from its declared facts: the first boolean one.
    char* out = nullptr;
    ASSERT_EQ(anjian_hazard_assess(std_, "{}", &out), ANJIAN_OK) << anjian_last_error();
    const json empty = json::parse(take(out));
    EXPECT_EQ(empty["is_major_hazard"], false);
    ASSERT_FALSE(empty["not_assessed"].empty());
    EXPECT_EQ(anjian_hazard_assess(std_, R"({"no_such_finding": true})", &out), ANJIAN_ERROR_INPUT);
    EXPECT_STREQ(anjian_last_error_key(), "no_such_finding");

    // 煤矿条例 第三十六条: 瓦斯超限作业; 有严重水患 only where no effective measures were taken.
    const std::uint8_t gas[] = {1, 0, 0, 0}, gas_valid[] = {1, 1, 1, 0};
    const std::uint8_t water[] = {0, 1, 1, 0}, measures[] = {0, 0, 1, 0};
    auto t = table(4);
    ASSERT_EQ(anjian_table_add_bool(t.get(), "gas_over_limit_operation", gas, gas_valid), ANJIAN_OK);
    ASSERT_EQ(anjian_table_add_bool(t.get(), "serious_water_hazard", water, nullptr), ANJIAN_OK);
    ASSERT_EQ(anjian_table_add_bool(t.get(), "water_hazard_measures_effective", measures, nullptr), ANJIAN_OK);
    const char* findings[] = {"gas_over_limit_operation", "serious_water_hazard", "water_hazard_measures_effective"};
    anjian_result* raw = nullptr;
    ASSERT_EQ(anjian_hazard_assess_many(std_, t.get(), findings, 3, ANJIAN_REFUSE_CALL, &raw), ANJIAN_OK)
        << anjian_last_error();
    const Result r(raw);
    std::vector<std::vector<std::string>> batch(4);
    const auto rows = ints(r.get(), "row");
    for (std::size_t k = 0; k < rows.size(); ++k)
        batch[static_cast<std::size_t>(rows[k])].push_back(text_at(r.get(), "id", static_cast<std::int64_t>(k)));
    for (std::size_t i = 0; i < 4; ++i) {
        SCOPED_TRACE(i);
        json f = json::object();
        if (gas_valid[i]) f["gas_over_limit_operation"] = gas[i] == 1;
        f["serious_water_hazard"] = water[i] == 1;
        f["water_hazard_measures_effective"] = measures[i] == 1;
        ASSERT_EQ(anjian_hazard_assess(std_, f.dump().c_str(), &out), ANJIAN_OK) << anjian_last_error();
        const json assessed = json::parse(take(out));
        std::vector<std::string> one;
        for (const auto& m : assessed["matched"]) one.push_back(m["id"]);
        EXPECT_EQ(batch[i], one);
    }
    EXPECT_EQ(batch[0], std::vector<std::string>{"coal.2"});
    EXPECT_EQ(batch[1].size(), 1u);  // the water hazard without effective measures
    EXPECT_TRUE(batch[2].empty());   // with them: not a 重大事故隐患
}

// 约谈: 2 重大 accidents within 30 days fire once; the 31st day is out.
TEST(CAbi, TriggersFireOverEventColumns) {
    anjian_trigger_rules* rules = nullptr;
    ASSERT_EQ(anjian_trigger_rules_new(nullptr, &rules), ANJIAN_OK) << anjian_last_error();
    std::unique_ptr<anjian_trigger_rules, Deleter<anjian_trigger_rules, anjian_trigger_rules_free>> hold(rules);
    for (const int second : {31, 32}) {
        SCOPED_TRACE(second);
        const std::int32_t days[] = {day(2024, 1, 1), second == 31 ? day(2024, 1, 31) : day(2024, 2, 1)};
        const char* kind[] = {"accident", "accident"};
        const char* same[] = {"甲", "甲"};
        const double level[] = {3, 3};
        auto t = table(2);
        ASSERT_EQ(anjian_table_add_date(t.get(), "date", days, nullptr), ANJIAN_OK);
        ASSERT_EQ(anjian_table_add_date(t.get(), "decision_date", days, nullptr), ANJIAN_OK);
        ASSERT_EQ(anjian_table_add_text(t.get(), "kind", kind), ANJIAN_OK);
        for (const char* name : {"unit", "region", "province", "city", "type"})
            ASSERT_EQ(anjian_table_add_text(t.get(), name, same), ANJIAN_OK);
        ASSERT_EQ(anjian_table_add_float64(t.get(), "level", level, nullptr), ANJIAN_OK);
        anjian_result* raw = nullptr;
        ASSERT_EQ(anjian_triggers_evaluate(rules, t.get(), ANJIAN_REFUSE_CALL, &raw), ANJIAN_OK) << anjian_last_error();
        const Result r(raw);
        int interviews = 0;
        for (std::int64_t k = 0; k < anjian_result_length(r.get(), "rule"); ++k)
            if (text_at(r.get(), "rule", k) == "interview_two_major_30_days") {
                ++interviews;
                const auto begin = ints(r.get(), "begin")[static_cast<std::size_t>(k)];
                const auto stop = ints(r.get(), "stop")[static_cast<std::size_t>(k)];
                const auto rows = ints(r.get(), "rows");
                EXPECT_EQ(std::vector<std::int64_t>(rows.begin() + begin, rows.begin() + stop),
                          (std::vector<std::int64_t>{0, 1}));
            }
        EXPECT_EQ(interviews, second == 31 ? 1 : 0);
    }
}

// 立案率 = cases filed / enterprises inspected, a ratio of the period's sums; an indicator whose
// field is not a column has no value rather than a zero.
TEST(CAbi, IndicatorsAreRatiosOfThePeriodsSums) {
    anjian_catalog* cat = nullptr;
    ASSERT_EQ(anjian_catalog_new(nullptr, &cat), ANJIAN_OK);
    std::unique_ptr<anjian_catalog, Deleter<anjian_catalog, anjian_catalog_free>> hold(cat);
    const std::int64_t unit[] = {0, 0, 1, 1, 1};
    const std::int32_t days[] = {day(2024, 1, 5), day(2024, 3, 9), day(2024, 2, 1), day(2024, 6, 30), day(2024, 7, 1)};
    const std::int64_t inspected[] = {1, 1, 1, 1, 1}, filed[] = {0, 1, 1, 1, 1};
    auto t = table(5);
    ASSERT_EQ(anjian_table_add_int64(t.get(), "unit", unit, nullptr), ANJIAN_OK);
    ASSERT_EQ(anjian_table_add_date(t.get(), "date", days, nullptr), ANJIAN_OK);
    ASSERT_EQ(anjian_table_add_int64(t.get(), "enterprises_inspected", inspected, nullptr), ANJIAN_OK);
    ASSERT_EQ(anjian_table_add_int64(t.get(), "cases_filed", filed, nullptr), ANJIAN_OK);
    anjian_result* raw = nullptr;
    ASSERT_EQ(anjian_indicators_compute(cat, t.get(), "unit", 3, "date", "2024-H1", &raw), ANJIAN_OK)
        << anjian_last_error();
    const Result r(raw);
    const auto rate = reals(r.get(), "filing_rate");
    EXPECT_EQ(rate[0], 0.5);
    EXPECT_EQ(rate[1], 1.0);  // the July event is outside the half-year
    EXPECT_EQ(anjian_result_valid(r.get(), "filing_rate", 2), 0);  // unit 2 reported nothing
    EXPECT_EQ(ints(r.get(), "months_reported"), (std::vector<std::int64_t>{2, 2, 0}));
    EXPECT_EQ(anjian_result_valid(r.get(), "hazards_found", 0), 0);  // not a column: no figure
    EXPECT_EQ(anjian_indicators_compute(cat, t.get(), "unit", 3, "date", "2024-13", &raw), ANJIAN_ERROR_REFUSED);
}

TEST(CAbi, ATableColumnOfTheWrongLengthOrTypeIsNamed) {
    auto t = table(2);
    const double x[] = {1, 2};
    ASSERT_EQ(anjian_table_add_float64(t.get(), "deaths", x, nullptr), ANJIAN_OK);
    EXPECT_EQ(anjian_table_add_float64(t.get(), "deaths", x, nullptr), ANJIAN_ERROR_INPUT);
    EXPECT_STREQ(anjian_last_error_column(), "deaths");
    const std::uint8_t flags[] = {0, 2};
    EXPECT_EQ(anjian_table_add_bool(t.get(), "aggravated", flags, nullptr), ANJIAN_ERROR_INPUT);
    EXPECT_EQ(anjian_last_error_row(), 1);
    EXPECT_EQ(anjian_table_add_int64(t.get(), "serious", nullptr, nullptr), ANJIAN_ERROR_ARGUMENT);
    anjian_table* bad = nullptr;
    EXPECT_EQ(anjian_table_new(-1, &bad), ANJIAN_ERROR_ARGUMENT);
    EXPECT_EQ(bad, nullptr);
}

namespace {

int released_arrays = 0, released_schemas = 0;

}  // namespace

// An Arrow array is taken over, read where it lies and released once, when the table is freed.
TEST(CAbi, AnArrowArrayIsTakenOverAndReleasedWithTheTable) {
    static std::int64_t values[] = {2, 3};
    static const void* buffers[] = {nullptr, values};
    ArrowSchema schema{"l", "deaths", nullptr, 0, 0, nullptr, nullptr,
                       [](ArrowSchema* s) { ++released_schemas, s->release = nullptr; }, nullptr};
    ArrowArray array{2, 0, 0, 2, 0, buffers, nullptr, nullptr,
                     [](ArrowArray* a) { ++released_arrays, a->release = nullptr; }, nullptr};
    {
        auto t = table(2);
        ASSERT_EQ(anjian_table_add_arrow(t.get(), nullptr, &schema, &array), ANJIAN_OK) << anjian_last_error();
        EXPECT_EQ(array.release, nullptr);  // moved: the caller's struct is released
        EXPECT_EQ(released_arrays, 0);
        const std::int64_t zero[] = {0, 0};
        ASSERT_EQ(anjian_table_add_int64(t.get(), "serious_injuries", zero, nullptr), ANJIAN_OK);
        ASSERT_EQ(anjian_table_add_int64(t.get(), "direct_loss_yuan", zero, nullptr), ANJIAN_OK);
        anjian_accident_rules* rules = nullptr;
        ASSERT_EQ(anjian_accident_rules_new(nullptr, &rules), ANJIAN_OK);
        anjian_result* raw = nullptr;
        EXPECT_EQ(anjian_accident_classify_many(rules, t.get(), ANJIAN_REFUSE_CALL, &raw), ANJIAN_OK);
        const Result r(raw);
        EXPECT_EQ(ints(r.get(), "level"), (std::vector<std::int64_t>{1, 2}));
        anjian_accident_rules_free(rules);
    }
    EXPECT_EQ(released_arrays, 1);
    EXPECT_EQ(released_schemas, 1);
}

// Handles are read-only after creation: one engine answers many threads at once, each with its own
// last error.
TEST(CAbi, OneEngineServesManyThreads) {
    std::vector<std::thread> threads;
    std::vector<std::string> answers(4), errors(4);
    for (int k = 0; k < 4; ++k)
        threads.emplace_back([k, &answers, &errors] {
            for (int i = 0; i < 50; ++i) {
                char* out = nullptr;
                const std::string q = k % 2 ? R"({"provision": "accident_unit", "act_date": "2023-01-01", "facts": {"level": "较大"}})"
                                            : R"({"provision": "accident_unit", "act_date": "2023-01-01"})";
                if (anjian_penalty_recommend(engine(), q.c_str(), &out) == ANJIAN_OK)
                    answers[static_cast<std::size_t>(k)] = json::parse(take(out))["max_yuan"];
                else
                    errors[static_cast<std::size_t>(k)] = anjian_last_error();
            }
        });
    for (auto& t : threads) t.join();
    for (int k = 0; k < 4; ++k) {
        if (k % 2) {
            EXPECT_EQ(answers[static_cast<std::size_t>(k)], "2000000");
            EXPECT_EQ(errors[static_cast<std::size_t>(k)], "");
        } else {
            EXPECT_NE(errors[static_cast<std::size_t>(k)], "");
        }
    }
    EXPECT_STREQ(anjian_last_error(), "");  // this thread made no failing call
}
