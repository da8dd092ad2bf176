package org.infinibay.infiniservice.application.service.metrics;

import java.lang.System.Logger.Level;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.infinibay.infiniservice.application.port.in.CollectMetricsUseCase;
import org.infinibay.infiniservice.application.port.in.PublishMetricsUseCase;
import org.infinibay.infiniservice.application.port.out.AgentClock;
import org.infinibay.infiniservice.application.port.out.ApplicationSource;
import org.infinibay.infiniservice.application.port.out.JsonCodec;
import org.infinibay.infiniservice.application.port.out.PortSource;
import org.infinibay.infiniservice.application.port.out.ProcessSource;
import org.infinibay.infiniservice.application.port.out.ServiceInventorySource;
import org.infinibay.infiniservice.application.port.out.SystemMetricsSource;
import org.infinibay.infiniservice.application.service.MetricsObserver;
import org.infinibay.infiniservice.application.service.OutboundSink;
import org.infinibay.infiniservice.application.service.outbound.LineRenderer;
import org.infinibay.infiniservice.domain.json.JsonArray;
import org.infinibay.infiniservice.domain.json.JsonObject;
import org.infinibay.infiniservice.domain.log.Logs;
import org.infinibay.infiniservice.domain.message.Outbound;
import org.infinibay.infiniservice.domain.metrics.MetricsSnapshot;
import org.infinibay.infiniservice.domain.metrics.MetricsTrim;
import org.infinibay.infiniservice.domain.metrics.MetricsWire;
import org.infinibay.infiniservice.domain.metrics.PortMetric;
import org.infinibay.infiniservice.domain.metrics.ProcessMetric;
import org.infinibay.infiniservice.domain.metrics.SystemMetrics;
import org.infinibay.infiniservice.domain.time.Timestamps;

/**
 * The metrics cycle (CONTRACT §6.5, §7.9) on the agent's timer and one collect thread: a priming
 * sample, then a message every interval, every 5 s while no usable address exists during the first
 * 120 s, at once after an attach (followed by the attach's {@code request_pending_scripts}) and on
 * request (coalesced to one extra message per 2 s).
 *
 * <p>No thread of its own: a one-shot task on the shared timer is armed for the next deadline (re-armed
 * earlier by an attach or a prod, and after each cycle); when it finds a cycle due it hands the
 * cycle to the collect thread ({@link PartCollector}), which runs the parts one after the other, then
 * serialises and queues the line and arms the next deadline. Each part has 10 s (§7.9): a deadline
 * check on the timer abandons a part that overruns it, together with its thread, sends that part's last
 * good value, and lets a fresh collect thread go on with the next part. Between cycles nothing runs
 * and nothing polls.
 */
public final class MetricsService implements PublishMetricsUseCase, CollectMetricsUseCase {
    public static final int SOFT_LIMIT = 1024 * 1024;
    public static final int HARD_LIMIT = 3 * 1024 * 1024 - 1024;
    /** §7.9: a collector that exceeds this is abandoned for the cycle. */
    public static final long PART_TIMEOUT_MILLIS = 10_000;
    private static final System.Logger LOG = Logs.get(MetricsService.class);
    private static final long PRIME_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final long COALESCE_NANOS = TimeUnit.SECONDS.toNanos(2);
    private static final long FAST_IP_WINDOW_NANOS = TimeUnit.SECONDS.toNanos(120);
    private static final long FAST_IP_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(5);
    /** A tick that finds nothing due re-arms no sooner than this (the old loop's shortest wait). */
    private static final long MIN_REARM_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    private static final int SYSTEM = 0;
    private static final int PROCESSES = 1;
    private static final int PORTS = 2;
    private static final int APPLICATIONS = 3;
    private static final int SERVICES = 4;
    private static final int PARTS = 5;
    private static final String[] PART_NAMES = {"system", "processes", "ports", "applications", "services"};

    /** Everything the cycle reads from; optional parts are {@code null} on platforms without them. */
    public record Sources(SystemMetricsSource system, ProcessSource processes, PortSource ports,
                          ApplicationSource applications, ServiceInventorySource services) {
    }

    private final Sources sources;
    private final OutboundSink sink;
    private final JsonCodec codec;
    private final AgentClock clock;
    private final long intervalNanos;
    private final int processesPerKind;
    private final Set<MetricsObserver> observers;
    private final PartCollector parts;
    private final long partTimeoutNanos;
    private final Runnable tick = new Tick();
    private Runnable afterAttachMetrics; // null: nothing (no lambda for a no-op)

