package org.infinibay.infiniservice.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.infinibay.infiniservice.adapters.posix.state.FileStateStore;
import org.infinibay.infiniservice.adapters.serial.json.JacksonJsonCodec;
import org.infinibay.infiniservice.application.port.out.AgentClock;
import org.infinibay.infiniservice.application.port.out.HostChannel;
import org.infinibay.infiniservice.application.port.out.HostChannelListener;
import org.infinibay.infiniservice.application.port.out.HostDetachedException;
import org.infinibay.infiniservice.application.service.outbound.LineRenderer;
import org.infinibay.infiniservice.application.service.outbound.OutboundQueue;
import org.infinibay.infiniservice.application.service.outbound.OutboundWriter;
import org.infinibay.infiniservice.application.service.outbound.RetainedSpool;
import org.infinibay.infiniservice.domain.json.JsonObject;
import org.infinibay.infiniservice.domain.message.Outbound;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The outbound queue policy of CONTRACT §3.5 and the attach ordering of §3.4. */
class OutboundQueueTest {
    @TempDir
    Path dir;
    final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    final AgentClock clock = new AgentClock() {
        @Override
        public long nowMillis() {
            return 1700000000000L + nanos.get() / 1_000_000;
        }

        @Override
        public long monotonicNanos() {
            return nanos.get();
        }
    };
    final JacksonJsonCodec codec = new JacksonJsonCodec();

    /** A channel that records lines; it can be told the host is away. */
    static final class RecordingChannel implements HostChannel {
        final List<String> lines = new ArrayList<>();
        volatile boolean away;

        @Override
        public void run(HostChannelListener listener) {
        }

        @Override
        public synchronized void writeLine(String line) throws HostDetachedException {
            if (away) {
                throw new HostDetachedException("away");
            }
            lines.add(line);
            notifyAll();
        }

        synchronized void awaitLines(int n) throws InterruptedException {
            long end = System.currentTimeMillis() + 5000;
            while (lines.size() < n && System.currentTimeMillis() < end) {
                wait(100);
            }
        }

        @Override
        public String describe() {
            return "recording";
        }

        @Override
        public void close() {
        }
    }

    private OutboundQueue queue() {
        return new OutboundQueue(codec, clock, new RetainedSpool(new FileStateStore(dir)));
    }

    private static Outbound.Handshake handshake() {
        return new Outbound.Handshake(null, "t", "linux", List.of("metrics"), JsonObject.EMPTY);
    }

