package org.infinibay.infiniservice.domain.command;

import java.nio.charset.StandardCharsets;

/**
 * Caps command output per CONTRACT §2.3: at most 256 KiB of UTF-8, keeping the first and last
 * 128 KiB joined by a marker that says how much was cut.
 */
public final class OutputCap {
    public static final int HALF = 128 * 1024;
    public static final int LIMIT = 2 * HALF;

    private OutputCap() {
    }

    public record Capped(String text, boolean truncated) {
    }

    public static Capped cap(byte[] utf8) {
        if (utf8.length <= LIMIT) {
            return new Capped(decode(utf8, 0, utf8.length), false);
        }
        return join(utf8, 0, HALF, utf8, utf8.length - HALF, HALF, utf8.length - LIMIT);
    }

    /** Joins a kept head and tail (possibly from separate buffers) around a truncation marker. */
    public static Capped join(byte[] head, int headOff, int headLen, byte[] tail, int tailOff, int tailLen, long cut) {
        String text = decode(head, headOff, headLen)
                + "\n[\u2026 " + cut + " bytes truncated \u2026]\n"
                + decode(tail, tailOff, tailLen);
        return new Capped(text, true);
    }

    public static Capped cap(String s) {
        return cap(s.getBytes(StandardCharsets.UTF_8));
    }

    /** UTF-8 with replacement characters for malformed or cut sequences. */
    private static String decode(byte[] b, int off, int len) {
        return new String(b, off, len, StandardCharsets.UTF_8);
    }
}
