package org.infinibay.infiniservice.domain.auth;

import java.nio.charset.StandardCharsets;
import org.infinibay.infiniservice.domain.crypto.ConstantTime;
import org.infinibay.infiniservice.domain.json.JsonScanner;

/** HMAC-SHA256 over the envelope's signing input (CONTRACT §4.2), computed by {@link HmacSha256}. */
public final class HmacSigner {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private HmacSigner() {
    }

    /** {@code v + "\n" + ts + "\n" + nonce + "\n" + payload}, as UTF-8 bytes. */
    public static byte[] signingInput(long v, long ts, String nonce, String payload) {
        return (v + "\n" + ts + "\n" + nonce + "\n" + payload).getBytes(StandardCharsets.UTF_8);
    }

    /** HMAC-SHA256 of {@code message} under {@code key} (any length, RFC 2104). */
    public static byte[] hmac(byte[] key, byte[] message) {
        return new HmacSha256(key).mac(message);
    }

    public static String sign(SharedSecret secret, long v, long ts, String nonce, String payload) {
        return hex(secret.hmac(signingInput(v, ts, nonce, payload)));
    }

    /** Constant-time comparison of the expected MAC with the decoded {@code sig} bytes. */
    public static boolean matches(SharedSecret secret, long v, long ts, String nonce, String payload, byte[] sig) {
        byte[] expected = secret.hmac(signingInput(v, ts, nonce, payload));
        return ConstantTime.bytesEqual(expected, sig);
    }

    /** The host's key derivation (§4.3), used by the test host and the demo. */
    public static String deriveSecret(String master, String vmId) {
        return hex(hmac(master.getBytes(StandardCharsets.UTF_8), vmId.getBytes(StandardCharsets.UTF_8)));
    }

    public static String hex(byte[] bytes) {
        char[] out = new char[bytes.length * 2];
        for (int i = 0; i < bytes.length; i++) {
            out[2 * i] = HEX[(bytes[i] >> 4) & 0xF];
            out[2 * i + 1] = HEX[bytes[i] & 0xF];
        }
        return new String(out);
    }

    /**
     * Decodes hex of either case; {@code null} when the text is not hex of even length. ASCII digits
     * only: {@code Character.digit} would also take fullwidth and other Unicode digits.
     */
    public static byte[] unhex(String text) {
        if (text.length() % 2 != 0) {
            return null;
        }
        byte[] out = new byte[text.length() / 2];
        for (int i = 0; i < out.length; i++) {
            int hi = JsonScanner.hexDigit(text.charAt(2 * i));
            int lo = JsonScanner.hexDigit(text.charAt(2 * i + 1));
            if (hi < 0 || lo < 0) {
                return null;
            }
            out[i] = (byte) ((hi << 4) | lo);
        }
        return out;
    }
}
