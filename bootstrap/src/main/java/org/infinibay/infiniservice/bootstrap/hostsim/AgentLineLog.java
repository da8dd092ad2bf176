package org.infinibay.infiniservice.bootstrap.hostsim;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.infinibay.infiniservice.adapters.serial.json.JacksonJsonCodec;
import org.infinibay.infiniservice.application.port.out.MalformedJsonException;
import org.infinibay.infiniservice.domain.json.Json;
import org.infinibay.infiniservice.domain.json.JsonObject;
import org.infinibay.infiniservice.domain.time.Timestamps;

/**
 * The host's receiving half, shared by the listening {@link HostSimulator} and the connecting
 * {@code HostClient} of the real-VM test (test sources): splits the agent's byte stream into
 * lines, records every line, learns the clock offset from each {@code timestamp} (CONTRACT §4.6)
 * and lets tests wait for lines.
 */
final class AgentLineLog {
    private final JacksonJsonCodec codec = new JacksonJsonCodec();
    private final BlockingQueue<HostSimulator.Received> inbox = new LinkedBlockingQueue<>();
    private final List<HostSimulator.Received> all = new ArrayList<>();
    private volatile long clockOffsetMs;

    /** Reads {@code c} until end of stream or error, recording each complete line; a partial tail is dropped. */
    void readLoop(ReadableByteChannel c, int connection) {
        ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
        ByteArrayOutputStream line = new ByteArrayOutputStream();
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

    void record(String raw, int connection) {
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
        HostSimulator.Received r = new HostSimulator.Received(raw, json, connection, System.currentTimeMillis());
        synchronized (all) {
            all.add(r);
        }
        inbox.add(r);
    }

    HostSimulator.Received await(Predicate<HostSimulator.Received> filter, Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = end - System.nanoTime();
            HostSimulator.Received r = left <= 0 ? null : inbox.poll(left, TimeUnit.NANOSECONDS);
            if (r == null) {
                throw new IllegalStateException("no matching line from the agent within " + timeout);
            }
            if (filter.test(r)) {
                return r;
            }
        }
    }

    List<HostSimulator.Received> received() {
        synchronized (all) {
            return List.copyOf(all);
        }
    }

    /** Forgets recorded lines (long runs: soak) so memory stays flat; awaiting is unaffected. */
    void forgetReceived() {
        synchronized (all) {
            all.clear();
        }
    }

    void clearInbox() {
        inbox.clear();
    }

    long clockOffsetMs() {
        return clockOffsetMs;
    }

    /** The real host forgets the offset on every reconnect (§3.1) and signs with 0 until it learns it again. */
    void forgetClockOffset() {
        clockOffsetMs = 0;
    }
}
