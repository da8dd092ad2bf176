package org.infinibay.infiniservice.domain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.infinibay.infiniservice.domain.auth.HmacSigner;
import org.infinibay.infiniservice.domain.crypto.ConstantTime;
import org.infinibay.infiniservice.domain.crypto.Sha256;
import org.junit.jupiter.api.Test;

/**
 * The agent's own SHA-256 (FIPS 180-4): the NIST examples, and byte-for-byte agreement with the JDK's
 * {@code MessageDigest} (an independent implementation) over every length up to 1,100 bytes and
 * thousands of random messages, each also fed in random pieces; plus {@link ConstantTime}.
 */
class Sha256Test {
    /** FIPS 180-4 / NIST CSRC "SHA256.pdf" examples and the one-million-'a' vector of FIPS 180-2. */
    @Test
    void nistVectors() {
        assertEquals("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", hex(""));
        assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", hex("abc"));
        assertEquals("248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1",
                hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"));
        assertEquals("cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1",
                hex("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrs"
                        + "mnopqrstnopqrstu"));
        byte[] million = new byte[1_000_000];
        Arrays.fill(million, (byte) 'a');
        String millionA = "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0";
        assertEquals(millionA, HmacSigner.hex(Sha256.hash(million)));
        Sha256 oneByOne = new Sha256();
        for (int i = 0; i < million.length; i++) {
            oneByOne.update((byte) 'a');
        }
        assertEquals(millionA, HmacSigner.hex(oneByOne.digest()), "fed one byte at a time");
    }

    /** Every length 0-1,100 (all padding cases, up to 17 blocks), whole and in random pieces. */
    @Test
    void agreesWithTheJdkForEveryLengthUpTo1100() throws Exception {
        SplittableRandom random = new SplittableRandom(180_4);
        MessageDigest jdk = MessageDigest.getInstance("SHA-256");
        Sha256 ours = new Sha256();
        for (int length = 0; length <= 1100; length++) {
            byte[] message = new byte[length];
            random.nextBytes(message);
            byte[] expected = jdk.digest(message);
            assertArrayEquals(expected, ours.digest(message), "length " + length + ", whole");
            feedInPieces(ours, message, random);
            assertArrayEquals(expected, ours.digest(), "length " + length + ", in pieces");
        }
    }

    /** 2,000 seeded random messages of 0-70 KiB, each whole and in random pieces, on one reused instance. */
    @Test
    void agreesWithTheJdkOnRandomMessagesUpTo70KiB() throws Exception {
        SplittableRandom random = new SplittableRandom(0x5a256L);
        MessageDigest jdk = MessageDigest.getInstance("SHA-256");
        Sha256 ours = new Sha256();
        byte[] all = new byte[70 * 1024];
        for (int n = 0; n < 2000; n++) {
            int length = random.nextInt(all.length + 1);
            int offset = random.nextInt(all.length - length + 1);
            byte[] message = new byte[length];
            random.nextBytes(message);
            System.arraycopy(message, 0, all, offset, length);
            byte[] expected = jdk.digest(message);
            ours.update(all, offset, length);
            assertArrayEquals(expected, ours.digest(), "message " + n + ": " + length + " B at " + offset);
            feedInPieces(ours, message, random);
            assertArrayEquals(expected, ours.digest(), "message " + n + " in pieces");
        }
    }

    /** Where the padding changes shape: 55 B fits in one block with its length, 56 B spills into a second. */
    @Test
    void paddingBoundaries() throws Exception {
        MessageDigest jdk = MessageDigest.getInstance("SHA-256");
        for (int length : new int[] {0, 1, 55, 56, 57, 63, 64, 65, 119, 120, 127, 128, 129}) {
            for (int fill = 0; fill < 256; fill += 85) {
                byte[] message = new byte[length];
                Arrays.fill(message, (byte) fill);
                byte[] expected = jdk.digest(message);
                assertArrayEquals(expected, Sha256.hash(message), length + " B of " + fill);
                for (int cut = 0; cut <= length; cut++) { // split at every position
                    Sha256 two = new Sha256();
                    two.update(message, 0, cut);
                    two.update(message, cut, length - cut);
                    assertArrayEquals(expected, two.digest(), length + " B of " + fill + " cut at " + cut);
                }
            }
        }
    }

    /** digest() leaves a fresh instance behind; reset() forgets a half-fed message; copyFrom() clones the state. */
    @Test
    void digestResetsAndCopyFromClonesTheState() {
        Sha256 sha = new Sha256();
        byte[] abc = ascii("abc");
        byte[] first = sha.digest(abc);
        assertArrayEquals(first, sha.digest(abc), "the second message hashes alone");
        assertEquals("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
                HmacSigner.hex(sha.digest()), "digest() after digest() is the empty message's");
        sha.update(new byte[200], 0, 200);
        sha.reset();
        assertArrayEquals(first, sha.digest(abc));

        Sha256 prefix = new Sha256();
        prefix.update(new byte[70], 0, 70); // one block and a partial one
        Sha256 copy = new Sha256();
        copy.update(ascii("garbage"));
        copy.copyFrom(prefix);
        copy.update(abc);
        byte[] whole = new byte[73];
        System.arraycopy(abc, 0, whole, 70, 3);
        assertArrayEquals(Sha256.hash(whole), copy.digest());
        prefix.update(abc);
        assertArrayEquals(Sha256.hash(whole), prefix.digest(), "the source was not changed by the copy");

        byte[] out = new byte[40];
        sha.update(abc);
        sha.digest(out, 8);
        assertArrayEquals(first, Arrays.copyOfRange(out, 8, 40));
        assertEquals(0, out[7]);
    }

    /** A bad range is refused before anything is hashed: the state is unchanged. */
    @Test
    void badRangesAreRefusedAndLeaveTheStateAlone() {
        Sha256 sha = new Sha256();
        sha.update(ascii("ab"));
        byte[] b = new byte[10];
        assertThrows(IndexOutOfBoundsException.class, () -> sha.update(b, -1, 2));
        assertThrows(IndexOutOfBoundsException.class, () -> sha.update(b, 5, 6));
        assertThrows(IndexOutOfBoundsException.class, () -> sha.update(b, 2, -1));
        assertThrows(IndexOutOfBoundsException.class, () -> sha.update(b, Integer.MAX_VALUE, 2));
        assertThrows(IndexOutOfBoundsException.class, () -> sha.digest(new byte[40], 9));
        assertThrows(NullPointerException.class, () -> sha.update(null, 0, 0));
        sha.update((byte) 'c');
        assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", HmacSigner.hex(sha.digest()));
    }

    /** The same answers as MessageDigest.isEqual over nulls, same arrays, lengths and every differing position. */
    @Test
    void constantTimeEqualityHasTheJdkSemantics() {
        SplittableRandom random = new SplittableRandom(4);
        byte[] same = {1, 2, 3};
        byte[][] cases = {null, new byte[0], new byte[1], {0}, {1}, same, {1, 2, 3}, {1, 2, 4}, {1, 2}, {1, 2, 3, 0},
            {(byte) 0x80, 2, 3}, {1, 2, (byte) (3 ^ 0x80)}};
        for (byte[] a : cases) {
            for (byte[] b : cases) {
                assertEquals(MessageDigest.isEqual(a, b), ConstantTime.bytesEqual(a, b),
                        Arrays.toString(a) + " vs " + Arrays.toString(b));
            }
        }
        assertTrue(ConstantTime.bytesEqual(same, same));
        for (int n = 0; n < 2000; n++) {
            byte[] a = new byte[random.nextInt(65)];
            random.nextBytes(a);
            byte[] b = a.clone();
            if (a.length > 0 && random.nextBoolean()) {
                b[random.nextInt(a.length)] ^= (byte) (1 << random.nextInt(8)); // one bit anywhere
                assertFalse(ConstantTime.bytesEqual(a, b));
            }
            assertEquals(MessageDigest.isEqual(a, b), ConstantTime.bytesEqual(a, b));
        }
    }

    /** Feeds {@code message} as a random mix of single bytes, empty and short/long ranges. */
    static void feedInPieces(Sha256 sha, byte[] message, SplittableRandom random) {
        int at = 0;
        while (at < message.length) {
            int kind = random.nextInt(4);
            if (kind == 0) {
                sha.update(message[at++]);
            } else if (kind == 1) {
                sha.update(message, at, 0);
            } else {
                int max = kind == 2 ? 70 : 5000;
                int n = Math.min(message.length - at, 1 + random.nextInt(max));
                sha.update(message, at, n);
                at += n;
            }
        }
    }

    private static String hex(String ascii) {
        return HmacSigner.hex(Sha256.hash(ascii(ascii)));
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
