package org.infinibay.infiniservice.domain.crypto;

import java.util.Objects;

/**
 * SHA-256 as FIPS 180-4 defines it, in plain Java: the agent's own digest, so that no
 * {@code MessageDigest.getInstance} runs on its start-up or steady paths. The first JCA lookup loads
 * about 100 classes (the provider list, {@code sun.security.provider}, the digest's {@code VarHandle}
 * views and their method handles) that stay resident for the agent's life in every VM; this class is
 * one class and three small arrays per instance (docs/architecture.md, "The agent's own SHA-256").
 *
 * <p>Incremental: {@link #update} any number of times, then {@link #digest()}, which returns the
 * 32-byte hash and resets the instance for the next message. The message schedule {@code W} is one
 * {@code int[64]} reused for every block; bytes are packed big-endian by hand (no {@code ByteBuffer}
 * or {@code VarHandle} views), so hashing allocates nothing but the returned digest.
 *
 * <p>Constant-time by construction: the compression function is a fixed sequence of 32-bit additions,
 * rotations and boolean operations; the only table ({@code K}) and the schedule are indexed by the
 * round number, never by message data, and no branch depends on the message's bytes (only on its
 * length, which is not secret).
 *
 * <p>Verified against the FIPS 180-4 / NIST examples and, byte for byte, against the JDK's
 * {@code MessageDigest} for every length from 0 to 1,100 bytes and thousands of random messages fed in
 * random pieces ({@code Sha256Test}).
 *
 * <p>Not thread-safe: one instance hashes one message at a time; callers that share one serialise it.
 */
public final class Sha256 {
    /** Bytes in a digest. */
    public static final int DIGEST_LENGTH = 32;
    /** Bytes in a block. */
    public static final int BLOCK_LENGTH = 64;

    /** The first 32 bits of the fractional parts of the cube roots of the first 64 primes (§4.2.2). */
    private static final int[] K = {
        0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
        0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
        0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
        0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
        0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
        0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
        0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
        0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
    };

    /** The hash value H (eight 32-bit words). */
    private final int[] h = new int[8];
    /** The message schedule W, reused for every block. */
    private final int[] w = new int[64];
    /** The bytes of the current, incomplete block. */
    private final byte[] block = new byte[BLOCK_LENGTH];
    /** How many bytes of {@link #block} are filled (0-63). */
    private int blockFill;
    /** Message bytes hashed so far (the length in the final block is 8 times this, in bits). */
    private long length;

    public Sha256() {
        reset();
    }

    /** SHA-256 of {@code message}, on a fresh instance. */
    public static byte[] hash(byte[] message) {
        return new Sha256().digest(message);
    }

    /** Forgets everything hashed so far: back to the initial hash value H(0) (§5.3.3). */
    public void reset() {
        h[0] = 0x6a09e667;
        h[1] = 0xbb67ae85;
        h[2] = 0x3c6ef372;
        h[3] = 0xa54ff53a;
        h[4] = 0x510e527f;
        h[5] = 0x9b05688c;
        h[6] = 0x1f83d9ab;
        h[7] = 0x5be0cd19;
        blockFill = 0;
        length = 0;
    }

    /** Takes over {@code other}'s whole state (as if it had been fed the same bytes); {@code other} is unchanged. */
    public void copyFrom(Sha256 other) {
        System.arraycopy(other.h, 0, h, 0, 8);
        System.arraycopy(other.block, 0, block, 0, BLOCK_LENGTH);
        blockFill = other.blockFill;
        length = other.length;
    }

    /** Hashes one byte. */
    public void update(byte b) {
        block[blockFill++] = b;
        length++;
        if (blockFill == BLOCK_LENGTH) {
            compress(block, 0);
            blockFill = 0;
        }
    }

    /** Hashes all of {@code input}. */
    public void update(byte[] input) {
        update(input, 0, input.length);
    }

