package org.infinibay.infiniservice.application.service.actions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.infinibay.infiniservice.application.service.command.ActionRequest;
import org.infinibay.infiniservice.application.port.out.AgentClock;
import org.infinibay.infiniservice.application.port.out.Deadline;
import org.infinibay.infiniservice.application.service.command.SafeActionExecutor;
import org.infinibay.infiniservice.domain.command.ActionParameters;
import org.infinibay.infiniservice.domain.command.ActionResult;
import org.infinibay.infiniservice.domain.command.ExitCodes;
import org.infinibay.infiniservice.domain.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The §8.3 inventory cache over a real slow executor: threads that sleep or block on a gate, real
 * interrupts as the dispatcher sends them at the deadline, expiry through an injected monotonic clock.
 */
class InventoryCacheTest {
    private static final long WAIT_S = 10;

    /** The real monotonic clock plus an offset the test advances. */
    private static final class SteppedClock implements AgentClock {
        final AtomicLong offset = new AtomicLong();

        @Override
        public long nowMillis() {
            return System.currentTimeMillis() + TimeUnit.NANOSECONDS.toMillis(offset.get());
        }

        @Override
        public long monotonicNanos() {
            return System.nanoTime() + offset.get();
        }

        void advance(Duration d) {
            offset.addAndGet(d.toNanos());
        }
    }

    /**
     * Counts its runs, records each request and the thread it ran on, and holds every run until the
     * gate opens (or sleeps {@code sleepMs}); an interrupt during the hold fails the run, as a real
     * action's would.
     */
    private static final class SlowExecutor implements SafeActionExecutor {
        final AtomicInteger runs = new AtomicInteger();
        final List<ActionRequest> requests = new CopyOnWriteArrayList<>();
        final List<String> threads = new CopyOnWriteArrayList<>();
        final AtomicInteger interrupted = new AtomicInteger();
        volatile CountDownLatch gate = new CountDownLatch(0);
        volatile CountDownLatch started = new CountDownLatch(1);
        final CountDownLatch finished = new CountDownLatch(1);
        volatile long sleepMs;
        volatile boolean fail;
        volatile boolean explode;

        @Override
        public Set<String> actions() {
            return Set.of("PackageList", "PackageSearch", "PackageInstall", "GetUpdateHistory");
        }

        @Override
        public ActionResult execute(ActionRequest request) throws InterruptedException {
            int n = runs.incrementAndGet();
            requests.add(request);
            threads.add(Thread.currentThread().getName());
            started.countDown();
            try {
                if (sleepMs > 0) {
                    Thread.sleep(sleepMs);
                }
                if (!gate.await(WAIT_S, TimeUnit.SECONDS)) {
                    throw new AssertionError("gate never opened");
                }
            } catch (InterruptedException e) {
                interrupted.incrementAndGet();
                throw e;
            } finally {
                finished.countDown();
            }
            if (explode) {
                throw new IllegalStateException("boom");
            }
            if (fail) {
                return ActionResult.failure(ExitCodes.FAILED, "run " + n + " failed");
            }
            return ActionResult.ok(JsonObject.builder().put("run", n).put("action", request.action()).build());
        }
    }

    private final SteppedClock clock = new SteppedClock();
    private final List<Thread> callers = new CopyOnWriteArrayList<>();

    @AfterEach
    void stopCallers() throws InterruptedException {
        for (Thread t : callers) {
            t.interrupt();
            t.join(TimeUnit.SECONDS.toMillis(WAIT_S));
        }
    }

    private ActionRequest request(String action, String query, long deadlineSeconds) {
        JsonObject.Builder ct = JsonObject.builder().put("action", action);
        if (query != null) {
            ct.put("query", query);
        }
        return new ActionRequest("cmd-" + action, action, new ActionParameters(ct.build(), null),
                Deadline.forWireTimeout(clock.monotonicNanos(), deadlineSeconds), (t, u) -> true);
    }

    /** Runs {@code execute} on a caller thread of its own, as the dispatcher's worker does. */
    private record Call(Thread thread, AtomicReference<ActionResult> result, AtomicReference<Throwable> thrown) {
        void join() throws InterruptedException {
            thread.join(TimeUnit.SECONDS.toMillis(WAIT_S));
            assertFalse(thread.isAlive(), "caller still waiting");
        }
    }

    private Call call(SafeActionExecutor e, ActionRequest r) {
        AtomicReference<ActionResult> result = new AtomicReference<>();
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread t = new Thread(() -> {
            try {
                result.set(e.execute(r));
            } catch (Throwable x) {
                thrown.set(x);
            }
        }, "caller-" + callers.size());
        callers.add(t);
        t.start();
        return new Call(t, result, thrown);
    }

