package org.infinibay.infiniservice.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.infinibay.infiniservice.adapters.linux.metrics.ProcfsSystemMetricsSource;
import org.infinibay.infiniservice.adapters.serial.json.JacksonJsonCodec;
import org.infinibay.infiniservice.application.port.out.AgentClock;
import org.infinibay.infiniservice.application.service.metrics.MetricsService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Prods (a Metrics request, the metrics after every SystemInfo, CONTRACT §5.1, §6.5, §13 item 38)
 * are coalesced: a burst of them never runs collections back to back. The real MetricsService and
 * system source on a fake monotonic clock, with a real timer; the test asks the service to look at the
 * clock again after moving it ({@link MetricsService#recheck}).
 */
class MetricsCoalescingTest {
    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    private final AtomicLong nanos = new AtomicLong();
    /** Fake time of each metrics line sent. */
    private final List<Long> sent = new CopyOnWriteArrayList<>();
    private final ScheduledThreadPoolExecutor timers = new ScheduledThreadPoolExecutor(1);
    private MetricsService metrics;

    @AfterEach
    void stop() {
        metrics.stop();
        timers.shutdownNow();
    }

    @Test
    void aBurstOfProdsRunsOneCollectionPerTwoSecondsAndNoProdIsLost() throws Exception {
        AgentClock clock = new AgentClock() {
            @Override
            public long nowMillis() {
                return 1_700_000_000_000L + TimeUnit.NANOSECONDS.toMillis(nanos.get());
            }

            @Override
            public long monotonicNanos() {
                return nanos.get();
            }
        };
        metrics = new MetricsService(new MetricsService.Sources(new ProcfsSystemMetricsSource(), null, null, null, null),
                m -> {
                    if (m.type().equals("metrics")) {
                        sent.add(nanos.get());
                    }
                }, new JacksonJsonCodec(), clock, 60, 50, Set.of());
        timers.setRemoveOnCancelPolicy(true);
        metrics.start(timers);
        settle(); // primed at fake time 0, waiting for the priming second

        at(SECOND);
        awaitSent(1); // the first metrics after the priming second
        assertEquals(List.of(SECOND), sent);

        // twenty SystemInfo prods within the next two seconds: one collection serves them all
        for (int i = 1; i <= 19; i++) {
            at(SECOND + i * 100_000_000L);
            metrics.publishMetricsNow();
        }
        settle();
        assertEquals(1, sent.size(), "no collection within 2 s of the last one");
        at(3 * SECOND);
        awaitSent(2);
        assertEquals(3 * SECOND, sent.get(1), "served 2 s after the previous send");

        metrics.publishMetricsNow();
        metrics.publishMetricsNow();
        at(4 * SECOND);
        settle();
        assertEquals(2, sent.size());
        at(5 * SECOND);
        awaitSent(3);
        assertEquals(5 * SECOND, sent.get(2));

        at(5 * SECOND + 900_000_000L); // no prod pending: nothing until the next interval
        settle();
        assertEquals(3, sent.size());
    }

    /** Moves the fake clock and has the service look at the new time. */
    private void at(long t) {
        nanos.set(t);
        metrics.recheck();
    }

    private void awaitSent(int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (sent.size() < n && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertEquals(n, sent.size());
    }

    /** Gives the timer and the collect thread time to act on the last change (a collection takes ms). */
    private void settle() throws InterruptedException {
        Thread.sleep(300);
    }
}