    /**
     * Hashes {@code input[offset, offset+count)}.
     *
     * @throws IndexOutOfBoundsException when the range is not inside {@code input}
     */
    public void update(byte[] input, int offset, int count) {
        Objects.checkFromIndexSize(offset, count, input.length);
        length += count;
        int at = offset;
        int end = offset + count;
        if (blockFill > 0) {
            int take = Math.min(BLOCK_LENGTH - blockFill, count);
            System.arraycopy(input, at, block, blockFill, take);
            blockFill += take;
            at += take;
            if (blockFill < BLOCK_LENGTH) {
                return;
            }
            compress(block, 0);
            blockFill = 0;
        }
        while (end - at >= BLOCK_LENGTH) {
            compress(input, at);
            at += BLOCK_LENGTH;
        }
        if (at < end) {
            System.arraycopy(input, at, block, 0, end - at);
            blockFill = end - at;
        }
    }

    /** Hashes {@code input}, then {@link #digest()}. */
    public byte[] digest(byte[] input) {
        update(input, 0, input.length);
        return digest();
    }

    /** The 32-byte hash of everything fed since the last reset; then resets. */
    public byte[] digest() {
        byte[] out = new byte[DIGEST_LENGTH];
        digest(out, 0);
        return out;
    }

    /**
     * Writes the 32-byte hash of everything fed since the last reset into {@code out[offset, offset+32)};
     * then resets.
     *
     * @throws IndexOutOfBoundsException when 32 bytes do not fit at {@code offset}
     */
    public void digest(byte[] out, int offset) {
        Objects.checkFromIndexSize(offset, DIGEST_LENGTH, out.length);
        long bits = length << 3;
        // padding (§5.1.1): a 1 bit, zeros up to 56 bytes into a block, the 64-bit length
        block[blockFill++] = (byte) 0x80;
        if (blockFill > BLOCK_LENGTH - 8) {
            while (blockFill < BLOCK_LENGTH) {
                block[blockFill++] = 0;
            }
            compress(block, 0);
            blockFill = 0;
        }
        while (blockFill < BLOCK_LENGTH - 8) {
            block[blockFill++] = 0;
        }
        putInt(block, 56, (int) (bits >>> 32));
        putInt(block, 60, (int) bits);
        compress(block, 0);
        for (int i = 0; i < 8; i++) {
            putInt(out, offset + 4 * i, h[i]);
        }
        reset();
    }

    /** One block of the hash computation (§6.2.2) at {@code in[at, at+64)}. */
    private void compress(byte[] in, int at) {
        int[] w = this.w;
        for (int t = 0; t < 16; t++) {
            int i = at + 4 * t;
            w[t] = (in[i] << 24) | ((in[i + 1] & 0xff) << 16) | ((in[i + 2] & 0xff) << 8) | (in[i + 3] & 0xff);
        }
        for (int t = 16; t < 64; t++) {
            int w2 = w[t - 2];
            int w15 = w[t - 15];
            int s1 = Integer.rotateRight(w2, 17) ^ Integer.rotateRight(w2, 19) ^ (w2 >>> 10);
            int s0 = Integer.rotateRight(w15, 7) ^ Integer.rotateRight(w15, 18) ^ (w15 >>> 3);
            w[t] = s1 + w[t - 7] + s0 + w[t - 16];
        }
        int a = h[0];
        int b = h[1];
        int c = h[2];
        int d = h[3];
        int e = h[4];
        int f = h[5];
        int g = h[6];
        int hh = h[7];
        for (int t = 0; t < 64; t++) {
            int sigma1 = Integer.rotateRight(e, 6) ^ Integer.rotateRight(e, 11) ^ Integer.rotateRight(e, 25);
            int ch = (e & f) ^ (~e & g);
            int t1 = hh + sigma1 + ch + K[t] + w[t];
            int sigma0 = Integer.rotateRight(a, 2) ^ Integer.rotateRight(a, 13) ^ Integer.rotateRight(a, 22);
            int maj = (a & b) ^ (a & c) ^ (b & c);
            int t2 = sigma0 + maj;
            hh = g;
            g = f;
            f = e;
            e = d + t1;
            d = c;
            c = b;
            b = a;
            a = t1 + t2;
        }
        h[0] += a;
        h[1] += b;
        h[2] += c;
        h[3] += d;
        h[4] += e;
        h[5] += f;
        h[6] += g;
        h[7] += hh;
    }

    private static void putInt(byte[] out, int at, int v) {
        out[at] = (byte) (v >>> 24);
        out[at + 1] = (byte) (v >>> 16);
        out[at + 2] = (byte) (v >>> 8);
        out[at + 3] = (byte) v;
    }
}
