package org.infinibay.infiniservice.bootstrap.hostsim;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;
import org.infinibay.infiniservice.domain.auth.SharedSecret;

/**
 * What every simulated host does on its end of the channel, whichever side opened the socket:
 * records the agent's lines, waits for them, and signs and sends commands with the clock offset
 * learned from the agent's timestamps (CONTRACT §4.6).
 */
public abstract class HostEnd implements AutoCloseable {
    final SharedSecret secret;
    final AgentLineLog lines = new AgentLineLog();

    HostEnd(String secretText) {
        this.secret = SharedSecret.fromConfigured(secretText).orElse(null);
    }

    /** The connection to the agent, or {@code null} while there is none. */
    abstract SocketChannel connection();

    /** The next line from the agent matching the filter; lines that don't match are skipped. */
    public HostSimulator.Received await(Predicate<HostSimulator.Received> filter, Duration timeout)
            throws InterruptedException {
        return lines.await(filter, timeout);
    }

    public HostSimulator.Received awaitType(String type, Duration timeout) throws InterruptedException {
        return await(r -> type.equals(r.type()), timeout);
    }

    /** The response to command {@code id}. */
    public HostSimulator.Received awaitResponse(String id, Duration timeout) throws InterruptedException {
        return await(r -> "response".equals(r.type()) && r.json().string("id").map(id::equals).orElse(false), timeout);
    }

    /** Every line received so far, across connections. */
    public List<HostSimulator.Received> received() {
        return lines.received();
    }

    public void clearInbox() {
        lines.clearInbox();
    }

    public long clockOffsetMs() {
        return lines.clockOffsetMs();
    }

    /** Sends one raw line (a {@code \n} is appended). */
    public void sendRaw(String line) throws IOException {
        sendBytes((line + "\n").getBytes(StandardCharsets.UTF_8));
    }

    public void sendBytes(byte[] bytes) throws IOException {
        SocketChannel c = connection();
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
        String line = envelope(payload, System.currentTimeMillis() + lines.clockOffsetMs(), UUID.randomUUID().toString());
        sendRaw(line);
        return line;
    }

    /** A signed envelope line for {@code payload} with the given {@code ts} and nonce. */
    public String envelope(String payload, long ts, String nonce) {
        return Envelopes.envelope(secret, payload, ts, nonce);
    }
}
