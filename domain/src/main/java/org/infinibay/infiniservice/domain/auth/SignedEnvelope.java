package org.infinibay.infiniservice.domain.auth;

import java.nio.charset.StandardCharsets;
import org.infinibay.infiniservice.domain.crypto.ConstantTime;
import org.infinibay.infiniservice.domain.json.JsonScanner;

/**
 * The six fields of a signed envelope (CONTRACT §4.1), read from the line's bytes in one bounded,
 * streaming pass that builds no JSON tree: the envelope's own fields are decoded in place in the
 * line, every other member is validated and skipped, so an unauthenticated line of any shape costs
 * this small object and nothing that grows with the line. The payload stays where it is, decoded,
 * for the MAC and (once authentic) for the payload reader.
 *
 * <p>{@link #scan} is check 2 of §4.4: the line is one JSON object (at most {@value #MAX_DEPTH}
 * levels deep) with {@code type == "signed"}, integer {@code v} and {@code ts} (an integer token or an
 * integral number within 2^53, never a string), and string {@code nonce}, {@code payload} and
 * {@code sig}, each exactly once, and a nonce of 1-{@value #MAX_NONCE_LENGTH} printable ASCII
 * characters (0x21-0x7E). Keys may come in any order; other members are ignored (§5.2), which is
 * also why a repeated unknown key is not looked for; a repeated envelope field is malformed.
 */
public final class SignedEnvelope {
    /** The nonce grammar of §4.1: 1-128 characters in 0x21-0x7E, so every accepted nonce is storable. */
    public static final int MAX_NONCE_LENGTH = 128;
    /** Nesting accepted in the members the envelope ignores. */
    public static final int MAX_DEPTH = 32;
    private static final double MAX_EXACT_DOUBLE = 9.007199254740992E15;
    private static final byte[] SIGNED = {'s', 'i', 'g', 'n', 'e', 'd'};
    private static final byte[] NO_BYTES = new byte[0];

    private static final int TYPE = 1;
    private static final int V = 2;
    private static final int TS = 4;
    private static final int NONCE = 8;
    private static final int PAYLOAD = 16;
    private static final int SIG = 32;
    private static final int ALL = 63;

    private final byte[] line;
    private long version;
    private long ts;
    private String nonce;
    private int payloadStart;
    private int payloadLength;
    private int sigStart;
    private int sigLength;

    private SignedEnvelope(byte[] line) {
        this.line = line;
    }

    /**
     * Check 2 of §4.4 on {@code line[offset, offset+length)}. The bytes are decoded in place: after
     * this call the range is no longer the original line.
     *
     * @return the envelope, or {@code null} when the line is {@code Malformed}
     */
    public static SignedEnvelope scan(byte[] line, int offset, int length) {
        SignedEnvelope env = new SignedEnvelope(line);
        return env.read(new JsonScanner(line, offset, length)) ? env : null;
    }

    private boolean read(JsonScanner in) {
        if (!in.consume('{')) {
            return false;
        }
        int seen = 0;
        if (!in.consume('}')) {
            do {
                if (in.peek() != '"') {
                    return false;
                }
                int nameLength = in.decodeString();
                if (nameLength < 0 || !in.consume(':')) {
                    return false;
                }
                int field = field(in.stringStart(), nameLength);
                if (field == 0) {
                    if (!in.skipValue(MAX_DEPTH - 1)) {
                        return false;
                    }
                    continue;
                }
                if ((seen & field) != 0 || !member(in, field)) {
                    return false; // a repeated envelope field, or one of the wrong type
                }
                seen |= field;
            } while (in.consume(','));
            if (!in.consume('}')) {
                return false;
            }
        }
        return seen == ALL && in.atEnd();
    }

    /** Which envelope field a member name is (0: none). */
    private int field(int start, int length) {
        switch (length) {
            case 1:
                return line[start] == 'v' ? V : 0;
            case 2:
                return is(start, length, "ts") ? TS : 0;
            case 3:
                return is(start, length, "sig") ? SIG : 0;
            case 4:
                return is(start, length, "type") ? TYPE : 0;
            case 5:
                return is(start, length, "nonce") ? NONCE : 0;
            case 7:
                return is(start, length, "payload") ? PAYLOAD : 0;
            default:
                return 0;
        }
    }

