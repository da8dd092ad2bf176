package org.infinibay.infiniservice.bootstrap.hostsim;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.infinibay.infiniservice.adapters.serial.json.JacksonJsonCodec;
import org.infinibay.infiniservice.application.port.out.MalformedJsonException;
import org.infinibay.infiniservice.domain.auth.HmacSigner;
import org.infinibay.infiniservice.domain.auth.SharedSecret;
import org.infinibay.infiniservice.domain.json.Json;
import org.infinibay.infiniservice.domain.json.JsonObject;
import org.infinibay.infiniservice.domain.json.JsonString;
import org.infinibay.infiniservice.domain.time.Timestamps;

/**
 * Plays the Infinibay host (and QEMU's socket) for the {@code demo} command and the tests: it
 * listens on a Unix socket that the agent connects to with {@code --device unix:<path>}, records
 * every line the agent sends, and signs commands like the host's AgentMessageSigner, using the
 * clock offset learned from the agent's timestamps (CONTRACT §4.6).
 */
public final class HostSimulator implements AutoCloseable {
    private final Path socketPath;
    private final SharedSecret secret;
    private volatile ServerSocketChannel server;
    private final JacksonJsonCodec codec = new JacksonJsonCodec();
    private final BlockingQueue<Received> inbox = new LinkedBlockingQueue<>();
    private final List<Received> all = new ArrayList<>();
    private volatile SocketChannel client;
    private volatile long clockOffsetMs;
    private volatile int connections;

    /** One line from the agent; {@code json} is null when the line was not valid JSON. */
    public record Received(String raw, JsonObject json, int connection, long receivedAtMs) {
        public String type() {
            return json == null ? null : json.string("type").orElse(null);
        }
    }

    public HostSimulator(Path socketPath, String secretText) throws IOException {
        this.socketPath = socketPath;
        this.secret = SharedSecret.fromConfigured(secretText).orElse(null);
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
                readLoop(c, connection);
            } catch (IOException e) {
                return;
            }
        }
    }

    private void readLoop(SocketChannel c, int connection) {
        ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
        java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream();
        try {
            while (c.read(buf) >= 0) {
                buf.flip();
                while (buf.hasRemaining()) {
                    byte b = buf.get();
                    if (b == '\n') {
                        record(line.toString(StandardCharsets.ISO_8859_1), connection);
                        line.reset();
                    } else {
                        line.write(b);
                    }
                }
                buf.clear();
            }
        } catch (IOException e) {
            // connection closed by us or by the agent
        }
    }

    private void record(String raw, int connection) {
        JsonObject json = null;
        try {
            Json parsed = codec.parse(raw);
            if (parsed instanceof JsonObject o) {
                json = o;
                o.string("timestamp").flatMap(Timestamps::parse).ifPresent(ts ->
                        clockOffsetMs = ts.toEpochMilli() - System.currentTimeMillis());
            }
        } catch (MalformedJsonException e) {
            // kept with json == null: tests assert there are none
        }
        Received r = new Received(raw, json, connection, System.currentTimeMillis());
        synchronized (all) {
            all.add(r);
        }
        inbox.add(r);
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

    /** The next line from the agent matching the filter; lines that don't match are skipped. */
    public Received await(Predicate<Received> filter, Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = end - System.nanoTime();
            Received r = left <= 0 ? null : inbox.poll(left, TimeUnit.NANOSECONDS);
            if (r == null) {
                throw new IllegalStateException("no matching line from the agent within " + timeout);
            }
            if (filter.test(r)) {
                return r;
            }
        }
    }

    public Received awaitType(String type, Duration timeout) throws InterruptedException {
        return await(r -> type.equals(r.type()), timeout);
    }

    /** The response to command {@code id}. */
    public Received awaitResponse(String id, Duration timeout) throws InterruptedException {
        return await(r -> "response".equals(r.type()) && r.json().string("id").map(id::equals).orElse(false), timeout);
    }

    /** Every line received so far, across connections. */
    public List<Received> received() {
        synchronized (all) {
            return List.copyOf(all);
        }
    }

    public void clearInbox() {
        inbox.clear();
    }

    /** Sends one raw line (a {@code \n} is appended). */
    public void sendRaw(String line) throws IOException {
        sendBytes((line + "\n").getBytes(StandardCharsets.UTF_8));
    }

    public void sendBytes(byte[] bytes) throws IOException {
        SocketChannel c = client;
        if (c == null) {
            throw new IOException("agent not connected");
        }
        ByteBuffer b = ByteBuffer.wrap(bytes);
        synchronized (this) {
            while (b.hasRemaining()) {
                c.write(b);
            }
        }
    }

    /** Signs {@code payload} as the host does and sends the envelope. Returns the envelope line. */
    public String sendSigned(String payload) throws IOException {
        String line = envelope(payload, System.currentTimeMillis() + clockOffsetMs, UUID.randomUUID().toString());
        sendRaw(line);
        return line;
    }

    /** A signed envelope line for {@code payload} with the given {@code ts} and nonce. */
    public String envelope(String payload, long ts, String nonce) {
        if (secret == null) {
            throw new IllegalStateException("the simulator has no secret to sign with");
        }
        String sig = HmacSigner.sign(secret, 1, ts, nonce, payload);
        return codec.write(JsonObject.builder()
                .put("type", new JsonString("signed"))
                .put("v", 1)
                .put("ts", ts)
                .put("nonce", nonce)
                .put("payload", payload)
                .put("sig", sig)
                .build());
    }

    /** A SafeCommand payload in the host's wire form. */
    public static String safeCommand(String id, String action, int timeoutSeconds) {
        return "{\"type\":\"SafeCommand\",\"id\":\"" + id + "\",\"command_type\":{\"action\":\"" + action
                + "\"},\"params\":null,\"timeout\":" + timeoutSeconds + "}";
    }

    public long clockOffsetMs() {
        return clockOffsetMs;
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
}
