package org.infinibay.infiniservice.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.nio.file.Path;
import java.util.Optional;
import org.infinibay.infiniservice.adapters.linux.state.FileStateStore;
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
        return new EnvelopeVerifier(SharedSecret.fromConfigured(secret), new JacksonJsonCodec(), clock, replay);
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
}
