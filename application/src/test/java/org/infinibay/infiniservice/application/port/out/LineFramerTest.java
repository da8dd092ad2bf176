package org.infinibay.infiniservice.application.port.out;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.infinibay.infiniservice.application.port.out.HostChannelListener;
import org.junit.jupiter.api.Test;

class LineFramerTest {
    private final LineFramer framer = new LineFramer();
    private final RecordingListener sink = new RecordingListener();

    private void feed(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        framer.feed(b, 0, b.length, sink);
    }

    @Test
    void twoLinesInOneChunkAreBothEmitted() {
        feed("{\"a\":1}\n{\"b\":2}\n{\"c\"");
        assertEquals(List.of("line:{\"a\":1}", "line:{\"b\":2}"), sink.drain());
        assertEquals(4, framer.buffered());
        feed(":3}\n");
        assertEquals(List.of("line:{\"c\":3}"), sink.drain());
        assertEquals(0, framer.buffered());
    }

    @Test
    void crlfWhitespaceAndEmptyLines() {
        feed("  {\"a\":1}\t\r\n\r\n\n   \n{\"b\":2}\r\n");
        assertEquals(List.of("line:{\"a\":1}", "line:{\"b\":2}"), sink.drain());
    }

    @Test
    void lineSplitAcrossManyChunksAtEveryPosition() {
        byte[] line = "{\"k\":\"value\"}\n".getBytes(StandardCharsets.US_ASCII);
        for (byte b : line) {
            framer.feed(new byte[] {b}, 0, 1, sink);
        }
        assertEquals(List.of("line:{\"k\":\"value\"}"), sink.drain());
    }

    @Test
    void multiByteUtf8SplitAcrossChunksDecodesOnce() {
        String text = "{\"s\":\"é€😀\"}"; // 2-, 3- and 4-byte sequences
        byte[] b = (text + "\n").getBytes(StandardCharsets.UTF_8);
        for (int split = 1; split < b.length; split++) {
            framer.feed(b, 0, split, sink);
            framer.feed(b, split, b.length - split, sink);
            assertEquals(List.of("line:" + text), sink.drain(), "split at " + split);
        }
    }

    @Test
    void invalidUtf8BecomesReplacementCharacters() {
        byte[] b = {'{', '"', (byte) 0xC3, '"', (byte) 0xFF, '}', '\n'};
        framer.feed(b, 0, b.length, sink);
        assertEquals(List.of("line:{\"\uFFFD\"\uFFFD}"), sink.drain());
    }

    @Test
    void sixMebibyteLineSplitAcrossManyReads() {
        byte[] line = new byte[6 * 1024 * 1024];
        Arrays.fill(line, (byte) 'x');
        line[0] = '"';
        line[line.length - 1] = '"';
        Random random = new Random(42);
        int pos = 0;
        while (pos < line.length) {
            int n = Math.min(line.length - pos, 1 + random.nextInt(70_000));
            framer.feed(line, pos, n, sink);
            pos += n;
        }
        assertEquals(List.of(), sink.drain());
        framer.feed(new byte[] {'\n', '{', '}', '\n'}, 0, 4, sink);
        List<String> events = sink.drain();
        assertEquals(2, events.size());
        assertEquals("line:".length() + line.length, events.get(0).length());
        assertEquals("line:{}", events.get(1));
    }

    @Test
    void lineOfExactlyTheLimitIsAccepted() {
        LineFramer small = new LineFramer(10);
        byte[] b = "0123456789\n".getBytes(StandardCharsets.US_ASCII);
        small.feed(b, 0, 5, sink);
        small.feed(b, 5, b.length - 5, sink);
        assertEquals(List.of("line:0123456789"), sink.drain());
    }

    @Test
    void nineMebibyteLineIsDiscardedAndTheNextLineStillProcessed() {
        byte[] chunk = new byte[64 * 1024];
        Arrays.fill(chunk, (byte) 'y');
        long total = 9L * 1024 * 1024;
        framer.feed("{\"before\":1}\n".getBytes(StandardCharsets.US_ASCII), 0, 13, sink);
        for (long sent = 0; sent < total; sent += chunk.length) {
            framer.feed(chunk, 0, chunk.length, sink);
            assertTrue(framer.buffered() <= LineFramer.MAX_LINE_BYTES, "never buffers more than the limit");
        }
        assertEquals(0, framer.buffered(), "the oversized line is not kept");
        feed("tail\r\n{\"after\":2}\n");
        assertEquals(List.of("line:{\"before\":1}", "discarded:" + (total + "tail\r".length()), "line:{\"after\":2}"), sink.drain());
    }

