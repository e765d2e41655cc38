// Ranking: literature examples with the numbers printed in their sources, the definitions
// of each normalisation and weighting, tie policies, lists, points and the ranking pack.
#include <gtest/gtest.h>

#include <anjian/ranking/methods.hpp>
#include <anjian/rules/ranking.hpp>
#include <random>

namespace rk = anjian::ranking;

namespace {

rk::Matrix mat(std::initializer_list<std::initializer_list<double>> rows) {
    rk::Matrix m(static_cast<Eigen::Index>(rows.size()), static_cast<Eigen::Index>(rows.begin()->size()));
    Eigen::Index i = 0;
    for (const auto& r : rows) {
        Eigen::Index j = 0;
        for (const double v : r) m(i, j++) = v;
        ++i;
    }
    return m;
}

rk::Vector vec(std::initializer_list<double> v) {
    rk::Vector out(static_cast<Eigen::Index>(v.size()));
    Eigen::Index i = 0;
    for (const double x : v) out(i++) = x;
    return out;
}

void expect_near(const rk::Vector& got, const std::vector<double>& want, double tol) {
    ASSERT_EQ(got.size(), static_cast<Eigen::Index>(want.size()));
    Eigen::Index i = 0;
    for (const double w : want) EXPECT_NEAR(got(i++), w, tol) << "element " << i - 1;
}

rk::Options with(rk::Method m) {
    rk::Options o;
    o.method = m;
    o.normalization = rk::default_normalization(m);
    return o;
}

// Opricovic & Tzeng (2007), "Extended VIKOR method in comparison with outranking methods",
// EJOR 178(2) 514-529: six reservoir alternatives on eight criteria.
const rk::Matrix reservoirs = mat({{4184.3, 2914.0, 407.2, 251.0, 195, 244, 15, 2.41},
                                   {5211.9, 3630.0, 501.7, 308.3, 282, 346, 21, 1.41},
                                   {5021.3, 3920.5, 504.0, 278.6, 12, 56, 3, 4.42},
                                   {5566.1, 3957.9, 559.5, 335.3, 167, 268, 16, 3.36},
                                   {5060.5, 3293.5, 514.1, 284.2, 69, 90, 7, 4.04},
                                   {4317.9, 2925.9, 432.8, 239.3, 12, 55, 3, 4.36}});
const std::vector<int> reservoir_directions{1, -1, 1, 1, -1, -1, -1, 1};

}  // namespace

TEST(Topsis, TzengHuang2011WorkedExample) {
    // Tzeng & Huang (2011), Multiple Attribute Decision Making: Methods and Applications, CRC
    // Press: four alternatives, three benefit criteria, w = (0.3, 0.4, 0.3), vector normalisation;
    // closeness 0.5037, 0.6581, 0.7482, 0.3340 (printed to 4 decimals).
    const auto r = rk::evaluate(mat({{5, 8, 4}, {7, 6, 8}, {8, 8, 6}, {7, 4, 6}}), vec({0.3, 0.4, 0.3}), {1, 1, 1},
                                with(rk::Method::topsis));
    expect_near(r.scores, {0.5037, 0.6581, 0.7482, 0.3340}, 5e-5);
    EXPECT_EQ(r.ranks, (std::vector<int>{3, 2, 1, 4}));
}

TEST(Topsis, IdealTakesTheMinimumOfCostCriteria) {
    const auto r = rk::evaluate(mat({{1, 10}, {2, 20}, {3, 30}}), vec({0.5, 0.5}), {1, -1}, with(rk::Method::topsis));
    EXPECT_DOUBLE_EQ(r.ideal(0), r.weighted(2, 0));  // benefit: the largest
    EXPECT_DOUBLE_EQ(r.ideal(1), r.weighted(0, 1));  // cost: the smallest
    EXPECT_DOUBLE_EQ(r.anti_ideal(1), r.weighted(2, 1));
    for (Eigen::Index i = 0; i < 3; ++i) EXPECT_DOUBLE_EQ(r.scores(i), r.d_minus(i) / (r.d_plus(i) + r.d_minus(i)));
}

TEST(Topsis, IdenticalUnitsAllTieAtOneHalf) {
    const auto r = rk::evaluate(mat({{2, 3}, {2, 3}}), vec({0.5, 0.5}), {1, 1}, with(rk::Method::topsis));
    expect_near(r.scores, {0.5, 0.5}, 0);
    EXPECT_EQ(r.ranks, (std::vector<int>{1, 1}));
}

