package org.infinibay.infiniservice.application.service.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.infinibay.infiniservice.domain.command.OutputCap;
import org.junit.jupiter.api.Test;

class OutputCaptureTest {

    /** A stream of {@code size} bytes where every byte depends on its position (no array behind it). */
    private static InputStream generated(long size) {
        return new InputStream() {
            long pos;

            @Override
            public int read() {
                return pos < size ? (int) ('a' + (pos++ % 26)) : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (pos >= size) {
                    return -1;
                }
                int n = (int) Math.min(len, size - pos);
                for (int i = 0; i < n; i++) {
                    b[off + i] = (byte) ('a' + ((pos + i) % 26));
                }
                pos += n;
                return n;
            }
        };
    }

    @Test
    void fiftyMebibytesKeepHeadTailAndFixedMemory() {
        long size = 50L * 1024 * 1024;
        OutputCapture c = new OutputCapture();
        long retainedBefore = c.retainedBytes();
        c.drain(generated(size));
        assertEquals(size, c.totalBytes());
        assertEquals(retainedBefore, c.retainedBytes(), "buffers never grow");
        assertEquals(2L * OutputCap.HALF, c.retainedBytes());
        OutputCap.Capped capped = c.snapshot();
        assertTrue(capped.truncated());
        String marker = "\n[\u2026 " + (size - OutputCap.LIMIT) + " bytes truncated \u2026]\n";
        assertTrue(capped.text().contains(marker), "marker with the cut byte count");
        String head = capped.text().substring(0, OutputCap.HALF);
        String tail = capped.text().substring(capped.text().length() - OutputCap.HALF);
        assertTrue(head.startsWith("abcdefghijklmnopqrstuvwxyz"));
        long tailStart = size - OutputCap.HALF;
        assertEquals((char) ('a' + (tailStart % 26)), tail.charAt(0));
        assertEquals((char) ('a' + ((size - 1) % 26)), tail.charAt(tail.length() - 1));
        assertEquals(2 * OutputCap.HALF + marker.length(), capped.text().length());
    }

    /** Whatever the chunking, the capture equals OutputCap.cap over the complete output. */
    @Test
    void matchesOutputCapForEverySizeAroundTheLimits() {
        Random rnd = new Random(42);
        int[] sizes = {0, 1, 100, OutputCap.HALF - 1, OutputCap.HALF, OutputCap.HALF + 1, OutputCap.LIMIT - 1,
                OutputCap.LIMIT, OutputCap.LIMIT + 1, OutputCap.LIMIT + 12345, 3 * OutputCap.LIMIT + 7};
        for (int size : sizes) {
            byte[] all = new byte[size];
            for (int i = 0; i < size; i++) {
                all[i] = (byte) ('0' + rnd.nextInt(10));
            }
            OutputCapture c = new OutputCapture();
            int pos = 0;
            while (pos < size) {
                int n = Math.min(size - pos, 1 + rnd.nextInt(rnd.nextBoolean() ? 300_000 : 5000));
                c.append(all, pos, n);
                pos += n;
            }
            assertEquals(OutputCap.cap(all), c.snapshot(), "size " + size);
        }
    }

    @Test
    void invalidUtf8IsReplacedNotFatal() {
        OutputCapture c = new OutputCapture();
        byte[] bad = {'o', 'k', (byte) 0xC3, (byte) 0x28, (byte) 0xFF};
        c.append(bad, 0, bad.length);
        OutputCap.Capped s = c.snapshot();
        assertFalse(s.truncated());
        assertTrue(s.text().startsWith("ok"));
        assertTrue(s.text().contains("\uFFFD"));
        assertEquals("h\u00e9", new String("h\u00e9".getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8));
    }
}
