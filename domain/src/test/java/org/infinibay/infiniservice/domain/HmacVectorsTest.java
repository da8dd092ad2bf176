package org.infinibay.infiniservice.domain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.infinibay.infiniservice.domain.auth.HmacSigner;
import org.infinibay.infiniservice.domain.auth.SharedSecret;
import org.junit.jupiter.api.Test;

/** CONTRACT §4.8 vectors V1-V4 and V4-wrong (§13 item 17). */
class HmacVectorsTest {
    static final String V2 = "8c795cdb96374e158cec21313bb2acae569823cd922e02ddd0784f081737ecdd";

    @Test
    void v1CrossLanguage() {
        SharedSecret key = SharedSecret.fromConfigured("cross-lang-test-key").orElseThrow();
        assertEquals("417f2b895d7dd56461af56b07525ca476532ac795f8b92aab6c78a560686bdf5",
                HmacSigner.sign(key, 1, 1700000000000L, "fixed-nonce-123", "{\"type\":\"Metrics\"}"));
    }

    @Test
    void signingInputIsByteExact() {
        assertArrayEquals("1\n1700000000000\nfixed-nonce-123\n{\"type\":\"Metrics\"}".getBytes(StandardCharsets.UTF_8),
                HmacSigner.signingInput(1, 1700000000000L, "fixed-nonce-123", "{\"type\":\"Metrics\"}"));
    }

    @Test
    void v2AndV3DerivedSecrets() {
        assertEquals(V2, HmacSigner.deriveSecret("master-key", "vm-1"));
        assertEquals("228d270121595e89e9c51c498de01f129a406afc98c4e1f8dad35d990cfa03a3",
                HmacSigner.deriveSecret("master-key", "vm-2"));
    }

    @Test
    void v4FullChainUsesTheHexTextAsKeyNeverItsDecodedBytes() {
        SharedSecret key = SharedSecret.fromConfigured(V2).orElseThrow();
        String sig = HmacSigner.sign(key, 1, 1700000000000L, "fixed-nonce-123", "{\"type\":\"Metrics\"}");
        assertEquals("7c7a75fbe0d6f599439965ed6169547a2c512bf716b6266bbef83711d4d2cdd7", sig);
        assertNotEquals("cfbc26a0d3feeb8464ae2ff2fa8fcd5249bf311b580768472444559ee7dff96d", sig);
        // the V4-wrong value really is what hex-decoding the key would give
        byte[] decoded = HmacSigner.unhex(V2);
        assertEquals("cfbc26a0d3feeb8464ae2ff2fa8fcd5249bf311b580768472444559ee7dff96d",
                HmacSigner.hex(HmacSigner.hmac(decoded,
                        HmacSigner.signingInput(1, 1700000000000L, "fixed-nonce-123", "{\"type\":\"Metrics\"}"))));
    }

    @Test
    void oneSecretSignsManyMessagesIndependentlyAlsoFromSeveralThreads() throws Exception {
        SharedSecret key = SharedSecret.fromConfigured(V2).orElseThrow(); // one Mac kept inside, reused
        String v4 = "7c7a75fbe0d6f599439965ed6169547a2c512bf716b6266bbef83711d4d2cdd7";
        java.util.concurrent.atomic.AtomicInteger wrong = new java.util.concurrent.atomic.AtomicInteger();
        Runnable signer = () -> {
            for (int i = 0; i < 500; i++) {
                String other = HmacSigner.sign(key, 1, 1700000000000L, "n-" + i, "{}");
                byte[] otherBytes = HmacSigner.unhex(other);
                if (!HmacSigner.matches(key, 1, 1700000000000L, "n-" + i, "{}", otherBytes)
                        || !v4.equals(HmacSigner.sign(key, 1, 1700000000000L, "fixed-nonce-123", "{\"type\":\"Metrics\"}"))
                        || HmacSigner.matches(key, 1, 1700000000000L, "n-" + (i + 1), "{}", otherBytes)) {
                    wrong.incrementAndGet();
                }
            }
        };
        Thread[] threads = {new Thread(signer), new Thread(signer), new Thread(signer)};
        for (Thread t : threads) {
            t.start();
        }
        for (Thread t : threads) {
            t.join();
        }
        assertEquals(0, wrong.get());
    }

    @Test
    void secretIsTrimmedAndEmptyMeansNone() {
        assertTrue(SharedSecret.fromConfigured("   ").isEmpty());
        assertTrue(SharedSecret.fromConfigured(null).isEmpty());
        assertEquals(SharedSecret.fromConfigured(V2), SharedSecret.fromConfigured("  " + V2 + "\n"));
        assertTrue(SharedSecret.fromConfigured(V2).orElseThrow().isWellFormed());
        assertFalse(SharedSecret.fromConfigured("short").orElseThrow().isWellFormed());
        assertFalse(SharedSecret.fromConfigured(V2).orElseThrow().toString().contains("8c79"));
    }

    @Test
    void unhexAcceptsBothCasesAndRejectsJunk() {
        assertArrayEquals(new byte[] {(byte) 0xAB, 0x01}, HmacSigner.unhex("Ab01"));
        assertNull(HmacSigner.unhex("zz"));
        assertNull(HmacSigner.unhex("abc"));
    }

    /** Issue #13 item 13: Character.digit took fullwidth (U+FF10-U+FF19) and other Unicode digits. */
    @Test
    void unhexIsAsciiOnly() {
        assertNull(HmacSigner.unhex("\uff11\uff12"), "fullwidth digits");
        assertNull(HmacSigner.unhex("\u0661\u0662"), "Arabic-Indic digits");
        assertNull(HmacSigner.unhex("\uff41\uff42"), "fullwidth a, b");
        assertArrayEquals(new byte[] {0x12}, HmacSigner.unhex("12"));
    }
}