TEST(Vikor, OpricovicTzeng2004Example) {
    // Opricovic & Tzeng (2004), "Compromise solution by MCDM methods: A comparative analysis of
    // VIKOR and TOPSIS", EJOR 156(2) 445-455: risk (minimise) and altitude (maximise), w = 0.5 each.
    const auto r =
        rk::evaluate(mat({{1, 3000}, {2, 3750}, {5, 4500}}), vec({0.5, 0.5}), {-1, 1}, with(rk::Method::vikor));
    expect_near(r.R, {0.5, 0.25, 0.5}, 1e-12);
    expect_near(r.S, {0.5, 0.375, 0.5}, 1e-12);
    expect_near(r.Q, {1.0, 0.0, 1.0}, 1e-12);
    EXPECT_EQ(r.ranks, (std::vector<int>{2, 1, 2}));
    EXPECT_TRUE(r.acceptable_advantage);
    EXPECT_TRUE(r.acceptable_stability);
    EXPECT_EQ(r.compromise_set, (std::vector<int>{1}));
    EXPECT_FALSE(r.higher_is_better);
}

struct ReservoirCase {
    std::vector<double> weights;
    std::vector<double> R, S, Q;
    std::vector<int> ranks;
    bool advantage;
    std::vector<int> compromise;
};

class VikorOpricovicTzeng2007 : public ::testing::TestWithParam<ReservoirCase> {};

TEST_P(VikorOpricovicTzeng2007, MatchesThePublishedTable) {
    // The four weightings of the 2007 paper, values printed to 3 decimals.
    const auto& c = GetParam();
    const rk::Vector w = rk::given_weights(c.weights, 8);
    const auto r = rk::evaluate(reservoirs, w, reservoir_directions, with(rk::Method::vikor));
    expect_near(r.R, c.R, 6e-4);
    expect_near(r.S, c.S, 6e-4);
    expect_near(r.Q, c.Q, 6e-4);
    EXPECT_EQ(r.ranks, c.ranks);
    EXPECT_EQ(r.acceptable_advantage, c.advantage);
    EXPECT_TRUE(r.acceptable_stability);
    EXPECT_EQ(r.compromise_set, c.compromise);
}

INSTANTIATE_TEST_SUITE_P(Weightings, VikorOpricovicTzeng2007,
                         ::testing::Values(ReservoirCase{{1, 1, 1, 1, 1, 1, 1, 1},
                                                         {0.125, 0.125, 0.121, 0.125, 0.067, 0.125},
                                                         {0.692, 0.7, 0.29, 0.423, 0.28, 0.346},
                                                         {0.991, 1.0, 0.473, 0.670, 0.0, 0.578},
                                                         {5, 6, 2, 4, 1, 3},
                                                         true,
                                                         {4}},
                                           ReservoirCase{{2, 2, 2, 2, 1, 1, 1, 1},
                                                         {0.167, 0.114, 0.161, 0.167, 0.089, 0.167},
                                                         {0.701, 0.6, 0.386, 0.365, 0.317, 0.459},
                                                         {1.0, 0.533, 0.552, 0.563, 0.0, 0.686},
                                                         {6, 2, 3, 4, 1, 5},
                                                         true,
                                                         {4}},
                                           ReservoirCase{{1, 1, 1, 1, 2, 2, 2, 2},
                                                         {0.113, 0.167, 0.08, 0.122, 0.044, 0.083},
                                                         {0.683, 0.8, 0.193, 0.48, 0.243, 0.232},
                                                         {0.684, 1.0, 0.147, 0.554, 0.041, 0.191},
                                                         {5, 6, 2, 4, 1, 3},
                                                         false,
                                                         {2, 4, 5}},
                                           ReservoirCase{{1, 1, 1, 1, 3.2, 3.2, 3.2, 3.2},
                                                         {0.129, 0.190, 0.057, 0.139, 0.042, 0.060},
                                                         {0.678, 0.857, 0.138, 0.513, 0.222, 0.167},
                                                         {0.668, 1.0, 0.051, 0.588, 0.058, 0.078},
                                                         {5, 6, 1, 4, 2, 3},
                                                         false,
                                                         {2, 4, 5}}),
                         [](const ::testing::TestParamInfo<ReservoirCase>& param) {
                             return "W" + std::to_string(param.index + 1);
                         });

