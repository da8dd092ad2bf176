package org.infinibay.infiniservice.domain.crypto;

/**
 * Comparison of secrets (MACs) whose time does not depend on where the inputs differ, in place of
 * {@code java.security.MessageDigest.isEqual}, whose class alone pulls the JCA into the agent.
 */
public final class ConstantTime {
    private ConstantTime() {
    }

    /**
     * True when {@code a} and {@code b} hold the same bytes; the same answers as
     * {@code MessageDigest.isEqual}: the same array (or both null) is equal, one null is not, arrays of
     * different lengths are not. The length is not secret (a MAC's length is public): arrays of
     * different lengths return at once; for equal lengths every byte is compared, with no early exit
     * and no branch on the bytes, so the time depends on the length alone.
     */
    public static boolean bytesEqual(byte[] a, byte[] b) {
        if (a == b) {
            return true;
        }
        if (a == null || b == null || a.length != b.length) {
            return false;
        }
        int diff = 0;
        for (int i = 0; i < a.length; i++) {
            diff |= a[i] ^ b[i];
        }
        return diff == 0;
    }
}
