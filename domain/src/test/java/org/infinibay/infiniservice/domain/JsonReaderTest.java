package org.infinibay.infiniservice.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.infinibay.infiniservice.domain.json.Json;
import org.infinibay.infiniservice.domain.json.JsonArray;
import org.infinibay.infiniservice.domain.json.JsonBool;
import org.infinibay.infiniservice.domain.json.JsonFloat;
import org.infinibay.infiniservice.domain.json.JsonInt;
import org.infinibay.infiniservice.domain.json.JsonNull;
import org.infinibay.infiniservice.domain.json.JsonObject;
import org.infinibay.infiniservice.domain.json.JsonReadException;
import org.infinibay.infiniservice.domain.json.JsonReader;
import org.infinibay.infiniservice.domain.json.JsonString;
import org.junit.jupiter.api.Test;

/** The bounded payload reader: strict RFC 8259, strings decoded in place, a value and depth budget. */
class JsonReaderTest {

    private static Json read(String text) throws JsonReadException {
        return read(text.getBytes(StandardCharsets.UTF_8));
    }

    private static Json read(byte[] bytes) throws JsonReadException {
        return JsonReader.read(bytes, 0, bytes.length, 1000, 32);
    }

    private static JsonReadException.Kind refused(String text) {
        return assertThrows(JsonReadException.class, () -> read(text), text).kind();
    }

    private static JsonReadException.Kind refused(byte[] bytes) {
        return assertThrows(JsonReadException.class, () -> read(bytes)).kind();
    }

    @Test
    void readsEveryKindOfValue() throws Exception {
        Json j = read(" {\"a\":[1,-2,3.5,1e2,true,false,null,\"x\"],\"b\":{},\"c\":[],\"d\":{\"e\":\"f\"}} ");
        JsonObject o = (JsonObject) j;
        assertEquals(List.of(new JsonInt(1), new JsonInt(-2), new JsonFloat(3.5), new JsonFloat(100.0), JsonBool.TRUE,
                JsonBool.FALSE, JsonNull.INSTANCE, new JsonString("x")), o.array("a").orElseThrow().items());
        assertSame(JsonObject.EMPTY, o.fields().get("b"));
        assertSame(JsonArray.EMPTY, o.fields().get("c"));
        assertEquals("f", o.object("d").orElseThrow().string("e").orElseThrow());
        assertEquals(List.of("a", "b", "c", "d"), List.copyOf(o.fields().keySet()), "key order kept");
    }

    @Test
    void stringsAreDecoded() throws Exception {
        assertEquals(new JsonString("a\"b\\c/d\b\f\n\r\t\u00e9\u20ac\uD83D\uDE00"),
                read("\"a\\\"b\\\\c\\/d\\b\\f\\n\\r\\t\\u00e9\\u20AC\\ud83d\\ude00\""));
        assertEquals(new JsonString("caf\u00e9 \u20ac \uD83D\uDE00"), read("\"caf\u00e9 \u20ac \uD83D\uDE00\""), "raw UTF-8");
        assertEquals(new JsonString("\u0000"), read("\"\\u0000\""));
        // a lone surrogate has no UTF-8 form: it becomes U+FFFD, as the host's encoder writes it
        assertEquals(new JsonString("\uFFFDx\uFFFD"), read("\"\\ud800x\\udc00\""));
        assertEquals(new JsonString("\uFFFDA"), read("\"\\ud800\\u0041\""));
    }

    @Test
    void numbersAsTheWireCodecReadsThem() throws Exception {
        assertEquals(new JsonInt(0), read("-0"));
        assertEquals(new JsonInt(Long.MAX_VALUE), read("9223372036854775807"));
        assertEquals(new JsonInt(Long.MIN_VALUE), read("-9223372036854775808"));
        assertEquals(new JsonFloat(9.223372036854775808E18), read("9223372036854775808"));
        assertEquals(new JsonFloat(-1.0E20), read("-100000000000000000000"));
        assertEquals(new JsonFloat(0.0), read("1e-400"));
        assertEquals(new JsonFloat(-0.0), read("-0.0"));
        assertEquals(JsonReadException.Kind.NUMBER_OUT_OF_RANGE, refused("1e400"));
        assertEquals(JsonReadException.Kind.NUMBER_OUT_OF_RANGE, refused("-1" + "0".repeat(400)));
        assertEquals(JsonReadException.Kind.SYNTAX, refused("1" + "0".repeat(1000)), "longer than 1000 characters");
        for (String bad : List.of("01", "-01", "1.", ".5", "-", "+1", "1e", "1e+", "0x10", "NaN", "Infinity", "1 2", "--1")) {
            assertEquals(JsonReadException.Kind.SYNTAX, refused(bad), bad);
        }
    }

