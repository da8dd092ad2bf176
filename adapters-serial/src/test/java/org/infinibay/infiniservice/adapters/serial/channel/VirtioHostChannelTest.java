package org.infinibay.infiniservice.adapters.serial.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.infinibay.infiniservice.application.port.out.HostDetachedException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real virtio port cannot exist here. A FIFO read end has the property that matters: once its
 * writer closes, read() returns EOF at once, every time, until a new writer opens; a writer that
 * opens and stays silent leaves read() pending. The test "host" is the FIFO's writer. Writes go
 * to a plain file in the FIFO tests (the blocking-while-detached write side needs a real port).
 */
@SuppressWarnings("try") // resources held open only for their lifetime
class VirtioHostChannelTest {
    @TempDir
    Path dir;

    private static void mkfifo(Path path) throws Exception {
        Process p = new ProcessBuilder("mkfifo", path.toString()).inheritIO().start();
        assertEquals(0, p.waitFor());
    }

    /** Reads from the FIFO (opening blocks until a writer appears), writes to {@code outFile}. */
    private static DeviceOpener fifoOpener(Path outFile) {
        return path -> {
            FileChannel in = FileChannel.open(path, StandardOpenOption.READ);
            FileChannel out = FileChannel.open(outFile, StandardOpenOption.WRITE, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
            return new OpenDevice(path, in, out, () -> { });
        };
    }

    private static DeviceLocator existing(Path path) {
        return () -> Files.exists(path) ? Optional.of(path) : Optional.empty();
    }

    private static FileChannel hostOpens(Path fifo) throws IOException {
        return FileChannel.open(fifo, StandardOpenOption.WRITE); // rendezvous with the agent's open
    }

    private static void send(FileChannel host, String text) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
        while (b.hasRemaining()) {
            host.write(b);
        }
    }

    @Test
    void attachDetachStateMachineOnARealFifo() throws Exception {
        Path fifo = dir.resolve("port");
        Path out = dir.resolve("out");
        mkfifo(fifo);
        VirtioHostChannel channel = new VirtioHostChannel(existing(fifo), fifoOpener(out));
        RecordingListener events = new RecordingListener();
        try (ChannelRunner runner = new ChannelRunner(channel, events)) {
            try (FileChannel host = hostOpens(fifo)) {
                send(host, "{\"a\":1}\n");
                events.expect("attached", 5);
                events.expect("line:{\"a\":1}", 5);
                channel.writeLine("{\"type\":\"handshake\"}");
                assertEquals("{\"type\":\"handshake\"}\n", Files.readString(out));
            }
            events.expect("detached", 5);

            // Detached: EOF comes back at once on every read. Detach is reported once and the
            // reader backs off (100 ms doubling to 1 s) instead of spinning.
            long eofBefore = channel.endOfFileReads();
            Thread.sleep(3000);
            long eofReads = channel.endOfFileReads() - eofBefore;
            System.out.println("virtio/FIFO: EOF reads during 3 s detached: " + eofReads);
            assertNull(events.poll(0), "no further events while detached");
            assertTrue(eofReads >= 2 && eofReads <= 10, "EOF reads in 3 s: " + eofReads);
            assertEquals(1, channel.openCount(), "EOF is not a device error: no reopen");

            // A host that attaches and sends nothing: the read stays pending >= 250 ms = attach.
            try (FileChannel host = hostOpens(fifo)) {
                long t0 = System.nanoTime();
                events.expect("attached", 3);
                System.out.println("virtio/FIFO: silent host seen attached after " + (System.nanoTime() - t0) / 1_000_000 + " ms");
                send(host, "{\"partial\":"); // the host leaves mid-line
            }
            events.expect("detached", 5);
            try (FileChannel host = hostOpens(fifo)) {
                send(host, "{\"b\":2}\n");
                events.expect("attached", 3);
                events.expect("line:{\"b\":2}", 3); // the stub of the previous host is gone
            }
            events.expect("detached", 5);
            assertTrue(events.callers.stream().allMatch(t -> t == runner.thread), "listener runs on run()'s thread");
        }
    }

    @Test
    void deviceNodeDisappearingLeadsToAReopen() throws Exception {
        Path fifo = dir.resolve("port");
        mkfifo(fifo);
        VirtioHostChannel channel = new VirtioHostChannel(existing(fifo), fifoOpener(dir.resolve("out")));
        RecordingListener events = new RecordingListener();
        try (ChannelRunner runner = new ChannelRunner(channel, events)) {
            try (FileChannel host = hostOpens(fifo)) {
                send(host, "{\"n\":1}\n");
                events.expect("attached", 5);
                events.expect("line:{\"n\":1}", 5);
                Files.delete(fifo); // hot-unplug: the node goes away
            }
            events.expect("detached", 5);
            assertThrows(HostDetachedException.class, () -> channel.writeLine("{}"));
            mkfifo(fifo); // re-plugged
            try (FileChannel host = hostOpens(fifo)) { // blocks until the agent reopens (1 s timer)
                send(host, "{\"n\":2}\n");
                events.expect("attached", 5);
                events.expect("line:{\"n\":2}", 5);
            }
            assertEquals(2, channel.openCount());
        }
    }

