package org.infinibay.infiniservice.domain.json;

import java.nio.charset.StandardCharsets;

/**
 * A strict RFC 8259 cursor over UTF-8 bytes that builds nothing: the primitive the bounded readers
 * ({@link JsonReader}, the signed-envelope scanner) are made of. It validates as it goes (string
 * escapes, UTF-8 sequences, no control characters, number grammar, literals, nesting) and reports
 * failure by a return value, never by an exception, so hostile input costs no allocation.
 *
 * <p><b>Strings are decoded in place.</b> {@link #decodeString()} overwrites the string's bytes with
 * its decoded UTF-8 form (never longer than the escaped form), so reading a string costs no copy;
 * the buffer is the caller's scratch. An escaped lone surrogate decodes to U+FFFD (EF BF BD), as the
 * host's UTF-8 encoder (Node) turns it when it signs. Not thread-safe; one per buffer.
 */
public final class JsonScanner {
    /** Longest number token accepted (as Jackson's default): longer ones are refused, not parsed. */
    public static final int MAX_NUMBER_LENGTH = 1000;

    private final byte[] b;
    private final int end;
    private int pos;
    private int stringStart;
    private boolean integral;
    private boolean overflow;

    public JsonScanner(byte[] buffer, int offset, int length) {
        if (offset < 0 || length < 0 || offset + length > buffer.length) {
            throw new IndexOutOfBoundsException("range outside the buffer");
        }
        this.b = buffer;
        this.pos = offset;
        this.end = offset + length;
    }

    public byte[] buffer() {
        return b;
    }

    public int position() {
        return pos;
    }

