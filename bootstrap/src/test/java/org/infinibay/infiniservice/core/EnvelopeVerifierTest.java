package org.infinibay.infiniservice.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import org.infinibay.infiniservice.adapters.posix.state.FileStateStore;
import org.infinibay.infiniservice.adapters.serial.json.JacksonJsonCodec;
import org.infinibay.infiniservice.application.port.out.AgentClock;
import org.infinibay.infiniservice.application.service.auth.EnvelopeVerifier;
import org.infinibay.infiniservice.application.service.auth.ReplayStore;
import org.infinibay.infiniservice.application.service.auth.Verification;
import org.infinibay.infiniservice.domain.auth.HmacSigner;
import org.infinibay.infiniservice.domain.auth.RejectReason;
import org.infinibay.infiniservice.domain.auth.SharedSecret;
import org.infinibay.infiniservice.domain.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** CONTRACT §4.8 vectors V5, V6 and every negative case (§13 items 18, 19, 22), with the real codec. */
class EnvelopeVerifierTest {
    static final String V2 = "8c795cdb96374e158cec21313bb2acae569823cd922e02ddd0784f081737ecdd";
    static final String V5 = "{\"type\":\"signed\",\"v\":1,\"ts\":1700000000000,\"nonce\":\"00000000-0000-4000-8000-000000000000\","
            + "\"payload\":\"{\\\"type\\\":\\\"keep_alive_response\\\",\\\"sequence_number\\\":3,\\\"timestamp\\\":\\\"2023-11-14T22:13:20.000Z\\\"}\","
            + "\"sig\":\"fa668e251a9b72aa4dabf02906fe139efba7773d475f6359cedce843ea24c2cc\"}";
    static final String V6 = "{\"type\":\"signed\",\"v\":1,\"ts\":1700000000000,\"nonce\":\"00000000-0000-4000-8000-000000000001\","
            + "\"payload\":\"{\\\"type\\\":\\\"UnsafeCommand\\\",\\\"id\\\":\\\"11111111-2222-4333-8444-555555555555\\\",\\\"raw_command\\\":\\\"echo caf\u00e9\\\",\\\"shell\\\":\\\"BASH\\\",\\\"timeout\\\":30}\","
            + "\"sig\":\"d5839cfcf515f5c498665e99682dd702500208b1daeade8acf12d22864e98347\"}";

    @TempDir
    Path dir;

    private EnvelopeVerifier verifier(String secret, long nowMs) {
        AgentClock clock = new AgentClock() {
            @Override
            public long nowMillis() {
                return nowMs;
            }

            @Override
            public long monotonicNanos() {
                return System.nanoTime();
            }
        };
        ReplayStore replay = new ReplayStore(new FileStateStore(dir), 1000);
        replay.load(nowMs);
        return new EnvelopeVerifier(SharedSecret.fromConfigured(secret), clock, replay);
    }

    private static RejectReason reason(Verification v) {
        return assertInstanceOf(Verification.Rejected.class, v).reason();
    }

    @Test
    void v5AndV6Verify() {
        EnvelopeVerifier v = verifier(V2, 1700000000000L);
        JsonObject p5 = assertInstanceOf(Verification.Accepted.class, v.verify(V5)).payload();
        assertEquals("keep_alive_response", p5.string("type").orElseThrow());
        JsonObject p6 = assertInstanceOf(Verification.Accepted.class, v.verify(V6)).payload();
        assertEquals("echo caf\u00e9", p6.string("raw_command").orElseThrow());
    }

    @Test
    void v6WithEscapedNonAsciiVerifiesWithTheSameSignature() {
        String escaped = V6.replace("caf\u00e9", "caf\\u00e9");
        assertInstanceOf(Verification.Accepted.class, verifier(V2, 1700000000000L).verify(escaped));
    }