TEST(Critic, Diakoulaki1995Data) {
    // Diakoulaki, Mavrotas & Papayannakis (1995), "Determining objective weights in multiple
    // criteria problems: the CRITIC method", Comput. Oper. Res. 22(7) 763-770: eight
    // alternatives, three benefit criteria. Weights as reproduced by scikit-criteria's test suite.
    const auto w = rk::critic_weights(mat({{61, 1.08, 4.33},
                                           {20.7, 0.26, 4.34},
                                           {16.3, 1.98, 2.53},
                                           {9.0, 3.29, 1.65},
                                           {5.4, 2.77, 2.33},
                                           {4.0, 4.12, 1.21},
                                           {-6.1, 3.52, 2.10},
                                           {-34.6, 3.31, 0.98}}),
                                      {1, 1, 1});
    expect_near(w.weights, {0.20222554, 0.48090173, 0.31687273}, 1e-8);
}

TEST(Ahp, WikipediaLeaderExampleCriteria) {
    // "Analytic hierarchy process - leader example": Experience vs Education 4, vs Charisma 3,
    // vs Age 7; Education vs Charisma 1/3, vs Age 3; Age vs Charisma 1/5. Printed priorities
    // .547, .127, .270, .056 (three decimals; the eigenvector's 0.5476 is printed .547, so the
    // page truncates or used an approximation: agreement is to 1e-3).
    const auto r = rk::ahp_weights(
        mat({{1, 4, 3, 7}, {1.0 / 4, 1, 1.0 / 3, 3}, {1.0 / 3, 3, 1, 5}, {1.0 / 7, 1.0 / 3, 1.0 / 5, 1}}));
    expect_near(r.weights, {0.547, 0.127, 0.270, 0.056}, 1e-3);
    EXPECT_NEAR(r.ci, (r.lambda_max - 4) / 3, 1e-15);
    EXPECT_DOUBLE_EQ(r.ri, 0.90);
    EXPECT_NEAR(r.cr, r.ci / 0.90, 1e-15);
    EXPECT_TRUE(r.consistent());
}

TEST(Ahp, WikipediaLeaderExampleWholeHierarchy) {
    // The same example's candidates per criterion; overall priorities Tom .358, Dick .493, Harry .149.
    const auto three = [](double a, double b, double c) { return mat({{1, a, b}, {1 / a, 1, c}, {1 / b, 1 / c, 1}}); };
    const auto criteria =
        rk::ahp_weights(
            mat({{1, 4, 3, 7}, {1.0 / 4, 1, 1.0 / 3, 3}, {1.0 / 3, 3, 1, 5}, {1.0 / 7, 1.0 / 3, 1.0 / 5, 1}}))
            .weights;
    rk::Matrix local(3, 4);
    local.col(0) = rk::ahp_weights(three(1.0 / 4, 4, 9)).weights;        // experience
    local.col(1) = rk::ahp_weights(three(3, 1.0 / 5, 1.0 / 7)).weights;  // education
    local.col(2) = rk::ahp_weights(three(5, 9, 4)).weights;              // charisma
    local.col(3) = rk::ahp_weights(three(1.0 / 3, 5, 9)).weights;        // age
    expect_near(local * criteria, {0.358, 0.493, 0.149}, 5e-4);
}

TEST(Ahp, ConsistentMatrixHasLambdaNAndCrZero) {
    const rk::Vector w = vec({0.5, 0.3, 0.2});
    rk::Matrix a(3, 3);
    for (int i = 0; i < 3; ++i)
        for (int j = 0; j < 3; ++j) a(i, j) = w(i) / w(j);
    const auto r = rk::ahp_weights(a);
    expect_near(r.weights, {0.5, 0.3, 0.2}, 1e-12);
    EXPECT_NEAR(r.lambda_max, 3.0, 1e-12);
    EXPECT_NEAR(r.cr, 0.0, 1e-12);
}

