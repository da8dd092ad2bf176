package org.infinibay.infiniservice.adapters.linux.metrics;

import java.io.FileInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Reads small /proc and /sys files into one reusable byte buffer and scans them without regex or
 * per-token allocation. Not thread-safe: each source owns its instance and uses it under its lock.
 *
 * <p>/proc files report size 0, so the buffer is filled until EOF and grown on demand, up to a cap
 * (a runaway file must not exhaust the heap).
 */
final class ProcFile {
    private static final int MAX_BYTES = 16 * 1024 * 1024;
    /**
     * Bytes asked of one read(2). The JDK reads up to 8 KiB through a stack buffer and mallocs a
     * native copy of any larger request; glibc then keeps that memory in the thread's arena for the
     * life of the process. /proc hands out at most a page per read anyway.
     */
    static final int READ_CHUNK = 8192;

    private byte[] buf;
    private int len;
    private int pos;

    ProcFile() {
        this(8192);
    }

    ProcFile(int initialCapacity) {
        buf = new byte[initialCapacity];
    }

    /** Loads the whole file (up to the cap); the scan position is reset to 0. */
    ProcFile load(String path) throws IOException {
        return load(path, MAX_BYTES);
    }

    /** Loads at most {@code limit} bytes of the file. */
    ProcFile load(String path, int limit) throws IOException {
        len = 0;
        pos = 0;
        try (FileInputStream in = new FileInputStream(path)) {
            while (len < limit) {
                if (len == buf.length) {
                    byte[] bigger = new byte[Math.min(limit, buf.length * 2)];
                    System.arraycopy(buf, 0, bigger, 0, len);
                    buf = bigger;
                }
                int n = in.read(buf, len, Math.min(READ_CHUNK, Math.min(buf.length, limit) - len));
                if (n < 0) {
                    break;
                }
                len += n;
            }
        }
        return this;
    }

    int length() {
        return len;
    }

    byte[] bytes() {
        return buf;
    }

    int position() {
        return pos;
    }

    void position(int p) {
        pos = Math.max(0, Math.min(p, len));
    }

    boolean atEnd() {
        return pos >= len;
    }

    /** The whole content as text, trailing newline removed. */
    String text() {
        int end = len;
        while (end > 0 && (buf[end - 1] == '\n' || buf[end - 1] == '\r')) {
            end--;
        }
        return new String(buf, 0, end, StandardCharsets.UTF_8);
    }

    /** First line as trimmed text (for one-value sysfs files). */
    String firstLine() {
        int end = 0;
        while (end < len && buf[end] != '\n') {
            end++;
        }
        return new String(buf, 0, end, StandardCharsets.UTF_8).trim();
    }

    void skipBlanks() {
        while (pos < len && (buf[pos] == ' ' || buf[pos] == '\t')) {
            pos++;
        }
    }

    /** Moves to the start of the next line. */
    void nextLine() {
        while (pos < len && buf[pos] != '\n') {
            pos++;
        }
        if (pos < len) {
            pos++;
        }
    }

    boolean atLineEnd() {
        skipBlanks();
        return pos >= len || buf[pos] == '\n';
    }

    /** Next whitespace-separated token on the current line, or {@code null} at end of line. */
    String token() {
        skipBlanks();
        int start = pos;
        while (pos < len && !isSpace(buf[pos])) {
            pos++;
        }
        return start == pos ? null : new String(buf, start, pos - start, StandardCharsets.ISO_8859_1);
    }

    void skipToken() {
        skipBlanks();
        while (pos < len && !isSpace(buf[pos])) {
            pos++;
        }
    }

    void skipTokens(int n) {
        for (int i = 0; i < n; i++) {
            skipToken();
        }
    }

    /** Next token parsed as an unsigned decimal (a leading '-' is honoured); 0 when absent. */
    long decimal() {
        skipBlanks();
        boolean negative = pos < len && buf[pos] == '-';
        if (negative) {
            pos++;
        }
        long v = 0;
        while (pos < len && buf[pos] >= '0' && buf[pos] <= '9') {
            v = v * 10 + (buf[pos] - '0');
            pos++;
        }
        while (pos < len && !isSpace(buf[pos])) {
            pos++; // ignore any suffix such as a fraction
        }
        return negative ? -v : v;
    }

    /** Next token parsed as hexadecimal (digits up to the first non-hex byte). */
    long hex() {
        skipBlanks();
        long v = 0;
        while (pos < len) {
            int d = Character.digit(buf[pos], 16);
            if (d < 0) {
                break;
            }
            v = (v << 4) | d;
            pos++;
        }
        return v;
    }

    /** Skips one byte if it equals {@code b}; returns whether it did. */
    boolean skipByte(byte b) {
        if (pos < len && buf[pos] == b) {
            pos++;
            return true;
        }
        return false;
    }

    /** True when the current line starts with {@code prefix} (ASCII). */
    boolean lineStartsWith(String prefix) {
        int n = prefix.length();
        if (pos + n > len) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            if (buf[pos + i] != prefix.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** Finds the last occurrence of {@code b} in the buffer; -1 if absent. */
    int lastIndexOf(byte b) {
        for (int i = len - 1; i >= 0; i--) {
            if (buf[i] == b) {
                return i;
            }
        }
        return -1;
    }

    private static boolean isSpace(byte b) {
        return b == ' ' || b == '\t' || b == '\n' || b == '\r';
    }
}