    private Thread writer(OutboundQueue q, RecordingChannel ch) {
        Thread t = new Thread(new OutboundWriter(q, ch, clock, new LineRenderer(codec)));
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static String type(String line) {
        int i = line.indexOf("\"type\":\"") + 8;
        return line.substring(i, line.indexOf('"', i));
    }

    @Test
    void whileDetachedOnlyTheLatestMetricsIsKeptAndTheHandshakeGoesFirst() throws Exception {
        OutboundQueue q = queue();
        for (int i = 0; i < 5; i++) {
            q.send(new Outbound.Metrics(JsonObject.builder().put("n", i).build()));
        }
        q.send(new Outbound.RequestPendingScripts(null)); // dropped while detached
        q.send(new Outbound.ScriptCompletion("e1", 0, "", "", null));
        assertEquals(2, q.size());
        RecordingChannel ch = new RecordingChannel();
        Thread t = writer(q, ch);
        q.attached(handshake());
        ch.awaitLines(3);
        assertEquals(List.of("handshake", "metrics", "script_completion"), ch.lines.stream().map(OutboundQueueTest::type).toList());
        assertTrue(ch.lines.get(1).contains("\"n\":4"));
        q.close();
        t.join(2000);
    }

    @Test
    void aLineThatFailedBecauseTheHostLeftIsResentAfterTheNextHandshake() throws Exception {
        OutboundQueue q = queue();
        RecordingChannel ch = new RecordingChannel();
        ch.away = true;
        q.attached(handshake());
        q.send(new Outbound.ScriptCompletion("e1", 0, "out", "", null));
        Thread t = writer(q, ch);
        Thread.sleep(200); // the writer fails, marks the queue detached, keeps the completion
        assertTrue(ch.lines.isEmpty());
        ch.away = false;
        q.detached();
        q.attached(handshake());
        ch.awaitLines(2);
        assertEquals(List.of("handshake", "script_completion"), ch.lines.stream().map(OutboundQueueTest::type).toList());
        q.close();
        t.join(2000);
    }

    @Test
    void responsesExpireAfter60sAndRetainedLinesAreBounded() {
        OutboundQueue q = queue();
        q.send(new Outbound.Response(JsonObject.builder().put("id", "old").build()));
        nanos.addAndGet(61_000_000_000L);
        for (int i = 0; i < OutboundQueue.MAX_RETAINED + 20; i++) {
            q.send(new Outbound.AgentEvent(Outbound.AgentEvent.Severity.warn, "t", "m" + i, null, null));
        }
        assertEquals(OutboundQueue.MAX_RETAINED, q.size(), "the old response expired; retained lines capped at 200");
        assertEquals(21, q.droppedCount());
    }

    @Test
    void retainedLinesSurviveARestartUntilWrittenAndAreNeverResent() throws Exception {
        OutboundQueue first = queue();
        first.send(new Outbound.ScriptCompletion("e1", 0, "a", "", null));
        first.send(new Outbound.ScriptCompletion("e2", 1, "b", "", null));
        first.close();

        OutboundQueue second = queue(); // a new agent process on the same state directory
        second.restoreSpool();
        assertEquals(2, second.size());
        RecordingChannel ch = new RecordingChannel();
        Thread t = writer(second, ch);
        second.attached(handshake());
        ch.awaitLines(3);
        assertTrue(ch.lines.get(1).contains("\"execution_id\":\"e1\""));
        assertTrue(ch.lines.get(2).contains("\"execution_id\":\"e2\""));
        assertTrue(ch.lines.get(2).matches("\\{\"type\":\"script_completion\",\"timestamp\":\"[^\"]+\",.*"));
        second.close();
        t.join(2000);

        OutboundQueue third = queue();
        third.restoreSpool();
        assertEquals(0, third.size(), "written lines are never re-sent");
    }

    @Test
    void theQueueIsBoundedByLineCount() throws IOException {
        OutboundQueue q = queue();
        for (int i = 0; i < OutboundQueue.MAX_LINES + 50; i++) {
            q.send(new Outbound.Response(JsonObject.builder().put("id", "r" + i).build()));
        }
        assertEquals(OutboundQueue.MAX_LINES, q.size());
    }

    /**
     * Issue #13 item 15 (CONTRACT §3.5): a burst of 300 keep_alive_requests got 193 answers because
     * the queue kept only the latest keep_alive even while attached. While attached and under the
     * bound nothing is coalesced: every request gets its own keep_alive, in order.
     */
    @Test
    void whileAttachedEveryKeepAliveIsKept() throws Exception {
        OutboundQueue q = queue();
        q.attached(handshake());
        for (int i = 0; i < 300; i++) {
            q.send(new Outbound.KeepAlive(i));
        }
        assertEquals(300, q.size(), "none coalesced while attached (the writer has not run yet)");
        RecordingChannel ch = new RecordingChannel();
        Thread t = writer(q, ch);
        ch.awaitLines(301);
        assertEquals(301, ch.lines.size());
        for (int i = 0; i < 300; i++) {
            assertTrue(ch.lines.get(i + 1).contains("\"sequence_number\":" + i + "}"), ch.lines.get(i + 1));
        }
        q.close();
        t.join(2000);
    }

    /** Detaching coalesces what is queued to the latest line of each latest-only type; so does every send while detached. */
    @Test
    void detachingCoalescesLatestOnlyLines() {
        OutboundQueue q = queue();
        q.attached(handshake());
        for (int i = 0; i < 5; i++) {
            q.send(new Outbound.KeepAlive(i));
            q.send(new Outbound.Metrics(JsonObject.builder().put("n", i).build()));
        }
        q.send(new Outbound.ScriptCompletion("e1", 0, "", "", null));
        assertEquals(11, q.size());
        q.detached();
        assertEquals(3, q.size(), "one keep_alive, one metrics, the completion");
        q.send(new Outbound.KeepAlive(9));
        assertEquals(3, q.size());
    }

    /** Over the bound while attached, latest-only lines are coalesced before anything else is dropped. */
    @Test
    void overTheBoundLatestOnlyLinesAreCoalescedFirst() {
        OutboundQueue q = queue();
        q.attached(handshake());
        for (int i = 0; i < OutboundQueue.MAX_LINES; i++) {
            q.send(new Outbound.KeepAlive(i));
        }
        q.send(new Outbound.Response(JsonObject.builder().put("id", "r").build()));
        assertEquals(2, q.size(), "the newest keep_alive and the response");
        assertEquals(0, q.droppedCount(), "coalescing is not a loss");
    }
}