TEST(Ahp, CrAboveOneTenthIsReportedInconsistent) {
    const auto r = rk::ahp_weights(mat({{1, 9, 1.0 / 9}, {1.0 / 9, 1, 9}, {9, 1.0 / 9, 1}}));  // a cycle
    EXPECT_GT(r.cr, 0.1);
    EXPECT_FALSE(r.consistent());
}

TEST(Ahp, TwoCriteriaHaveCrZero) {
    const auto r = rk::ahp_weights(mat({{1, 3}, {1.0 / 3, 1}}));
    expect_near(r.weights, {0.75, 0.25}, 1e-12);
    EXPECT_EQ(r.cr, 0.0);
}

TEST(Ahp, RefusesMatricesThatAreNotPositiveAndReciprocal) {
    EXPECT_THROW(rk::ahp_weights(mat({{1, 2}, {2, 1}})), anjian::error);          // not reciprocal
    EXPECT_THROW(rk::ahp_weights(mat({{1, -2}, {-0.5, 1}})), anjian::error);      // not positive
    EXPECT_THROW(rk::ahp_weights(mat({{2, 2}, {0.5, 2}})), anjian::error);        // diagonal not 1
    EXPECT_THROW(rk::ahp_weights(mat({{1, 2, 3}, {0.5, 1, 2}})), anjian::error);  // not square
}

TEST(Ahp, BeyondSaatysTableTheWeightsComeWithoutAConsistencyRatio) {
    const auto r = rk::ahp_weights(rk::Matrix::Ones(11, 11));
    EXPECT_NEAR(r.weights(0), 1.0 / 11, 1e-12);
    EXPECT_TRUE(std::isnan(r.ri));
    EXPECT_TRUE(std::isnan(r.cr));
    EXPECT_FALSE(r.consistent());
    EXPECT_EQ(rk::ahp_weights(rk::Matrix::Ones(10, 10)).ri, 1.49);
}

TEST(Entropy, FollowsItsDefinitionWithZeroLogZeroAsZero) {
    // Column 1: p = (1/2, 1/2): E = 1, no information. Column 2: p = (1/4, 3/4): E = H(p) / ln 2.
    // Column 3: p = (1, 0): E = 0 (0 ln 0 = 0), all information.
    const auto r = rk::entropy_weights(mat({{1, 1, 5}, {1, 3, 0}}));
    const double e2 = -(0.25 * std::log(0.25) + 0.75 * std::log(0.75)) / std::log(2.0);
    expect_near(r.entropy, {1.0, e2, 0.0}, 1e-15);
    const double d = (1 - e2) + 1;
    expect_near(r.weights, {0.0, (1 - e2) / d, 1 / d}, 1e-15);
}

TEST(Entropy, AllZeroColumnGetsNoWeightAndNoInformationAtAllGivesEqualWeights) {
    const auto r = rk::entropy_weights(mat({{0, 1}, {0, 3}}));
    EXPECT_EQ(r.weights(0), 0.0);
    EXPECT_DOUBLE_EQ(r.weights(1), 1.0);
    const auto flat = rk::entropy_weights(mat({{2, 7}, {2, 7}}));
    EXPECT_TRUE(flat.uninformative);
    expect_near(flat.weights, {0.5, 0.5}, 0);
    EXPECT_THROW(rk::entropy_weights(mat({{1, -1}, {2, 3}})), anjian::error);
    EXPECT_THROW(rk::entropy_weights(mat({{1, 2}})), anjian::error);  // one unit
}

TEST(Weights, EveryMethodSumsToOne) {
    std::mt19937 rng(5);
    std::uniform_real_distribution<double> u(0.0, 100.0);
    for (int t = 0; t < 50; ++t) {
        rk::Matrix x(7, 5);
        for (Eigen::Index i = 0; i < x.size(); ++i) x.data()[i] = u(rng);
        EXPECT_NEAR(rk::entropy_weights(x).weights.sum(), 1.0, 1e-12);
        EXPECT_NEAR(rk::critic_weights(x, {1, -1, 1, 1, -1}).weights.sum(), 1.0, 1e-12);
        EXPECT_GE(rk::entropy_weights(x).weights.minCoeff(), 0.0);
    }
    EXPECT_NEAR(rk::given_weights({2, 6}, 2).sum(), 1.0, 1e-15);
    EXPECT_THROW(rk::given_weights({1, -1}, 2), anjian::error);
    EXPECT_THROW(rk::given_weights({0, 0}, 2), anjian::error);
    EXPECT_THROW(rk::given_weights({1}, 2), anjian::error);
}

