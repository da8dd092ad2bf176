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
        return Optional.of(new SharedSecret(t.getBytes(StandardCharsets.UTF_8), t.matches("[0-9a-fA-F]{64}")));
    }

    /** False when the text is not 64 hex characters: still used as-is, with a startup warning. */
    public boolean isWellFormed() {
        return wellFormed;
    }

    byte[] keyBytes() {
        return key.clone();
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
