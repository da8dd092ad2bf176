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
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicInteger;
import org.infinibay.infiniservice.application.port.out.HostDetachedException;
import org.junit.jupiter.api.AfterEach;
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
    /** The agent's shared timer as CoreModule makes it: one thread, cancelled checks removed. */
    private final ScheduledThreadPoolExecutor timers = timers();

    private static ScheduledThreadPoolExecutor timers() {
        ScheduledThreadPoolExecutor t = new ScheduledThreadPoolExecutor(1, r -> {
            Thread thread = new Thread(r, "test-timer");
            thread.setDaemon(true);
            return thread;
        });
        t.setRemoveOnCancelPolicy(true);
        return t;
    }

    @AfterEach
    void stopTimers() {
        timers.shutdownNow();
    }

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
        VirtioHostChannel channel = new VirtioHostChannel(existing(fifo), fifoOpener(out), timers);
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
            // lines and detaches on run()'s thread; the silent host's attach from the timer's check;
            // never two calls at once
            for (int i = 0; i < events.callerEvents.size(); i++) {
                Thread caller = events.callers.get(i);
                String event = events.callerEvents.get(i);
                assertTrue(caller == runner.thread || event.equals("attached") && caller.getName().equals("test-timer"),
                        event + " on " + caller.getName());
            }
            assertEquals("test-timer", events.callers.get(events.callerEvents.subList(1, events.callerEvents.size()).indexOf("attached") + 1).getName(),
                    "the silent host's attach comes from the pending-read check on the timer");
            assertTrue(!events.overlapped.get(), "listener calls never overlap");
        }
    }

    /**
     * Round 5 (issue #17): the channel reads on the thread that runs it and checks a pending read on
     * the agent's timer; the old channel started an {@code infiniservice-virtio-reader} thread per open
     * device (17 threads on a VM instead of 16). Attach by a pending read, by data, detach, EOF
     * back-off and a re-attach all happen with no thread but run()'s and the timer's.
     */
    @Test
    void theChannelStartsNoThreadOfItsOwn() throws Exception {
        Path fifo = dir.resolve("port");
        mkfifo(fifo);
        timers.prestartAllCoreThreads();
        Set<Thread> before = new HashSet<>(Thread.getAllStackTraces().keySet());
        VirtioHostChannel channel = new VirtioHostChannel(existing(fifo), fifoOpener(dir.resolve("out")), timers);
        RecordingListener events = new RecordingListener();
        try (ChannelRunner runner = new ChannelRunner(channel, events)) {
            try (FileChannel host = hostOpens(fifo)) {
                events.expect("attached", 3); // a silent host: the read stays pending
                assertEquals(List.of(), threadsStartedSince(before, runner.thread), "threads while attached");
                send(host, "{\"a\":1}\n");
                events.expect("line:{\"a\":1}", 3);
            }
            events.expect("detached", 5);
            Thread.sleep(1500); // end-of-file reads with their back-off
            assertEquals(List.of(), threadsStartedSince(before, runner.thread), "threads while detached");
            try (FileChannel host = hostOpens(fifo)) {
                send(host, "{\"b\":2}\n");
                events.expect("attached", 3);
                events.expect("line:{\"b\":2}", 3);
                assertEquals(List.of(), threadsStartedSince(before, runner.thread), "threads after a re-attach");
            }
            events.expect("detached", 5);
        }
        assertEquals(1, channel.openCount());
    }

    /** A listener that throws on the timer's attach ends neither the receive loop nor the timer. */
    @Test
    void aListenerFailingOnTheTimersAttachEndsNothing() throws Exception {
        Path fifo = dir.resolve("port");
        mkfifo(fifo);
        VirtioHostChannel channel = new VirtioHostChannel(existing(fifo), fifoOpener(dir.resolve("out")), timers);
        RecordingListener events = new RecordingListener() {
            @Override
            public void attached() {
                super.attached();
                throw new IllegalStateException("listener bug");
            }
        };
        try (ChannelRunner runner = new ChannelRunner(channel, events)) {
            try (FileChannel host = hostOpens(fifo)) {
                events.expect("attached", 3); // from the timer, which then throws
                send(host, "{\"a\":1}\n");
                events.expect("line:{\"a\":1}", 3);
            }
            events.expect("detached", 5);
            try (FileChannel host = hostOpens(fifo)) {
                events.expect("attached", 3); // the timer still runs checks
            }
            events.expect("detached", 5);
            assertTrue(runner.thread.isAlive(), "the receive loop goes on");
        }
    }

    /** Live threads that did not exist in {@code before}, other than run()'s, by name. */
    private static List<String> threadsStartedSince(Set<Thread> before, Thread runner) {
        List<String> names = new ArrayList<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (!before.contains(t) && t != runner && t.isAlive()) {
                names.add(t.getName());
            }
        }
        return names;
    }

    @Test
    void deviceNodeDisappearingLeadsToAReopen() throws Exception {
        Path fifo = dir.resolve("port");
        mkfifo(fifo);
        VirtioHostChannel channel = new VirtioHostChannel(existing(fifo), fifoOpener(dir.resolve("out")), timers);
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
        VirtioHostChannel channel = new VirtioHostChannel(() -> Optional.of(fifo), timers);
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
        VirtioHostChannel channel = new VirtioHostChannel(() -> Optional.of(fifo), failingFirst, timers);
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
        }, timers);
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