TEST(Normalize, EachFormulaForBenefitAndCost) {
    const rk::Matrix x = mat({{1, 1}, {3, 3}});
    const auto r = [&](rk::Normalization n) { return rk::normalize(x, n, {1, -1}, true); };
    EXPECT_EQ(r(rk::Normalization::minmax), mat({{0, 1}, {1, 0}}));
    const double norm = std::sqrt(10.0);
    EXPECT_TRUE(r(rk::Normalization::vector).isApprox(mat({{1 / norm, 1 - 1 / norm}, {3 / norm, 1 - 3 / norm}})));
    EXPECT_TRUE(r(rk::Normalization::max).isApprox(mat({{1.0 / 3, 1 - 1.0 / 3}, {1, 0}})));
    EXPECT_TRUE(r(rk::Normalization::sum).isApprox(mat({{0.25, 0.75}, {0.75, 0.25}})));
    EXPECT_TRUE(r(rk::Normalization::zscore).isApprox(mat({{-1, 1}, {1, -1}})));
}

TEST(Normalize, ColumnsThatCannotTellUnitsApartNeverDivideByZero) {
    const rk::Matrix x = mat({{5, 0}, {5, 0}, {5, 0}});
    EXPECT_EQ(rk::normalize(x, rk::Normalization::minmax, {1, 1}, true), rk::Matrix::Ones(3, 2));
    EXPECT_EQ(rk::normalize(x, rk::Normalization::zscore, {1, 1}, true), rk::Matrix::Zero(3, 2));
    EXPECT_EQ(rk::normalize(x, rk::Normalization::vector, {1, 1}, true).col(1), rk::Vector::Zero(3));
    EXPECT_EQ(rk::normalize(x, rk::Normalization::sum, {1, -1}, true).col(1), rk::Vector::Ones(3));
}

TEST(Normalize, NanAndNegativeValuesAreErrorsNamingTheCell) {
    rk::Matrix x = mat({{1, 2}, {3, 4}});
    x(1, 0) = std::nan("");
    try {
        rk::normalize(x, rk::Normalization::minmax, {1, 1}, true, {"filing_rate", "fines"});
        FAIL();
    } catch (const anjian::input_error& e) {
        EXPECT_EQ(e.where().row, 1);
        EXPECT_EQ(e.where().field, "filing_rate");
    }
    EXPECT_THROW(rk::normalize(mat({{-1, 2}, {3, 4}}), rk::Normalization::vector, {1, 1}, false), anjian::error);
    EXPECT_THROW(rk::normalize(mat({{1, 2}}), rk::Normalization::minmax, {1, 0}, false), anjian::error);
    EXPECT_THROW(rk::parse_normalization("softmax"), anjian::error);
}

TEST(Properties, ScaleFreeNormalisationsKeepRanksUnderPositiveScalingOfAColumn) {
    std::mt19937 rng(11);
    std::uniform_real_distribution<double> u(1.0, 50.0);
    for (const auto n : {rk::Normalization::minmax, rk::Normalization::vector, rk::Normalization::max,
                         rk::Normalization::sum, rk::Normalization::zscore})
        for (const auto m : {rk::Method::weighted_sum, rk::Method::topsis})
            for (int t = 0; t < 20; ++t) {
                rk::Matrix x(9, 4);
                for (Eigen::Index i = 0; i < x.size(); ++i) x.data()[i] = u(rng);
                rk::Options o;
                o.method = m, o.normalization = n;
                const std::vector<int> d{1, -1, 1, 1};
                const rk::Vector w = vec({0.1, 0.2, 0.3, 0.4});
                const auto before = rk::evaluate(x, w, d, o).ranks;
                x.col(2) *= 37.5;
                EXPECT_EQ(rk::evaluate(x, w, d, o).ranks, before);
            }
}

