package org.infinibay.infiniservice.domain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.infinibay.infiniservice.domain.auth.HmacSigner;
import org.infinibay.infiniservice.domain.auth.SharedSecret;
import org.infinibay.infiniservice.domain.auth.SignedEnvelope;
import org.junit.jupiter.api.Test;

/** Check 2 of CONTRACT §4.4 read from the line's bytes in one bounded pass (issue #13 item 1). */
class SignedEnvelopeTest {
    static final String V2 = "8c795cdb96374e158cec21313bb2acae569823cd922e02ddd0784f081737ecdd";
    static final String SIG = "fa668e251a9b72aa4dabf02906fe139efba7773d475f6359cedce843ea24c2cc";
    static final String PAYLOAD =
            "{\"type\":\"keep_alive_response\",\"sequence_number\":3,\"timestamp\":\"2023-11-14T22:13:20.000Z\"}";
    static final String V5 = "{\"type\":\"signed\",\"v\":1,\"ts\":1700000000000,\"nonce\":\"00000000-0000-4000-8000-000000000000\","
            + "\"payload\":\"{\\\"type\\\":\\\"keep_alive_response\\\",\\\"sequence_number\\\":3,\\\"timestamp\\\":\\\"2023-11-14T22:13:20.000Z\\\"}\","
            + "\"sig\":\"" + SIG + "\"}";

    private static SignedEnvelope scan(String line) {
        byte[] b = line.getBytes(StandardCharsets.UTF_8);
        return SignedEnvelope.scan(b, 0, b.length);
    }

    private static String payload(SignedEnvelope e) {
        return new String(e.line(), e.payloadStart(), e.payloadLength(), StandardCharsets.UTF_8);
    }

    private static String withNonce(String nonceJson) {
        return V5.replace("\"00000000-0000-4000-8000-000000000000\"", nonceJson);
    }

    @Test
    void v5IsReadAndItsMacMatches() {
        SignedEnvelope e = assertNotNullEnv(scan(V5));
        assertEquals(1, e.version());
        assertEquals(1700000000000L, e.ts());
        assertEquals("00000000-0000-4000-8000-000000000000", e.nonce());
        assertEquals(PAYLOAD, payload(e));
        assertArrayEquals(HmacSigner.unhex(SIG), e.signature());
        assertTrue(e.signedBy(SharedSecret.fromConfigured(V2).orElseThrow(), e.signature()));
    }

    private static SignedEnvelope assertNotNullEnv(SignedEnvelope e) {
        assertNotNull(e, "well-formed envelope");
        return e;
    }

    @Test
    void keyOrderWhitespaceEscapedNamesAndUnknownMembersDoNotMatter() {
        String shuffled = " { \"sig\" : \"" + SIG + "\" ,\"extra\":{\"a\":[1,2.5e3,\"x\",null,true,{}]},"
                + "\"p\\u0061yload\":\"" + V5.substring(V5.indexOf("\"payload\":\"") + 11, V5.indexOf("\",\"sig\""))
                + "\", \"nonce\":\"00000000-0000-4000-8000-000000000000\",\"ts\":1.7e12,\"more\":[[[]]],"
                + "\"v\":1.0,\"type\":\"sign\\u0065d\"}\t";
        SignedEnvelope e = assertNotNullEnv(scan(shuffled));
        assertEquals(PAYLOAD, payload(e));
        assertEquals(1700000000000L, e.ts());
        assertTrue(e.signedBy(SharedSecret.fromConfigured(V2).orElseThrow(), e.signature()));
    }

    @Test
    void missingRepeatedOrMistypedFieldsAreMalformed() {
        List<String> malformed = List.of(
                V5.replace("\"type\":\"signed\",", ""),
                V5.replace("\"type\":\"signed\"", "\"type\":\"Signed\""),
                V5.replace("\"type\":\"signed\"", "\"type\":null"),
                V5.replace("\"v\":1", "\"v\":\"1\""),
                V5.replace("\"ts\":1700000000000", "\"ts\":\"1700000000000\""),
                V5.replace("\"ts\":1700000000000", "\"ts\":1700000000000.5"),
                V5.replace("\"ts\":1700000000000", "\"ts\":1e300"),
                V5.replace("\"ts\":1700000000000", "\"ts\":99999999999999999999"),
                V5.replace("\"ts\":1700000000000", "\"ts\":[1]"),
                V5.replace("\"sig\":\"", "\"sig\":5,\"x\":\""),
                V5.replace("\"payload\":\"", "\"payload\":\"\",\"payload\":\""),
                V5.replace("\"v\":1", "\"v\":1,\"v\":1"),
                V5.replace("{\"type\"", "[{\"type\"") + "]",
                V5 + "x",
                V5 + "{}",
                V5.substring(0, V5.length() - 1),
                V5.replace("}", ",}"),
                V5.replace("\"type\":\"signed\",", "\"type\":\"signed\",,"),
                "{}",
                "[]",
                "",
                "null",
                PAYLOAD);
        for (String line : malformed) {
            assertNull(scan(line), line);
        }
    }

