package org.infinibay.infiniservice.domain.auth;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * HMAC-SHA256 as RFC 2104 defines it, over {@link MessageDigest}:
 * {@code SHA256((K ^ opad) || SHA256((K ^ ipad) || message))}, with a key longer than the 64-byte
 * block replaced by its SHA-256 first. Not {@code javax.crypto.Mac}: the agent already loads the
 * SHA-256 digest (policy digest, instance lock), and {@code Mac} pulls in the provider framework's
 * service lookup, {@code SunJCE} and the key classes, about 60 classes and 0.5 MiB of resident memory
 * on the path of every keep-alive (docs/performance.md, round 5). Same cost per MAC as the JDK's
 * {@code HmacCore}: the pads are hashed again for each message. Checked against RFC 4231 and against
 * {@code javax.crypto.Mac} (HmacVectorsTest). Not thread-safe: {@link SharedSecret} serialises it.
 */
final class HmacSha256 {
    private static final int BLOCK = 64;

    private final MessageDigest sha;
    private final byte[] innerPad = new byte[BLOCK];
    private final byte[] outerPad = new byte[BLOCK];

    HmacSha256(byte[] key) {
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e); // every Java runtime must have it
        }
        byte[] k = key.length > BLOCK ? sha.digest(key) : key;
        for (int i = 0; i < BLOCK; i++) {
            byte b = i < k.length ? k[i] : 0;
            innerPad[i] = (byte) (b ^ 0x36);
            outerPad[i] = (byte) (b ^ 0x5c);
        }
    }

    /** The MAC of {@code message}. */
    byte[] mac(byte[] message) {
        return mac(message, 0, message.length, null, 0, 0);
    }

    /** The MAC of {@code a[aOff, aOff+aLen)} followed by {@code b[bOff, bOff+bLen)} ({@code b} may be null). */
    byte[] mac(byte[] a, int aOff, int aLen, byte[] b, int bOff, int bLen) {
        sha.reset();
        sha.update(innerPad);
        sha.update(a, aOff, aLen);
        if (b != null) {
            sha.update(b, bOff, bLen);
        }
        byte[] inner = sha.digest();
        sha.update(outerPad);
        return sha.digest(inner);
    }
}
