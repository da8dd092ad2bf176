package org.infinibay.infiniservice.application.service.exec;

import java.io.IOException;
import java.io.InputStream;
import org.infinibay.infiniservice.domain.command.OutputCap;

/**
 * Drains one output stream while keeping only what CONTRACT §2.3 lets us report: the first
 * 128 KiB and a rolling last 128 KiB. Memory is fixed at construction, so a program printing
 * gigabytes costs the same as one printing a line (pitfall P10). Thread-safe: the reader thread
 * appends while the engine may take a snapshot after a timeout.
 */
public final class OutputCapture {
    private static final int READ_CHUNK = 8192;

    private final byte[] head = new byte[OutputCap.HALF];
    private final byte[] ring = new byte[OutputCap.HALF];
    private int headLen;
    private int ringStart;
    private int ringLen;
    private long total;

    /** Reads {@code in} to its end (or until it fails); never throws. */
    public void drain(InputStream in) {
        byte[] buf = new byte[READ_CHUNK];
        try (in) {
            int n;
            while ((n = in.read(buf)) >= 0) {
                append(buf, 0, n);
            }
        } catch (IOException e) {
            // The stream was closed under us (tree killed, agent stopping): keep what we have.
        }
    }

    public synchronized void append(byte[] b, int off, int len) {
        total += len;
        int toHead = Math.min(len, head.length - headLen);
        System.arraycopy(b, off, head, headLen, toHead);
        headLen += toHead;
        off += toHead;
        len -= toHead;
        if (len == 0) {
            return;
        }
        if (len >= ring.length) {
            // Only the last ring.length bytes of this chunk can survive.
            System.arraycopy(b, off + len - ring.length, ring, 0, ring.length);
            ringStart = 0;
            ringLen = ring.length;
            return;
        }
        int writePos = (ringStart + ringLen) % ring.length;
        int first = Math.min(len, ring.length - writePos);
        System.arraycopy(b, off, ring, writePos, first);
        System.arraycopy(b, off + first, ring, 0, len - first);
        int newLen = ringLen + len;
        if (newLen > ring.length) {
            ringStart = (ringStart + newLen - ring.length) % ring.length;
            newLen = ring.length;
        }
        ringLen = newLen;
    }

    /** Total bytes seen, kept or not. */
    public synchronized long totalBytes() {
        return total;
    }

    /** Bytes this capture holds, whatever the output size: its two fixed buffers. */
    public long retainedBytes() {
        return (long) head.length + ring.length;
    }

    /** The capped text (UTF-8 with replacement) and whether anything was cut. */
    public synchronized OutputCap.Capped snapshot() {
        byte[] tail = new byte[ringLen];
        int first = Math.min(ringLen, ring.length - ringStart);
        System.arraycopy(ring, ringStart, tail, 0, first);
        System.arraycopy(ring, 0, tail, first, ringLen - first);
        long cut = total - headLen - ringLen;
        if (cut <= 0) {
            // Nothing lost: decode head and tail as one text so no character is split at the seam.
            byte[] all = new byte[headLen + ringLen];
            System.arraycopy(head, 0, all, 0, headLen);
            System.arraycopy(tail, 0, all, headLen, ringLen);
            return OutputCap.cap(all);
        }
        return OutputCap.join(head, 0, headLen, tail, 0, tail.length, cut);
    }
}
