package dev.ashwood.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every command's text and JSON output on the fixture dumps, through {@code ashwood query}, against
 * golden files in src/test/resources/golden. After a deliberate output change, regenerate them with
 * {@code mvn test -pl shell -Dtest=GoldenOutputTest -Dashwood.golden.update=true} and review the diff.
 */
class GoldenOutputTest {
    private static final Path GOLDEN = Path.of("src/test/resources/golden");

    static Stream<Arguments> commands() {
        Path leak = Fixtures.leak();
        Path meliae = Fixtures.meliae();
        Path small = Fixtures.small();
        return Stream.of(
                Arguments.of("summarize", leak, "summarize"),
                Arguments.of("summarize-by-count-top", leak, "summarize --by count --top 3"),
                Arguments.of("summarize-from-id", leak, "summarize 100"),
                Arguments.of("show-string", leak, "show 400"),
                Arguments.of("show-class-with-static", leak, "show 9"),
                Arguments.of("refs", leak, "refs 101"),
                Arguments.of("referrers-cut", leak, "referrers 3 --top 2"),
                Arguments.of("path", leak, "path 500"),
                Arguments.of("path-none", leak, "path 777"),
                Arguments.of("total", leak, "total 100"),
                Arguments.of("all", leak, "all Slotted"),
                Arguments.of("all-top", leak, "all byte[] --top 2"),
                Arguments.of("collapse", leak, "collapse"),
                Arguments.of("prune-then-total", leak, "prune\ntotal 100\nsummarize 100"),
                Arguments.of("help", leak, "help"),
                Arguments.of("help-command", leak, "help all"),
                Arguments.of("small-path-from-stack", small, "path 33"),
                Arguments.of("small-all-strings-with-values", small, "all java.lang.String"),
                Arguments.of("small-show-shared-integer", small, "show 26"),
                Arguments.of("small-summarize-collapsed", small, "collapse\nsummarize --by count"),
                Arguments.of("small-total-pruned", small, "prune\ntotal 17"),
                Arguments.of("meliae-summarize", meliae, "summarize"),
                Arguments.of("meliae-show", meliae, "show 140008"),
                Arguments.of("meliae-collapse-summarize", meliae, "collapse\nsummarize"),
                Arguments.of("meliae-path", meliae, "path 140015"),
                Arguments.of("retained", leak, "retained 100"),
                Arguments.of("retained-root", leak, "retained 9"),
                Arguments.of("dominators", leak, "dominators\ndominators 101 --top 1\ndominators 410"),
                Arguments.of("summarize-retained", leak, "summarize --retained --top 5"),
                Arguments.of("all-by-retained", leak, "all Slotted --by retained"),
                Arguments.of("suspects", leak, "suspects"),
                Arguments.of("suspects-threshold", leak, "suspects --threshold 60"),
                Arguments.of("prune-then-dominators", leak, "dominators --top 3\nprune\ndominators --top 3"),
                Arguments.of("small-suspects", small, "suspects --threshold 5"),
                Arguments.of("meliae-dominators", meliae, "dominators --top 5\nretained 140008"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("commands")
    void textOutputMatchesGolden(String name, Path dump, String commands) throws IOException {
        check(name + ".txt", dump, commands, false);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("commands")
    void jsonOutputMatchesGolden(String name, Path dump, String commands) throws IOException {
        check(name + ".json", dump, commands, true);
    }

    @Test
    void summarizePrintsMeliaesOwnTableForARealMeliaeDump() throws IOException {
        Path dir = Fixtures.root().resolve("test-fixtures/meliae");
        String dump = dir.resolve("python311-accounts.json.gz").toString();
        Run plain = Run.ashwood("query", dump, "-e", "summarize");
        assertEquals(Files.readString(dir.resolve("python311-accounts.summary.txt")), plain.out(),
                "summarize on a Meliae dump prints exactly what Meliae's summarize printed\n" + plain);
        assertTrue(plain.err().contains("... 105 more (summarize --top N shows more types)"),
                "in a script the cut-list hint goes to stderr, keeping stdout Meliae's table\n" + plain);
        Run collapsed = Run.ashwood("query", dump, "-e", "collapse", "-e", "summarize");
        String table = collapsed.out().substring(collapsed.out().indexOf('\n') + 1);
        assertEquals(Files.readString(dir.resolve("python311-accounts.summary.collapsed.txt")), table,
                "after collapse, summarize prints what Meliae printed after collapse_instance_dicts\n" + collapsed);
    }

    private static void assertEveryLineIsOneJsonDocument(String out, String commands) throws IOException {
        JsonFactory factory = new JsonFactory();
        long documents = 0;
        for (String line : out.split("\n")) {
            try (JsonParser parser = factory.createParser(line)) {
                assertEquals(JsonToken.START_OBJECT, parser.nextToken(), "each line is a JSON object: " + line);
                parser.skipChildren();
                assertEquals(null, parser.nextToken(), "nothing follows the document on its line: " + line);
            }
            documents++;
        }
        assertEquals(commands.lines().count(), documents, "one JSON document per command:\n" + out);
    }

    private static void check(String golden, Path dump, String commands, boolean json) throws IOException {
        Path script = Files.createTempFile("ashwood-golden-", ".txt");
        try {
            Files.writeString(script, commands + "\n");
            Run run = json ? Run.ashwood("query", dump.toString(), "-f", script.toString(), "--json")
                    : Run.ashwood("query", dump.toString(), "-f", script.toString());
            assertEquals(0, run.exit(), "a query of valid commands should exit 0\n" + run);
            if (json) {
                assertEveryLineIsOneJsonDocument(run.out(), commands);
            }
            Path file = GOLDEN.resolve(golden);
            if (Boolean.getBoolean("ashwood.golden.update")) {
                Files.writeString(file, run.out());
            }
            assertEquals(Files.readString(file, StandardCharsets.UTF_8), run.out(),
                    "'" + commands + "' should print exactly " + file + (json ? " (one JSON document per command per line)" : ""));
        } finally {
            Files.delete(script);
        }
    }
}
