/* anjian C ABI: the scoring engine for other languages (Java, Go, C#, Python ctypes) and for C.
 *
 * Conventions
 * - Every call that can fail returns an anjian_status; ANJIAN_OK is 0. On failure nothing is written
 *   to the out-parameters, and anjian_last_error() (this thread's) says what went wrong and where: the
 *   file, line and key of a rule pack, or the row and column of a table. No C++ exception crosses
 *   this boundary.
 * - Handles are opaque; each *_new has a matching *_free (free of NULL does nothing). A handle is
 *   read-only after creation: one handle may be used by many threads at once.
 * - Text is UTF-8. Strings the library returns through a char** are the caller's, freed with
 *   anjian_string_free; const char* results live as long as the object they come from.
 * - Dates are ISO text ("2024-05-01") in scalar calls and JSON, and day numbers (days since
 *   1970-01-01, as Arrow's date32) in table columns. Money is exact: whole fen (分) in int64 columns,
 *   decimal text of yuan in JSON.
 * - Tables (the one column type of every batch): columns copied in from plain arrays, or Arrow
 *   arrays (the Arrow C data interface) taken over without a copy. A missing cell is a cleared
 *   validity byte, a NULL text, or Arrow's validity bit; never a sentinel value.
 * - Results of batches: named columns, int64, float64 or text, read by name.
 *
 * The JSON a penalty recommendation returns is the schema anjian.penalty.recommendation/1, the same
 * text Python's Recommendation.to_json() gives.
 */
#ifndef ANJIAN_ANJIAN_H
#define ANJIAN_ANJIAN_H

#include <stddef.h>
#include <stdint.h>

#include "arrow_c_data.h"

#if defined(_WIN32)
#  if defined(ANJIAN_C_BUILDING)
#    define ANJIAN_API __declspec(dllexport)
#  elif defined(ANJIAN_C_SHARED)
#    define ANJIAN_API __declspec(dllimport)
#  else
#    define ANJIAN_API
#  endif
#else
#  define ANJIAN_API __attribute__((visibility("default")))
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* The version of this interface. A library whose anjian_abi_version() differs from the header's
 * ANJIAN_ABI_VERSION is not the one the program was built against. */
#define ANJIAN_ABI_VERSION 1

typedef enum anjian_status {
    ANJIAN_OK = 0,
    ANJIAN_ERROR_INPUT = 1,    /* bad data in a table or request: the row, column or key is named */
    ANJIAN_ERROR_RULES = 2,    /* a rule pack that does not load: file, line and key of every problem */
    ANJIAN_ERROR_ARGUMENT = 3, /* a NULL pointer, a size out of range, an unknown name or option */
    ANJIAN_ERROR_REFUSED = 4,  /* the engine cannot answer: no provision in force on the date, an unknown
                                  provision, indicator or option; the message says which */
    ANJIAN_ERROR_MEMORY = 5,
    ANJIAN_ERROR_INTERNAL = 6
} anjian_status;

/* How a batch treats rows it cannot judge: ANJIAN_REFUSE_CALL fails the whole call with every such
 * row named (the first 100 listed); ANJIAN_REFUSE_ROWS answers the others and gives each refused
 * row its reason in the result's text column "refused" (NULL for a row that was judged). */
typedef enum anjian_refusal { ANJIAN_REFUSE_CALL = 0, ANJIAN_REFUSE_ROWS = 1 } anjian_refusal;

ANJIAN_API int anjian_abi_version(void);
ANJIAN_API const char* anjian_version(void); /* "0.1.0" */

/* The last error of this thread: "" after a call that succeeded. The located message names the
 * file, line, key, row and column; the parts are also given one by one (empty / 0 / -1 when absent). */
ANJIAN_API const char* anjian_last_error(void);
ANJIAN_API const char* anjian_last_error_file(void);
ANJIAN_API int anjian_last_error_line(void);
ANJIAN_API const char* anjian_last_error_key(void);
ANJIAN_API int64_t anjian_last_error_row(void);
ANJIAN_API const char* anjian_last_error_column(void);

ANJIAN_API void anjian_string_free(char* text);

/* ---- rule packs ---------------------------------------------------------------------------- */

/* The built-in packs' names as a JSON array, e.g. ["national/accidents", ...]. */
ANJIAN_API anjian_status anjian_builtin_packs(char** names_json);
/* Every check that loading runs. ANJIAN_OK when the pack (built-in name or file) is valid; otherwise
 * ANJIAN_ERROR_RULES, the last error listing every problem with its file, line and key. */
ANJIAN_API anjian_status anjian_pack_validate(const char* name_or_path);

