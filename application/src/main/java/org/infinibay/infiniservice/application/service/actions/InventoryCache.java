package org.infinibay.infiniservice.application.service.actions;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.infinibay.infiniservice.application.service.command.ActionRequest;
import org.infinibay.infiniservice.application.port.out.AgentClock;
import org.infinibay.infiniservice.application.port.out.Deadline;
import org.infinibay.infiniservice.application.service.command.SafeActionExecutor;
import org.infinibay.infiniservice.domain.command.ActionResult;
import org.infinibay.infiniservice.domain.command.SafeAction;
import org.infinibay.infiniservice.domain.json.Json;
import org.infinibay.infiniservice.domain.log.Logs;

/**
 * Keeps read-only inventory actions computing after the dispatcher's {@code 124} reply and answers the
 * host's retry from their result (CONTRACT §8.3: PackageList, PackageSearch, GetInstalledApplicationsWMI,
 * CheckApplicationUpdates, CheckWindowsUpdates, CheckLinuxUpdates).
 *
 * <p>Why: the host retries PackageList with 15, 30 and 45 s, and a cold {@code dnf} or a Windows Update
 * scan can need longer than any single try. Interrupting the worker at the deadline would throw the
 * work away each time, so the retry would never succeed.
 *
 * <p>How: {@link #wrap} decorates an executor. An inventory action runs on a daemon thread of its own
 * (one per running key, at most {@code maxRunning} per cache; beyond that it runs on the caller as
 * before) with a deadline of at least {@code innerDeadline}. The caller waits until the result is there
 * or it is interrupted; the interrupt stops the waiting, not the computation. A successful result is kept
 * per (action, relevant parameters) for {@code ttl} after it finished; identical requests meanwhile share
 * the running computation. Failures are not kept. A package mutation (install, remove, update, system
 * update) through any executor wrapped by the same cache drops what is kept, and results of computations
 * that overlapped it are not kept, so a list never hides a change the host just made.
 */
public final class InventoryCache {
    private static final System.Logger LOG = Logs.get(InventoryCache.class);

    // Which actions are the read-only inventories of §8.3 (and the parameters that change their answer)
    // and which change the installed packages is the catalogue's: SafeAction.cached(), changesPackages().

    public static final Duration TTL = Duration.ofSeconds(120);
    public static final Duration INNER_DEADLINE = Duration.ofSeconds(300);
    static final int MAX_RUNNING = 4;
    /** A PackageList result is a few MB of JSON at most; searches are host-chosen, so their number is bounded. */
    static final int MAX_ENTRIES = 16;

    private final AgentClock clock;
    private final long ttlNanos;
    private final Duration innerDeadline;
    private final int maxRunning;
    private final int maxEntries;

    /** Guarded by {@code this}. */
    private final Map<Key, Computation> running = new HashMap<>();
    private final Map<Key, Kept> kept = new HashMap<>();
    private long generation;

    public InventoryCache(AgentClock clock) {
        this(clock, TTL, INNER_DEADLINE, MAX_RUNNING, MAX_ENTRIES);
    }

    public InventoryCache(AgentClock clock, Duration ttl, Duration innerDeadline, int maxRunning, int maxEntries) {
        if (ttl.isNegative() || innerDeadline.isNegative() || maxRunning < 1 || maxEntries < 1) {
            throw new IllegalArgumentException("invalid inventory cache limits");
        }
        this.clock = clock;
        this.ttlNanos = ttl.toNanos();
        this.innerDeadline = innerDeadline;
        this.maxRunning = maxRunning;
        this.maxEntries = maxEntries;
    }

    /**
     * The executor with its inventory actions cached; {@code inner} itself when it handles none (nor a
     * mutation), so wiring can wrap every executor without cost.
     */
    public SafeActionExecutor wrap(SafeActionExecutor inner) {
        for (String a : inner.actions()) {
            if (isInventory(a) || isMutation(a)) {
                return new Cached(inner);
            }
        }
        return inner;
    }

    /** The executor under a decorator of {@link #wrap}, or {@code e} itself. */
    public static SafeActionExecutor unwrap(SafeActionExecutor e) {
        return e instanceof Cached c ? c.inner : e;
    }

    /** Forgets every kept result, and keeps none of the computations running now. */
    public synchronized void invalidate() {
        generation++;
        kept.clear();
    }

    /** Results kept now (expired ones excluded); for tests and diagnostics. */
    synchronized int keptCount() {
        purge(clock.monotonicNanos());
        return kept.size();
    }

    synchronized int runningCount() {
        return running.size();
    }

    /** Json values compare by value, so equal parameters make equal keys. */
    private record Key(String action, List<Optional<Json>> parameters) {
    }

    private record Kept(ActionResult result, long finishedNanos) {
    }

    /** One computation shared by every identical request that arrives while it runs. */
    private static final class Computation {
        final CompletableFuture<ActionResult> outcome = new CompletableFuture<>();
        final long generation;

        Computation(long generation) {
            this.generation = generation;
        }
    }

    private final class Cached implements SafeActionExecutor {
        private final SafeActionExecutor inner;

        Cached(SafeActionExecutor inner) {
            this.inner = inner;
        }

        @Override
        public Set<String> actions() {
            return inner.actions();
        }