TEST(Properties, AddingADominatedUnitKeepsTheOrderOfTheOthersInWeightedSum) {
    std::mt19937 rng(3);
    std::uniform_real_distribution<double> u(1.0, 50.0);
    for (int t = 0; t < 50; ++t) {
        rk::Matrix x(6, 3);
        for (Eigen::Index i = 0; i < x.size(); ++i) x.data()[i] = u(rng);
        const std::vector<int> d{1, 1, -1};
        const rk::Vector w = vec({0.5, 0.3, 0.2});
        rk::Options o;  // weighted sum, min-max
        const auto before = rk::evaluate(x, w, d, o);
        rk::Matrix more(7, 3);
        more.topRows(6) = x;
        // dominated by every unit: no better than the column's worst in each criterion
        more(6, 0) = x.col(0).minCoeff(), more(6, 1) = x.col(1).minCoeff(), more(6, 2) = x.col(2).maxCoeff();
        const auto after = rk::evaluate(more, w, d, o);
        for (int i = 0; i < 6; ++i)
            for (int j = 0; j < 6; ++j)
                if (before.scores(i) > before.scores(j)) {
                    EXPECT_GT(after.scores(i), after.scores(j));
                }
        EXPECT_EQ(after.ranks[6], *std::max_element(after.ranks.begin(), after.ranks.end()));  // last (a tie if
        // a unit was already the worst everywhere)
    }
}

TEST(Ties, MinDenseAndOrdinal) {
    const rk::Vector s = vec({0.9, 0.5, 0.5, 0.1});
    EXPECT_EQ(rk::rank_scores(s, true, rk::Ties::min), (std::vector<int>{1, 2, 2, 4}));
    EXPECT_EQ(rk::rank_scores(s, true, rk::Ties::dense), (std::vector<int>{1, 2, 2, 3}));
    EXPECT_EQ(rk::rank_scores(s, true, rk::Ties::ordinal), (std::vector<int>{1, 2, 3, 4}));
    EXPECT_EQ(rk::rank_scores(s, false, rk::Ties::min), (std::vector<int>{4, 2, 2, 1}));
    // floating noise does not break a tie
    EXPECT_EQ(rk::rank_scores(vec({0.1 + 0.2, 0.3}), true, rk::Ties::min), (std::vector<int>{1, 1}));
}

TEST(Lists, TopAndBottomNeverOnBoth) {
    const auto l = rk::lists_by_rank({1, 2, 3, 4, 5, 6, 7}, 3, 3);
    EXPECT_EQ(l.red, (std::vector<bool>{true, true, true, false, false, false, false}));
    EXPECT_EQ(l.black, (std::vector<bool>{false, false, false, false, true, true, true}));
    const auto six = rk::lists_by_rank({1, 2, 3, 4, 5, 6}, 3, 3);  // exactly enough units
    EXPECT_EQ(six.black, (std::vector<bool>{false, false, false, true, true, true}));
}

TEST(Lists, TooFewUnitsForBothListsIsAnErrorUnlessTheConfigurationAllowsAReduction) {
    EXPECT_THROW(rk::lists_by_rank({1, 2, 3, 4, 5}, 3, 3), anjian::input_error);
    const auto small = rk::lists_by_rank({1, 2, 3, 4, 5}, 3, 3, true);  // the black list shrinks to 2
    EXPECT_EQ(small.red, (std::vector<bool>{true, true, true, false, false}));
    EXPECT_EQ(small.black, (std::vector<bool>{false, false, false, true, true}));
}

TEST(Lists, EveryoneTiedAtAnEdgeIsOnTheList) {
    const auto tied = rk::lists_by_rank({1, 2, 3, 3, 5, 6, 6}, 3, 1);
    EXPECT_EQ(tied.red, (std::vector<bool>{true, true, true, true, false, false, false}));
    EXPECT_EQ(tied.black, (std::vector<bool>{false, false, false, false, false, true, true}));
    // Dense places: the third-best place is 1, so the red list is the three units tied first.
    EXPECT_EQ(rk::lists_by_rank({1, 1, 1, 2, 2, 3}, 3, 1).red, (std::vector<bool>{true, true, true, false, false, false}));
    EXPECT_EQ(rk::lists_by_rank({1, 2, 3}, 0, 0).red, (std::vector<bool>{false, false, false}));
}

TEST(Lists, ByScoreThresholds) {
    const auto l = rk::lists_by_score(vec({0.9, 0.6, 0.2}), true, 0.8, 0.3);
    EXPECT_EQ(l.red, (std::vector<bool>{true, false, false}));
    EXPECT_EQ(l.black, (std::vector<bool>{false, false, true}));
    EXPECT_THROW(rk::lists_by_score(vec({0.5}), true, 0.4, 0.6), anjian::error);
}