    @Test
    void negativeCasesInCheckOrder() {
        long now = 1700000000000L;
        assertEquals(RejectReason.NoSecret, reason(verifier(null, now).verify(V5)));
        String bare = "{\"type\":\"keep_alive_response\",\"sequence_number\":3,\"timestamp\":\"2023-11-14T22:13:20.000Z\"}";
        assertEquals(RejectReason.Malformed, reason(verifier(V2, now).verify(bare)));
        assertEquals(RejectReason.Malformed, reason(verifier(V2, now).verify("not json")));
        assertEquals(RejectReason.Malformed, reason(verifier(V2, now).verify(V5.replace("\"ts\":1700000000000", "\"ts\":\"1700000000000\""))));
        assertEquals(RejectReason.UnsupportedVersion, reason(verifier(V2, now).verify(V5.replace("\"v\":1", "\"v\":2"))));
        assertEquals(RejectReason.BadSignatureEncoding, reason(verifier(V2, now).verify(
                V5.replace("fa668e251a9b72aa4dabf02906fe139efba7773d475f6359cedce843ea24c2cc", "zz".repeat(32)))));
        assertEquals(RejectReason.BadSignature, reason(verifier(V2, now).verify(
                V5.replace("fa668e251a9b72aa4dabf02906fe139efba7773d475f6359cedce843ea24c2cc", "fa66"))));
        assertEquals(RejectReason.BadSignature, reason(verifier(V2, now).verify(
                V5.replace("\\\"sequence_number\\\":3", "\\\"sequence_number\\\":4"))));
        assertEquals(RejectReason.Stale, reason(verifier(V2, 1700000300001L).verify(V5)));
        assertEquals(RejectReason.Stale, reason(verifier(V2, 1699999699999L).verify(V5)));
        assertInstanceOf(Verification.Accepted.class, verifier(V2, 1700000300000L).verify(V5));
    }

    @Test
    void upperCaseSignatureHexIsAccepted() {
        String upper = V5.replace("fa668e251a9b72aa4dabf02906fe139efba7773d475f6359cedce843ea24c2cc",
                "FA668E251A9B72AA4DABF02906FE139EFBA7773D475F6359CEDCE843EA24C2CC");
        assertInstanceOf(Verification.Accepted.class, verifier(V2, 1700000000000L).verify(upper));
    }

    @Test
    void wrongKeyFromHexDecodingIsRejected() {
        // the V4-wrong key: V2 hex-decoded to 32 bytes; as configured text it can only be its hex again,
        // so the agent can never compute the wrong value; a different secret fails as BadSignature
        assertEquals(RejectReason.BadSignature, reason(verifier(V2.toUpperCase().substring(1) + "0", 1700000000000L)
                .verify(V5)));
    }

    @Test
    void replayIsRejectedAlsoAfterARestart() {
        assertInstanceOf(Verification.Accepted.class, verifier(V2, 1700000000000L).verify(V5));
        assertEquals(RejectReason.Replay, reason(verifier(V2, 1700000000000L).verify(V5)), "new verifier, same state dir");
        assertEquals(RejectReason.Stale, reason(verifier(V2, 1700000300001L).verify(V5)), "stale before replay");
    }

    @Test
    void payloadThatIsNotAnObjectIsPayloadInvalid() {
        EnvelopeVerifier v = verifier(V2, 1700000000000L);
        String sig = HmacSigner.sign(SharedSecret.fromConfigured(V2).orElseThrow(), 1, 1700000000000L, "n-1", "[1,2]");
        String line = "{\"type\":\"signed\",\"v\":1,\"ts\":1700000000000,\"nonce\":\"n-1\",\"payload\":\"[1,2]\","
                + "\"sig\":\"" + sig + "\"}";
        assertEquals(RejectReason.PayloadInvalid, reason(v.verify(line)));
    }

    private static final SharedSecret KEY = SharedSecret.fromConfigured(V2).orElseThrow();

    /** A correctly signed envelope line with the given fields. */
    private static String signed(long ts, String nonce, String payload) {
        return new JacksonJsonCodec().write(JsonObject.builder().put("type", "signed").put("v", 1).put("ts", ts)
                .put("nonce", nonce).put("payload", payload).put("sig", HmacSigner.sign(KEY, 1, ts, nonce, payload))
                .build());
    }