    @Test
    void oversizedLineInsideOneChunkIsDiscarded() {
        LineFramer small = new LineFramer(4);
        byte[] b = "abcdefgh\nok\n".getBytes(StandardCharsets.US_ASCII);
        small.feed(b, 0, b.length, sink);
        assertEquals(List.of("discarded:8", "line:ok"), sink.drain());
    }

    @Test
    void resetDropsThePartialLine() {
        feed("{\"partial\":");
        framer.reset();
        feed("{\"fresh\":1}\n");
        assertEquals(List.of("line:{\"fresh\":1}"), sink.drain());
    }

    @Test
    void resetAlsoEndsDiscardMode() {
        LineFramer small = new LineFramer(4);
        byte[] b = "abcdefgh".getBytes(StandardCharsets.US_ASCII);
        small.feed(b, 0, b.length, sink);
        small.reset();
        byte[] next = "ok\n".getBytes(StandardCharsets.US_ASCII);
        small.feed(next, 0, next.length, sink);
        assertEquals(List.of("line:ok"), sink.drain());
    }

    @Test
    void failingListenerDoesNotBreakFraming() {
        RecordingListener after = new RecordingListener();
        LineFramer f = new LineFramer();
        byte[] b = "one\ntwo\n".getBytes(StandardCharsets.US_ASCII);
        f.feed(b, 0, b.length, new RecordingListener() {
            @Override
            public void line(String line) {
                if (line.equals("one")) {
                    throw new IllegalStateException("boom");
                }
                after.line(line);
            }
        });
        assertEquals(List.of("line:two"), after.drain());
    }

    /**
     * Issue #13 item 1: an Error while handling one line (the OutOfMemoryError of a huge line, a
     * StackOverflowError of deep nesting) ended the receive loop; the framer caught only
     * RuntimeException. Now every line after it is still delivered and nothing escapes feed().
     */
    @Test
    void anErrorInTheListenerDoesNotEndTheReceiveLoop() {
        RecordingListener after = new RecordingListener();
        LineFramer f = new LineFramer();
        HostChannelListener failing = new RecordingListener() {
            @Override
            public void line(String line) {
                switch (line) {
                    case "oom":
                        throw new OutOfMemoryError("Java heap space");
                    case "deep":
                        throw new StackOverflowError();
                    case "linkage":
                        throw new NoClassDefFoundError("x");
                    default:
                        after.line(line);
                }
            }

            @Override
            public void lineDiscarded(long length) {
                throw new OutOfMemoryError("Java heap space");
            }
        };
        byte[] b = "oom\none\ndeep\ntwo\nlinkage\nthree\n".getBytes(StandardCharsets.US_ASCII);
        f.feed(b, 0, b.length, failing);
        LineFramer small = new LineFramer(4);
        byte[] c = "toolong\nfour\n".getBytes(StandardCharsets.US_ASCII);
        small.feed(c, 0, c.length, failing);
        assertEquals(List.of("line:one", "line:two", "line:three", "line:four"), after.drain());
    }

    /** The listener gets the line's bytes, trimmed like the text; what it does to them does not leak out. */
    @Test
    void theListenerGetsTheTrimmedBytesAndMayOverwriteThem() {
        List<String> seen = new java.util.ArrayList<>();
        HostChannelListener scribbler = new RecordingListener() {
            @Override
            public void line(byte[] bytes, int offset, int length) {
                seen.add(new String(bytes, offset, length, StandardCharsets.UTF_8));
                java.util.Arrays.fill(bytes, offset, offset + length, (byte) 'X');
            }
        };
        byte[] b = " {\"a\":1}\r\n\t{\"b\":2} \n".getBytes(StandardCharsets.US_ASCII);
        framer.feed(b, 0, 5, scribbler);
        framer.feed(b, 5, b.length - 5, scribbler);
        assertEquals(List.of("{\"a\":1}", "{\"b\":2}"), seen);
    }
}