    /** The agent's timer, set once by {@link #start}; null for {@code metrics --once}. */
    private volatile ScheduledExecutorService timers;
    // guarded by this
    private ScheduledFuture<?> armed;
    private long armedAt;
    private Cycle running;
    private boolean attachPending;
    private boolean requested;
    private boolean stopped;
    private long primedAt;
    private long startedAt;
    private long lastSend = Long.MIN_VALUE / 2;
    private long lastCycle = Long.MIN_VALUE / 2;
    private boolean sentOnce;
    private boolean usableAddress;
    private SystemMetrics lastSystem;
    private List<ProcessMetric> lastProcesses;
    private List<PortMetric> lastPorts;
    /** Self-protection: collect and send only the system part (no processes, ports, applications). */
    private volatile boolean shedding;

    public MetricsService(Sources sources, OutboundSink sink, JsonCodec codec, AgentClock clock, int intervalSeconds,
                          int processesPerKind, Set<MetricsObserver> observers) {
        this(sources, sink, codec, clock, intervalSeconds, processesPerKind, observers, PART_TIMEOUT_MILLIS);
    }

    /** @param partTimeoutMillis how long one part may take before it is abandoned (§7.9: 10 s; shorter in tests) */
    public MetricsService(Sources sources, OutboundSink sink, JsonCodec codec, AgentClock clock, int intervalSeconds,
                          int processesPerKind, Set<MetricsObserver> observers, long partTimeoutMillis) {
        this.sources = sources;
        this.sink = sink;
        this.codec = codec;
        this.clock = clock;
        this.intervalNanos = TimeUnit.SECONDS.toNanos(intervalSeconds);
        this.processesPerKind = processesPerKind;
        this.observers = Set.copyOf(observers);
        this.parts = new PartCollector();
        this.partTimeoutNanos = TimeUnit.MILLISECONDS.toNanos(partTimeoutMillis);
    }

    /** What to do once the attach metrics are queued: the pending-scripts request (§3.4 step 5). */
    public void afterAttachMetrics(Runnable action) {
        this.afterAttachMetrics = action;
    }

    /**
     * Starts the cycle on {@code timers} (the agent's shared timer): the priming sample now, on the
     * collect thread, and the first metrics at least 1 s after it (§7.9).
     */
    public void start(ScheduledExecutorService timers) {
        synchronized (this) {
            if (this.timers != null) {
                throw new IllegalStateException("metrics already started");
            }
            this.timers = timers;
            long now = clock.monotonicNanos();
            primedAt = now; // prime() moves it to the sample's own time
            startedAt = now;
        }
        parts.execute(new Prime());
        synchronized (this) {
            arm(untilDue());
        }
    }

    /** A host attached: send full metrics now (within 5 s, §3.4 step 4). */
    public synchronized void onAttach() {
        attachPending = true;
        arm(untilDue());
    }

    /**
     * A prod (a Metrics request, or the metrics after SystemInfo): served at once when the last
     * metrics went out at least 2 s ago, else by the collection 2 s after it (or by an earlier
     * scheduled one), so a burst of prods never runs collections back to back. A prod while one is
     * already pending changes nothing and arms nothing.
     */
    @Override
    public synchronized void publishMetricsNow() {
        if (requested) {
            return;
        }
        requested = true;
        arm(untilDue());
    }

    /** Looks at the clock again now (tests that move a fake clock; a real clock needs no help). */
    public synchronized void recheck() {
        arm(0);
    }

