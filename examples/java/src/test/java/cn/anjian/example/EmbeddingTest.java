package cn.anjian.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.DoubleStream;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class EmbeddingTest {
    static String bits(double x) {
        return String.format("%016x", Double.doubleToRawLongBits(x));
    }

    static String join(long[] values) {
        return LongStream.of(values).mapToObj(Long::toString).collect(Collectors.joining(" "));
    }

    /** The same ranking, fine and GB 18218 grade as the Python API gives (ANJIAN_EXPECTED: the output
     * of examples/python/reference.py). */
    @Test
    void agreesWithThePythonApi() throws IOException {
        assertEquals(1, Anjian.C.LIB.anjian_abi_version(), "the ABI this example was written for");
        List<String> out = new ArrayList<>();
        Anjian.Ranking r = Anjian.rank(new double[] {0.92, 35, 2, 0.98, 41, 0, 0.95, 38, 1, 0.81, 22, 5}, 4, 3,
                                       "entropy", new int[] {1, 1, -1}, "topsis", 1, 1);
        out.add("ranking ranks: " + join(r.ranks()));
        out.add("ranking scores: "
                + DoubleStream.of(r.scores()).mapToObj(EmbeddingTest::bits).collect(Collectors.joining(" ")));
        out.add("ranking red: " + join(r.red()));
        out.add("ranking black: " + join(r.black()));
        out.add("fine: " + Anjian.recommend("{\"provision\": \"accident_unit\", \"act_date\": \"2021-08-20\", "
                                            + "\"decision_date\": \"2021-11-03\", \"facts\": {\"level\": \"较大\"}}"));
        Anjian.Unit u = Anjian.identify(new String[] {"氨", "液氯"}, new long[] {25_000_000L, 2_000_000L}, 120,
                                        "2024-05-01");
        out.add("gb18218 s: " + bits(u.s()) + " is_major: " + u.isMajor() + " grade: " + u.grade() + " r: "
                + bits(u.r()));

        String expected = System.getenv("ANJIAN_EXPECTED");
        assumeTrue(expected != null && !expected.isEmpty(), "ANJIAN_EXPECTED (the Python API's output) not given");
        assertEquals(Files.readString(Path.of(expected), StandardCharsets.UTF_8), String.join("\n", out) + "\n");
    }

    /** A refused call is an exception carrying the library's located message. */
    @Test
    void aRefusedCallNamesTheKey() {
        Anjian.AnjianException e = assertThrows(Anjian.AnjianException.class,
            () -> Anjian.recommend("{\"provision\": \"accident_unit\", \"act_date\": \"2021-8-20\"}"));
        assertTrue(e.getMessage().contains("act_date"), e.getMessage());
    }
}