    private static long run(ActionResult r) {
        return ((JsonObject) r.data()).integer("run").orElseThrow();
    }

    @Test
    void anInterruptedCallerLeavesTheComputationRunningAndTheRetryIsAnsweredFromItsResult() throws Exception {
        SlowExecutor slow = new SlowExecutor();
        slow.gate = new CountDownLatch(1);
        SafeActionExecutor cached = new InventoryCache(clock).wrap(slow);

        Call first = call(cached, request("PackageList", null, 15));
        assertTrue(slow.started.await(WAIT_S, TimeUnit.SECONDS));
        first.thread().interrupt(); // the dispatcher's future.cancel(true) at the deadline
        first.join();
        assertInstanceOf(InterruptedException.class, first.thrown().get());

        slow.gate.countDown();
        assertTrue(slow.finished.await(WAIT_S, TimeUnit.SECONDS));
        assertEquals(0, slow.interrupted.get(), "the caller's interrupt reached the computation");

        ActionResult retry = awaitCached(cached, request("PackageList", null, 30));
        assertTrue(retry.success());
        assertEquals(1, run(retry));
        assertEquals(1, slow.runs.get(), "the retry ran the action again");
        assertTrue(slow.threads.get(0).startsWith("inventory-PackageList"), slow.threads.toString());
    }

    /** The computation stores its result just after the run returns; wait for that, not for a time. */
    private ActionResult awaitCached(SafeActionExecutor cached, ActionRequest r) throws InterruptedException {
        Call c = call(cached, r);
        c.join();
        assertEquals(null, c.thrown().get());
        return c.result().get();
    }

    @Test
    void theComputationGetsTheLongerInnerDeadlineAndTheCanonicalActionName() throws Exception {
        SlowExecutor slow = new SlowExecutor();
        SafeActionExecutor cached = new InventoryCache(clock).wrap(slow);

        ActionRequest r = request("packagelist", null, 15);
        ActionResult result = cached.execute(r);
        assertTrue(result.success());
        ActionRequest inner = slow.requests.get(0);
        assertEquals("PackageList", inner.action(), "case-insensitive name reaches the action canonical");
        assertEquals(300, inner.deadline().seconds());
        assertTrue(inner.deadline().atNanos() - r.deadline().atNanos() > TimeUnit.SECONDS.toNanos(250));
        assertEquals("cmd-packagelist", inner.commandId());

        // a caller deadline beyond 300 s is kept
        cached.execute(request("PackageSearch", "vim", 600));
        assertEquals(598, slow.requests.get(1).deadline().seconds());
    }

    @Test
    void aKeptResultExpiresAfter120Seconds() throws Exception {
        SlowExecutor slow = new SlowExecutor();
        InventoryCache cache = new InventoryCache(clock);
        SafeActionExecutor cached = cache.wrap(slow);

        assertEquals(1, run(cached.execute(request("PackageList", null, 15))));
        clock.advance(Duration.ofSeconds(119));
        assertEquals(1, run(cached.execute(request("PackageList", null, 15))));
        assertEquals(1, cache.keptCount());
        clock.advance(Duration.ofSeconds(1));
        assertEquals(0, cache.keptCount());
        assertEquals(2, run(cached.execute(request("PackageList", null, 15))));
        assertEquals(2, slow.runs.get());
    }

    @Test
    void identicalConcurrentRequestsShareOneComputation() throws Exception {
        SlowExecutor slow = new SlowExecutor();
        slow.gate = new CountDownLatch(1);
        InventoryCache cache = new InventoryCache(clock);
        SafeActionExecutor cached = cache.wrap(slow);

        Call a = call(cached, request("PackageSearch", "vim", 30));
        assertTrue(slow.started.await(WAIT_S, TimeUnit.SECONDS));
        Call b = call(cached, request("PackageSearch", "vim", 30));
        Call other = call(cached, request("PackageSearch", "emacs", 30));
        waitUntil(() -> slow.runs.get() == 2); // "emacs" is a computation of its own
        assertEquals(2, cache.runningCount());
        slow.gate.countDown();
        a.join();
        b.join();
        other.join();
        assertSame(a.result().get(), b.result().get());
        assertNotEquals(run(a.result().get()), run(other.result().get()));
        assertEquals(2, slow.runs.get());
        assertEquals(0, cache.runningCount());
        assertEquals(2, cache.keptCount());
    }

