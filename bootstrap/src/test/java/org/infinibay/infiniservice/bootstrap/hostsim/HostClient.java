package org.infinibay.infiniservice.bootstrap.hostsim;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The host in client mode, as the real Infinibay backend: it <em>connects</em> to the Unix socket
 * QEMU listens on ({@code server=on}) for a virtserialport, records every line the guest agent
 * sends, and signs commands with the clock offset learned from the agent's timestamps. Like the
 * real host (CONTRACT §3.1) it forgets the offset on every reconnect. One connection at a time;
 * {@link #disconnect()} is a host detach, {@link #connect(Duration)} an attach.
 */
public final class HostClient extends HostEnd {
    private final Path socketPath;
    private volatile SocketChannel channel;
    private volatile Thread reader;
    private volatile int connections;

    public HostClient(Path socketPath, String secretText) {
        super(secretText);
        this.socketPath = socketPath;
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

    @Override
    public void close() throws IOException {
        try {
            disconnect();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    SocketChannel connection() {
        return channel;
    }
}