    @Test
    void theNonceGrammarIsEnforced() {
        assertNull(scan(withNonce("\"has space\"")), "space");
        assertNull(scan(withNonce("\"caf\u00e9\"")), "raw non-ASCII");
        assertNull(scan(withNonce("\"caf\\u00e9\"")), "escaped non-ASCII");
        assertNull(scan(withNonce("\"tab\\there\"")), "control character");
        assertNull(scan(withNonce("\"a\\u007f\"")), "DEL");
        assertNull(scan(withNonce("\"\"")), "empty");
        assertNull(scan(withNonce("\"" + "n".repeat(129) + "\"")), "129 characters");
        assertNull(scan(withNonce("42")), "not a string");
        String printable = "!\\\"#$%&'()*+,-./0123456789:;<=>?@AZ[\\\\]^_`az{|}~";
        SignedEnvelope e = assertNotNullEnv(scan(withNonce("\"" + printable + "\"")));
        assertEquals("!\"#$%&'()*+,-./0123456789:;<=>?@AZ[\\]^_`az{|}~", e.nonce());
        assertEquals(128, assertNotNullEnv(scan(withNonce("\"" + "n".repeat(128) + "\""))).nonce().length());
        assertEquals("A", assertNotNullEnv(scan(withNonce("\"\\u0041\""))).nonce(), "escaped printable ASCII");
        assertTrue(SignedEnvelope.validNonce("~"));
        assertFalse(SignedEnvelope.validNonce("a b"));
        assertFalse(SignedEnvelope.validNonce("\u00e9"));
        assertFalse(SignedEnvelope.validNonce("n".repeat(129)));
    }

    @Test
    void signatureEncodingAndLength() {
        String fullwidth = SIG.chars().mapToObj(c -> c >= '0' && c <= '9' ? String.valueOf((char) (0xFF10 + c - '0'))
                : String.valueOf((char) c)).reduce("", String::concat);
        assertNull(assertNotNullEnv(scan(V5.replace(SIG, fullwidth))).signature(), "fullwidth digits: not hex");
        assertNull(assertNotNullEnv(scan(V5.replace(SIG, "\\uff11" + SIG.substring(1)))).signature(), "escaped fullwidth");
        assertNull(assertNotNullEnv(scan(V5.replace(SIG, "zz".repeat(32)))).signature());
        assertNull(assertNotNullEnv(scan(V5.replace(SIG, SIG.substring(0, 63) + " "))).signature());
        assertArrayEquals(new byte[0], assertNotNullEnv(scan(V5.replace(SIG, "abc"))).signature(),
                "odd-length hex is left to the MAC check (BadSignature)");
        assertArrayEquals(new byte[0], assertNotNullEnv(scan(V5.replace(SIG, ""))).signature());
        assertArrayEquals(new byte[0], assertNotNullEnv(scan(V5.replace(SIG, SIG + SIG))).signature());
        assertArrayEquals(HmacSigner.unhex(SIG), assertNotNullEnv(scan(V5.replace(SIG, SIG.toUpperCase()))).signature());
        assertArrayEquals(HmacSigner.unhex(SIG), assertNotNullEnv(scan(V5.replace(SIG, "\\u0066" + SIG.substring(1))))
                .signature(), "an escaped ASCII hex digit is that digit");
    }

    @Test
    void ignoredMembersAreValidatedAndTheirDepthBounded() {
        String deepOk = "[".repeat(SignedEnvelope.MAX_DEPTH - 1) + "]".repeat(SignedEnvelope.MAX_DEPTH - 1);
        assertNotNullEnv(scan(V5.replace("\"v\":1", "\"junk\":" + deepOk + ",\"v\":1")));
        String tooDeep = "[".repeat(SignedEnvelope.MAX_DEPTH) + "]".repeat(SignedEnvelope.MAX_DEPTH);
        assertNull(scan(V5.replace("\"v\":1", "\"junk\":" + tooDeep + ",\"v\":1")));
        assertNull(scan(V5.replace("\"v\":1", "\"junk\":" + "[".repeat(1_000_000) + ",\"v\":1")), "no stack overflow");
        assertNull(scan(V5.replace("\"v\":1", "\"junk\":[1,],\"v\":1")));
        assertNull(scan(V5.replace("\"v\":1", "\"junk\":{\"a\"},\"v\":1")));
        assertNull(scan(V5.replace("\"v\":1", "\"junk\":\"\\q\",\"v\":1")));
        assertNull(scan(V5.replace("\"v\":1", "\"junk\":01,\"v\":1")));
        assertNotNullEnv(scan(V5.replace("\"v\":1", "\"junk\":1,\"junk\":2,\"v\":1")));
    }

    @Test
    void invalidUtf8AnywhereIsMalformed() {
        byte[] good = V5.getBytes(StandardCharsets.UTF_8);
        int at = V5.indexOf("keep_alive");
        for (byte[] seq : new byte[][] {{(byte) 0xC3}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, {(byte) 0xFF},
                {(byte) 0xC0, (byte) 0xAF}}) {
            byte[] b = new byte[good.length + seq.length];
            System.arraycopy(good, 0, b, 0, at);
            System.arraycopy(seq, 0, b, at, seq.length);
            System.arraycopy(good, at, b, at + seq.length, good.length - at);
            assertNull(SignedEnvelope.scan(b, 0, b.length));
        }
    }
}
