package org.infinibay.infiniservice.adapters.linux.self;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.infinibay.infiniservice.application.port.out.AgentClock;
import org.infinibay.infiniservice.application.port.out.JsonCodec;
import org.infinibay.infiniservice.application.port.out.MalformedJsonException;
import org.infinibay.infiniservice.application.port.out.SelfSample;
import org.infinibay.infiniservice.application.port.out.StateStore;
import org.infinibay.infiniservice.application.service.selfcheck.BudgetWatcher;
import org.infinibay.infiniservice.application.service.policy.SelfBudget;
import org.infinibay.infiniservice.domain.json.Json;
import org.infinibay.infiniservice.domain.json.JsonObject;
import org.infinibay.infiniservice.domain.message.Outbound;
import org.infinibay.infiniservice.domain.message.OutboundMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real /proc/self of this test JVM. */
class ProcSelfMonitorTest {

    private static long vmRssFromProc() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        throw new AssertionError("no VmRSS");
    }

    @Test
    void readsThisJvmsResidentSetCpuAndThreads() throws Exception {
        long before = vmRssFromProc();
        SelfSample s = new ProcSelfMonitor().sample();
        long after = vmRssFromProc();
        assertEquals("VmRSS", s.rssSource());
        // the JVM's RSS moves a little between reads; it cannot be off by more than the span seen
        long lo = Math.min(before, after) - 8 * 1024 * 1024;
        long hi = Math.max(before, after) + 8 * 1024 * 1024;
        assertTrue(s.rssBytes() >= lo && s.rssBytes() <= hi, s.rssBytes() + " not within " + lo + ".." + hi);
        assertTrue(s.rssBytes() > s.heapUsedBytes() / 2, "RSS holds the used heap's touched pages");
        assertTrue(s.cpuNanos() > 0, "this JVM has used CPU");
        assertTrue(s.threads() >= Thread.activeCount() / 2 && s.threads() >= 2, "threads " + s.threads());
    }

    @Test
    void aStatusFileWithoutVmRssFallsBackToTheJvmFigure(@TempDir Path dir) throws Exception {
        // a kernel thread's status has no VmRSS line (recorded from /proc/2/status)
        Path status = dir.resolve("status");
        Files.writeString(status, "Name:\tkthreadd\nState:\tS (sleeping)\nThreads:\t1\n");
        SelfSample s = new ProcSelfMonitor(status).sample();
        assertEquals("jvm-committed", s.rssSource());
        assertEquals(Runtime.getRuntime().totalMemory(), s.rssBytes(), 64 * 1024 * 1024);
        assertEquals(1, s.threads());
        SelfSample missing = new ProcSelfMonitor(dir.resolve("absent")).sample();
        assertEquals("jvm-committed", missing.rssSource());
    }

    @Test
    void theWatcherFedByTheRealMonitorShedsWhenTheJvmIsOverATinyBudget() {
        List<OutboundMessage> sent = new ArrayList<>();
        List<Boolean> shed = new ArrayList<>();
        List<String> written = new ArrayList<>();
        StateStore store = new StateStore() {
            @Override
            public Optional<byte[]> read(String name) {
                return Optional.empty();
            }

            @Override
            public void write(String name, byte[] content) {
                written.add(name);
            }

            @Override
            public void delete(String name) {
            }

            @Override
            public String location() {
                return "memory";
            }
        };
        JsonCodec codec = new JsonCodec() {
            @Override
            public Json parse(String text) throws MalformedJsonException {
                throw new MalformedJsonException("unused");
            }

            @Override
            public String write(JsonObject value) {
                return value.toString();
            }
        };
        // A test JVM is well over 16 MiB resident: the smallest RSS budget the policy accepts.
        BudgetWatcher w = new BudgetWatcher(new SelfBudget(16, 20, 500, 8, 128), new ProcSelfMonitor(),
                new BudgetWatcher.Gauges(() -> 0, () -> 0L, () -> 0), sent::add, shed::add, store, codec,
                AgentClock.SYSTEM, null);
        BudgetWatcher.Figures f = w.tick();
        assertEquals(List.of("rss"), f.over());
        assertEquals(List.of(true), shed);
        assertEquals(1, sent.size());
        Outbound.AgentEvent e = (Outbound.AgentEvent) sent.get(0);
        assertEquals("self", e.source());
        assertTrue(e.context().integer("rss_bytes").getAsLong() > 16L * 1024 * 1024);
        assertEquals(List.of(BudgetWatcher.STATUS_DOCUMENT), written);
    }
}
