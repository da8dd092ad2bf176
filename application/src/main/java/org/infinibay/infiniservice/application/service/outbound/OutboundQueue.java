package org.infinibay.infiniservice.application.service.outbound;

import java.lang.System.Logger.Level;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.infinibay.infiniservice.application.port.out.AgentClock;
import org.infinibay.infiniservice.application.port.out.JsonCodec;
import org.infinibay.infiniservice.application.service.OutboundSink;
import org.infinibay.infiniservice.domain.log.Logs;
import org.infinibay.infiniservice.domain.message.OutboundMessage;
import org.infinibay.infiniservice.domain.message.QueuePolicy;

/**
 * The bounded outbound queue of CONTRACT §3.5, shared by every producer and drained by the one
 * writer thread. {@link #send} never blocks. While detached the writer waits; on attach the
 * {@code handshake} goes to the head so it is the first line of the new connection (§3.4).
 *
 * <p>Latest-only types ({@code metrics}, {@code keep_alive}, {@code handshake}, ...) are coalesced
 * only while detached (on detach and on every send until the next attach) or when the queue is over
 * its bound: while attached and under the bound every line is kept, so every
 * {@code keep_alive_request} gets its own {@code keep_alive} (§3.5, §11).
 */
public final class OutboundQueue implements OutboundSink {
    public static final int MAX_LINES = 1000;
    public static final long MAX_BYTES = 16L * 1024 * 1024;
    public static final int MAX_RETAINED = 200;
    public static final long RESPONSE_TTL_NANOS = TimeUnit.SECONDS.toNanos(60);
    private static final System.Logger LOG = Logs.get(OutboundQueue.class);

    private final JsonCodec codec;
    private final AgentClock clock;
    private final RetainedSpool spool;
    private final Deque<QueuedLine> lines = new ArrayDeque<>();
    /** The handshake of the current attach: always the next line written (§3.4 step 2). */
    private QueuedLine pendingHandshake;
    private long bytes;
    private boolean attached;
    private long generation;
    private boolean closed;
    private long dropped;

    public OutboundQueue(JsonCodec codec, AgentClock clock, RetainedSpool spool) {
        this.codec = codec;
        this.clock = clock;
        this.spool = spool;
    }

    /** Re-queues the retained lines an earlier run could not deliver. Call once, before the writer starts. */
    public synchronized void restoreSpool() {
        for (RetainedSpool.Pending p : spool.load()) {
            lines.addLast(new QueuedLine(null, p.type(), QueuePolicy.RETAINED, p.bodyJson(), clock.monotonicNanos(),
                    p.seq(), null));
            bytes += p.bodyJson().length();
        }
    }

    @Override
    public void send(OutboundMessage message) {
        send(message, null);
    }

    /** Queues a line; {@code onWritten} runs on the writer thread once the line is completely written. */
    public void send(OutboundMessage message, Runnable onWritten) {
        String body = null;
        if (!message.bodyDependsOnTimestamp()) {
            body = message.bodyJson();
            if (body == null) {
                body = codec.write(message.body());
            }
        }
        synchronized (this) {
            if (closed) {
                return;
            }
            QueuePolicy policy = message.policy();
            if (policy == QueuePolicy.DROP_WHILE_DETACHED && !attached) {
                return;
            }
            if (policy == QueuePolicy.LATEST_ONLY && !attached) {
                removeType(message.type());
            }
            long seq = policy == QueuePolicy.RETAINED ? spool.add(message.type(), body) : -1;
            QueuedLine line = new QueuedLine(message, message.type(), policy, body, clock.monotonicNanos(), seq,
                    onWritten);
            lines.addLast(line);
            bytes += line.sizeBytes();
            enforceBounds();
            notifyAll();
        }
    }

    /** A host attached: the handshake becomes the next line written (§3.4 step 2). */
    public synchronized void attached(OutboundMessage handshake) {
        removeType(handshake.type());
        pendingHandshake = new QueuedLine(handshake, handshake.type(), handshake.policy(),
                codec.write(handshake.body()), clock.monotonicNanos(), -1, null);
        attached = true;
        generation++;
        notifyAll();
    }

    public synchronized void detached() {
        attached = false;
        pendingHandshake = null;
        generation++;
        for (Iterator<QueuedLine> it = lines.iterator(); it.hasNext(); ) { // loops, not removeIf/stream lambdas
            if (it.next().policy() == QueuePolicy.DROP_WHILE_DETACHED) {
                it.remove();
            }
        }
        coalesceLatestOnly();
    }

    public synchronized boolean isAttached() {
        return attached;
    }

