package org.infinibay.infiniservice.bootstrap.hostsim;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;
import org.infinibay.infiniservice.domain.auth.SharedSecret;

/**
 * The host in client mode, as the real Infinibay backend: it <em>connects</em> to the Unix socket
 * QEMU listens on ({@code server=on}) for a virtserialport, records every line the guest agent
 * sends, and signs commands with the clock offset learned from the agent's timestamps. Like the
 * real host (CONTRACT §3.1) it forgets the offset on every reconnect. One connection at a time;
 * {@link #disconnect()} is a host detach, {@link #connect(Duration)} an attach.
 */
public final class HostClient implements AutoCloseable {
    private final Path socketPath;
    private final SharedSecret secret;
    private final AgentLineLog lines = new AgentLineLog();
    private volatile SocketChannel channel;
    private volatile Thread reader;
    private volatile int connections;

    public HostClient(Path socketPath, String secretText) {
        this.socketPath = socketPath;
        this.secret = SharedSecret.fromConfigured(secretText).orElse(null);
    }

    /** Connects (retrying while the socket is absent or refuses) and starts recording. Returns the connection number. */
    public synchronized int connect(Duration timeout) throws IOException, InterruptedException {
        if (channel != null) {
            throw new IllegalStateException("already connected");
        }
        long end = System.nanoTime() + timeout.toNanos();
        while (true) {
            SocketChannel c = SocketChannel.open(StandardProtocolFamily.UNIX);
            try {
                c.connect(UnixDomainSocketAddress.of(socketPath));
                lines.forgetClockOffset();
                int n = ++connections;
                channel = c;
                Thread t = new Thread(() -> lines.readLoop(c, n), "hostclient-read-" + n);
                t.setDaemon(true);
                t.start();
                reader = t;
                return n;
            } catch (IOException e) {
                c.close();
                if (System.nanoTime() > end) {
                    throw new IOException("cannot connect to " + socketPath + " within " + timeout, e);
                }
                Thread.sleep(20);
            }
        }
    }

    /** The host detaches: closes its connection; QEMU keeps the port and the guest sees the host gone. */
    public synchronized void disconnect() throws IOException, InterruptedException {
        SocketChannel c = channel;
        channel = null;
        if (c != null) {
            c.close();
        }
        Thread t = reader;
        if (t != null) {
            t.join(2000);
        }
    }

    public boolean connected() {
        return channel != null;
    }

    public int connections() {
        return connections;
    }

    public Path socketPath() {
        return socketPath;
    }

    public HostSimulator.Received await(Predicate<HostSimulator.Received> filter, Duration timeout)
            throws InterruptedException {
        return lines.await(filter, timeout);
    }

    public HostSimulator.Received awaitType(String type, Duration timeout) throws InterruptedException {
        return await(r -> type.equals(r.type()), timeout);
    }

    public HostSimulator.Received awaitResponse(String id, Duration timeout) throws InterruptedException {
        return await(r -> "response".equals(r.type()) && r.json().string("id").map(id::equals).orElse(false), timeout);
    }

    public List<HostSimulator.Received> received() {
        return lines.received();
    }

    public void clearInbox() {
        lines.clearInbox();
    }

    public long clockOffsetMs() {
        return lines.clockOffsetMs();
    }

    public void sendRaw(String line) throws IOException {
        sendBytes((line + "\n").getBytes(StandardCharsets.UTF_8));
    }

    public void sendBytes(byte[] bytes) throws IOException {
        SocketChannel c = channel;
        if (c == null) {
            throw new IOException("not connected");
        }
        ByteBuffer b = ByteBuffer.wrap(bytes);
        synchronized (this) {
            while (b.hasRemaining()) {
                c.write(b);
            }
        }
    }

    /** Signs {@code payload} with the learned offset and sends it. Returns the envelope line. */
    public String sendSigned(String payload) throws IOException {
        String line = envelope(payload, System.currentTimeMillis() + lines.clockOffsetMs(), UUID.randomUUID().toString());
        sendRaw(line);
        return line;
    }

    public String envelope(String payload, long ts, String nonce) {
        return Envelopes.envelope(secret, payload, ts, nonce);
    }

    @Override
    public void close() throws IOException {
        try {
            disconnect();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