/* ---- tables: the columns a batch reads ------------------------------------------------------- */

typedef struct anjian_table anjian_table;

/* A table of `rows` rows (0 .. 2^62); columns are added by name and must have that many values. */
ANJIAN_API anjian_status anjian_table_new(int64_t rows, anjian_table** out);
ANJIAN_API void anjian_table_free(anjian_table* table);
ANJIAN_API int64_t anjian_table_rows(const anjian_table* table);

/* Columns copied from arrays of `rows` values. `valid` is NULL (every cell given) or one byte per
 * row, 0 for a missing cell. Dates are day numbers (days since 1970-01-01). Booleans are bytes 0/1. */
ANJIAN_API anjian_status anjian_table_add_int64(anjian_table* table, const char* name, const int64_t* values,
                                                const uint8_t* valid);
ANJIAN_API anjian_status anjian_table_add_float64(anjian_table* table, const char* name, const double* values,
                                                  const uint8_t* valid);
ANJIAN_API anjian_status anjian_table_add_bool(anjian_table* table, const char* name, const uint8_t* values,
                                               const uint8_t* valid);
ANJIAN_API anjian_status anjian_table_add_date(anjian_table* table, const char* name, const int32_t* days,
                                               const uint8_t* valid);
/* Text cells (UTF-8); a NULL entry is a missing cell. */
ANJIAN_API anjian_status anjian_table_add_text(anjian_table* table, const char* name, const char* const* values);
/* An Arrow array (int8..int64, uint8/32, float64, bool, date32, timestamp, utf8, large_utf8,
 * utf8_view, dictionary) read where it lies: the table takes both structs over (they are moved,
 * leaving the caller's marked released) and releases them when it is freed. The column's name is
 * the schema's; `name`, when not NULL, replaces it. */
ANJIAN_API anjian_status anjian_table_add_arrow(anjian_table* table, const char* name, struct ArrowSchema* schema,
                                                struct ArrowArray* array);

/* ---- results of batches ---------------------------------------------------------------------- */

typedef struct anjian_result anjian_result;

typedef enum anjian_type { ANJIAN_NO_COLUMN = 0, ANJIAN_INT64 = 1, ANJIAN_FLOAT64 = 2, ANJIAN_TEXT = 3 } anjian_type;

ANJIAN_API void anjian_result_free(anjian_result* result);
ANJIAN_API int anjian_result_columns(const anjian_result* result);
/* The name of column `index` (0 .. columns-1), NULL out of range. */
ANJIAN_API const char* anjian_result_column_name(const anjian_result* result, int index);
ANJIAN_API anjian_type anjian_result_column_type(const anjian_result* result, const char* name);
/* Values in the column (-1 when there is no such column). */
ANJIAN_API int64_t anjian_result_length(const anjian_result* result, const char* name);
/* The column's values, or NULL when it has none of that type (the last error says why). */
ANJIAN_API const int64_t* anjian_result_int64(const anjian_result* result, const char* name);
ANJIAN_API const double* anjian_result_float64(const anjian_result* result, const char* name);
/* Cell `row` of a text column; NULL when missing (or no such cell: the last error says so). */
ANJIAN_API const char* anjian_result_text(const anjian_result* result, const char* name, int64_t row);
/* 1 when cell `row` holds a value, 0 when it is missing (a refused row, no fine, no report), -1 when
 * there is no such cell. Number columns give 0 in a missing cell: read its validity first. */
ANJIAN_API int anjian_result_valid(const anjian_result* result, const char* name, int64_t row);

/* ---- penalties: the fine for the law in force on the date of the act ------------------------ */

typedef struct anjian_penalty_engine anjian_penalty_engine;

/* The national penalty table, then `packs` in order (built-in names or files): penalty tables add
 * provisions, discretion benchmarks narrow ranges, a penalty_general pack replaces the general part. */
ANJIAN_API anjian_status anjian_penalty_engine_new(const char* const* packs, size_t n_packs,
                                                   anjian_penalty_engine** out);
ANJIAN_API void anjian_penalty_engine_free(anjian_penalty_engine* engine);

/* One case with its trace. request_json: {"provision": "...", "act_date": "2024-03-01",
 * optional "decision_date", "party" ("unit" / "principal" / ...), "facts": {name: text, number or
 * true/false}, "income_yuan" and "illegal_gains_yuan" (decimal text or whole number), "circumstances":
 * [...], "reduce", "act_end", "discovered", "harm_to_life_or_health"}. Unknown keys are refused.
 * *result_json receives the recommendation (schema anjian.penalty.recommendation/1). */
