package org.infinibay.infiniservice.adapters.windows.channel;

import org.infinibay.infiniservice.application.port.out.LineFramer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.infinibay.infiniservice.application.port.out.HostDetachedException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WindowsHostChannelTest {
    private final List<Thread> threads = new ArrayList<>();
    private WindowsHostChannel channel;

    private RecordingListener start(PortOpener opener) {
        RecordingListener l = new RecordingListener();
        startWith(opener, l);
        return l;
    }

    private void startWith(PortOpener opener, org.infinibay.infiniservice.application.port.out.HostChannelListener l) {
        channel = new WindowsHostChannel(new WindowsDeviceLocator(null), opener);
        Thread t = new Thread(() -> {
            try {
                channel.run(l);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "test-windows-receive");
        t.setDaemon(true);
        t.start();
        threads.add(t);
    }

    @AfterEach
    void stop() throws InterruptedException {
        if (channel != null) {
            channel.close();
        }
        for (Thread t : threads) {
            t.join(3_000);
            assertFalse(t.isAlive(), "run() returns after close()");
        }
    }

    @Test
    void opensTheCurrentPortNameOnceAndDeliversEveryLineOfAnyLength() throws Exception {
        ScriptedPort port = new ScriptedPort();
        List<String> opened = new ArrayList<>();
        RecordingListener l = start(path -> {
            opened.add(path);
            return port;
        });
        // Pitfall P3: a 100 KiB line and two short ones arrive in odd chunks, one spanning reads.
        String longLine = "{\"x\":\"" + "a".repeat(100 * 1024) + "\"}";
        byte[] all = (longLine + "\r\n{\"n\":1}\n{\"n\"").getBytes(StandardCharsets.UTF_8);
        port.data(java.util.Arrays.copyOfRange(all, 0, 4096));
        port.data(java.util.Arrays.copyOfRange(all, 4096, all.length));
        port.data(":2}\n".getBytes(StandardCharsets.UTF_8));
        assertTrue(l.await("line:{\"n\":2}", 1));
        assertEquals(List.of("attached", "line:" + longLine, "line:{\"n\":1}", "line:{\"n\":2}"), l.events);
        assertEquals(List.of(WindowsDeviceLocator.CURRENT), opened, "opened once, current name first");
    }

    @Test
    void fallsBackToTheLegacyNameAndNothingElse() throws Exception {
        ScriptedPort port = new ScriptedPort();
        List<String> tried = new java.util.concurrent.CopyOnWriteArrayList<>();
        RecordingListener l = start(path -> {
            tried.add(path);
            if (path.equals(WindowsDeviceLocator.CURRENT)) {
                throw new PortOpener.PortOpenException(Win32Errors.ERROR_FILE_NOT_FOUND, "absent");
            }
            return port;
        });
        port.data("{}\n".getBytes(StandardCharsets.UTF_8));
        assertTrue(l.await("line:{}", 1));
        assertEquals(List.of(WindowsDeviceLocator.CURRENT, WindowsDeviceLocator.LEGACY), tried);
    }

    @Test
    void zeroByteCompletionsMeanDetachedAndNeverSpin() throws Exception {
        ScriptedPort port = new ScriptedPort();
        RecordingListener l = start(path -> port);
        port.data("{\"a\":1}\n".getBytes(StandardCharsets.UTF_8));
        assertTrue(l.await("line:{\"a\":1}", 1));
        port.alwaysEmpty = true; // the host went away: every read completes with 0 bytes at once
        assertTrue(l.await("detached", 1));
        int before = port.readCalls.get();
        Thread.sleep(1_500);
        int during = port.readCalls.get() - before;
        // 100 ms growing to 1 s between reads: a handful in 1.5 s, never thousands.
        assertTrue(during <= 8, "reads while detached: " + during);
        assertEquals(1, l.events.stream().filter("detached"::equals).count(), "one detach, no flapping");
        port.alwaysEmpty = false;
        port.data("{\"b\":2}\n".getBytes(StandardCharsets.UTF_8));
        assertTrue(l.await("line:{\"b\":2}", 1));
        assertEquals(List.of("attached", "line:{\"a\":1}", "detached", "attached", "line:{\"b\":2}"), l.events);
    }

    @Test
    void brokenPipeAndFriendsMeanDetachedAndKeepTheHandle() throws Exception {
        for (int code : new int[] {Win32Errors.ERROR_BROKEN_PIPE, Win32Errors.ERROR_NO_DATA,
            Win32Errors.ERROR_PIPE_NOT_CONNECTED}) {
            ScriptedPort port = new ScriptedPort();
            AtomicInteger opens = new AtomicInteger();
            RecordingListener l = start(path -> {
                opens.incrementAndGet();
                return port;
            });
            port.data("{}\n".getBytes(StandardCharsets.UTF_8));
            assertTrue(l.await("attached", 1));
            port.fail(code);
            assertTrue(l.await("detached", 1), "code " + code);
            port.data("{}\n".getBytes(StandardCharsets.UTF_8));
            assertTrue(l.await("attached", 2), "code " + code);
            assertEquals(1, opens.get(), "the handle is kept for code " + code);
            channel.close();
        }
    }

    @Test
    void aReadPendingFor250MsAfterAReadSideDetachMeansAttached() throws Exception {
        ScriptedPort port = new ScriptedPort();
        RecordingListener l = start(path -> port);
        port.empty(); // no host at first
        // then the read stays pending: the driver holds reads while a host is attached
        assertTrue(l.await("attached", 1));
        assertTrue(channel.emptyReadCount() >= 1);
    }

    @Test
    void aWriteThatTimesOutDetachesAndAProbeThatCompletesReattaches() throws Exception {
        ScriptedPort port = new ScriptedPort();
        RecordingListener l = start(path -> port);
        port.data("{}\n".getBytes(StandardCharsets.UTF_8));
        assertTrue(l.await("attached", 1));
        port.nextWrite(new PortIo.WriteResult.TimedOut(5)); // CancelIoEx after 5 s, 5 bytes went out
        assertThrows(HostDetachedException.class, () -> channel.writeLine("{\"type\":\"metrics\"}"));
        assertTrue(l.await("detached", 1));
        // a later probe ("\n") completes: the host is back
        assertTrue(l.await("attached", 2));
        channel.writeLine("{\"type\":\"handshake\"}");
        String out = port.writtenText();
        assertTrue(out.startsWith("{\"typ"), out);
        // the stub of the broken line is ended before the next line, so the host sees whole lines
        assertTrue(out.endsWith("\n{\"type\":\"handshake\"}\n"), out);
    }

    @Test
    void aPendingReadNeverBlocksAWrite() throws Exception {
        ScriptedPort port = new ScriptedPort();
        RecordingListener l = start(path -> port);
        assertTrue(l.await("attached", 1)); // read pending ≥ 250 ms
        for (int i = 0; i < 50; i++) {
            channel.writeLine("{\"i\":" + i + "}");
        }
        assertEquals(50, port.writtenText().split("\n").length);
    }

    @Test
    void deviceLevelErrorsCloseAndReopen() throws Exception {
        List<ScriptedPort> ports = new java.util.concurrent.CopyOnWriteArrayList<>();
        RecordingListener l = start(path -> {
            ScriptedPort p = new ScriptedPort();
            ports.add(p);
            return p;
        });
        while (ports.isEmpty()) {
            Thread.sleep(5);
        }
        ports.get(0).data("{}\n".getBytes(StandardCharsets.UTF_8));
        assertTrue(l.await("attached", 1));
        ports.get(0).fail(Win32Errors.ERROR_DEVICE_NOT_CONNECTED);
        assertTrue(l.await("detached", 1));
        long until = System.nanoTime() + 5_000_000_000L;
        while (ports.size() < 2 && System.nanoTime() < until) {
            Thread.sleep(20);
        }
        assertEquals(2, ports.size(), "reopened after the 1 s back-off");
        assertTrue(ports.get(0).closed);
        assertEquals(2, channel.openCount());
    }

    @Test
    void writingWithoutAnOpenDeviceIsDetached() {
        channel = new WindowsHostChannel(new WindowsDeviceLocator(null), path -> {
            throw new PortOpener.PortOpenException(2, "absent");
        });
        assertThrows(HostDetachedException.class, () -> channel.writeLine("{}"));
    }

    @Test
    void anOverlongLineIsDiscardedAndReadingGoesOn() throws Exception {
        ScriptedPort port = new ScriptedPort();
        RecordingListener l = start(path -> port);
        byte[] huge = new byte[LineFramer.MAX_LINE_BYTES + 10];
        java.util.Arrays.fill(huge, (byte) 'x');
        port.data(huge);
        port.data("\n{\"ok\":true}\n".getBytes(StandardCharsets.UTF_8));
        assertTrue(l.await("line:{\"ok\":true}", 1));
        assertTrue(l.events.contains("discarded:" + huge.length));
    }

    /**
     * A core that fails while handling events: an exception on attach, detach and one line, an
     * Error on another. Before the guard the first failure escaped run() and ended the receive thread, so
     * nothing after it was ever read again.
     */
    @Test
    void aListenerThatThrowsNeverEndsTheReceiveLoop() throws Exception {
        ScriptedPort port = new ScriptedPort();
        FailingCore failing = new FailingCore();
        RecordingListener seen = failing.seen;
        startWith(path -> port, failing);
        port.data("{\"boom\":1}\n{\"after\":1}\n".getBytes(StandardCharsets.UTF_8));
        assertTrue(seen.await("line:{\"after\":1}", 1), seen.events.toString());
        port.data("{\"deep\":1}\n{\"after\":2}\n".getBytes(StandardCharsets.UTF_8));
        assertTrue(seen.await("line:{\"after\":2}", 1), seen.events.toString());
        port.alwaysEmpty = true; // the host leaves: detached() throws too
        assertTrue(seen.await("detached", 1));
        port.alwaysEmpty = false;
        port.data("{\"back\":1}\n".getBytes(StandardCharsets.UTF_8));
        assertTrue(seen.await("line:{\"back\":1}", 1), seen.events.toString());
        assertEquals(List.of("attached", "line:{\"boom\":1}", "line:{\"after\":1}", "line:{\"deep\":1}",
                "line:{\"after\":2}", "detached", "attached", "line:{\"back\":1}"), seen.events);
        assertEquals(1, channel.openCount(), "the same handle throughout");
    }
}
