package org.infinibay.infiniservice.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.infinibay.infiniservice.adapters.linux.metrics.ProcfsSystemMetricsSource;
import org.infinibay.infiniservice.adapters.serial.json.JacksonJsonCodec;
import org.infinibay.infiniservice.application.port.out.AgentClock;
import org.infinibay.infiniservice.application.port.out.ProcessSource;
import org.infinibay.infiniservice.application.service.metrics.MetricsService;
import org.infinibay.infiniservice.domain.json.JsonObject;
import org.infinibay.infiniservice.domain.message.Outbound;
import org.infinibay.infiniservice.domain.metrics.ProcessMetric;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Round 5 (issue #17): the metrics cycle has no thread of its own (the agent's used to have
 * {@code infiniservice-metrics}, which slept the interval, handed each part to the collect thread and
 * waited). Its deadlines are tasks on the agent's timer; the collect thread collects, serialises and
 * queues. The real system source and a real timer; the process part hangs once in a real blocking
 * call (opening a FIFO nobody writes to, as a read of a hung NFS mount hangs), and must still be
 * abandoned after the part limit, its last good value sent, and the interval kept afterwards.
 */
class MetricsSchedulingTest {
    private static final long PART_LIMIT_MS = 1500;

    @TempDir
    Path dir;

    private record Sent(long atNanos, String thread, JsonObject data) {
    }

    @Test
    void metricsComeAtTheIntervalFromTheTimerAndAHungPartIsAbandoned() throws Exception {
        Path fifo = dir.resolve("hung");
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start();
        assertEquals(0, mkfifo.waitFor());
        AtomicInteger processCalls = new AtomicInteger();
        List<Thread> hung = new CopyOnWriteArrayList<>();
        ProcessSource processes = () -> {
            // call 1 is the priming sample, 2 the first cycle; the second cycle's call hangs
            if (processCalls.incrementAndGet() == 3) {
                hung.add(Thread.currentThread());
                try (FileChannel c = FileChannel.open(fifo, StandardOpenOption.READ)) { // blocks in open(2)
                    return List.of();
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }
            return List.<ProcessMetric>of();
        };
        List<Sent> sent = new CopyOnWriteArrayList<>();
        ScheduledThreadPoolExecutor timers = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "infiniservice-timer-1");
            t.setDaemon(true);
            return t;
        });
        timers.setRemoveOnCancelPolicy(true);
        MetricsService metrics = new MetricsService(
                new MetricsService.Sources(new ProcfsSystemMetricsSource(), processes, null, null, null),
                m -> {
                    if (m instanceof Outbound.Metrics line) {
                        sent.add(new Sent(System.nanoTime(), Thread.currentThread().getName(), line.data()));
                    }
                }, new JacksonJsonCodec(), AgentClock.SYSTEM, 1, 50, Set.of(), PART_LIMIT_MS);
        long start = System.nanoTime();
        try {
            metrics.start(timers);
            awaitSent(sent, 6, 20);

            assertEquals(List.of(), threadsNamed("infiniservice-metrics"), "no metrics thread of its own");
            for (Sent s : sent) {
                assertEquals("infiniservice-collect", s.thread(), "the collect thread serialises and queues");
            }
            long first = ms(sent.get(0).atNanos() - start);
            assertTrue(first >= 1000 && first < 3000, "first metrics >= 1 s after the priming sample: " + first + " ms");

            // the second cycle waited for the hung part, abandoned it and still sent its line
            assertEquals(1, hung.size());
            long hungGap = ms(sent.get(1).atNanos() - sent.get(0).atNanos());
            assertTrue(hungGap >= PART_LIMIT_MS && hungGap < PART_LIMIT_MS + 2500,
                    "the line after the part limit: " + hungGap + " ms after the previous one");
            assertTrue(sent.get(1).data().has("processes"), "the part's last good value stands in");
            assertTrue(hung.get(0).isAlive(), "the abandoned thread is still stuck in its open()");
            assertEquals(2, threadsNamed("infiniservice-collect").size(),
                    "a fresh collect thread went on beside the abandoned one");

            // afterwards the interval holds again: each cycle starts 1 s after the previous one began
            for (int i = 3; i < sent.size(); i++) {
                long gap = ms(sent.get(i).atNanos() - sent.get(i - 1).atNanos());
                assertTrue(gap >= 700 && gap < 2500, "interval between lines " + (i - 1) + " and " + i + ": " + gap + " ms");
            }
        } finally {
            metrics.stop();
            timers.shutdownNow();
            try (FileChannel release = FileChannel.open(fifo, StandardOpenOption.WRITE)) {
                // lets the abandoned thread's open() return
            }
            for (Thread t : hung) {
                t.join(5000);
            }
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!threadsNamed("infiniservice-collect").isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(List.of(), threadsNamed("infiniservice-collect"), "stop() ends the collect threads");
    }

    private static void awaitSent(List<Sent> sent, int n, long seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (sent.size() < n && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertTrue(sent.size() >= n, "metrics lines within " + seconds + " s: " + sent.size());
    }

    private static List<Thread> threadsNamed(String name) {
        List<Thread> out = new ArrayList<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().equals(name) && t.isAlive()) {
                out.add(t);
            }
        }
        return out;
    }

    private static long ms(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(nanos);
    }
}