TEST(Points, FirstThreePlusTwoLastThreeMinusTwo) {
    const std::vector<rk::PointBand> bands{{true, 3, 2}, {false, 3, -2}};
    EXPECT_EQ(rk::points_for({1, 2, 3, 4, 5, 6, 7}, bands), (std::vector<double>{2, 2, 2, 0, -2, -2, -2}));
}

TEST(Batch, EqualsOneRankingPerPeriod) {
    std::mt19937 rng(9);
    std::uniform_real_distribution<double> u(0.0, 10.0);
    std::vector<double> data(6 * 19 * 5);
    for (auto& v : data) v = u(rng);
    const std::vector<int> d{1, 1, -1, 1, 1};
    rk::Options o;
    o.method = rk::Method::topsis, o.normalization = rk::Normalization::vector;
    const auto b = rk::evaluate_batch(data.data(), 6, 19, 5, rk::Weighting::entropy, {}, d, o, 3);
    for (Eigen::Index p = 0; p < 6; ++p) {
        const rk::Matrix x = Eigen::Map<const rk::Matrix>(data.data() + p * 19 * 5, 19, 5);
        const auto one = rk::evaluate(x, rk::entropy_weights(x).weights, d, o);
        EXPECT_TRUE(b.scores.row(p).transpose().isApprox(one.scores));
        for (Eigen::Index u2 = 0; u2 < 19; ++u2) EXPECT_EQ(b.ranks(p, u2), one.ranks[static_cast<std::size_t>(u2)]);
    }
    data[2 * 19 * 5 + 7] = std::nan("");
    try {
        rk::evaluate_batch(data.data(), 6, 19, 5, rk::Weighting::entropy, {}, d, o, 2);
        FAIL();
    } catch (const anjian::error& e) {
        EXPECT_NE(std::string(e.what()).find("period 2"), std::string::npos) << e.what();
    }
}

TEST(RankingPack, BuiltInConfigurationOfTheBulletin) {
    const auto cfg = anjian::rules::builtin_ranking();
    EXPECT_EQ(cfg.catalog, "national/indicators");
    EXPECT_EQ(cfg.codes(), (std::vector<std::string>{"enterprises_inspected", "hazards_found", "cases_filed",
                                                     "filing_rate", "rectification_rate"}));
    EXPECT_EQ(cfg.weighting, rk::Weighting::entropy);
    EXPECT_EQ(cfg.options.method, rk::Method::topsis);
    EXPECT_EQ(cfg.options.normalization, rk::Normalization::vector);
    EXPECT_EQ(cfg.red, 3);
    EXPECT_EQ(cfg.black, 3);
    ASSERT_EQ(cfg.points.size(), 2u);
    EXPECT_FALSE(cfg.points_verified);  // the amounts are not published
}

TEST(RankingPack, EveryProblemWithLineAndKey) {
    const std::string text =
        "anjian_pack: 2\nname: t/r\nkind: ranking_config\nversion: '1'\nsource: s\ncatalog: national/indicators\n"
        "criteria:\n"
        "  filing_rate: {direction: sideways}\n"  // line 8
        "  no_such: {}\n"                         // line 9
        "  cases_filed: {weight: 2}\n"            // line 10
        "weighting: entropy\nmethod: electre\nlists: {red: -1, source: s}\n"
        "points: {source: s, bands: [{top: 3}]}\n";
    try {
        anjian::rules::parse_ranking(text, "r.yaml");
        FAIL();
    } catch (const anjian::pack_error& e) {
        const auto has = [&](const std::string& key, const std::string& words) {
            for (const auto& p : e.problems())
                if (p.where.key == key && p.message.find(words) != std::string::npos) return true;
            return false;
        };
        EXPECT_TRUE(has("criteria.filing_rate.direction", "not one of: higher, lower"));
        EXPECT_TRUE(has("criteria.no_such", "not an indicator of catalogue national/indicators"));
        EXPECT_TRUE(has("criteria.cases_filed.weight", "weights are computed"));
        EXPECT_TRUE(has("", "method must be one of"));
        EXPECT_TRUE(has("lists.red", "whole number"));
        EXPECT_TRUE(has("points.bands[0].points", "missing required key"));
    }
}