    /** Issue #13 item 13: a correct MAC written with fullwidth digits (U+FF10-U+FF19) was accepted. */
    @Test
    void aCorrectMacInFullwidthDigitsIsBadSignatureEncoding() {
        String sig = "fa668e251a9b72aa4dabf02906fe139efba7773d475f6359cedce843ea24c2cc";
        StringBuilder wide = new StringBuilder();
        for (char c : sig.toCharArray()) {
            wide.append(c >= '0' && c <= '9' ? (char) (0xFF10 + c - '0') : c);
        }
        assertEquals(RejectReason.BadSignatureEncoding, reason(verifier(V2, 1700000000000L).verify(V5.replace(sig, wide))));
        String escaped = V5.replace(sig, wide.toString().replace("\uff10", "\\uff10"));
        assertEquals(RejectReason.BadSignatureEncoding, reason(verifier(V2, 1700000000000L).verify(escaped)));
        assertEquals(RejectReason.BadSignature, reason(verifier(V2, 1700000000000L).verify(V5.replace(sig, sig.substring(1)))),
                "odd length is a length, left to check 5");
    }

    /** Issue #13 item 12: Math.abs(now - ts) overflowed and accepted ts = now - 2^63. */
    @Test
    void theWindowCheckCannotOverflow() {
        long now = 1700000000000L;
        for (long ts : new long[] {now + Long.MIN_VALUE, now + Long.MAX_VALUE, Long.MIN_VALUE, Long.MAX_VALUE,
                Long.MIN_VALUE + now - 1, now - 300_001, now + 300_001}) {
            assertEquals(RejectReason.Stale, reason(verifier(V2, now).verify(signed(ts, "n-" + ts, "{}"))), "ts " + ts);
        }
        for (long ts : new long[] {now - 300_000, now + 300_000, now}) {
            assertInstanceOf(Verification.Accepted.class, verifier(V2, now).verify(signed(ts, "n-" + ts, "{}")), "ts " + ts);
        }
        assertEquals(RejectReason.Stale, reason(verifier(V2, -1).verify(signed(Long.MAX_VALUE, "n-x", "{}"))),
                "a difference of exactly -2^63");
        assertInstanceOf(Verification.Accepted.class,
                verifier(V2, Long.MAX_VALUE).verify(signed(Long.MAX_VALUE - 300_000, "n-y", "{}")));
    }

    /** Issue #13 item 3(b): nonces the store could not keep were accepted and never stored. */
    @Test
    void noncesOutsideTheGrammarAreMalformed() {
        long now = 1700000000000L;
        for (String nonce : new String[] {"has space", "caf\u00e9", "n".repeat(129), "", "tab\t", "\u007f"}) {
            assertEquals(RejectReason.Malformed, reason(verifier(V2, now).verify(signed(now, nonce, "{}"))), nonce);
        }
        assertInstanceOf(Verification.Accepted.class, verifier(V2, now).verify(signed(now, "~" + "n".repeat(127), "{}")));
    }

    /** Bytes the current thread allocates while verifying {@code line}. */
    private static long allocated(EnvelopeVerifier v, byte[] line, RejectReason expected) {
        long before = Allocations.current();
        Verification result = v.verify(line, 0, line.length);
        long used = Allocations.current() - before;
        assertEquals(expected, reason(result));
        return used;
    }

    /** A line of {@code size} bytes: {@code head}, {@code unit} repeated, {@code tail}. */
    static byte[] shape(String head, String unit, String tail, int size) {
        byte[] h = head.getBytes(StandardCharsets.UTF_8);
        byte[] u = unit.getBytes(StandardCharsets.UTF_8);
        byte[] t = tail.getBytes(StandardCharsets.UTF_8);
        int n = (size - h.length - t.length) / u.length;
        byte[] out = new byte[h.length + n * u.length + t.length];
        System.arraycopy(h, 0, out, 0, h.length);
        for (int i = 0; i < n; i++) {
            System.arraycopy(u, 0, out, h.length + i * u.length, u.length);
        }
        System.arraycopy(t, 0, out, out.length - t.length, t.length);
        return out;
    }