    /** A line for the writer, waiting while detached or empty; {@code null} once closed. */
    synchronized Taken take() throws InterruptedException {
        while (true) {
            if (closed) {
                return null;
            }
            if (attached) {
                if (pendingHandshake != null) {
                    QueuedLine h = pendingHandshake;
                    pendingHandshake = null;
                    return new Taken(h, generation);
                }
                QueuedLine l = lines.pollFirst();
                while (l != null && expired(l)) {
                    forget(l, "response older than 60 s dropped");
                    l = lines.pollFirst();
                }
                if (l != null) {
                    bytes -= l.sizeBytes();
                    return new Taken(l, generation);
                }
            }
            wait();
        }
    }

    /** Whether a line taken under {@code gen} may still be written (no attach/detach since). */
    synchronized boolean current(long gen) {
        return attached && gen == generation;
    }

    /** The line was completely written: it is never sent again. */
    void written(QueuedLine line) {
        if (line.spoolSeq() >= 0) {
            spool.remove(line.spoolSeq());
        }
        if (line.onWritten() != null) {
            line.onWritten().run();
        }
    }

    /** The write failed because the host left: keep the line per its policy and wait for an attach. */
    synchronized void writeFailed(QueuedLine line, long gen) {
        if (gen == generation) {
            attached = false;
            generation++;
        }
        if ("handshake".equals(line.type())) {
            return; // every attach makes its own
        }
        switch (line.policy()) {
            case DROP_WHILE_DETACHED:
                return;
            case LATEST_ONLY:
                for (QueuedLine l : lines) {
                    if (l.type().equals(line.type())) {
                        return; // a newer one is already queued
                    }
                }
                break;
            default:
                break;
        }
        lines.addFirst(line);
        bytes += line.sizeBytes();
        enforceBounds();
    }

    public synchronized void close() {
        closed = true;
        notifyAll();
    }

    public synchronized int size() {
        return lines.size();
    }

    public synchronized long sizeBytes() {
        return bytes;
    }

    public synchronized long droppedCount() {
        return dropped;
    }

    private boolean expired(QueuedLine l) {
        return l.policy() == QueuePolicy.EXPIRES && clock.monotonicNanos() - l.queuedNanos() > RESPONSE_TTL_NANOS;
    }

    private void removeType(String type) {
        for (Iterator<QueuedLine> it = lines.iterator(); it.hasNext(); ) {
            QueuedLine l = it.next();
            if (l.type().equals(type)) {
                it.remove();
                bytes -= l.sizeBytes();
            }
        }
    }

    /** Keeps only the newest line of each latest-only type (detached, or over the bound). */
    private void coalesceLatestOnly() {
        Set<String> newest = null;
        for (Iterator<QueuedLine> it = lines.descendingIterator(); it.hasNext(); ) {
            QueuedLine l = it.next();
            if (l.policy() != QueuePolicy.LATEST_ONLY) {
                continue;
            }
            if (newest == null) {
                newest = new HashSet<>();
            }
            if (!newest.add(l.type())) {
                it.remove();
                bytes -= l.sizeBytes();
            }
        }
    }

    /**
     * Oldest expired responses go first, then the oldest retained lines beyond 200; then, over the
     * bound, latest-only lines are coalesced and the oldest non-retained lines dropped.
     */
    private void enforceBounds() {
        for (Iterator<QueuedLine> it = lines.iterator(); it.hasNext(); ) {
            QueuedLine l = it.next();
            if (expired(l)) {
                it.remove();
                bytes -= l.sizeBytes();
                forget(l, "response older than 60 s dropped");
            }
        }
        long retained = 0;
        if (lines.size() > MAX_RETAINED) { // fewer lines cannot be over the retained bound
            for (QueuedLine l : lines) {
                if (l.policy() == QueuePolicy.RETAINED) {
                    retained++;
                }
            }
        }
        for (Iterator<QueuedLine> it = lines.iterator(); it.hasNext() && retained > MAX_RETAINED; ) {
            QueuedLine l = it.next();
            if (l.policy() == QueuePolicy.RETAINED) {
                it.remove();
                bytes -= l.sizeBytes();
                retained--;
                forget(l, "retained line dropped: more than " + MAX_RETAINED + " waiting");
            }
        }
        if (lines.size() > MAX_LINES || bytes > MAX_BYTES) {
            coalesceLatestOnly();
        }
        for (Iterator<QueuedLine> it = lines.iterator(); it.hasNext() && (lines.size() > MAX_LINES || bytes > MAX_BYTES); ) {
            QueuedLine l = it.next();
            if (l.policy() != QueuePolicy.RETAINED && !"handshake".equals(l.type())) {
                it.remove();
                bytes -= l.sizeBytes();
                forget(l, "queue full: " + l.type() + " dropped");
            }
        }
    }

    private void forget(QueuedLine l, String why) {
        dropped++;
        if (l.spoolSeq() >= 0) {
            spool.remove(l.spoolSeq());
        }
        LOG.log(Level.WARNING, why);
    }

    /** A line handed to the writer together with the attach generation it was taken in. */
    record Taken(QueuedLine line, long generation) {
    }
}
