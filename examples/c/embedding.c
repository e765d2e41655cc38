/* A C consumer of libanjian_c: a ranking (TOPSIS with entropy weights, red and black lists), a fine
 * recommendation for the law in force on the date of the act, and a GB 18218 grade. It prints them
 * in the form every consumer under examples/ prints (tests/vectors/embedding_expected.txt, made by
 * the Python API from the same inputs): doubles as the hex of their bits, so the comparison is exact.
 *
 *   cc embedding.c $(pkg-config --cflags --libs anjian_c) && ./a.out
 */
#include <anjian/anjian.h>

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

static int failed(const char* what) {
    fprintf(stderr, "%s: %s\n", what, anjian_last_error());
    return 1;
}

static void print_bits(double x) {
    uint64_t bits;
    memcpy(&bits, &x, sizeof bits);
    printf(" %016" PRIx64, bits);
}

static void print_ints(const char* label, const int64_t* values, int64_t n) {
    printf("%s:", label);
    for (int64_t i = 0; i < n; ++i) printf(" %" PRId64, values[i]);
    printf("\n");
}

static int ranking(void) {
    /* Four counties on 检查覆盖率 (higher is better), 立案数 (higher) and 事故起数 (lower). */
    const double matrix[] = {0.92, 35, 2, 0.98, 41, 0, 0.95, 38, 1, 0.81, 22, 5};
    const int32_t directions[] = {1, 1, -1};
    anjian_result* r = NULL;
    if (anjian_rank(matrix, 4, 3, "entropy", NULL, directions, "topsis", NULL, NULL, 0.5, 1, 1, &r) != ANJIAN_OK)
        return failed("anjian_rank");
    print_ints("ranking ranks", anjian_result_int64(r, "rank"), 4);
    printf("ranking scores:");
    for (int i = 0; i < 4; ++i) print_bits(anjian_result_float64(r, "score")[i]);
    printf("\n");
    print_ints("ranking red", anjian_result_int64(r, "red"), 4);
    print_ints("ranking black", anjian_result_int64(r, "black"), 4);
    anjian_result_free(r);
    return 0;
}

static int fine(void) {
    /* 较大事故 on 2021-08-20, decided on 2021-11-03: the 2014 law is the lighter one (从旧兼从轻). */
    const char* request = "{\"provision\": \"accident_unit\", \"act_date\": \"2021-08-20\", "
                          "\"decision_date\": \"2021-11-03\", \"facts\": {\"level\": \"较大\"}}";
    anjian_penalty_engine* engine = NULL;
    char* json = NULL;
    if (anjian_penalty_engine_new(NULL, 0, &engine) != ANJIAN_OK) return failed("anjian_penalty_engine_new");
    if (anjian_penalty_recommend(engine, request, &json) != ANJIAN_OK) {
        anjian_penalty_engine_free(engine);
        return failed("anjian_penalty_recommend");
    }
    printf("fine: %s\n", json);
    anjian_string_free(json);
    anjian_penalty_engine_free(engine);
    return 0;
}

static int gb18218(void) {
    /* One storage unit: 25 t of 氨 and 2 t of 液氯, 120 people within 500 m. */
    const int64_t unit[] = {0, 0};
    const char* substance[] = {"氨", "液氯"};
    const int64_t grams[] = {25000000, 2000000};
    const int64_t people[] = {120};
    anjian_hazard_table* table = NULL;
    anjian_table *lines = NULL, *units = NULL;
    anjian_result* r = NULL;
    int rc = 1;
    if (anjian_hazard_table_new(NULL, &table) || anjian_table_new(2, &lines) || anjian_table_new(1, &units) ||
        anjian_table_add_int64(lines, "unit", unit, NULL) || anjian_table_add_text(lines, "substance", substance) ||
        anjian_table_add_int64(lines, "q_grams", grams, NULL) || anjian_table_add_int64(units, "people", people, NULL) ||
        anjian_hazard_identify_many(table, lines, units, "2024-05-01", ANJIAN_REFUSE_CALL, &r)) {
        rc = failed("GB 18218");
    } else {
        printf("gb18218 s:");
        print_bits(anjian_result_float64(r, "s")[0]);
        printf(" is_major: %" PRId64 " grade: %" PRId64 " r:", anjian_result_int64(r, "is_major")[0],
               anjian_result_int64(r, "grade")[0]);
        print_bits(anjian_result_float64(r, "r")[0]);
        printf("\n");
        rc = 0;
    }
    anjian_result_free(r);
    anjian_table_free(units);
    anjian_table_free(lines);
    anjian_hazard_table_free(table);
    return rc;
}

int main(void) {
    if (anjian_abi_version() != ANJIAN_ABI_VERSION) {
        fprintf(stderr, "libanjian_c has ABI %d, this program was built for %d\n", anjian_abi_version(),
                ANJIAN_ABI_VERSION);
        return 1;
    }
    return ranking() || fine() || gb18218();
}
