package org.infinibay.infiniservice.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.infinibay.infiniservice.bootstrap.hostsim.FaultInjectingHost;
import org.infinibay.infiniservice.bootstrap.hostsim.FaultPlan;
import org.infinibay.infiniservice.bootstrap.hostsim.HostPayloads;
import org.infinibay.infiniservice.bootstrap.hostsim.HostSimulator;
import org.junit.jupiter.api.Test;

/**
 * The real agent against a hostile host and link ({@link FaultInjectingHost}): bad inputs of every
 * kind, a lossy link, host detaches with partial lines, a stalled reader, and a flood of 2000
 * keep-alives plus 500 commands. Scripts are sent throughout. The agent must stay up, answer a
 * keep-alive within 1 s after each phase and after the flood drains, deliver exactly one
 * {@code script_completion} for every script the link delivered intact, answer every flood command
 * once, and keep its memory bounded. Prints the books: faults injected, survived, data lost.
 */
class FaultInjectionIT extends AgentHarness {
    private static final long MIB = 1024 * 1024;

    private FaultInjectingHost world;
    private AgentProcess agent;
    private final List<String> scriptsSent = new ArrayList<>();
    private int scriptsNotSent;
    private long faultsSurvived;
    private final List<Long> probeMillis = new ArrayList<>();

    @Test
    void theAgentSurvivesEveryFaultAndLosesNoScriptCompletion() throws Exception {
        try {
            run();
        } catch (AssertionError | Exception e) {
            if (agent != null) {
                String log = agent.log();
                System.out.println("[fault-injection] agent log tail:\n" + log.substring(Math.max(0, log.length() - 6000)));
            }
            throw e;
        }
    }

