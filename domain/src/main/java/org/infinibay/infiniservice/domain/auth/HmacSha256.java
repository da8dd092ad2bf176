package org.infinibay.infiniservice.domain.auth;

import org.infinibay.infiniservice.domain.crypto.Sha256;

/**
 * HMAC-SHA256 as RFC 2104 defines it, over the agent's own {@link Sha256}:
 * {@code SHA256((K ^ opad) || SHA256((K ^ ipad) || message))}, with a key longer than the 64-byte
 * block replaced by its SHA-256 first. Neither {@code javax.crypto.Mac} nor {@code MessageDigest}:
 * the JCA's provider lookup, {@code SunJCE}, the key classes and the digest's {@code VarHandle} views
 * are some 100-160 classes on the path of every keep-alive (docs/architecture.md). The states after
 * the key's inner and outer pad blocks are computed once, with the key, and copied in for each
 * message, so a MAC costs two compressions less than hashing the pads again. Checked against RFC 4231
 * and against {@code javax.crypto.Mac} (HmacVectorsTest). Not thread-safe: {@link SharedSecret}
 * serialises it.
 */
final class HmacSha256 {
    private static final int BLOCK = Sha256.BLOCK_LENGTH;

    private final Sha256 sha = new Sha256();
    /** The state after {@code K ^ ipad}. */
    private final Sha256 innerStart = new Sha256();
    /** The state after {@code K ^ opad}. */
    private final Sha256 outerStart = new Sha256();
    private final byte[] inner = new byte[Sha256.DIGEST_LENGTH];

    HmacSha256(byte[] key) {
        byte[] k = key.length > BLOCK ? sha.digest(key) : key;
        byte[] innerPad = new byte[BLOCK];
        byte[] outerPad = new byte[BLOCK];
        for (int i = 0; i < BLOCK; i++) {
            byte b = i < k.length ? k[i] : 0;
            innerPad[i] = (byte) (b ^ 0x36);
            outerPad[i] = (byte) (b ^ 0x5c);
        }
        innerStart.update(innerPad, 0, BLOCK);
        outerStart.update(outerPad, 0, BLOCK);
    }

    /** The MAC of {@code message}. */
    byte[] mac(byte[] message) {
        return mac(message, 0, message.length, null, 0, 0);
    }

    /** The MAC of {@code a[aOff, aOff+aLen)} followed by {@code b[bOff, bOff+bLen)} ({@code b} may be null). */
    byte[] mac(byte[] a, int aOff, int aLen, byte[] b, int bOff, int bLen) {
        sha.copyFrom(innerStart);
        sha.update(a, aOff, aLen);
        if (b != null) {
            sha.update(b, bOff, bLen);
        }
        sha.digest(inner, 0);
        sha.copyFrom(outerStart);
        sha.update(inner, 0, inner.length);
        return sha.digest();
    }
}
