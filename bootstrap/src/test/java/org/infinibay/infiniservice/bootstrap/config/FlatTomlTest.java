package org.infinibay.infiniservice.bootstrap.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.toml.TomlFactory;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import org.infinibay.infiniservice.bootstrap.config.FlatToml.Entry;
import org.infinibay.infiniservice.bootstrap.config.FlatToml.Type;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FlatTomlTest {

    private static Entry one(String toml) throws FlatToml.SyntaxError {
        List<Entry> all = FlatToml.parse(toml);
        assertEquals(1, all.size(), all.toString());
        return all.get(0);
    }

    @Test
    void scalarsOfEveryKind() throws Exception {
        assertEquals(new Entry("a", Type.STRING, "x\t\"y\"\\ é \u00e9 \uD83D\uDE00", null, 1),
                one("a = \"x\\t\\\"y\\\"\\\\ é \\u00e9 \\U0001F600\""));
        assertEquals("C:\\no\\escapes", one("path = 'C:\\no\\escapes'").text());
        assertEquals(30L, one("n = 30").whole());
        assertEquals(-1_000L, one("n = -1_000").whole());
        assertEquals(255L, one("n = 0xff").whole());
        assertEquals(8L, one("n = 0o10").whole());
        assertEquals(5L, one("n = 0b101").whole());
        Entry huge = one("n = 99999999999999999999");
        assertEquals(Type.INTEGER, huge.type());
        assertNull(huge.whole(), "beyond a long: out of range, not a different type");
        assertEquals(Type.FLOAT, one("f = 30.5").type());
        assertEquals(Type.FLOAT, one("f = 1e3").type());
        assertEquals(Type.FLOAT, one("f = -inf").type());
        assertEquals(Type.BOOLEAN, one("b = true").type());
        assertEquals(Type.DATETIME, one("d = 1979-05-27T07:32:00Z").type());
        assertEquals(Type.DATETIME, one("d = 07:32:00").type());
    }

    @Test
    void commentsBlankLinesCrlfBomAndQuotedKeys() throws Exception {
        List<Entry> all = FlatToml.parse("\uFEFF# head\r\n\r\n  log_level = \"info\"  # trailing\r\n\"service_name\" = 'x'\n");
        assertEquals(List.of("log_level", "service_name"), all.stream().map(Entry::key).toList());
        assertEquals(3, all.get(0).line());
        assertEquals(4, all.get(1).line());
    }

    @Test
    void tablesArraysAndDottedKeysAreReportedNotRead() throws Exception {
        assertEquals(new Entry("agent", Type.TABLE, null, null, 2), FlatToml.parse("a = 1\n[agent]\nb = 2\n").get(1));
        assertEquals(Type.TABLE, one("[[agent]]").type());
        assertEquals(Type.ARRAY, one("log_level = [\"info\",\n \"debug\"]").type());
        assertEquals(Type.TABLE, one("log_level = { x = 1 }").type());
        assertEquals(new Entry("agent", Type.TABLE, null, null, 1), one("agent.interval = 5"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "log_level = \n",
        "log_level\n",
        "= 5\n",
        "a = \"unterminated\n",
        "a = 'unterminated\n",
        "a = \"\"\"multi\nline\"\"\"\n",
        "a = \"bad \\q escape\"\n",
        "a = \"\\uZZZZ\"\n",
        "a = \"\\uD800\"\n",
        "a = 1 2\n",
        "a = 01\n",
        "a = 1__0\n",
        "a = yes\n",
        "a = 1\rb = 2\n",
        "a = 1\na = 2\n",
        "\"\" = 1\n",
    })
    void syntaxErrorsCarryALineAndAColumn(String toml) {
        FlatToml.SyntaxError e = assertThrows(FlatToml.SyntaxError.class, () -> FlatToml.parse(toml));
        assertTrue(e.line >= 1 && e.column >= 1, e.line + ":" + e.column);
    }

    @Test
    void duplicateKeysNameTheKeyAndTheLine() {
        FlatToml.SyntaxError e = assertThrows(FlatToml.SyntaxError.class,
                () -> FlatToml.parse("collection_interval = 30\n# x\ncollection_interval = 31\n"));
        assertTrue(e.getMessage().contains("Duplicate key 'collection_interval'"), e.getMessage());
        assertEquals(3, e.line);
    }

    /** The same documents through the TOML library the agent used before: same keys, kinds and values. */
    @Test
    void agreesWithTheTomlLibraryOnFlatDocuments() throws Exception {
        String[] docs = {
            "collection_interval = 30\nlog_level = \"info\"\nservice_name = \"infiniservice\"\nvirtio_serial_path = \"\"\n",
            "a = 'lit\\eral'\nb = \"\\u00e9\\n\\t\"\nc = -0\nd = +17\ne = 1_000_000\nf = 0xDEAD_beef\ng = 0o755\nh = 0b1101\n",
            "i = 3.1415\nj = -2E-2\nk = 6.626e-34\nl = true\nm = false\n# comment = 1\nn = \"# not a comment\"\n",
            "\"quoted key\" = 1\n'literal key' = 2\nbare-key_9 = 3\n",
        };
        for (String doc : docs) {
            List<String> ours = new ArrayList<>();
            for (Entry e : FlatToml.parse(doc)) {
                ours.add(e.key() + "|" + e.type() + "|" + (e.type() == Type.INTEGER ? e.whole() : e.text()));
            }
            List<String> library = new ArrayList<>();
            try (JsonParser p = new TomlFactory().createParser(new StringReader(doc))) {
                assertEquals(JsonToken.START_OBJECT, p.nextToken());
                for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
                    String key = p.currentName();
                    JsonToken v = p.nextToken();
                    Type type = switch (v) {
                        case VALUE_STRING -> Type.STRING;
                        case VALUE_NUMBER_INT -> Type.INTEGER;
                        case VALUE_NUMBER_FLOAT -> Type.FLOAT;
                        case VALUE_TRUE, VALUE_FALSE -> Type.BOOLEAN;
                        default -> throw new AssertionError(v);
                    };
                    String value = type == Type.INTEGER ? Long.toString(p.getLongValue())
                            : type == Type.FLOAT ? null : p.getText();
                    library.add(key + "|" + type + "|" + value);
                }
            }
            for (int i = 0; i < ours.size(); i++) {
                if (ours.get(i).contains("|FLOAT|")) {
                    ours.set(i, ours.get(i).substring(0, ours.get(i).lastIndexOf('|') + 1) + "null");
                }
            }
            assertEquals(library, ours, doc);
        }
    }
}