        @Override
        public ActionResult execute(ActionRequest request) throws InterruptedException {
            String action = canonical(request.action(), inner.actions());
            if (action != null && isInventory(action)) {
                return inventory(inner, action, request);
            }
            if (action != null && isMutation(action)) {
                invalidate();
                try {
                    return inner.execute(request);
                } finally {
                    invalidate(); // computations that ran alongside may have listed the old state
                }
            }
            return inner.execute(request);
        }

        @Override
        public String toString() {
            return "InventoryCache(" + inner + ")";
        }
    }

    private ActionResult inventory(SafeActionExecutor inner, String action, ActionRequest request)
            throws InterruptedException {
        Key key = new Key(action, parameters(action, request));
        Computation computation;
        boolean start = false;
        synchronized (this) {
            long now = clock.monotonicNanos();
            purge(now);
            Kept hit = kept.get(key);
            if (hit != null) {
                LOG.log(Level.INFO, "command {0}: {1} answered from the inventory cache ({2} s old)",
                        request.commandId(), action, TimeUnit.NANOSECONDS.toSeconds(now - hit.finishedNanos()));
                return hit.result();
            }
            computation = running.get(key);
            if (computation == null && running.size() < maxRunning) {
                computation = new Computation(generation);
                running.put(key, computation);
                start = true;
            }
        }
        if (computation == null) {
            // Every slot is taken: run as without the cache rather than queue behind unrelated work.
            LOG.log(Level.DEBUG, "command {0}: {1} runs uncached (all inventory slots busy)", request.commandId(),
                    action);
            return inner.execute(withAction(request, action, request.deadline()));
        }
        if (start) {
            start(inner, key, computation, withAction(request, action, longer(request.deadline())));
        }
        return await(computation);
    }

    private void start(SafeActionExecutor inner, Key key, Computation computation, ActionRequest request) {
        Thread t = new Thread(() -> compute(inner, key, computation, request), "inventory-" + key.action());
        t.setDaemon(true); // never holds the JVM open at shutdown
        try {
            t.start();
        } catch (OutOfMemoryError | IllegalThreadStateException e) {
            synchronized (this) {
                running.remove(key, computation);
            }
            computation.outcome.completeExceptionally(e);
        }
    }

    private void compute(SafeActionExecutor inner, Key key, Computation computation, ActionRequest request) {
        ActionResult result = null;
        Throwable failure = null;
        try {
            result = inner.execute(request);
        } catch (InterruptedException e) {
            failure = e;
        } catch (RuntimeException | Error e) {
            failure = e;
        }
        synchronized (this) {
            running.remove(key, computation);
            if (result != null && result.success() && computation.generation == generation) {
                kept.put(key, new Kept(result, clock.monotonicNanos()));
                trim();
            }
        }
        if (failure != null) {
            computation.outcome.completeExceptionally(failure);
        } else {
            computation.outcome.complete(result);
        }
    }

    /** Waits for the shared computation; an interrupt (the caller's deadline) ends the wait only. */
    private static ActionResult await(Computation computation) throws InterruptedException {
        try {
            return computation.outcome.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            InterruptedException ie = new InterruptedException("inventory computation interrupted");
            ie.initCause(cause);
            throw ie;
        }
    }

    /** The caller's deadline, or {@code innerDeadline} from now when that is later. */
    private Deadline longer(Deadline callerDeadline) {
        long now = clock.monotonicNanos();
        long at = now + innerDeadline.toNanos();
        if (callerDeadline.atNanos() - at >= 0) {
            return callerDeadline;
        }
        return new Deadline(at, Math.max(1, innerDeadline.toSeconds()));
    }

    private static ActionRequest withAction(ActionRequest r, String action, Deadline deadline) {
        return new ActionRequest(r.commandId(), action, r.parameters(), deadline, r.replyWritten());
    }

    /** The parameters that change the answer, in a fixed order (§8.1 lookup). */
    private static List<Optional<Json>> parameters(String action, ActionRequest request) {
        return SafeAction.named(action).orElseThrow().answerParameters().stream()
                .map(p -> request.parameters().get(p)).toList();
    }

    /** The handled name for the received one: exact first, then case-insensitively (§8.1). */
    private static String canonical(String received, Set<String> handled) {
        if (handled.contains(received)) {
            return received;
        }
        for (String a : handled) {
            if (a.toLowerCase(Locale.ROOT).equals(received.toLowerCase(Locale.ROOT))) {
                return a;
            }
        }
        return null;
    }

    private static boolean isInventory(String action) {
        Optional<SafeAction> a = SafeAction.named(action); // every command passes here: no lambda
        return a.isPresent() && a.get().cached();
    }

    private static boolean isMutation(String action) {
        Optional<SafeAction> a = SafeAction.named(action);
        return a.isPresent() && a.get().changesPackages();
    }

    private void purge(long now) {
        for (Iterator<Kept> it = kept.values().iterator(); it.hasNext(); ) {
            if (now - it.next().finishedNanos() >= ttlNanos) {
                it.remove();
            }
        }
    }

    private void trim() {
        while (kept.size() > maxEntries) {
            Key oldest = kept.entrySet().stream()
                    .min(Comparator.comparingLong((Map.Entry<Key, Kept> e) -> e.getValue().finishedNanos()))
                    .map(Map.Entry::getKey).orElseThrow();
            kept.remove(oldest);
        }
    }
}
