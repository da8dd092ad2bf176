package org.infinibay.infiniservice.domain.auth;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

/**
 * The per-VM HMAC key. The key is the ASCII bytes of the 64-character hex text, never its decoded
 * bytes (CONTRACT §4.3, vector V4-wrong). {@link #toString()} never reveals it.
 */
public final class SharedSecret {
    private final byte[] key;
    private final boolean wellFormed;
    /** Initialised once, on the first envelope: the key's pad states are hashed once, not per MAC. */
    private HmacSha256 mac;

    private SharedSecret(byte[] key, boolean wellFormed) {
        this.key = key;
        this.wellFormed = wellFormed;
    }

    /** Trims the configured text; empty or absent text means "no secret" (fail closed). */
    public static Optional<SharedSecret> fromConfigured(String text) {
        if (text == null || text.strip().isEmpty()) {
            return Optional.empty();
        }
        String t = text.strip();
        return Optional.of(new SharedSecret(t.getBytes(StandardCharsets.UTF_8), isHex64(t)));
    }

    /** {@code [0-9a-fA-F]{64}}, without a regular expression (none on the start-up path). */
    private static boolean isHex64(String t) {
        if (t.length() != 64) {
            return false;
        }
        for (int i = 0; i < 64; i++) {
            char c = t.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F')) {
                return false;
            }
        }
        return true;
    }

    /** False when the text is not 64 hex characters: still used as-is, with a startup warning. */
    public boolean isWellFormed() {
        return wellFormed;
    }

    /**
     * HMAC-SHA256 of {@code message} under this key, on one {@link HmacSha256} kept for the secret's
     * life. Serialised: in the agent only the receive thread verifies.
     */
    synchronized byte[] hmac(byte[] message) {
        if (mac == null) {
            mac = new HmacSha256(key);
        }
        return mac.mac(message);
    }

    /** HMAC-SHA256 of {@code head} followed by {@code body[offset, offset+length)}, without joining them. */
    synchronized byte[] hmac(byte[] head, byte[] body, int offset, int length) {
        if (mac == null) {
            mac = new HmacSha256(key);
        }
        return mac.mac(head, 0, head.length, body, offset, length);
    }

    @Override
    public String toString() {
        return "SharedSecret[redacted, " + key.length + " bytes]";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SharedSecret s && Arrays.equals(key, s.key);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(key);
    }
}
