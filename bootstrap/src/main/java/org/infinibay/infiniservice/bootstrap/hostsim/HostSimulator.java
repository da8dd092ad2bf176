package org.infinibay.infiniservice.bootstrap.hostsim;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.infinibay.infiniservice.domain.json.JsonObject;

/**
 * Plays the Infinibay host (and QEMU's socket) for the {@code demo} command and the tests: it
 * listens on a Unix socket that the agent connects to with {@code --device unix:<path>}, records
 * every line the agent sends, and signs commands like the host's AgentMessageSigner, using the
 * clock offset learned from the agent's timestamps (CONTRACT §4.6). Only this honest host ships;
 * the fault-injecting link and host, the connecting {@code HostClient} and the payload builders
 * the tests use live in this package's test sources.
 */
public final class HostSimulator extends HostEnd {
    private final Path socketPath;
    private volatile ServerSocketChannel server;
    private volatile SocketChannel client;
    private volatile int connections;

    /** One line from the agent; {@code json} is null when the line was not valid JSON. */
    public record Received(String raw, JsonObject json, int connection, long receivedAtMs) {
        public String type() {
            return json == null ? null : json.string("type").orElse(null);
        }
    }

    public HostSimulator(Path socketPath, String secretText) throws IOException {
        super(secretText);
        this.socketPath = socketPath;
        listen();
    }

    private void listen() throws IOException {
        Files.deleteIfExists(socketPath);
        ServerSocketChannel s = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        s.bind(UnixDomainSocketAddress.of(socketPath));
        server = s;
        Thread acceptor = new Thread(() -> acceptLoop(s), "hostsim-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** The host goes away for a while: the connection drops and nobody accepts a new one. */
    public void pause() throws IOException {
        server.close();
        disconnect();
        Files.deleteIfExists(socketPath);
    }

    /** The host is back: the agent's next connection attempt succeeds. */
    public void resume() throws IOException {
        listen();
    }

    public Path socketPath() {
        return socketPath;
    }

    private void acceptLoop(ServerSocketChannel server) {
        while (server.isOpen()) {
            try {
                SocketChannel c = server.accept();
                int connection;
                synchronized (this) {
                    connection = ++connections;
                    client = c;
                    notifyAll();
                }
                lines.readLoop(c, connection);
            } catch (IOException e) {
                return;
            }
        }
    }

    /** Waits until the agent is connected (connection number {@code n} or later). */
    public synchronized void awaitConnection(int n, Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (connections < n) {
            long left = end - System.nanoTime();
            if (left <= 0) {
                throw new IllegalStateException("agent did not connect (" + connections + " connections)");
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
    }

    public int connections() {
        return connections;
    }

    /** Forgets the lines recorded so far (long runs keep the simulator's memory flat). */
    public void forgetReceived() {
        lines.forgetReceived();
    }

    /** A SafeCommand payload in the host's wire form. */
    public static String safeCommand(String id, String action, int timeoutSeconds) {
        return "{\"type\":\"SafeCommand\",\"id\":\"" + id + "\",\"command_type\":{\"action\":\"" + action
                + "\"},\"params\":null,\"timeout\":" + timeoutSeconds + "}";
    }

    /** Drops the current connection, as a host restart does; the agent reconnects. */
    public void disconnect() throws IOException {
        SocketChannel c = client;
        client = null;
        if (c != null) {
            c.close();
        }
    }

    @Override
    public void close() throws IOException {
        disconnect();
        server.close();
        Files.deleteIfExists(socketPath);
    }

    @Override
    SocketChannel connection() {
        return client;
    }
}
