package org.infinibay.infiniservice.adapters.serial.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.infinibay.infiniservice.application.port.out.MalformedJsonException;
import org.infinibay.infiniservice.domain.json.Json;
import org.infinibay.infiniservice.domain.json.JsonArray;
import org.infinibay.infiniservice.domain.json.JsonBool;
import org.infinibay.infiniservice.domain.json.JsonFloat;
import org.infinibay.infiniservice.domain.json.JsonInt;
import org.infinibay.infiniservice.domain.json.JsonNull;
import org.infinibay.infiniservice.domain.json.JsonObject;
import org.infinibay.infiniservice.domain.json.JsonString;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JacksonJsonCodecTest {
    private final JacksonJsonCodec codec = new JacksonJsonCodec();

    private static JsonObject sample() {
        return JsonObject.builder()
                .put("type", "metrics")
                .put("n", 42L)
                .put("neg", -9_007_199_254_740_992L)
                .put("f", 1.5)
                .put("zero", 0.0)
                .put("ok", true)
                .putNull("nothing")
                .put("list", new JsonArray(List.of(new JsonInt(1), new JsonString("two"), JsonBool.FALSE)))
                .put("nested", JsonObject.builder().put("é", "ünï😀\u2028\u0001\"\\").build())
                .build();
    }

    @Test
    void roundTripPreservesTreeAndKeyOrder() throws Exception {
        JsonObject in = sample();
        String text = codec.write(in);
        Json back = codec.parse(text);
        assertEquals(in, back);
        assertEquals(List.copyOf(in.fields().keySet()), List.copyOf(((JsonObject) back).fields().keySet()));
    }

    @Test
    void writeIsOneAsciiLineWithEscapes() {
        String text = codec.write(JsonObject.builder().put("s", "é€😀\n").build());
        assertEquals("{\"s\":\"\\u00e9\\u20ac\\ud83d\\ude00\\n\"}", text.toLowerCase(java.util.Locale.ROOT));
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            assertTrue(b >= 0x20, "every byte printable ASCII: " + b); // byte is signed: >= 0x80 would be negative
        }
        assertFalse(text.contains("\n"));
    }

    @Test
    void everyBmpAndAstralCharacterIsWrittenAsAscii() throws Exception {
        StringBuilder sb = new StringBuilder();
        for (int cp = 0x80; cp < 0x11000; cp += 7) {
            if (cp < Character.MIN_SURROGATE || cp > Character.MAX_SURROGATE) {
                sb.appendCodePoint(cp);
            }
        }
        String value = sb.toString();
        String text = codec.write(JsonObject.builder().put("v", value).build());
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            assertTrue(b > 0, "byte < 0x80");
        }
        assertEquals(value, ((JsonObject) codec.parse(text)).string("v").orElseThrow());
    }

    @Test
    void integersHaveNoFractionAndFloatsStayFloats() throws Exception {
        String text = codec.write(JsonObject.builder().put("i", 3L).put("f", 3.0).put("big", 9_007_199_254_740_992L).build());
        assertEquals("{\"i\":3,\"f\":3.0,\"big\":9007199254740992}", text);
        JsonObject back = (JsonObject) codec.parse(text);
        assertInstanceOf(JsonInt.class, back.fields().get("i"));
        assertInstanceOf(JsonFloat.class, back.fields().get("f"));
    }

    @Test
    void parsesAllValueKinds() throws Exception {
        Json v = codec.parse(" [1, -2, 2.5e3, \"s\", true, false, null, {}, []] ");
        assertEquals(new JsonArray(List.of(new JsonInt(1), new JsonInt(-2), new JsonFloat(2500), new JsonString("s"),
                JsonBool.TRUE, JsonBool.FALSE, JsonNull.INSTANCE, new JsonObject(Map.of()), JsonArray.EMPTY)), v);
    }

    @Test
    void bigIntegersBecomeFloatsWhenFiniteAndFailWhenNot() throws Exception {
        assertEquals(new JsonInt(Long.MAX_VALUE), codec.parse("9223372036854775807"));
        assertEquals(new JsonFloat(9.223372036854775808e18), codec.parse("9223372036854775808"));
        assertEquals(new JsonFloat(1e30), codec.parse("1000000000000000000000000000000"));
        String huge = "1" + "0".repeat(400);
        assertThrows(MalformedJsonException.class, () -> codec.parse(huge));
        assertThrows(MalformedJsonException.class, () -> codec.parse("1e400"));
        assertThrows(MalformedJsonException.class, () -> codec.parse("{\"x\":-1e999}"));
    }

    @Test
    void duplicateKeysAreRejectedWithoutEchoingThem() {
        MalformedJsonException e = assertThrows(MalformedJsonException.class,
                () -> codec.parse("{\"secretKey\":1,\"secretKey\":2}"));
        assertTrue(e.getMessage().contains("duplicate key"), e.getMessage());
        assertFalse(e.getMessage().contains("secretKey"));
        assertThrows(MalformedJsonException.class, () -> codec.parse("{\"a\":{\"b\":1,\"b\":1}}"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "{", "{\"a\":}", "{\"a\":1}x", "{\"a\":1} {\"b\":2}", "[1,]", "NaN",
            "{\"v\":NaN}", "{\"v\":Infinity}", "{\"v\":-Infinity}", "'single'", "{a:1}", "[1 2]", "\"unterminated",
            "{\"a\":1}}", "tru", "01", "{\"c\":\"\u0001\"}", "/*c*/{}", "{\"a\":1,}"})
    void malformedInputIsRejected(String text) {
        MalformedJsonException e = assertThrows(MalformedJsonException.class, () -> codec.parse(text));
        assertTrue(e.getMessage().startsWith("malformed JSON"), e.getMessage());
    }

    @Test
    void errorMessagesNeverContainTheInput() {
        for (String text : List.of("{\"password\":hunter2}", "hunter2", "{\"a\":\"hunter2\"} hunter2",
                "{\"hunter2\":1,\"hunter2\":2}", "[" + "[".repeat(300) + "\"hunter2\"")) {
            MalformedJsonException e = assertThrows(MalformedJsonException.class, () -> codec.parse(text));
            assertFalse(e.getMessage().contains("hunter2"), e.getMessage());
            assertFalse(e.getMessage().contains("password"), e.getMessage());
        }
    }

    @Test
    void nestingIsLimitedWithoutStackOverflow() throws Exception {
        String ok = "[".repeat(JacksonJsonCodec.MAX_NESTING_DEPTH) + "]".repeat(JacksonJsonCodec.MAX_NESTING_DEPTH);
        assertInstanceOf(JsonArray.class, codec.parse(ok));
        String tooDeep = "[".repeat(JacksonJsonCodec.MAX_NESTING_DEPTH + 1) + "]".repeat(JacksonJsonCodec.MAX_NESTING_DEPTH + 1);
        MalformedJsonException e = assertThrows(MalformedJsonException.class, () -> codec.parse(tooDeep));
        assertTrue(e.getMessage().contains("limit"), e.getMessage());
        String hostile = "{\"a\":".repeat(100_000);
        assertThrows(MalformedJsonException.class, () -> codec.parse(hostile));
    }

    @Test
    void eightMebibyteStringsParse() throws Exception {
        String big = "x".repeat(8 * 1024 * 1024 - 20);
        JsonObject back = (JsonObject) codec.parse("{\"s\":\"" + big + "\"}");
        assertEquals(big.length(), back.string("s").orElseThrow().length());
    }

    @Test
    void nonFiniteFloatsCannotReachTheWire() {
        // JsonFloat refuses NaN; Json.of maps it to 0, which is what gets written.
        String text = codec.write(JsonObject.builder().put("a", Double.NaN).put("b", Double.POSITIVE_INFINITY)
                .putOptional("c", Double.NEGATIVE_INFINITY).build());
        assertEquals("{\"a\":0.0,\"b\":0.0}", text);
    }

    @Test
    void loneSurrogatesAreEscapedNotDropped() throws Exception {
        String text = codec.write(JsonObject.builder().put("s", "a\uD800b").build());
        assertEquals("{\"s\":\"a\\ud800b\"}", text.toLowerCase(java.util.Locale.ROOT));
    }

    @Test
    void codecIsSafeAcrossThreads() throws Exception {
        JsonObject in = sample();
        String expected = codec.write(in);
        Thread[] threads = new Thread[4];
        Throwable[] failure = new Throwable[1];
        for (int t = 0; t < threads.length; t++) {
            threads[t] = new Thread(() -> {
                try {
                    for (int i = 0; i < 2000; i++) {
                        assertEquals(expected, codec.write(in));
                        assertEquals(in, codec.parse(expected));
                    }
                } catch (Throwable e) {
                    failure[0] = e;
                }
            });
            threads[t].start();
        }
        for (Thread t : threads) {
            t.join();
        }
        if (failure[0] != null) {
            throw new AssertionError(failure[0]);
        }
    }
}