    /**
     * The production opener (RandomAccessFile "rw" + separate read/write channels) on a FIFO
     * opened read-write: the agent's read stays pending (never EOF), and a write on the same
     * descriptor must still go through at once; with one FileChannel for both it would deadlock
     * (pitfall P25). The written line comes back through the FIFO into the reader.
     */
    @Test
    void productionOpenerWritesWhileAReadIsPending() throws Exception {
        Path fifo = dir.resolve("port");
        mkfifo(fifo);
        VirtioHostChannel channel = new VirtioHostChannel(() -> Optional.of(fifo));
        RecordingListener events = new RecordingListener();
        ChannelRunner runner = new ChannelRunner(channel, events);
        events.expect("attached", 3); // pending read >= 250 ms after open
        channel.writeLine("{\"echo\":\"\\u00e9\"}");
        events.expect("line:{\"echo\":\"\\u00e9\"}", 3);
        assertEquals("virtio:" + fifo, channel.describe());

        long start = System.nanoTime();
        channel.close(); // must wake the reader blocked on the shared descriptor
        assertTrue(runner.awaitEnd(3000), "run() ends after close()");
        assertNull(runner.ended.get());
        events.expect("detached", 1);
        assertTrue(System.nanoTime() - start < 3_000_000_000L);
        assertThrows(HostDetachedException.class, () -> channel.writeLine("{}"));
    }

    /**
     * Device-level errors cannot be produced here (no virtio device to unplug), so the first
     * open returns a read side that fails like a removed port (EIO); the second open is real.
     */
    @Test
    void deviceLevelReadErrorClosesAndReopensOnATimer() throws Exception {
        Path fifo = dir.resolve("port");
        mkfifo(fifo);
        AtomicInteger opens = new AtomicInteger();
        DeviceOpener failingFirst = path -> {
            if (opens.incrementAndGet() == 1) {
                ReadableByteChannel broken = new ReadableByteChannel() {
                    @Override
                    public int read(ByteBuffer dst) throws IOException {
                        throw new IOException("Input/output error");
                    }

                    @Override
                    public boolean isOpen() {
                        return true;
                    }

                    @Override
                    public void close() {
                    }
                };
                FileChannel out = FileChannel.open(dir.resolve("out"), StandardOpenOption.WRITE, StandardOpenOption.CREATE);
                return new OpenDevice(path, broken, out, () -> { });
            }
            return DeviceOpener.READ_WRITE_FILE.open(path);
        };
        VirtioHostChannel channel = new VirtioHostChannel(() -> Optional.of(fifo), failingFirst);
        RecordingListener events = new RecordingListener();
        long start = System.nanoTime();
        try (ChannelRunner runner = new ChannelRunner(channel, events)) {
            events.expect("attached", 5); // on the second, working open
            long elapsedMs = (System.nanoTime() - start) / 1_000_000;
            assertEquals(2, opens.get());
            assertTrue(elapsedMs >= 1000, "reopen waits for the 1 s timer, took " + elapsedMs + " ms");
        }
    }

    @Test
    void noDeviceMeansDetachedWritesAndARetryTimer() throws Exception {
        AtomicInteger locates = new AtomicInteger();
        VirtioHostChannel channel = new VirtioHostChannel(() -> {
            locates.incrementAndGet();
            return Optional.empty();
        });
        assertThrows(HostDetachedException.class, () -> channel.writeLine("{}"));
        try (ChannelRunner runner = new ChannelRunner(channel, new RecordingListener())) {
            Thread.sleep(3500);
            // Attempts at 0, 1, 3 s (1 s doubling): a timer, not a loop.
            assertTrue(locates.get() >= 2 && locates.get() <= 4, "locate calls: " + locates.get());
        }
        assertEquals("virtio:(no device yet)", channel.describe());
    }

    @Test
    void deviceErrorClassification() {
        for (String m : List.of("No such device", "No such device or address", "Input/output error", "Bad file descriptor")) {
            assertTrue(DeviceErrors.isDeviceLevel(new IOException(m)), m);
        }
        assertTrue(!DeviceErrors.isDeviceLevel(new IOException("Broken pipe")));
        assertTrue(!DeviceErrors.isDeviceLevel(new IOException()));
    }
}