    private boolean is(int start, int length, String ascii) {
        for (int i = 0; i < length; i++) {
            if (line[start + i] != ascii.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private boolean member(JsonScanner in, int field) {
        if (field == V || field == TS) {
            int c = in.peek();
            if (c != '-' && (c < '0' || c > '9')) {
                return false;
            }
            int start = in.scanNumber();
            if (start < 0) {
                return false;
            }
            long value;
            if (in.integral()) {
                value = in.integerValue(start);
                if (!in.fitsLong()) {
                    return false;
                }
            } else {
                double d = in.doubleValue(start);
                if (d != Math.rint(d) || Math.abs(d) > MAX_EXACT_DOUBLE) {
                    return false;
                }
                value = (long) d;
            }
            if (field == V) {
                version = value;
            } else {
                ts = value;
            }
            return true;
        }
        if (in.peek() != '"') {
            return false;
        }
        int n = in.decodeString();
        if (n < 0) {
            return false;
        }
        int start = in.stringStart();
        switch (field) {
            case TYPE:
                return n == SIGNED.length && is(start, n, "signed");
            case NONCE:
                if (!validNonce(line, start, n)) {
                    return false;
                }
                nonce = new String(line, start, n, StandardCharsets.US_ASCII);
                return true;
            case PAYLOAD:
                payloadStart = start;
                payloadLength = n;
                return true;
            default: // SIG
                sigStart = start;
                sigLength = n;
                return true;
        }
    }

    /** The nonce grammar of §4.1 on decoded UTF-8 bytes: 1-128 bytes, each 0x21-0x7E. */
    private static boolean validNonce(byte[] b, int start, int n) {
        if (n < 1 || n > MAX_NONCE_LENGTH) {
            return false;
        }
        for (int i = start; i < start + n; i++) {
            if (b[i] < 0x21 || b[i] > 0x7E) {
                return false;
            }
        }
        return true;
    }

    /** The nonce grammar of §4.1: 1-128 characters, each printable ASCII (0x21-0x7E). */
    public static boolean validNonce(String nonce) {
        int n = nonce.length();
        if (n < 1 || n > MAX_NONCE_LENGTH) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            char c = nonce.charAt(i);
            if (c < 0x21 || c > 0x7E) {
                return false;
            }
        }
        return true;
    }

    public long version() {
        return version;
    }

    public long ts() {
        return ts;
    }

    public String nonce() {
        return nonce;
    }

    /**
     * Check 4 of §4.4: the decoded {@code sig} as bytes. {@code null} when it is not a hex string
     * (any character outside ASCII {@code 0-9a-fA-F}: {@code BadSignatureEncoding}); an empty array
     * when it is hex of a length other than 64 characters, which then fails check 5
     * ({@code BadSignature}), as the contract leaves the length to that check.
     */
    public byte[] signature() {
        for (int i = sigStart; i < sigStart + sigLength; i++) {
            if (JsonScanner.hexDigit(line[i]) < 0) {
                return null;
            }
        }
        if (sigLength != 64) {
            return NO_BYTES;
        }
        byte[] out = new byte[32];
        for (int i = 0; i < 32; i++) {
            out[i] = (byte) ((JsonScanner.hexDigit(line[sigStart + 2 * i]) << 4)
                    | JsonScanner.hexDigit(line[sigStart + 2 * i + 1]));
        }
        return out;
    }

    /**
     * Check 5 of §4.4: the HMAC of the signing input (§4.2) under {@code secret}, compared with
     * {@code sig} in constant time. The MAC runs over the decoded payload where it lies in the line.
     */
    public boolean signedBy(SharedSecret secret, byte[] sig) {
        byte[] head = (version + "\n" + ts + "\n" + nonce + "\n").getBytes(StandardCharsets.US_ASCII);
        return ConstantTime.bytesEqual(secret.hmac(head, line, payloadStart, payloadLength), sig);
    }

    /** The decoded payload (UTF-8) lies at {@code line()[payloadStart(), payloadStart()+payloadLength())}. */
    public byte[] line() {
        return line;
    }

    public int payloadStart() {
        return payloadStart;
    }

    public int payloadLength() {
        return payloadLength;
    }
}
