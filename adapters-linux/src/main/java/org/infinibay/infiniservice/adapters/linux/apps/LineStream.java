package org.infinibay.infiniservice.adapters.linux.apps;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * The lines of a stream, handed out as byte ranges of one small buffer (8 KiB, grown only for a
 * longer line, at most {@link #MAX_LINE}). Reading a package database this way never allocates an
 * array as large as the file: with the agent's 512 KiB young generation such an array (dpkg's
 * 0.7 MiB {@code status}, a kernel package's file list) goes straight to the old generation and
 * grows it for good, a few MiB of resident heap for a start-up burst (docs/performance.md, round 5).
 */
final class LineStream {
    /** Longer lines are skipped whole (no package database field comes near it). */
    static final int MAX_LINE = 64 * 1024;

    interface Sink {
        /** One line without its {@code '\n'}: {@code b[start, end)}; valid only during the call. */
        void line(byte[] b, int start, int end);
    }

    private LineStream() {
    }

    static void read(InputStream in, Sink sink) throws IOException {
        read(in, sink, newBuffer());
    }

    /** A first buffer for {@link #read(InputStream, Sink, byte[])}. */
    static byte[] newBuffer() {
        return new byte[8192];
    }

    /**
     * As {@link #read(InputStream, Sink)}, starting in {@code buffer} (from {@link #newBuffer()}), so that
     * reading many small files (a package's file lists) allocates one buffer, not one per file. Its
     * content on return is unspecified; a line longer than it is read into a larger copy.
     */
    static void read(InputStream in, Sink sink, byte[] buffer) throws IOException {
        byte[] buf = buffer;
        int len = 0;
        boolean skipping = false; // inside a line longer than MAX_LINE
        while (true) {
            int n = in.read(buf, len, buf.length - len);
            if (n < 0) {
                break;
            }
            int from = 0;
            int end = len + n;
            for (int i = len; i < end; i++) {
                if (buf[i] == '\n') {
                    if (!skipping) {
                        sink.line(buf, from, i);
                    }
                    skipping = false;
                    from = i + 1;
                }
            }
            len = end - from;
            if (from > 0 && len > 0) {
                System.arraycopy(buf, from, buf, 0, len);
            }
            if (len == buf.length) {
                if (buf.length < MAX_LINE) {
                    buf = Arrays.copyOf(buf, buf.length * 2);
                } else {
                    skipping = true;
                    len = 0;
                }
            }
        }
        if (len > 0 && !skipping) {
            sink.line(buf, 0, len);
        }
    }
}