ANJIAN_API anjian_status anjian_penalty_recommend(const anjian_penalty_engine* engine, const char* request_json,
                                                  char** result_json);
/* Every row of `cases`: columns provision (text), act_date (date); optional party, decision_date,
 * income_fen, illegal_gains_fen; `facts` names the text columns that are facts of the case. Result
 * columns: min_fen, max_fen, recommended_fen (int64; missing for a refused row or no fine), band,
 * basis, law_version (text), no_penalty, hearing, no_fine (int64 0/1), refused (text). */
ANJIAN_API anjian_status anjian_penalty_recommend_many(const anjian_penalty_engine* engine, const anjian_table* cases,
                                                       const char* const* facts, size_t n_facts,
                                                       anjian_refusal refusal, anjian_result** out);

/* ---- ranking ----------------------------------------------------------------------------------- */

/* Rank `units` units on `indicators` indicators. matrix: units x indicators, row-major.
 * weighting: "given" (weights, one per indicator, normalised to sum 1), "equal", "entropy" or
 * "critic" (weights ignored, may be NULL); NULL means "given" when weights are given, else "equal".
 * directions: +1 higher is better, -1 lower is better, one per indicator (NULL: all +1). method:
 * "weighted_sum", "topsis" or "vikor"; normalize: NULL for the method's default, or "minmax",
 * "vector", "max", "sum", "linear", "sum_inverse", "zscore"; ties: NULL or "min" (1,2,2,4), "dense"
 * (1,2,2,3), "ordinal"; v: VIKOR's weight of group utility, 0..1 (0.5 usual). The `red` best and
 * `black` worst places are listed, ties at the edge included (0: none). Result columns (one value
 * per unit): score (float64), rank, red, black (int64, 1 = listed); weight (float64, one per
 * indicator). The same scores and ranks as Python's anjian.ranking.rank. */
ANJIAN_API anjian_status anjian_rank(const double* matrix, int64_t units, int64_t indicators, const char* weighting,
                                     const double* weights, const int32_t* directions, const char* method,
                                     const char* normalize, const char* ties, double v, int32_t red, int32_t black,
                                     anjian_result** out);
/* The same for `periods` matrices at once (periods x units x indicators, row-major), each weighted
 * on its own: score and rank hold periods x units values (row-major), weight periods x indicators.
 * threads: 0 = as many as help. */
ANJIAN_API anjian_status anjian_rank_batch(const double* matrices, int64_t periods, int64_t units,
                                           int64_t indicators, const char* weighting, const double* weights,
                                           const int32_t* directions, const char* method, const char* normalize,
                                           const char* ties, double v, unsigned threads, anjian_result** out);

/* ---- accidents (生产安全事故报告和调查处理条例 第三条) ---------------------------------------- */

typedef struct anjian_accident_rules anjian_accident_rules;

/* name_or_path: NULL for the built-in national pack. */
ANJIAN_API anjian_status anjian_accident_rules_new(const char* name_or_path, anjian_accident_rules** out);
ANJIAN_API void anjian_accident_rules_free(anjian_accident_rules* rules);
/* level: 1 一般, 2 较大, 3 重大, 4 特别重大. why (may be NULL): the criteria that decided, in Chinese. */
ANJIAN_API anjian_status anjian_accident_classify(const anjian_accident_rules* rules, int64_t deaths,
                                                  int64_t serious_injuries, int64_t direct_loss_fen, int32_t* level,
                                                  char** why);
/* Columns deaths, serious_injuries, direct_loss_yuan (whole numbers or float64). Result: level
 * (int64, missing for a refused row), refused (text). */
ANJIAN_API anjian_status anjian_accident_classify_many(const anjian_accident_rules* rules,
                                                       const anjian_table* accidents, anjian_refusal refusal,
                                                       anjian_result** out);

/* ---- major hazard sources (GB 18218) ----------------------------------------------------------- */

typedef struct anjian_hazard_table anjian_hazard_table;

/* name_or_path: NULL for the built-in GB 18218-2018 tables. */
ANJIAN_API anjian_status anjian_hazard_table_new(const char* name_or_path, anjian_hazard_table** out);
ANJIAN_API void anjian_hazard_table_free(anjian_hazard_table* table);
/* One unit. request_json: {"on": "2024-05-01", "exposed_people": 120 (optional), "lines":
 * [{"substance": "氨", "tonnes": 12.5}, {"category": "W2", "tonnes": 3}]}. *result_json: {"s",
 * "is_major", "r" (null below S 1 or without people), "alpha", "grade" (1..4 or null), "grade_zh",
 * "standard", "pack"}. Quantities are rounded to the gram. */