    @Test
    void malformedInputIsRefused() {
        for (String bad : List.of("", " ", "{", "}", "[", "[1,]", "{\"a\":1,}", "{\"a\" 1}", "{a:1}", "{'a':1}",
                "[1 2]", "{\"a\":1}x", "tru", "nul", "falsey", "\"abc", "\"\\x\"", "\"\\u12\"", "\"\\u12G4\"",
                "\"tab\there\"", "\"nl\nhere\"", "[1]]", "{\"a\":1}}", "/* c */ 1", "\"\\uFF10\\")) {
            assertEquals(JsonReadException.Kind.SYNTAX, refused(bad), bad);
        }
    }

    @Test
    void invalidUtf8IsRefused() {
        byte[][] bad = {
            {'"', (byte) 0xC0, (byte) 0x80, '"'},               // overlong NUL
            {'"', (byte) 0xC3, '"'},                             // truncated
            {'"', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '"'},   // an encoded surrogate
            {'"', (byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80, '"'}, // above U+10FFFF
            {'"', (byte) 0xF5, (byte) 0x80, (byte) 0x80, (byte) 0x80, '"'},
            {'"', (byte) 0xE0, (byte) 0x80, (byte) 0x80, '"'},   // overlong 3-byte
            {'"', (byte) 0xFF, '"'},
            {'"', (byte) 0x80, '"'},
            {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, '1'},        // a BOM is not JSON whitespace
        };
        for (byte[] b : bad) {
            assertEquals(JsonReadException.Kind.SYNTAX, refused(b), Arrays.toString(b));
        }
    }

    @Test
    void duplicateKeysAreRefusedAlsoWhenEscaped() {
        assertEquals(JsonReadException.Kind.DUPLICATE_KEY, refused("{\"a\":1,\"a\":2}"));
        assertEquals(JsonReadException.Kind.DUPLICATE_KEY, refused("{\"a\":1,\"\\u0061\":2}"));
    }

    @Test
    void depthIsBoundedWithoutRecursingIntoIt() {
        String ok = "[".repeat(32) + "]".repeat(32);
        assertEquals(JsonReadException.Kind.TOO_DEEP, refused("[".repeat(33) + "]".repeat(33)));
        assertEquals(JsonReadException.Kind.TOO_DEEP, refused("{\"a\":".repeat(33) + "1" + "}".repeat(33)));
        // a million levels: refused at level 33, no StackOverflowError
        assertEquals(JsonReadException.Kind.TOO_DEEP, refused("[".repeat(1_000_000)));
        org.junit.jupiter.api.Assertions.assertDoesNotThrow(() -> read(ok));
    }

    @Test
    void theValueBudgetCountsEveryValue() throws Exception {
        byte[] thousand = ("[" + "0,".repeat(998) + "0]").getBytes(StandardCharsets.US_ASCII); // 999 items + the array
        assertEquals(999, ((JsonArray) read(thousand)).size());
        assertEquals(JsonReadException.Kind.TOO_MANY_VALUES, refused("[" + "0,".repeat(999) + "0]"));
        assertEquals(JsonReadException.Kind.TOO_MANY_VALUES, refused("[" + "[],".repeat(999) + "[]]"));
        StringBuilder members = new StringBuilder("{");
        for (int i = 0; i < 1000; i++) {
            members.append(i == 0 ? "" : ",").append("\"k").append(i).append("\":0");
        }
        assertEquals(JsonReadException.Kind.TOO_MANY_VALUES, refused(members.append('}').toString()),
                "every member is a value");
    }

    @Test
    void theInputIsDecodedInPlace() throws Exception {
        byte[] b = "{\"k\":\"a\\u00e9\"}".getBytes(StandardCharsets.US_ASCII);
        JsonObject o = (JsonObject) read(b);
        assertEquals(Map.of("k", new JsonString("a\u00e9")), o.fields());
    }
}
