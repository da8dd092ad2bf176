package org.infinibay.infiniservice.domain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.SplittableRandom;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.infinibay.infiniservice.domain.auth.HmacSigner;
import org.infinibay.infiniservice.domain.auth.SharedSecret;
import org.junit.jupiter.api.Test;

/**
 * CONTRACT §4.8 vectors V1-V4 and V4-wrong (§13 item 17); RFC 4231 and a cross-check against
 * {@code javax.crypto.Mac} for the agent's own RFC 2104 implementation over its own SHA-256.
 */
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

    /** RFC 4231 test cases 1-4, 6 and 7 (5 is a truncated MAC): short, long and over-block-size keys. */
    @Test
    void rfc4231Vectors() {
        assertEquals("b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7",
                hmacHex(repeat(0x0b, 20), ascii("Hi There")));
        assertEquals("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
                hmacHex(ascii("Jefe"), ascii("what do ya want for nothing?")));
        assertEquals("773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe",
                hmacHex(repeat(0xaa, 20), repeat(0xdd, 50)));
        byte[] key4 = new byte[25];
        for (int i = 0; i < key4.length; i++) {
            key4[i] = (byte) (i + 1);
        }
        assertEquals("82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b",
                hmacHex(key4, repeat(0xcd, 50)));
        assertEquals("60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54",
                hmacHex(repeat(0xaa, 131), ascii("Test Using Larger Than Block-Size Key - Hash Key First")));
        assertEquals("9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2",
                hmacHex(repeat(0xaa, 131), ascii("This is a test using a larger than block-size key and a larger than "
                        + "block-size data. The key needs to be hashed before being used by the HMAC algorithm.")));
    }

    /**
     * Against the JDK's HmacSHA256 (an independent implementation) for keys of 0-200 bytes (around and
     * beyond the 64-byte block: longer keys are hashed first), messages of 0-300 bytes around the block
     * edges, and the same secret reused.
     */
    @Test
    void agreesWithTheJdkMacForEveryKeyAndMessageLength() throws Exception {
        SplittableRandom random = new SplittableRandom(17);
        Mac jdk = Mac.getInstance("HmacSHA256");
        for (int keyLength = 0; keyLength <= 200; keyLength++) {
            byte[] key = new byte[keyLength];
            random.nextBytes(key);
            // the JDK refuses an empty key; RFC 2104 pads it with zeros like any short key, so the
            // empty key is the 64-zero-byte key
            jdk.init(new SecretKeySpec(keyLength == 0 ? new byte[64] : key, "HmacSHA256"));
            for (int messageLength : new int[] {0, 1, 55, 56, 63, 64, 65, 119, 120, 128, 300}) {
                byte[] message = new byte[messageLength];
                random.nextBytes(message);
                byte[] expected = jdk.doFinal(message);
                byte[] ours = HmacSigner.hmac(key, message);
                assertArrayEquals(expected, ours, "key " + keyLength + " B, message " + messageLength + " B");
            }
        }
        // a key of zeros equals the empty key (both pad to 64 zero bytes)
        assertArrayEquals(HmacSigner.hmac(new byte[0], ascii("x")), HmacSigner.hmac(new byte[64], ascii("x")));
    }

    /**
     * One {@link SharedSecret} (its pad states computed once and copied in for each MAC) signs and
     * verifies 2,000 random envelopes of 0-5,000-byte payloads exactly as the JDK's Mac does, for keys of
     * 1-200 characters; a flipped bit of the signature is refused.
     */
    @Test
    void oneSecretAgreesWithTheJdkMacAcrossManyEnvelopes() throws Exception {
        SplittableRandom random = new SplittableRandom(2104);
        Mac jdk = Mac.getInstance("HmacSHA256");
        for (int n = 0; n < 2000; n++) {
            if (n % 10 == 0) {
                StringBuilder text = new StringBuilder();
                int keyLength = 1 + random.nextInt(200);
                while (text.length() < keyLength) {
                    text.append((char) ('!' + random.nextInt(94)));
                }
                String configured = text.toString().strip();
                if (configured.isEmpty()) {
                    configured = "k";
                }
                key = SharedSecret.fromConfigured(configured).orElseThrow();
                jdk.init(new SecretKeySpec(configured.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            }
            char[] payload = new char[random.nextInt(5001)];
            for (int i = 0; i < payload.length; i++) {
                payload[i] = (char) (' ' + random.nextInt(0x3000)); // ASCII and multi-byte UTF-8
            }
            String p = new String(payload);
            long ts = random.nextLong();
            String nonce = "n-" + n;
            byte[] expected = jdk.doFinal(HmacSigner.signingInput(1, ts, nonce, p));
            assertEquals(HmacSigner.hex(expected), HmacSigner.sign(key, 1, ts, nonce, p), "envelope " + n);
            assertTrue(HmacSigner.matches(key, 1, ts, nonce, p, expected));
            expected[random.nextInt(expected.length)] ^= (byte) (1 << random.nextInt(8));
            assertFalse(HmacSigner.matches(key, 1, ts, nonce, p, expected), "flipped bit, envelope " + n);
        }
    }

    private SharedSecret key;

    /** V5's signature from its signing input (SignedEnvelopeTest checks the line path: head + payload slice). */
    @Test
    void v5SignatureFromTheSigningInput() {
        SharedSecret key = SharedSecret.fromConfigured(V2).orElseThrow();
        String payload = "{\"type\":\"keep_alive_response\",\"sequence_number\":3,\"timestamp\":\"2023-11-14T22:13:20.000Z\"}";
        assertEquals("fa668e251a9b72aa4dabf02906fe139efba7773d475f6359cedce843ea24c2cc",
                HmacSigner.sign(key, 1, 1700000000000L, "00000000-0000-4000-8000-000000000000", payload));
    }

    @Test
    void wellFormedMeans64HexCharactersExactly() {
        assertFalse(SharedSecret.fromConfigured(V2.substring(1)).orElseThrow().isWellFormed());
        assertFalse(SharedSecret.fromConfigured(V2 + "0").orElseThrow().isWellFormed());
        assertFalse(SharedSecret.fromConfigured("g" + V2.substring(1)).orElseThrow().isWellFormed());
        assertFalse(SharedSecret.fromConfigured("\uff11" + V2.substring(1)).orElseThrow().isWellFormed());
        assertTrue(SharedSecret.fromConfigured(V2.toUpperCase(java.util.Locale.ROOT)).orElseThrow().isWellFormed());
    }

    private static String hmacHex(byte[] key, byte[] message) {
        return HmacSigner.hex(HmacSigner.hmac(key, message));
    }

    private static byte[] repeat(int value, int count) {
        byte[] b = new byte[count];
        Arrays.fill(b, (byte) value);
        return b;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