ANJIAN_API anjian_status anjian_hazard_identify(const anjian_hazard_table* table, const char* request_json,
                                                char** result_json);
/* Many units. lines: unit (whole-number codes 0 .. units-1), substance and/or category (text; a
 * missing cell or column: not given), q_grams (int64 grams); units: one row per unit, with people
 * (whole number; a missing cell or column: not given). on: ISO date. Result per unit: s, r (float64;
 * r is NaN without people), is_major, grade (0: none), alpha10 (α x 10) (int64); refused (text, one
 * per line). */
ANJIAN_API anjian_status anjian_hazard_identify_many(const anjian_hazard_table* table, const anjian_table* lines,
                                                     const anjian_table* units, const char* on,
                                                     anjian_refusal refusal, anjian_result** out);

/* ---- 重大事故隐患 judgement standards ---------------------------------------------------------- */

typedef struct anjian_hazard_standard anjian_hazard_standard;

/* The standard for `industry` ("coal", "industry_trade", "chemical", "construction",
 * "metal_nonmetal_mine") in force on `on` (ISO date), or
 * when `pack` is not NULL the standard in that pack (built-in name or file). */
ANJIAN_API anjian_status anjian_hazard_standard_new(const char* industry, const char* on, const char* pack,
                                                    anjian_hazard_standard** out);
ANJIAN_API void anjian_hazard_standard_free(anjian_hazard_standard* standard);
/* findings_json: {finding: true/false, number or text; null = not inspected}. *result_json:
 * {"standard", "pack", "is_major_hazard", "matched": [{"id", "article", "text_zh", "why"}], "not_assessed":
 * [ids], "clear": [ids]}. */
ANJIAN_API anjian_status anjian_hazard_assess(const anjian_hazard_standard* standard, const char* findings_json,
                                              char** result_json);
/* Every row of `inspections`; `findings` names its finding columns. Result, one row per matched
 * item: row (int64, the inspection's row), id, article, text_zh, why (text); refused (text, one per
 * inspection). */
ANJIAN_API anjian_status anjian_hazard_assess_many(const anjian_hazard_standard* standard,
                                                   const anjian_table* inspections, const char* const* findings,
                                                   size_t n_findings, anjian_refusal refusal, anjian_result** out);

/* ---- triggers (挂牌督办, 约谈, 失信名单 ...) ------------------------------------------------- */

typedef struct anjian_trigger_rules anjian_trigger_rules;

/* name_or_path: a built-in name such as "national/triggers", or a file. */
ANJIAN_API anjian_status anjian_trigger_rules_new(const char* name_or_path, anjian_trigger_rules** out);
ANJIAN_API void anjian_trigger_rules_free(anjian_trigger_rules* rules);
/* The events' columns as the rules name them (a date column and the fields they match and group on).
 * Result, one row per firing: rule, action (text), event (int64: the row completing the count),
 * window_start, window_end (int64 day numbers), begin, stop (int64: this firing's counted rows are
 * rows[begin .. stop-1]); rows (int64, all firings' counted rows); refused (text, one per event). */
ANJIAN_API anjian_status anjian_triggers_evaluate(const anjian_trigger_rules* rules, const anjian_table* events,
                                                  anjian_refusal refusal, anjian_result** out);

/* ---- indicators ------------------------------------------------------------------------------- */

typedef struct anjian_catalog anjian_catalog;

/* name_or_path: NULL for the built-in national catalogue. */
ANJIAN_API anjian_status anjian_catalog_new(const char* name_or_path, anjian_catalog** out);
ANJIAN_API void anjian_catalog_free(anjian_catalog* catalog);
/* The catalogue's indicators over `period` ("2024-03", "2024-Q1", "2024-H1", "2024",
 * "2024-01..2024-05") from records (events or monthly reports): column `unit` (codes 0 .. n_units-1),
 * column `date` (dates), and base fields (whole numbers; money fields in fen). Base fields summed
 * per unit, then every indicator in force at the period's end derived from the sums. Result, one
 * row per unit: months_reported (int64); per indicator its code: int64 for counts, int64 fen named
 * "<code>_fen" for money, float64 for ratios; missing where the unit has no record in the period,
 * the denominator is zero, or a field the indicator needs is not a column. */
ANJIAN_API anjian_status anjian_indicators_compute(const anjian_catalog* catalog, const anjian_table* records,
                                                   const char* unit, int32_t n_units, const char* date,
                                                   const char* period, anjian_result** out);

#ifdef __cplusplus
}
#endif

#endif /* ANJIAN_ANJIAN_H */
