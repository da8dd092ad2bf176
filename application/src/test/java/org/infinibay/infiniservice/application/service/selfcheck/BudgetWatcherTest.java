package org.infinibay.infiniservice.application.service.selfcheck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.infinibay.infiniservice.application.port.out.AgentClock;
import org.infinibay.infiniservice.application.port.out.SelfSample;
import org.infinibay.infiniservice.application.port.out.StateStore;
import org.infinibay.infiniservice.application.service.policy.SelfBudget;
import org.infinibay.infiniservice.domain.message.Outbound;
import org.infinibay.infiniservice.domain.message.OutboundMessage;
import org.junit.jupiter.api.Test;

/** The watcher fed by a scripted SelfMonitor (our own port) and a hand-driven clock. */
class BudgetWatcherTest {
    private static final long MIB = 1024 * 1024;

    private final AtomicLong nanos = new AtomicLong(TimeUnit.HOURS.toNanos(1));
    private final AgentClock clock = new AgentClock() {
        @Override
        public long nowMillis() {
            return 1_780_000_000_000L + TimeUnit.NANOSECONDS.toMillis(nanos.get());
        }

        @Override
        public long monotonicNanos() {
            return nanos.get();
        }
    };
    private final AtomicLong rss = new AtomicLong(40 * MIB);
    private final AtomicLong cpu = new AtomicLong(0);
    private final AtomicInteger lines = new AtomicInteger();
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicInteger backlog = new AtomicInteger();
    private final List<OutboundMessage> sent = new ArrayList<>();
    private final List<Boolean> shed = new ArrayList<>();
    private final Map<String, byte[]> docs = new HashMap<>();
    private final StateStore store = new StateStore() {
        @Override
        public Optional<byte[]> read(String name) {
            return Optional.ofNullable(docs.get(name));
        }

        @Override
        public void write(String name, byte[] content) {
            docs.put(name, content);
        }

        @Override
        public void delete(String name) {
            docs.remove(name);
        }

        @Override
        public String location() {
            return "memory";
        }
    };

    private BudgetWatcher watcher() {
        return new BudgetWatcher(SelfBudget.DEFAULT, () -> new SelfSample(rss.get(), "VmRSS", cpu.get(), 10 * MIB, 20),
                new BudgetWatcher.Gauges(lines::get, bytes::get, backlog::get), sent::add, shed::add, store,
                new TestJson(), clock, null);
    }

    private void advance(long seconds, double cpuShare) {
        nanos.addAndGet(TimeUnit.SECONDS.toNanos(seconds));
        cpu.addAndGet((long) (TimeUnit.SECONDS.toNanos(seconds) * cpuShare));
    }

    private List<Outbound.AgentEvent> events() {
        List<Outbound.AgentEvent> out = new ArrayList<>();
        for (OutboundMessage m : sent) {
            if (m instanceof Outbound.AgentEvent e) {
                out.add(e);
            }
        }
        return out;
    }

    @Test
    void underBudgetNothingHappensAndTheStatusIsWritten() {
        BudgetWatcher w = watcher();
        BudgetWatcher.Figures f = w.tick();
        assertEquals(List.of(), f.over());
        assertNull(f.cpuPercent(), "no CPU average before 50 s of history");
        assertTrue(sent.isEmpty());
        assertTrue(shed.isEmpty());
        String doc = new String(docs.get(BudgetWatcher.STATUS_DOCUMENT), StandardCharsets.UTF_8);
        assertTrue(doc.contains("\"rss_bytes\":" + 40 * MIB), doc);
        assertTrue(doc.contains("\"budget\":{\"rss_mib\":128"), doc);
        assertEquals(Optional.empty(), w.refusal());
    }

    @Test
    void overTheRssBudgetMetricsShedAndOneEventPerTenMinutes() {
        BudgetWatcher w = watcher();
        w.tick();
        rss.set(150 * MIB);
        advance(10, 0.01);
        BudgetWatcher.Figures f = w.tick();
        assertEquals(List.of("rss"), f.over());
        assertTrue(f.shedding());
        assertEquals(List.of(true), shed);
        List<Outbound.AgentEvent> ev = events();
        assertEquals(1, ev.size());
        assertEquals(Outbound.AgentEvent.Severity.warn, ev.get(0).severity());
        assertEquals("self", ev.get(0).source());
        assertTrue(ev.get(0).message().startsWith("over resource budget: rss 150 MiB > 128 MiB"), ev.get(0).message());
        assertEquals("rss", ev.get(0).context().string("budget_crossed").orElseThrow());
        assertEquals(150 * MIB, ev.get(0).context().integer("rss_bytes").getAsLong());

        for (int i = 0; i < 59; i++) { // 9 min 50 s more over budget: still one event
            advance(10, 0.01);
            w.tick();
        }
        assertEquals(1, events().size());
        advance(10, 0.01);
        w.tick();
        assertEquals(2, events().size(), "reported again after 10 minutes");
        assertEquals(List.of(true), shed, "shedding is switched on once");
    }

    @Test
    void sheddingEndsOnlyUnderNinetyPercentOfEveryBudget() {
        BudgetWatcher w = watcher();
        lines.set(600);
        w.tick();
        assertTrue(w.shedding());
        lines.set(480); // under 500 but over 450: stays
        advance(10, 0);
        w.tick();
        assertTrue(w.shedding());
        lines.set(100);
        advance(10, 0);
        w.tick();
        assertFalse(w.shedding());
        assertEquals(List.of(true, false), shed);
        assertEquals("outbound_lines", events().get(0).context().string("budget_crossed").orElseThrow());

        bytes.set(9 * MIB);
        advance(10, 0);
        assertEquals(List.of("outbound_bytes"), w.tick().over());
        assertTrue(w.shedding());
    }

    @Test
    void cpuIsAveragedOverTheLastMinute() {
        BudgetWatcher w = watcher();
        w.tick();
        for (int i = 0; i < 4; i++) {
            advance(10, 0.5);
            assertNull(w.tick().cpuPercent(), "under 50 s of history");
        }
        advance(10, 0.5);
        BudgetWatcher.Figures f = w.tick();
        assertEquals(50.0, f.cpuPercent(), 0.01);
        assertEquals(List.of("cpu"), f.over());
        assertTrue(f.shedding());
        for (int i = 0; i < 7; i++) { // a quiet minute brings the average down again
            advance(10, 0.01);
            f = w.tick();
        }
        assertEquals(1.0, f.cpuPercent(), 0.01);
        assertFalse(f.shedding());
    }

    @Test
    void atTheBacklogBudgetNewCommandsAreRefused() {
        BudgetWatcher w = watcher();
        backlog.set(127);
        assertEquals(Optional.empty(), w.refusal());
        backlog.set(128);
        assertEquals(Optional.of("agent busy: over resource budget"), w.refusal());
        assertEquals(Optional.of(BudgetWatcher.BUSY), w.refusal());
        assertEquals(1, events().size(), "one event, not one per refused command");
        assertEquals("command_backlog", events().get(0).context().string("budget_crossed").orElseThrow());
        assertEquals(2, w.tick().commandsRefused());
        assertFalse(w.shedding(), "a long backlog refuses commands; it does not trim metrics");
    }
}