    /** Skips whitespace; the next byte (0-255), or -1 at the end. The cursor stays on that byte. */
    public int peek() {
        int i = pos;
        while (i < end) {
            byte c = b[i];
            if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
                pos = i;
                return c & 0xFF;
            }
            i++;
        }
        pos = end;
        return -1;
    }

    /** Skips whitespace, then consumes {@code c} if it is next. */
    public boolean consume(char c) {
        if (peek() == c) {
            pos++;
            return true;
        }
        return false;
    }

    /** Whether only whitespace is left. */
    public boolean atEnd() {
        return peek() < 0;
    }

    /**
     * The cursor is on an opening quote: validates the string, decodes it in place and moves past the
     * closing quote. The decoded UTF-8 bytes start at {@link #stringStart()}.
     *
     * @return the decoded length in bytes, or -1 when the string is not valid JSON
     */
    public int decodeString() {
        if (pos >= end || b[pos] != '"') {
            return -1;
        }
        int r = pos + 1;
        int w = r;
        stringStart = r;
        while (r < end) {
            int c = b[r] & 0xFF;
            if (c == '"') {
                pos = r + 1;
                return w - stringStart;
            }
            if (c == '\\') {
                if (r + 1 >= end) {
                    return -1;
                }
                int e = b[r + 1];
                if (e == 'u') {
                    int unit = hex4(r + 2);
                    if (unit < 0) {
                        return -1;
                    }
                    r += 6;
                    int cp = unit;
                    if (unit >= 0xD800 && unit <= 0xDBFF) {
                        int low = r + 6 <= end && b[r] == '\\' && b[r + 1] == 'u' ? hex4(r + 2) : -1;
                        if (low >= 0xDC00 && low <= 0xDFFF) {
                            cp = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00);
                            r += 6;
                        } else {
                            cp = 0xFFFD; // a lone high surrogate
                        }
                    } else if (unit >= 0xDC00 && unit <= 0xDFFF) {
                        cp = 0xFFFD; // a lone low surrogate
                    }
                    w = putUtf8(cp, w);
                    continue;
                }
                byte decoded;
                switch (e) {
                    case '"':
                        decoded = '"';
                        break;
                    case '\\':
                        decoded = '\\';
                        break;
                    case '/':
                        decoded = '/';
                        break;
                    case 'b':
                        decoded = '\b';
                        break;
                    case 'f':
                        decoded = '\f';
                        break;
                    case 'n':
                        decoded = '\n';
                        break;
                    case 'r':
                        decoded = '\r';
                        break;
                    case 't':
                        decoded = '\t';
                        break;
                    default:
                        return -1;
                }
                b[w++] = decoded;
                r += 2;
            } else if (c < 0x20) {
                return -1;
            } else if (c < 0x80) {
                b[w++] = (byte) c;
                r++;
            } else {
                int n = utf8Length(r);
                if (n < 0) {
                    return -1;
                }
                if (w != r) {
                    System.arraycopy(b, r, b, w, n);
                }
                w += n;
                r += n;
            }
        }
        return -1;
    }

    /** Where the bytes of the last {@link #decodeString()} start. */
    public int stringStart() {
        return stringStart;
    }

    /**
     * The cursor is on a number: validates its grammar and moves past it.
     *
     * @return the index where the token starts, or -1 when it is not a number (or longer than
     *         {@link #MAX_NUMBER_LENGTH})
     */
    public int scanNumber() {
        int start = pos;
        int i = pos;
        if (i < end && b[i] == '-') {
            i++;
        }
        if (i >= end) {
            return -1;
        }
        if (b[i] == '0') {
            i++;
        } else if (b[i] >= '1' && b[i] <= '9') {
            i = digits(i);
        } else {
            return -1;
        }
        integral = true;
        if (i < end && b[i] == '.') {
            int after = digits(i + 1);
            if (after == i + 1) {
                return -1;
            }
            i = after;
            integral = false;
        }
        if (i < end && (b[i] == 'e' || b[i] == 'E')) {
            i++;
            if (i < end && (b[i] == '+' || b[i] == '-')) {
                i++;
            }
            int after = digits(i);
            if (after == i) {
                return -1;
            }
            i = after;
            integral = false;
        }
        if (i - start > MAX_NUMBER_LENGTH) {
            return -1;
        }
        pos = i;
        return start;
    }

    /** Whether the last {@link #scanNumber()} had neither fraction nor exponent. */
    public boolean integral() {
        return integral;
    }

    /**
     * The integer token {@code [start, position())} of an {@linkplain #integral() integral} number as a
     * long; when it does not fit, {@link #fitsLong()} is false afterwards.
     */
    public long integerValue(int start) {
        int i = start;
        boolean negative = b[i] == '-';
        if (negative) {
            i++;
        }
        // accumulated negatively, as Long.parseLong does: |Long.MIN_VALUE| > Long.MAX_VALUE
        long limit = negative ? Long.MIN_VALUE : -Long.MAX_VALUE;
        long multmin = limit / 10;
        long acc = 0;
        for (; i < pos; i++) {
            int d = b[i] - '0';
            if (acc < multmin) {
                overflow = true;
                return Long.MIN_VALUE;
            }
            acc *= 10;
            if (acc < limit + d) {
                overflow = true;
                return Long.MIN_VALUE;
            }
            acc -= d;
        }
        overflow = false;
        return negative ? acc : -acc;
    }

    /** Whether the last {@link #integerValue} fitted in a long. */
    public boolean fitsLong() {
        return !overflow;
    }

    /** The number token {@code [start, position())} as a double (may be infinite). */
    public double doubleValue(int start) {
        return Double.parseDouble(new String(b, start, pos - start, StandardCharsets.ISO_8859_1));
    }

    /** The cursor is on {@code t}, {@code f} or {@code n}: consumes {@code true}, {@code false} or {@code null}. */
    public boolean literal(String word) {
        int n = word.length();
        if (end - pos < n) {
            return false;
        }
        for (int k = 0; k < n; k++) {
            if (b[pos + k] != word.charAt(k)) {
                return false;
            }
        }
        pos += n;
        return true;
    }

    /**
     * Skips one value of any kind, validating it without decoding or keeping anything; iterative, so
     * its depth costs no stack.
     *
     * @param maxDepth deepest nesting accepted (at most 64)
     * @return false when the value is not valid JSON or nests deeper than {@code maxDepth}
     */
    public boolean skipValue(int maxDepth) {
        if (maxDepth > 64) {
            throw new IllegalArgumentException("maxDepth > 64");
        }
        long objects = 0; // bit d set: the container at depth d+1 is an object
        int depth = 0;
        while (true) {
            // a value is expected here
            int c = peek();
            boolean closed = false;
            if (c == '{' || c == '[') {
                if (depth == maxDepth) {
                    return false;
                }
                pos++;
                boolean object = c == '{';
                objects = object ? objects | (1L << depth) : objects & ~(1L << depth);
                depth++;
                if (consume(object ? '}' : ']')) {
                    depth--;
                    closed = true;
                } else if (object && !memberName()) {
                    return false;
                } else {
                    continue; // the first member's value or the first item
                }
            }
            if (!closed && !skipScalar(c)) {
                return false;
            }
            // after a value: close containers or move to the next member/item
            while (true) {
                if (depth == 0) {
                    return true;
                }
                boolean object = (objects & (1L << (depth - 1))) != 0;
                int next = peek();
                if (next == ',') {
                    pos++;
                    if (object && !memberName()) {
                        return false;
                    }
                    break;
                }
                if (next != (object ? '}' : ']')) {
                    return false;
                }
                pos++;
                depth--;
            }
        }
    }

    /** Skips a string, number or literal at the cursor ({@code c} is its first byte). */
    private boolean skipScalar(int c) {
        if (c == '"') {
            return skipString();
        }
        if (c == '-' || (c >= '0' && c <= '9')) {
            return scanNumber() >= 0;
        }
        if (c == 't') {
            return literal("true");
        }
        if (c == 'f') {
            return literal("false");
        }
        return c == 'n' && literal("null");
    }

    /** A member name and its colon, validated and skipped. */
    private boolean memberName() {
        return peek() == '"' && skipString() && consume(':');
    }

    /** Validates the string at the cursor and moves past it, writing nothing. */
    public boolean skipString() {
        if (pos >= end || b[pos] != '"') {
            return false;
        }
        int r = pos + 1;
        while (r < end) {
            int c = b[r] & 0xFF;
            if (c == '"') {
                pos = r + 1;
                return true;
            }
            if (c == '\\') {
                if (r + 1 >= end) {
                    return false;
                }
                int e = b[r + 1];
                if (e == 'u') {
                    if (hex4(r + 2) < 0) {
                        return false;
                    }
                    r += 6;
                } else if (e == '"' || e == '\\' || e == '/' || e == 'b' || e == 'f' || e == 'n' || e == 'r'
                        || e == 't') {
                    r += 2;
                } else {
                    return false;
                }
            } else if (c < 0x20) {
                return false;
            } else if (c < 0x80) {
                r++;
            } else {
                int n = utf8Length(r);
                if (n < 0) {
                    return false;
                }
                r += n;
            }
        }
        return false;
    }

    private int digits(int i) {
        while (i < end && b[i] >= '0' && b[i] <= '9') {
            i++;
        }
        return i;
    }

    /** Four ASCII hex digits at {@code i}, or -1. */
    private int hex4(int i) {
        if (i + 4 > end) {
            return -1;
        }
        int v = 0;
        for (int k = 0; k < 4; k++) {
            int d = hexDigit(b[i + k]);
            if (d < 0) {
                return -1;
            }
            v = (v << 4) | d;
        }
        return v;
    }

    /** The value of one ASCII hex digit of either case, or -1 (never a Unicode digit). */
    public static int hexDigit(int c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }

    /** The length of the well-formed UTF-8 sequence at {@code i} (Unicode Table 3-7), or -1. */
    private int utf8Length(int i) {
        int c = b[i] & 0xFF;
        int n;
        int lo = 0x80;
        int hi = 0xBF;
        if (c >= 0xC2 && c <= 0xDF) {
            n = 2;
        } else if (c >= 0xE0 && c <= 0xEF) {
            n = 3;
            if (c == 0xE0) {
                lo = 0xA0;
            } else if (c == 0xED) {
                hi = 0x9F; // no encoded surrogates
            }
        } else if (c >= 0xF0 && c <= 0xF4) {
            n = 4;
            if (c == 0xF0) {
                lo = 0x90;
            } else if (c == 0xF4) {
                hi = 0x8F;
            }
        } else {
            return -1;
        }
        if (i + n > end) {
            return -1;
        }
        int second = b[i + 1] & 0xFF;
        if (second < lo || second > hi) {
            return -1;
        }
        for (int k = 2; k < n; k++) {
            int cont = b[i + k] & 0xFF;
            if (cont < 0x80 || cont > 0xBF) {
                return -1;
            }
        }
        return n;
    }

    /** Writes a code point as UTF-8 at {@code w} (in place: never past the escape it came from). */
    private int putUtf8(int cp, int w) {
        if (cp < 0x80) {
            b[w++] = (byte) cp;
        } else if (cp < 0x800) {
            b[w++] = (byte) (0xC0 | (cp >> 6));
            b[w++] = (byte) (0x80 | (cp & 0x3F));
        } else if (cp < 0x10000) {
            b[w++] = (byte) (0xE0 | (cp >> 12));
            b[w++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
            b[w++] = (byte) (0x80 | (cp & 0x3F));
        } else {
            b[w++] = (byte) (0xF0 | (cp >> 18));
            b[w++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
            b[w++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
            b[w++] = (byte) (0x80 | (cp & 0x3F));
        }
        return w;
    }
}
