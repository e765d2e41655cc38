package cn.anjian.example;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** libanjian_c (include/anjian/anjian.h) through JNA: the calls this example uses, and small wrappers
 * that free what the library hands out and turn a failed status into an exception with the library's
 * located message. */
public final class Anjian {
    /** The C functions, as declared in anjian.h. Strings cross as UTF-8. */
    public interface C extends Library {
        C LIB = Native.load("anjian_c", C.class, Map.of(Library.OPTION_STRING_ENCODING, "UTF-8"));

        int ANJIAN_OK = 0;
        int ANJIAN_REFUSE_CALL = 0;

        int anjian_abi_version();
        String anjian_last_error();
        void anjian_string_free(Pointer text);

        int anjian_rank(double[] matrix, long units, long indicators, String weighting, double[] weights,
                        int[] directions, String method, String normalize, String ties, double v, int red, int black,
                        PointerByReference out);
        void anjian_result_free(Pointer result);
        Pointer anjian_result_int64(Pointer result, String name);
        Pointer anjian_result_float64(Pointer result, String name);

        int anjian_penalty_engine_new(Pointer packs, long nPacks, PointerByReference out);
        void anjian_penalty_engine_free(Pointer engine);
        int anjian_penalty_recommend(Pointer engine, String requestJson, PointerByReference resultJson);

        int anjian_table_new(long rows, PointerByReference out);
        void anjian_table_free(Pointer table);
        int anjian_table_add_int64(Pointer table, String name, long[] values, byte[] valid);
        int anjian_table_add_text(Pointer table, String name, String[] values);
        int anjian_hazard_table_new(String nameOrPath, PointerByReference out);
        void anjian_hazard_table_free(Pointer table);
        int anjian_hazard_identify_many(Pointer table, Pointer lines, Pointer units, String on, int refusal,
                                        PointerByReference out);
    }

    /** A call the library refused: its status and located message. */
    public static final class AnjianException extends RuntimeException {
        public final int status;

        AnjianException(int status, String message) {
            super(message);
            this.status = status;
        }
    }

    static void check(int status) {
        if (status != C.ANJIAN_OK) throw new AnjianException(status, C.LIB.anjian_last_error());
    }

    private Anjian() {}

    /** Scores, ranks and red/black list flags of each unit. */
    public record Ranking(double[] scores, long[] ranks, long[] red, long[] black) {}

    public static Ranking rank(double[] matrix, int units, int indicators, String weighting, int[] directions,
                               String method, int red, int black) {
        PointerByReference out = new PointerByReference();
        check(C.LIB.anjian_rank(matrix, units, indicators, weighting, null, directions, method, null, null, 0.5, red,
                                black, out));
        Pointer r = out.getValue();
        try {
            return new Ranking(C.LIB.anjian_result_float64(r, "score").getDoubleArray(0, units),
                               C.LIB.anjian_result_int64(r, "rank").getLongArray(0, units),
                               C.LIB.anjian_result_int64(r, "red").getLongArray(0, units),
                               C.LIB.anjian_result_int64(r, "black").getLongArray(0, units));
        } finally {
            C.LIB.anjian_result_free(r);
        }
    }

    /** The recommendation JSON (schema anjian.penalty.recommendation/1) of a case given as JSON. */
    public static String recommend(String requestJson) {
        PointerByReference engine = new PointerByReference();
        check(C.LIB.anjian_penalty_engine_new(null, 0, engine));
        try {
            PointerByReference out = new PointerByReference();
            check(C.LIB.anjian_penalty_recommend(engine.getValue(), requestJson, out));
            try {
                return out.getValue().getString(0, StandardCharsets.UTF_8.name());
            } finally {
                C.LIB.anjian_string_free(out.getValue());
            }
        } finally {
            C.LIB.anjian_penalty_engine_free(engine.getValue());
        }
    }

    /** One GB 18218 unit: S, R, whether it is a major hazard source, and its grade (0: none). */
    public record Unit(double s, double r, long isMajor, long grade) {}

    public static Unit identify(String[] substances, long[] grams, long people, String on) {
        PointerByReference table = new PointerByReference(), lines = new PointerByReference(),
                           units = new PointerByReference(), out = new PointerByReference();
        check(C.LIB.anjian_hazard_table_new(null, table));
        try {
            check(C.LIB.anjian_table_new(grams.length, lines));
            check(C.LIB.anjian_table_new(1, units));
            check(C.LIB.anjian_table_add_int64(lines.getValue(), "unit", new long[grams.length], null));
            check(C.LIB.anjian_table_add_text(lines.getValue(), "substance", substances));
            check(C.LIB.anjian_table_add_int64(lines.getValue(), "q_grams", grams, null));
            check(C.LIB.anjian_table_add_int64(units.getValue(), "people", new long[] {people}, null));
            check(C.LIB.anjian_hazard_identify_many(table.getValue(), lines.getValue(), units.getValue(), on,
                                                    C.ANJIAN_REFUSE_CALL, out));
            Pointer r = out.getValue();
            return new Unit(C.LIB.anjian_result_float64(r, "s").getDouble(0),
                            C.LIB.anjian_result_float64(r, "r").getDouble(0),
                            C.LIB.anjian_result_int64(r, "is_major").getLong(0),
                            C.LIB.anjian_result_int64(r, "grade").getLong(0));
        } finally {
            C.LIB.anjian_result_free(out.getValue());  // each free takes NULL
            C.LIB.anjian_table_free(units.getValue());
            C.LIB.anjian_table_free(lines.getValue());
            C.LIB.anjian_hazard_table_free(table.getValue());
        }
    }
}
