package org.infinibay.infiniservice.application.port.out;

import java.lang.System.Logger.Level;
import java.util.Arrays;
import org.infinibay.infiniservice.application.port.out.HostChannelListener;
import org.infinibay.infiniservice.application.port.out.LogWindow;
import org.infinibay.infiniservice.domain.log.Logs;

/**
 * Turns a byte stream of arbitrary chunking into lines (CONTRACT §2.4): a persistent buffer,
 * every complete line extracted at once and handed over as its bytes (a listener that wants text
 * decodes UTF-8 per assembled line, never per chunk), a trailing {@code \r} and surrounding
 * whitespace trimmed, empty lines skipped. A line longer than the limit is dropped up to its
 * {@code \n} without buffering more than the limit (the listener is told, and logs it).
 * Pure framing logic shared by every channel adapter (virtio, Unix socket, Windows vioserial, COM).
 *
 * <p>No line can end the receive loop: whatever the listener throws for one line, errors such as
 * {@code OutOfMemoryError} or {@code StackOverflowError} included, is caught and logged (at most one
 * ERROR a minute, with the count of the others) and the next line is read; a buffer that cannot grow
 * drops its line like an oversized one. Used by one receive thread; not thread-safe.
 */
public final class LineFramer {
    private static final System.Logger LOG = Logs.get(LineFramer.class);

    /** 8 MiB: the longest accepted line, counted in bytes before the {@code \n}. */
    public static final int MAX_LINE_BYTES = 8 * 1024 * 1024;
    private static final int INITIAL_CAPACITY = 8 * 1024;
    /** After a long line, give the big buffer back instead of pinning up to 8 MiB forever. */
    private static final int RETAINED_CAPACITY = 64 * 1024;

    private final int maxLineBytes;
    private byte[] buffer = new byte[INITIAL_CAPACITY];
    private int count;
    private boolean discarding;
    private long discardedLength;
    private final LogWindow failures = new LogWindow();

    public LineFramer() {
        this(MAX_LINE_BYTES);
    }

    public LineFramer(int maxLineBytes) {
        if (maxLineBytes < 1) {
            throw new IllegalArgumentException("maxLineBytes must be positive");
        }
        this.maxLineBytes = maxLineBytes;
    }

    /** Consumes {@code length} bytes, reporting every line they complete to {@code sink}. */
    public void feed(byte[] data, int offset, int length, HostChannelListener sink) {
        int end = offset + length;
        int start = offset;
        while (start < end) {
            int newline = indexOfNewline(data, start, end);
            int segmentEnd = newline < 0 ? end : newline;
            if (newline >= 0 && count == 0 && !discarding && segmentEnd - start <= maxLineBytes) {
                emit(data, start, segmentEnd - start, sink); // whole line in this chunk: no copy
            } else {
                accumulate(data, start, segmentEnd - start);
                if (newline >= 0) {
                    finishLine(sink);
                }
            }
            if (newline < 0) {
                return;
            }
            start = newline + 1;
        }
    }

    /** Drops any partial line (the host detached, CONTRACT §2.4). */
    public void reset() {
        count = 0;
        discarding = false;
        discardedLength = 0;
        shrink();
    }

    /** Bytes of the current partial line held in memory. */
    public int buffered() {
        return count;
    }

    private void accumulate(byte[] data, int start, int length) {
        if (discarding) {
            discardedLength += length;
            return;
        }
        if ((long) count + length > maxLineBytes) {
            discarding = true;
            discardedLength = (long) count + length;
            count = 0;
            shrink();
            return;
        }
        try {
            ensureCapacity(count + length);
        } catch (OutOfMemoryError e) {
            // no heap for the line right now: drop it like an oversized one, keep reading
            discarding = true;
            discardedLength = (long) count + length;
            count = 0;
            buffer = new byte[INITIAL_CAPACITY];
            return;
        }
        System.arraycopy(data, start, buffer, count, length);
        count += length;
    }

    private void finishLine(HostChannelListener sink) {
        if (discarding) {
            long length = discardedLength;
            discarding = false;
            discardedLength = 0;
            try {
                sink.lineDiscarded(length);
            } catch (Throwable e) { // nothing the listener throws may end the receive loop
                failed("a discarded line", e);
            }
            return;
        }
        emit(buffer, 0, count, sink);
        count = 0;
        shrink();
    }

    private void emit(byte[] data, int start, int length, HostChannelListener sink) {
        int end = start + length;
        while (start < end && (data[start] & 0xFF) <= ' ') {
            start++;
        }
        while (end > start && (data[end - 1] & 0xFF) <= ' ') {
            end--; // the trailing \r of a CRLF too
        }
        if (end == start) {
            return;
        }
        try {
            sink.line(data, start, end - start);
        } catch (Throwable e) { // an error in one line (even OutOfMemoryError) must not end the loop
            failed("a line of " + (end - start) + " bytes", e);
        }
    }

    /** Logs a listener failure without line content, at most once a minute with the count of the others. */
    private void failed(String what, Throwable e) {
        failures.log(LOG, Level.ERROR, "Line listener failed on " + what, e);
    }

    private void ensureCapacity(int needed) {
        if (needed <= buffer.length) {
            return;
        }
        long doubled = (long) buffer.length * 2;
        int capacity = (int) Math.min(maxLineBytes, Math.max(needed, doubled));
        buffer = Arrays.copyOf(buffer, capacity);
    }

    private void shrink() {
        if (count == 0 && buffer.length > RETAINED_CAPACITY) {
            buffer = new byte[INITIAL_CAPACITY];
        }
    }

    private static int indexOfNewline(byte[] data, int from, int to) {
        for (int i = from; i < to; i++) {
            if (data[i] == '\n') {
                return i;
            }
        }
        return -1;
    }
}