    @Test
    void failuresAndExceptionsAreNotKept() throws Exception {
        SlowExecutor slow = new SlowExecutor();
        InventoryCache cache = new InventoryCache(clock);
        SafeActionExecutor cached = cache.wrap(slow);

        slow.fail = true;
        ActionResult failed = cached.execute(request("PackageList", null, 15));
        assertFalse(failed.success());
        assertEquals("run 1 failed", failed.error());

        slow.fail = false;
        slow.explode = true;
        IllegalStateException boom = assertThrows(IllegalStateException.class,
                () -> cached.execute(request("PackageList", null, 15)));
        assertEquals("boom", boom.getMessage());
        assertEquals(0, cache.keptCount());

        slow.explode = false;
        assertEquals(3, run(cached.execute(request("PackageList", null, 15))));
        assertEquals(4, run(cached.execute(request("PackageSearch", "vim", 15))));
        assertEquals(3, run(cached.execute(request("PackageList", null, 15))));
    }

    @Test
    void aPackageMutationDropsKeptResultsAndOverlappingComputations() throws Exception {
        SlowExecutor slow = new SlowExecutor();
        InventoryCache cache = new InventoryCache(clock);
        SafeActionExecutor cached = cache.wrap(slow);

        assertEquals(1, run(cached.execute(request("PackageList", null, 15))));
        assertEquals(2, run(cached.execute(request("PackageInstall", null, 15))));
        assertEquals(0, cache.keptCount());
        assertEquals(3, run(cached.execute(request("PackageList", null, 15))));

        // a list that was running while a package changed is answered but not kept
        slow.gate = new CountDownLatch(1);
        slow.started = new CountDownLatch(1);
        Call list = call(cached, request("PackageSearch", "vim", 15));
        assertTrue(slow.started.await(WAIT_S, TimeUnit.SECONDS));
        cache.invalidate();
        slow.gate.countDown();
        list.join();
        assertTrue(list.result().get().success());
        assertEquals(0, cache.keptCount());
        assertEquals(5, run(cached.execute(request("PackageSearch", "vim", 15))));
        assertEquals(5, run(cached.execute(request("PackageSearch", "vim", 15))));

        // an action that is neither passes straight through, uncached
        assertEquals(6, run(cached.execute(request("GetUpdateHistory", null, 15))));
        assertEquals(7, run(cached.execute(request("GetUpdateHistory", null, 15))));
    }

    @Test
    void beyondTheRunningBoundTheActionRunsOnTheCaller() throws Exception {
        SlowExecutor slow = new SlowExecutor();
        slow.gate = new CountDownLatch(1);
        InventoryCache cache = new InventoryCache(clock, InventoryCache.TTL, InventoryCache.INNER_DEADLINE, 1, 4);
        SafeActionExecutor cached = cache.wrap(slow);

        Call a = call(cached, request("PackageSearch", "a", 30));
        assertTrue(slow.started.await(WAIT_S, TimeUnit.SECONDS));
        Call b = call(cached, request("PackageSearch", "b", 30));
        waitUntil(() -> slow.runs.get() == 2);
        slow.gate.countDown();
        a.join();
        b.join();
        assertTrue(slow.threads.contains(b.thread().getName()), slow.threads.toString());
        assertEquals(30 - 2, slow.requests.get(1).deadline().seconds(), "uncached keeps the caller's deadline");
        assertEquals(1, cache.keptCount());
    }

    @Test
    void keptResultsAreBounded() throws Exception {
        SlowExecutor slow = new SlowExecutor();
        InventoryCache cache = new InventoryCache(clock, InventoryCache.TTL, InventoryCache.INNER_DEADLINE, 2, 2);
        SafeActionExecutor cached = cache.wrap(slow);
        for (String q : List.of("a", "b", "c")) {
            cached.execute(request("PackageSearch", q, 30));
            clock.advance(Duration.ofSeconds(1));
        }
        assertEquals(2, cache.keptCount());
        assertEquals(4, run(cached.execute(request("PackageSearch", "a", 30))), "the oldest was dropped");
        assertEquals(3, run(cached.execute(request("PackageSearch", "c", 30))));
    }

    @Test
    void executorsWithoutInventoryActionsAreNotWrapped() {
        SafeActionExecutor plain = new SafeActionExecutor() {
            @Override
            public Set<String> actions() {
                return Set.of("SystemInfo");
            }

            @Override
            public ActionResult execute(ActionRequest request) {
                return ActionResult.ok(null);
            }
        };
        InventoryCache cache = new InventoryCache(clock);
        assertSame(plain, cache.wrap(plain));
        SlowExecutor slow = new SlowExecutor();
        SafeActionExecutor wrapped = cache.wrap(slow);
        assertNotNull(wrapped);
        assertEquals(slow.actions(), wrapped.actions());
        assertSame(slow, InventoryCache.unwrap(wrapped));
        assertSame(plain, InventoryCache.unwrap(plain));
    }

    private static void waitUntil(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_S);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - end > 0) {
                throw new AssertionError("condition not reached");
            }
            Thread.sleep(5);
        }
    }
}