    public void stop() {
        Cycle cycle;
        synchronized (this) {
            if (stopped) {
                return;
            }
            stopped = true;
            if (armed != null) {
                armed.cancel(false);
                armed = null;
            }
            cycle = running;
        }
        if (cycle != null) {
            cycle.end();
        }
        parts.shutdown();
        for (MetricsObserver o : observers) {
            try {
                o.onShutdown();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "metrics observer failed at shutdown", e);
            }
        }
    }

    /**
     * {@code metrics --once}: primes, waits the priming second, then runs one cycle on the collect
     * thread with the same 10 s limit per part, watched by the calling thread instead of a timer.
     */
    @Override
    public String collectMetricsLine() throws InterruptedException {
        prime();
        TimeUnit.NANOSECONDS.sleep(PRIME_NANOS);
        Cycle cycle;
        synchronized (this) {
            cycle = new Cycle(true, false);
        }
        try {
            parts.execute(new Continuation(cycle, 0));
            synchronized (cycle) {
                while (!cycle.done) {
                    long wait = checkDeadline(cycle);
                    TimeUnit.NANOSECONDS.timedWait(cycle, wait > 0 ? wait : partTimeoutNanos);
                }
            }
        } finally {
            parts.shutdown();
        }
        if (cycle.data == null) {
            throw new IllegalStateException("no system metrics available yet");
        }
        return new LineRenderer(codec).render("metrics", Timestamps.format(clock.nowMillis()),
                codec.write(JsonObject.builder().put("data", cycle.data).build()));
    }

    private void prime() {
        synchronized (this) {
            primedAt = clock.monotonicNanos();
        }
        try {
            sources.system().prime();
            if (sources.processes() != null) {
                sources.processes().sample(); // the reference sample for per-process CPU
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "priming sample failed", e);
        }
    }

    /** On the timer: starts the cycle when one is due, else re-arms for when it will be. */
    private void onTick() {
        Cycle cycle;
        synchronized (this) {
            armed = null;
            if (stopped || running != null) {
                return; // a running cycle arms the next deadline when it ends
            }
            if (!due()) {
                arm(Math.max(MIN_REARM_NANOS, untilDue()));
                return;
            }
            boolean attach = attachPending;
            attachPending = false;
            requested = false;
            lastCycle = clock.monotonicNanos();
            cycle = new Cycle(attach, true);
            running = cycle;
        }
        try {
            parts.execute(new Continuation(cycle, 0));
            cycle.watchFromTimer(partTimeoutNanos);
        } catch (RejectedExecutionException e) {
            finished(cycle); // stopping
        }
    }

    /** Arms the tick {@code delayNanos} from now unless an earlier one is armed or a cycle runs. Holds this. */
    private void arm(long delayNanos) {
        if (stopped || timers == null || running != null) {
            return;
        }
        long delay = Math.max(0, delayNanos);
        long at = System.nanoTime() + delay;
        if (armed != null) {
            if (at - armedAt >= 0) {
                return; // an earlier tick is armed already
            }
            armed.cancel(false);
        }
        try {
            armed = timers.schedule(tick, delay, TimeUnit.NANOSECONDS);
            armedAt = at;
        } catch (RejectedExecutionException e) {
            armed = null; // the agent is stopping
        }
    }

    private boolean due() {
        long now = clock.monotonicNanos();
        if (now - primedAt < PRIME_NANOS) {
            return false; // rates need a priming sample >= 1 s old (§7.9)
        }
        if (attachPending) {
            return true;
        }
        if (requested && now - lastSend >= COALESCE_NANOS) {
            return true;
        }
        return now - lastCycle >= currentInterval(now);
    }

    private long untilDue() {
        long now = clock.monotonicNanos();
        long primeLeft = primedAt + PRIME_NANOS - now;
        if (primeLeft > 0) {
            return primeLeft;
        }
        if (attachPending) {
            return 0;
        }
        long wait = lastCycle + currentInterval(now) - now;
        if (requested) {
            wait = Math.min(wait, lastSend + COALESCE_NANOS - now);
        }
        return wait;
    }

    private long currentInterval(long now) {
        if (!sentOnce) {
            return 0;
        }
        boolean fastIp = now - startedAt < FAST_IP_WINDOW_NANOS && !usableAddress;
        return fastIp ? Math.min(FAST_IP_INTERVAL_NANOS, intervalNanos) : intervalNanos;
    }

    /**
     * Over the agent's resource budget, metrics keep only the system part: the process list, ports,
     * applications and services are neither collected nor sent (CONTRACT §7.5-§7.8 make them
     * optional), which is where almost all of the cycle's memory and CPU goes.
     */
    public void shedOptionalParts(boolean on) {
        shedding = on;
    }

    /**
     * On a collect thread: the cycle's parts from where it stands, then the line. Returns at once when
     * the cycle has been handed to another thread (this one overran a part and was abandoned).
     */
    private void runParts(Cycle cycle, int generation) {
        while (true) {
            int part;
            synchronized (cycle) {
                if (cycle.generation != generation || cycle.done) {
                    return;
                }
                while (cycle.part < PARTS && !applies(cycle, cycle.part)) {
                    cycle.store(cycle.part, null); // not collected this time (none on this guest, or shedding)
                    cycle.part++;
                }
                part = cycle.part;
                cycle.since = System.nanoTime();
                cycle.collecting = part < PARTS;
            }
            if (part == PARTS) {
                break;
            }
            Object value;
            boolean ok;
            try {
                value = collect(cycle, part);
                ok = true;
            } catch (Throwable e) { // a collector's Error (e.g. no memory for a huge process list) too
                LOG.log(Level.WARNING, "metrics part " + PART_NAMES[part] + " failed; sending its last good value", e);
                value = null;
                ok = false;
            }
            synchronized (cycle) {
                if (cycle.generation != generation) {
                    return; // abandoned meanwhile: the part's last good value was used, another thread goes on
                }
                if (ok) {
                    cycle.store(part, value);
                }
                cycle.collecting = false;
                cycle.part = part + 1;
                cycle.since = System.nanoTime();
            }
        }
        cycle.stopWatching();
        try {
            complete(cycle);
        } catch (RuntimeException | Error e) {
            LOG.log(Level.WARNING, "metrics cycle failed; no metrics this time", e);
        } finally {
            finished(cycle);
        }
    }

    private boolean applies(Cycle cycle, int part) {
        switch (part) {
            case SYSTEM:
                return true;
            case PROCESSES:
                return sources.processes() != null && !cycle.shed;
            case PORTS:
                return sources.ports() != null && !cycle.shed;
            case APPLICATIONS:
                return sources.applications() != null && cycle.processes != null;
            default:
                return sources.services() != null && !cycle.shed;
        }
    }

    private Object collect(Cycle cycle, int part) {
        switch (part) {
            case SYSTEM:
                return sources.system().sample();
            case PROCESSES:
                return sources.processes().sample();
            case PORTS:
                return sources.ports().sample();
            case APPLICATIONS:
                return sources.applications().applications(cycle.processes, cycle.epoch);
            default:
                return sources.services().services(cycle.attach); // §7.7: in full after an attach
        }
    }

    /** The collected parts as a line: observers, §2.3 fitting, then the queue (or the caller of --once). */
    private void complete(Cycle cycle) {
        SystemMetrics system = cycle.system;
        if (system == null) {
            throw new IllegalStateException("no system metrics available yet");
        }
        synchronized (this) {
            lastSystem = system;
            if (applies(cycle, PROCESSES)) {
                lastProcesses = cycle.processes;
            }
            if (applies(cycle, PORTS)) {
                lastPorts = cycle.ports;
            }
            usableAddress = system.hasUsableAddress();
        }
        MetricsSnapshot snapshot = new MetricsSnapshot(system, cycle.processes, cycle.ports, cycle.applications,
                cycle.services);
        if (!cycle.periodic) {
            cycle.data = fit(snapshot);
            return;
        }
        for (MetricsObserver o : observers) {
            try {
                o.onSnapshot(snapshot, cycle.epoch);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "metrics observer failed", e);
            }
        }
        sink.send(new Outbound.Metrics(fit(snapshot)));
        synchronized (this) {
            lastSend = clock.monotonicNanos();
            sentOnce = true;
        }
        if (cycle.attach && afterAttachMetrics != null) {
            afterAttachMetrics.run();
        }
    }

    /** The cycle is over (sent, failed or stopped): arm the next deadline. */
    private void finished(Cycle cycle) {
        cycle.end();
        synchronized (this) {
            if (running == cycle) {
                running = null;
                arm(untilDue());
            }
        }
    }

    /**
     * The cycle's deadline check (on the timer, or on the thread of {@code --once}): a part running
     * for {@code partTimeout} is abandoned with its thread and its last good value is used; a cycle
     * that waited as long for the collect thread (busy in a hung priming sample) moves to a fresh
     * thread. Returns the nanoseconds to the next check, or 0 when the cycle needs no more checks.
     */
    private long checkDeadline(Cycle cycle) {
        int generation;
        synchronized (cycle) {
            if (cycle.done || cycle.part == PARTS) {
                return 0;
            }
            long left = cycle.since + partTimeoutNanos - System.nanoTime();
            if (left > 0) {
                return left;
            }
            if (cycle.collecting) {
                LOG.log(Level.WARNING, "metrics part {0} exceeded {1} ms; sending its last good value",
                        PART_NAMES[cycle.part], TimeUnit.NANOSECONDS.toMillis(partTimeoutNanos));
                cycle.collecting = false;
                cycle.part++;
            } else {
                LOG.log(Level.WARNING, "the metrics collect thread was busy for {0} ms; using a new one",
                        TimeUnit.NANOSECONDS.toMillis(partTimeoutNanos));
            }
            generation = ++cycle.generation;
            cycle.since = System.nanoTime();
        }
        parts.abandonThread();
        try {
            parts.execute(new Continuation(cycle, generation));
        } catch (RejectedExecutionException e) {
            cycle.end(); // stopped meanwhile
            return 0;
        }
        return partTimeoutNanos;
    }

    /** One collection: its parts as collected so far, the last good values standing in. */
    private final class Cycle {
        final boolean attach;
        /** Periodic (observers, queue, next deadline) or {@code metrics --once} (the caller takes {@link #data}). */
        final boolean periodic;
        final boolean shed;
        final long epoch;
        // guarded by this Cycle
        int part;
        /** Bumped when a thread is abandoned: only the thread holding the current value goes on. */
        int generation;
        /** Since when the current part runs, or the cycle has waited for the collect thread. */
        long since = System.nanoTime();
        boolean collecting;
        boolean done;
        ScheduledFuture<?> watchdog;
        SystemMetrics system;
        List<ProcessMetric> processes;
        List<PortMetric> ports;
        JsonArray applications;
        JsonArray services;
        JsonObject data;

        /** Created holding MetricsService's monitor: the last good values are read there. */
        Cycle(boolean attach, boolean periodic) {
            this.attach = attach;
            this.periodic = periodic;
            this.shed = shedding;
            this.epoch = clock.nowMillis();
            this.system = lastSystem;
            this.processes = lastProcesses;
            this.ports = lastPorts;
        }

        @SuppressWarnings("unchecked")
        void store(int part, Object value) {
            switch (part) {
                case SYSTEM -> system = (SystemMetrics) value;
                case PROCESSES -> processes = (List<ProcessMetric>) value;
                case PORTS -> ports = (List<PortMetric>) value;
                case APPLICATIONS -> applications = (JsonArray) value;
                default -> services = (JsonArray) value;
            }
        }

        /** Arms (or re-arms) the deadline check on the agent's timer. */
        synchronized void watchFromTimer(long delayNanos) {
            if (done || timers == null) {
                return;
            }
            try {
                watchdog = timers.schedule(new Watchdog(this), delayNanos, TimeUnit.NANOSECONDS);
            } catch (RejectedExecutionException e) {
                watchdog = null; // stopping
            }
        }

        synchronized void stopWatching() {
            if (watchdog != null) {
                watchdog.cancel(false);
                watchdog = null;
            }
        }

        synchronized void end() {
            done = true;
            stopWatching();
            notifyAll();
        }
    }

    /** The timer task armed for the next deadline (a class, not a lambda: nothing is spun at run time). */
    private final class Tick implements Runnable {
        @Override
        public void run() {
            onTick();
        }
    }

    /** The priming sample, on the collect thread. */
    private final class Prime implements Runnable {
        @Override
        public void run() {
            prime();
        }
    }

    /** A cycle's parts on a collect thread, for one generation. */
    private final class Continuation implements Runnable {
        private final Cycle cycle;
        private final int generation;

        Continuation(Cycle cycle, int generation) {
            this.cycle = cycle;
            this.generation = generation;
        }

        @Override
        public void run() {
            runParts(cycle, generation);
        }
    }

    /** The deadline check of one cycle on the timer. */
    private final class Watchdog implements Runnable {
        private final Cycle cycle;

        Watchdog(Cycle cycle) {
            this.cycle = cycle;
        }

        @Override
        public void run() {
            long next = checkDeadline(cycle);
            if (next > 0) {
                cycle.watchFromTimer(next);
            }
        }
    }

    /** Shrinks the message in the order of §2.3 until it fits 1 MiB (3 MiB at the very most). */
    JsonObject fit(MetricsSnapshot snapshot) {
        long ownPid = sources.processes() == null ? ProcessHandle.current().pid() : sources.processes().ownPid();
        MetricsTrim trim = MetricsTrim.NONE;
        JsonObject data = MetricsWire.data(snapshot, trim, processesPerKind, ownPid);
        int size = codec.write(data).length();
        while (size > SOFT_LIMIT) {
            MetricsTrim next = trim.next();
            if (next == null) {
                break;
            }
            trim = next;
            data = MetricsWire.data(snapshot, trim, processesPerKind, ownPid);
            size = codec.write(data).length();
        }
        if (size > HARD_LIMIT) {
            data = MetricsWire.data(MetricsSnapshot.of(snapshot.system()), trim, 0, ownPid);
        }
        if (trim != MetricsTrim.NONE) {
            LOG.log(Level.INFO, "metrics trimmed to {0} bytes ({1})", size, trim);
        }
        return data;
    }

    public synchronized Optional<SystemMetrics> lastSystem() {
        return Optional.ofNullable(lastSystem);
    }
}
