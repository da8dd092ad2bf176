package org.infinibay.infiniservice.adapters.serial.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.infinibay.infiniservice.application.port.out.HostDetachedException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@SuppressWarnings("try") // resources held open only for their lifetime
class UnixSocketHostChannelTest {
    @TempDir
    Path dir;
    private ServerSocketChannel server;

    private Path socket() {
        return dir.resolve("host.sock");
    }

    private void listen() throws IOException {
        server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket()));
    }

    @AfterEach
    void stopServer() throws IOException {
        if (server != null) {
            server.close();
        }
    }

    private static void send(SocketChannel host, String text) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
        while (b.hasRemaining()) {
            host.write(b);
        }
    }

    /** Reads from the host side until {@code n} newline-terminated lines have arrived. */
    private static String receiveLines(SocketChannel host, int n) throws IOException {
        StringBuilder sb = new StringBuilder();
        ByteBuffer b = ByteBuffer.allocate(256 * 1024);
        while (sb.chars().filter(c -> c == '\n').count() < n) {
            b.clear();
            int r = host.read(b);
            if (r < 0) {
                break;
            }
            sb.append(new String(b.array(), 0, r, StandardCharsets.UTF_8));
        }
        return sb.toString();
    }

    @Test
    void writeWithoutHostIsDetached() {
        UnixSocketHostChannel channel = new UnixSocketHostChannel(socket());
        assertThrows(HostDetachedException.class, () -> channel.writeLine("{}"));
        assertEquals("unix:" + socket(), channel.describe());
    }

    @Test
    void attachLinesDetachAndReattach() throws Exception {
        listen();
        UnixSocketHostChannel channel = new UnixSocketHostChannel(socket());
        RecordingListener events = new RecordingListener();
        try (ChannelRunner runner = new ChannelRunner(channel, events)) {
            try (SocketChannel host = server.accept()) {
                events.expect("attached", 5);
                channel.writeLine("{\"type\":\"handshake\"}");
                assertEquals("{\"type\":\"handshake\"}\n", receiveLines(host, 1));
                send(host, "{\"a\":1}\n{\"b\"");
                events.expect("line:{\"a\":1}", 5);
                send(host, ":2}\r\n");
                events.expect("line:{\"b\":2}", 5);
                send(host, "{\"partial\":"); // left behind by the departing host
            }
            events.expect("detached", 5);
            assertThrows(HostDetachedException.class, () -> channel.writeLine("{}"));
            try (SocketChannel host = server.accept()) {
                events.expect("attached", 5);
                send(host, "{\"c\":3}\n");
                events.expect("line:{\"c\":3}", 5);
                channel.writeLine("{\"second\":true}");
                assertEquals("{\"second\":true}\n", receiveLines(host, 1));
            }
            events.expect("detached", 5);
        }
    }

    @Test
    void connectsOnceTheSocketAppearsWithBoundedBackoff() throws Exception {
        UnixSocketHostChannel channel = new UnixSocketHostChannel(socket());
        RecordingListener events = new RecordingListener();
        try (ChannelRunner runner = new ChannelRunner(channel, events)) {
            Thread.sleep(2500); // back-off has reached its 1 s cap
            assertNull(events.poll(0));
            listen();
            try (SocketChannel host = server.accept()) {
                // The cap of 1 s (plus scheduling slack) bounds the delay.
                events.expect("attached", 3);
            }
            events.expect("detached", 5);
        }
    }

    @Test
    void aPendingWriteDoesNotStallReadingAndLinesStayWhole() throws Exception {
        listen();
        UnixSocketHostChannel channel = new UnixSocketHostChannel(socket());
        RecordingListener events = new RecordingListener();
        try (ChannelRunner runner = new ChannelRunner(channel, events); SocketChannel host = server.accept()) {
            events.expect("attached", 5);
            String big = "{\"s\":\"" + "z".repeat(4 * 1024 * 1024) + "\"}";
            CompletableFuture<Void> write = CompletableFuture.runAsync(() -> {
                try {
                    channel.writeLine(big);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            Thread.sleep(300);
            assertFalse(write.isDone(), "4 MiB cannot fit in the socket buffers while nobody reads");
            send(host, "{\"while\":\"writing\"}\n");
            events.expect("line:{\"while\":\"writing\"}", 5);
            String received = receiveLines(host, 1);
            write.get(10, TimeUnit.SECONDS);
            assertEquals(big + "\n", received);
        }
    }

    @Test
    void closeWakesABlockedWriterAndEndsRun() throws Exception {
        listen();
        UnixSocketHostChannel channel = new UnixSocketHostChannel(socket());
        RecordingListener events = new RecordingListener();
        ChannelRunner runner = new ChannelRunner(channel, events);
        try (SocketChannel host = server.accept()) {
            events.expect("attached", 5);
            CompletableFuture<Void> write = CompletableFuture.runAsync(() -> {
                try {
                    channel.writeLine("x".repeat(8 * 1024 * 1024));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            Thread.sleep(300);
            assertFalse(write.isDone());
            channel.close();
            ExecutionException e = assertThrows(ExecutionException.class, () -> write.get(3, TimeUnit.SECONDS));
            assertInstanceOf(HostDetachedException.class, e.getCause().getCause());
            assertTrue(runner.awaitEnd(3000), "run() returns after close()");
            assertNull(runner.ended.get());
            events.expect("detached", 1);
        }
    }

    @Test
    void hostLeavingDuringABlockedWriteIsADetach() throws Exception {
        listen();
        UnixSocketHostChannel channel = new UnixSocketHostChannel(socket());
        RecordingListener events = new RecordingListener();
        try (ChannelRunner runner = new ChannelRunner(channel, events)) {
            SocketChannel host = server.accept();
            events.expect("attached", 5);
            CompletableFuture<Void> write = CompletableFuture.runAsync(() -> {
                try {
                    channel.writeLine("x".repeat(8 * 1024 * 1024));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            Thread.sleep(300);
            host.close();
            ExecutionException e = assertThrows(ExecutionException.class, () -> write.get(5, TimeUnit.SECONDS));
            assertInstanceOf(HostDetachedException.class, e.getCause().getCause());
            events.expect("detached", 5);
        }
    }

    @Test
    void closeEndsRunWhileWaitingForAHost() throws Exception {
        UnixSocketHostChannel channel = new UnixSocketHostChannel(socket());
        ChannelRunner runner = new ChannelRunner(channel, new RecordingListener());
        Thread.sleep(300);
        channel.close();
        assertTrue(runner.awaitEnd(2000));
        assertNull(runner.ended.get());
    }

    @Test
    void interruptEndsRunWithInterruptedException() throws Exception {
        listen();
        UnixSocketHostChannel channel = new UnixSocketHostChannel(socket());
        RecordingListener events = new RecordingListener();
        ChannelRunner runner = new ChannelRunner(channel, events);
        try (SocketChannel host = server.accept()) {
            events.expect("attached", 5);
            runner.thread.interrupt();
            assertTrue(runner.awaitEnd(3000));
            assertInstanceOf(InterruptedException.class, runner.ended.get());
        } finally {
            channel.close();
        }
    }
}