    /**
     * Issue #13 item 1: an unsigned 3 MiB {@code [0,0,...]} killed the agent with OutOfMemoryError,
     * because the whole tree was built before any check. Every hostile shape up to the 8 MiB line
     * limit is now refused with at most a few KiB allocated, whatever it holds.
     */
    @Test
    void unsignedLinesOfAnyShapeAreRefusedWithinAFewKiB() {
        // V5 with one signature digit changed and the closing brace cut: junk members follow
        String head = V5.replace("fa668e", "fa668f").substring(0, V5.length() - 1);
        // one verifier, as in the agent; its first use loads classes, links call sites and makes the Mac
        EnvelopeVerifier v = verifier(V2, 1700000000000L);
        v.verify(V5.replace("fa668e", "fa668f"));
        v.verify("[0]");
        for (int size : new int[] {3 << 20, 8 << 20}) {
            Object[][] shapes = {
                {shape("[", "0,", "0]", size), RejectReason.Malformed},
                {shape("[", "[],", "[]]", size), RejectReason.Malformed},
                {shape("{\"type\":\"signed\",\"junk\":[", "0,", "0]}", size), RejectReason.Malformed},
                {shape(head + ",\"junk\":[", "0,", "0]}", size), RejectReason.BadSignature},
                {shape(head + ",\"junk\":[", "{},", "{}]}", size), RejectReason.BadSignature},
                {shape(head + ",\"junk\":\"", "x", "\"}", size), RejectReason.BadSignature},
                {shape(head + ",\"junk\":\"", "\\u00e9", "\"}", size), RejectReason.BadSignature},
                {shape("[", "[", "", size), RejectReason.Malformed},
                {shape("{\"junk\":", "[", "", size), RejectReason.Malformed},
                {shape("{", "\"k\":0,", "\"z\":0}", size), RejectReason.Malformed},
                {shape("\"", "x", "\"", size), RejectReason.Malformed},
                {shape("{\"type\":\"signed\",\"v\":1,\"ts\":1,\"nonce\":\"n\",\"sig\":\"00\",\"payload\":\"",
                        "\\\"", "\"}", size), RejectReason.BadSignature},
                {shape(V5.substring(0, V5.indexOf("\"sig\":\"") + 7), "ab", "\"}", size), RejectReason.BadSignature},
            };
            for (Object[] s : shapes) {
                byte[] line = (byte[]) s[0];
                long used = allocated(v, line, (RejectReason) s[1]);
                assertTrue(used < 16 * 1024, used + " bytes allocated for a " + line.length + "-byte line starting "
                        + new String(line, 0, 40, StandardCharsets.UTF_8));
            }
        }
    }

    /**
     * After authentication the payload is trusted input, but its shape is still bounded: a signed
     * payload of 3 MiB of {@code [0,0,...]} or a million levels deep is PayloadInvalid, with no more
     * than the value budget's worth of memory.
     */
    @Test
    void signedPayloadsBeyondTheBudgetArePayloadInvalid() {
        long now = 1700000000000L;
        EnvelopeVerifier v = verifier(V2, now);
        String[] payloads = {
            "[" + "0,".repeat(1_500_000) + "0]",
            "{\"a\":[" + "[],".repeat(1_000_000) + "[]]}",
            "[".repeat(1_000_000),
            "{\"type\":\"SafeCommand\",\"x\":" + "{\"a\":".repeat(100) + "1" + "}".repeat(100) + "}",
            "{\"a\":1,\"a\":2}",
        };
        int i = 0;
        for (String payload : payloads) {
            byte[] line = signed(now, "p-" + i++, payload).getBytes(StandardCharsets.UTF_8);
            long used = allocated(v, line, RejectReason.PayloadInvalid);
            assertTrue(used < 4 * 1024 * 1024, used + " bytes allocated for a signed payload of " + payload.length());
        }
        String many = "{\"type\":\"keep_alive_request\",\"pad\":[" + "0,".repeat(EnvelopeVerifier.MAX_PAYLOAD_VALUES - 4) + "0]}";
        assertInstanceOf(Verification.Accepted.class, v.verify(signed(now, "p-ok", many)), "just within the budget");
    }
}