    private void run() throws Exception {
        long t0 = System.nanoTime();
        world = new FaultInjectingHost(tmp.resolve("host.sock"), tmp.resolve("hostsim.sock"), SECRET, 20240611L);
        host = world.host(); // the harness checks every line the agent sent against the wire rules
        agent = startAgent();
        HostSimulator h = host;
        h.awaitConnection(1, Duration.ofSeconds(30));
        assertEquals("handshake", h.await(r -> true, Duration.ofSeconds(15)).type());
        h.awaitType("request_pending_scripts", Duration.ofSeconds(15));
        probe("start");
        long rssBefore = rssKb();

        // 1. bad inputs of every kind, with scripts in between
        for (int round = 0; round < 3; round++) {
            sendScripts(2, "echo bad-input-round-" + round);
            long before = world.counters().total();
            assertTrue(world.injectEveryKind() >= 12, "every kind injected");
            survived(before, "bad inputs round " + round);
        }

        // 2. a lossy link: drops, truncation, garbling, delays, splits, coalescing, fragmented output
        world.plan(FaultPlan.LOSSY);
        long before = world.counters().total();
        long lines = world.link().hostLinesHandled();
        for (int i = 0; i < 40; i++) {
            sendScripts(1, "echo lossy-" + i);
            h.sendSigned(FaultInjectingHost.keepAliveRequest(world.nextSequence()));
            lines += 2;
            if (i % 10 == 0) {
                world.injectEveryKind();
            }
        }
        assertTrue(world.link().awaitHostLinesHandled(lines, Duration.ofSeconds(30)), "the link handled the lossy phase");
        world.plan(FaultPlan.NONE);
        survived(before, "lossy link");

        // 3. host detaches (some leaving a partial line) while scripts run, and a stalled reader
        for (int cycle = 0; cycle < 5; cycle++) {
            before = world.counters().total();
            world.plan(cycle % 2 == 0 ? FaultPlan.SLOW : FaultPlan.NONE);
            long handled = world.link().hostLinesHandled();
            sendScripts(1, "sleep 0.5; echo detach-" + cycle); // completes while the host is away
            sendScripts(1, "echo quick-" + cycle);
            for (int k = 0; k < 5; k++) {
                h.sendSigned(FaultInjectingHost.keepAliveRequest(world.nextSequence()));
            }
            world.link().awaitHostLinesHandled(handled + 7, Duration.ofSeconds(10));
            if (cycle == 2) {
                world.link().stallAgentOutput(2000);
                h.sendSigned(FaultInjectingHost.keepAliveRequest(world.nextSequence()));
                Thread.sleep(2200);
            }
            world.detach(cycle % 2 == 1);
            sendScripts(1, "echo while-detached-" + cycle); // cannot be sent: counted as not sent
            Thread.sleep(1500);
            world.plan(FaultPlan.NONE);
            int next = h.connections() + 1;
            world.attach();
            HostSimulator.Received first = h.await(r -> r.connection() == next, Duration.ofSeconds(20));
            assertEquals("handshake", first.type(), "the first line after re-attach " + (cycle + 1) + "; lines around it: "
                    + around(h, first));
            h.awaitType("request_pending_scripts", Duration.ofSeconds(15));
            survived(before, "detach cycle " + cycle);
        }

        // 4. a flood: 2000 keep-alives and 500 commands in one burst
        before = world.counters().total();
        List<String> ids = new ArrayList<>();
        List<String> commands = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            String id = UUID.randomUUID().toString();
            ids.add(id);
            commands.add(i % 10 == 0 ? HostPayloads.unsafe(id, "true", 60) : HostPayloads.safe(id, "FloodNoop", 60));
        }
        long floodStart = System.nanoTime();
        world.flood(2000, commands);
        Set<String> pending = new HashSet<>(ids);
        long drainDeadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!pending.isEmpty() && System.nanoTime() < drainDeadline) {
            try {
                HostSimulator.Received r = h.awaitType("response", Duration.ofSeconds(5));
                pending.remove(r.json().string("id").orElse(""));
            } catch (IllegalStateException quiet) {
                // keep waiting until the deadline
            }
        }
        long floodMs = (System.nanoTime() - floodStart) / 1_000_000;
        assertEquals(Set.of(), pending, "every flood command answered");
        survived(before, "flood");
        Map<String, Long> responsesPerId = new HashMap<>();
        long keepAlives = 0;
        for (HostSimulator.Received r : h.received()) {
            if ("response".equals(r.type())) {
                responsesPerId.merge(r.json().string("id").orElse(""), 1L, Long::sum);
            } else if ("keep_alive".equals(r.type())) {
                keepAlives++;
            }
        }
        long duplicateResponses = ids.stream().mapToLong(id -> responsesPerId.getOrDefault(id, 0L) - 1).sum();

        // 5. every script the link delivered intact completes exactly once
        Set<String> delivered = world.link().deliveredScripts();
        Set<String> destroyed = world.link().destroyedScripts();
        long completeDeadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        Map<String, Long> completions = completions(h);
        while (!completions.keySet().containsAll(delivered) && System.nanoTime() < completeDeadline) {
            Thread.sleep(200);
            completions = completions(h);
        }
        Set<String> lost = new HashSet<>(delivered);
        lost.removeAll(completions.keySet());
        long duplicateCompletions = completions.values().stream().mapToLong(n -> n - 1).sum();
        Set<String> unexpected = new HashSet<>(completions.keySet());
        unexpected.removeAll(delivered);
        probe("end");
        long rssAfter = rssKb();
        long totalFaults = world.counters().total();

        System.out.println("[fault-injection] faults injected by kind: " + world.counters().snapshot());
        System.out.printf("[fault-injection] faults injected=%d survived=%d data lost=%d (script completions lost=%d, "
                        + "duplicate completions=%d, duplicate responses=%d)%n", totalFaults, faultsSurvived,
                lost.size(), lost.size(), duplicateCompletions, duplicateResponses);
        System.out.printf("[fault-injection] scripts sent=%d (not sendable while detached=%d), delivered intact=%d, "
                        + "destroyed by the link=%d, completions=%d%n", scriptsSent.size(), scriptsNotSent,
                delivered.size(), destroyed.size(), completions.size());
        System.out.printf("[fault-injection] flood: 2000 keep-alives + 500 commands answered in %d ms; keep_alive lines "
                + "received in the run=%d; host connections=%d%n", floodMs, keepAlives, h.connections());
        System.out.printf("[fault-injection] keep-alive probe latencies (ms)=%s; agent RSS before=%d KiB after=%d KiB "
                + "(growth %d KiB); run took %d s%n", probeMillis, rssBefore, rssAfter, rssAfter - rssBefore,
                (System.nanoTime() - t0) / 1_000_000_000);

        assertTrue(agent.process().isAlive(), "the agent is still running");
        assertEquals(totalFaults, faultsSurvived, "every fault survived");
        assertEquals(Set.of(), lost, "no script_completion lost");
        assertEquals(0, duplicateCompletions, "no script_completion duplicated");
        assertEquals(Set.of(), unexpected, "no completion for a script that was destroyed or replayed");
        assertEquals(0, duplicateResponses, "one response per command");
        assertTrue(delivered.size() >= 30, "enough scripts got through to mean something: " + delivered.size());
        assertTrue(rssAfter < 200 * 1024, "RSS stays under 200 MiB: " + rssAfter + " KiB");
        assertTrue(rssAfter - rssBefore < 50 * 1024, "RSS grows by less than 50 MiB: " + (rssAfter - rssBefore) + " KiB");
        try (var files = Files.list(Path.of("/tmp"))) {
            assertEquals(0, files.filter(f -> f.getFileName().toString().startsWith("infiniservice-tampered-")).count(),
                    "a tampered command never ran");
        }
    }

    /** Sends {@code n} scripts in one signed pending_scripts_response; unsendable while detached. */
    private void sendScripts(int n, String content) throws IOException {
        List<String> entries = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String id = "fi-" + UUID.randomUUID();
            ids.add(id);
            entries.add(HostPayloads.script(id, content, 30));
        }
        try {
            host.sendSigned(HostPayloads.pendingScripts(entries));
            scriptsSent.addAll(ids);
        } catch (IOException detached) {
            scriptsNotSent += n;
        }
    }

    /** The faults injected since {@code before} count as survived when the agent is alive and answers a probe. */
    private void survived(long before, String phase) throws Exception {
        probe(phase);
        faultsSurvived += world.counters().total() - before;
    }

    /** A keep-alive request on a clean link must be answered within 1 s (CONTRACT §11, §13 item 28). */
    private void probe(String phase) throws Exception {
        assertTrue(agent.process().isAlive(), "agent alive after " + phase);
        long seq = world.nextSequence();
        Thread.sleep(100); // let the previous burst settle into the agent's reader
        long start = System.nanoTime();
        host.sendSigned(FaultInjectingHost.keepAliveRequest(seq));
        host.await(r -> "keep_alive".equals(r.type()) && r.json().integer("sequence_number").orElse(-1) == seq,
                Duration.ofSeconds(10));
        long ms = (System.nanoTime() - start) / 1_000_000;
        probeMillis.add(ms);
        assertTrue(ms <= 1000, "keep-alive answered within 1 s after " + phase + ": " + ms + " ms");
    }

    private static String around(HostSimulator h, HostSimulator.Received first) {
        List<HostSimulator.Received> all = h.received();
        int i = all.indexOf(first);
        StringBuilder b = new StringBuilder();
        for (int j = Math.max(0, i - 6); j < Math.min(all.size(), i + 4); j++) {
            HostSimulator.Received r = all.get(j);
            b.append("\n  #").append(r.connection()).append(' ').append(r.type()).append(' ')
                    .append(r.raw(), 0, Math.min(r.raw().length(), 120));
        }
        return b.toString();
    }

    private static Map<String, Long> completions(HostSimulator h) {
        Map<String, Long> m = new HashMap<>();
        for (HostSimulator.Received r : h.received()) {
            if ("script_completion".equals(r.type())) {
                r.json().string("execution_id").filter(id -> id.startsWith("fi-")).ifPresent(id -> m.merge(id, 1L, Long::sum));
            }
        }
        return m;
    }

    private long rssKb() {
        long kib = agent.rssKiB();
        if (kib < 0) {
            throw new IllegalStateException("no VmRSS");
        }
        return kib;
    }
}
