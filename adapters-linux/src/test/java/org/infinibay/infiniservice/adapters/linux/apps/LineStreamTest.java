package org.infinibay.infiniservice.adapters.linux.apps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** {@link LineStream}: the same lines as a split of the whole content, through an 8 KiB buffer. */
class LineStreamTest {

    private static List<String> lines(byte[] data, int chunk) throws IOException {
        List<String> out = new ArrayList<>();
        // a stream that returns at most `chunk` bytes per read, as pipes and procfs do
        InputStream in = new ByteArrayInputStream(data) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, chunk));
            }
        };
        LineStream.read(in, (b, s, e) -> out.add(new String(b, s, e - s, StandardCharsets.ISO_8859_1)));
        return out;
    }

    private static List<String> split(byte[] data) {
        String s = new String(data, StandardCharsets.ISO_8859_1);
        List<String> out = new ArrayList<>(Arrays.asList(s.split("\n", -1)));
        if (!out.isEmpty() && out.get(out.size() - 1).isEmpty()) {
            out.remove(out.size() - 1); // a final '\n' ends the last line, it does not start one
        }
        return out;
    }

    @Test
    void linesAcrossBufferBoundariesAreWhole() throws IOException {
        SplittableRandom random = new SplittableRandom(11);
        for (int size : new int[] {0, 1, 8191, 8192, 8193, 20_000, 700_001}) {
            byte[] data = new byte[size];
            for (int i = 0; i < size; i++) {
                // short and long lines, some of them empty, some longer than the first buffer
                data[i] = random.nextInt(size > 20_000 ? 60 : 9000) == 0 ? (byte) '\n' : (byte) ('a' + random.nextInt(26));
            }
            for (int chunk : new int[] {1, 7, 8192, 1 << 20}) {
                if (chunk == 1 && size > 20_000) {
                    continue;
                }
                assertEquals(split(data), lines(data, chunk), "size " + size + ", chunk " + chunk);
            }
        }
    }

    @Test
    void aLineLongerThanTheLimitIsSkippedWholeAndTheNextOneKept() throws IOException {
        byte[] huge = new byte[LineStream.MAX_LINE * 3];
        Arrays.fill(huge, (byte) 'x');
        byte[] data = ("first\n" + new String(huge, StandardCharsets.ISO_8859_1) + "\nlast\n" + "tail")
                .getBytes(StandardCharsets.ISO_8859_1);
        assertEquals(List.of("first", "last", "tail"), lines(data, 8192));
        // exactly at the limit: the buffer is full without a newline, so it is skipped too
        byte[] edge = new byte[LineStream.MAX_LINE];
        Arrays.fill(edge, (byte) 'y');
        byte[] data2 = (new String(edge, StandardCharsets.ISO_8859_1) + "\nok").getBytes(StandardCharsets.ISO_8859_1);
        assertEquals(List.of("ok"), lines(data2, 8192));
    }

    private static List<String> lines(String text, byte[] buffer) throws IOException {
        List<String> out = new ArrayList<>();
        LineStream.read(new ByteArrayInputStream(text.getBytes(StandardCharsets.ISO_8859_1)),
                (b, s, e) -> out.add(new String(b, s, e - s, StandardCharsets.ISO_8859_1)), buffer);
        return out;
    }

    @Test
    void oneBufferServesManyStreamsEachWithItsOwnLines() throws IOException {
        // DpkgIndex reads every package's file list through one buffer: what a read leaves in it
        // (a longer line, a line that outgrew it) must never reach the next stream's lines
        byte[] buffer = LineStream.newBuffer();
        String longLine = "z".repeat(20_000);
        assertEquals(List.of("/usr/bin/alpha-with-a-long-name", "/usr/bin/b"),
                lines("/usr/bin/alpha-with-a-long-name\n/usr/bin/b\n", buffer));
        assertEquals(List.of("x", "", "y"), lines("x\n\ny", buffer));
        assertEquals(List.of("a", longLine, "b"), lines("a\n" + longLine + "\nb\n", buffer));
        assertEquals(List.of("q"), lines("q", buffer));
        assertEquals(List.of(), lines("", buffer));
    }

    @Test
    void theStreamedStatusIsTheWholeFileParse() throws IOException {
        // this machine's own dpkg database (Debian): every installed package, streamed from the file in
        // the reads the file system gives, and from the bytes read whole (the line splitting itself is
        // checked against String.split above)
        Path status = Path.of("/var/lib/dpkg/status");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isReadable(status), "no dpkg database here");
        Map<String, PackageRef> whole = DpkgIndex.readStatus(Files.readAllBytes(status));
        Map<String, PackageRef> streamed = DpkgIndex.readStatus(status);
        assertTrue(whole.size() > 50, "installed packages: " + whole.size());
        assertEquals(whole, streamed);
        assertTrue(streamed.containsKey("bash"), "bash is installed on every Debian");
    }
}
