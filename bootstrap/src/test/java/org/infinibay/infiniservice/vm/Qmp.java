package org.infinibay.infiniservice.vm;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A minimal QMP client: sends commands, collects replies and events as raw JSON lines. */
final class Qmp implements AutoCloseable {
    private final SocketChannel channel;
    private final BlockingQueue<String> replies = new LinkedBlockingQueue<>();
    private final BlockingQueue<String> events = new LinkedBlockingQueue<>();

    Qmp(Path socket) throws IOException {
        channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        channel.connect(UnixDomainSocketAddress.of(socket));
        // plain channel reads and writes: the Channels stream adapters share one lock, so a blocked
        // reader would stall every write
        Thread t = new Thread(() -> {
            ByteBuffer buf = ByteBuffer.allocate(8192);
            StringBuilder line = new StringBuilder();
            try {
                while (channel.read(buf) >= 0) {
                    buf.flip();
                    line.append(StandardCharsets.UTF_8.decode(buf));
                    buf.clear();
                    for (int nl; (nl = line.indexOf("\n")) >= 0; line.delete(0, nl + 1)) {
                        String l = line.substring(0, nl).strip();
                        (l.contains("\"event\"") ? events : replies).add(l);
                    }
                }
            } catch (IOException ignored) {
                // QEMU gone
            }
        }, "qmp-read");
        t.setDaemon(true);
        t.start();
        await(replies, 10); // greeting
        execute("{\"execute\":\"qmp_capabilities\"}");
    }

    /** Sends a command and returns its reply line ({@code return} or {@code error}). */
    String execute(String json) throws IOException {
        ByteBuffer b = ByteBuffer.wrap((json + "\n").getBytes(StandardCharsets.UTF_8));
        while (b.hasRemaining()) {
            channel.write(b);
        }
        return await(replies, 10);
    }

    /** The next event whose line contains {@code text}, within {@code seconds}. */
    String awaitEvent(String text, int seconds) {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (true) {
            String e;
            try {
                e = events.poll(Math.max(1, end - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                return null;
            }
            if (e == null || e.contains(text)) {
                return e;
            }
        }
    }

    private static String await(BlockingQueue<String> q, int seconds) throws IOException {
        try {
            String l = q.poll(seconds, TimeUnit.SECONDS);
            if (l == null) {
                throw new IOException("no QMP reply within " + seconds + " s");
            }
            return l;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
