package org.infinibay.infiniservice.application.service.metrics;

import java.lang.System.Logger.Level;
import java.util.List;
import java.util.Optional;
import java.util.Set;
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
import org.infinibay.infiniservice.domain.message.Outbound;
import org.infinibay.infiniservice.domain.metrics.MetricsSnapshot;
import org.infinibay.infiniservice.domain.metrics.MetricsTrim;
import org.infinibay.infiniservice.domain.metrics.MetricsWire;
import org.infinibay.infiniservice.domain.metrics.PortMetric;
import org.infinibay.infiniservice.domain.metrics.ProcessMetric;
import org.infinibay.infiniservice.domain.metrics.SystemMetrics;
import org.infinibay.infiniservice.domain.time.Timestamps;

/**
 * The metrics cycle (CONTRACT §6.5, §7.9) on its own thread: a priming sample, then a message every
 * interval, every 5 s while no usable address exists during the first 120 s, at once after an
 * attach (followed by the attach's {@code request_pending_scripts}) and on request (coalesced to one
 * extra message per 2 s). Between cycles the thread sleeps; it never polls.
 */
public final class MetricsService implements PublishMetricsUseCase, CollectMetricsUseCase, Runnable {
    public static final int SOFT_LIMIT = 1024 * 1024;
    public static final int HARD_LIMIT = 3 * 1024 * 1024 - 1024;
    private static final System.Logger LOG = System.getLogger(MetricsService.class.getName());
    private static final long PRIME_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final long COALESCE_NANOS = TimeUnit.SECONDS.toNanos(2);
    private static final long FAST_IP_WINDOW_NANOS = TimeUnit.SECONDS.toNanos(120);
    private static final long FAST_IP_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(5);

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
    private Runnable afterAttachMetrics = () -> { };

    private boolean attachPending;
    private boolean requested;
    private boolean stopped;
    private long primedAt;
    private long startedAt;
    private long lastSend = Long.MIN_VALUE / 2;
    private long lastCycle = Long.MIN_VALUE / 2;
    private boolean sentOnce;
    private boolean usableAddress;
    /** Self-protection: collect and send only the system part (no processes, ports, applications). */
    private volatile boolean shedding;

    private SystemMetrics lastSystem;
    private List<ProcessMetric> lastProcesses;
    private List<PortMetric> lastPorts;

    public MetricsService(Sources sources, OutboundSink sink, JsonCodec codec, AgentClock clock, int intervalSeconds,
                          int processesPerKind, Set<MetricsObserver> observers) {
        this.sources = sources;
        this.sink = sink;
        this.codec = codec;
        this.clock = clock;
        this.intervalNanos = TimeUnit.SECONDS.toNanos(intervalSeconds);
        this.processesPerKind = processesPerKind;
        this.observers = Set.copyOf(observers);
        this.parts = new PartCollector(10_000);
    }

    /** What to do once the attach metrics are queued: the pending-scripts request (§3.4 step 5). */
    public void afterAttachMetrics(Runnable action) {
        this.afterAttachMetrics = action;
    }

    /** A host attached: send full metrics now (within 5 s, §3.4 step 4). */
    public synchronized void onAttach() {
        attachPending = true;
        notifyAll();
    }

    /**
     * A prod (a Metrics request, or the metrics after SystemInfo): served at once when the last
     * metrics went out at least 2 s ago, else by the collection 2 s after it (or by an earlier
     * scheduled one), so a burst of prods never runs collections back to back. A prod while one is
     * already pending changes nothing and does not wake the metrics thread.
     */
    @Override
    public synchronized void publishMetricsNow() {
        if (requested) {
            return;
        }
        requested = true;
        notifyAll();
    }

    public void stop() {
        synchronized (this) {
            if (stopped) {
                return;
            }
            stopped = true;
            notifyAll();
        }
        for (MetricsObserver o : observers) {
            try {
                o.onShutdown();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "metrics observer failed at shutdown", e);
            }
        }
    }

    @Override
    public void run() {
        prime();
        try {
            while (true) {
                boolean attach;
                synchronized (this) {
                    while (!stopped && !due()) {
                        long waitNanos = untilDue();
                        TimeUnit.NANOSECONDS.timedWait(this, Math.max(1_000_000, waitNanos));
                    }
                    if (stopped) {
                        return;
                    }
                    attach = attachPending;
                    attachPending = false;
                    requested = false;
                    lastCycle = clock.monotonicNanos();
                }
                JsonObject data = collectData(true, attach);
                sink.send(new Outbound.Metrics(data));
                synchronized (this) {
                    lastSend = clock.monotonicNanos();
                    sentOnce = true;
                }
                if (attach) {
                    afterAttachMetrics.run();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            parts.shutdown();
        }
    }

    @Override
    public String collectMetricsLine() throws InterruptedException {
        prime();
        TimeUnit.NANOSECONDS.sleep(PRIME_NANOS);
        JsonObject data = collectData(false, true);
        parts.shutdown();
        return new LineRenderer(codec).render("metrics", Timestamps.format(clock.nowMillis()),
                codec.write(JsonObject.builder().put("data", data).build()));
    }

    private void prime() {
        long now = clock.monotonicNanos();
        primedAt = now;
        startedAt = now;
        try {
            sources.system().prime();
            if (sources.processes() != null) {
                sources.processes().sample(); // the reference sample for per-process CPU
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "priming sample failed", e);
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

    /** @param attach the first metrics after an attach: the services list is sent in full (§7.7) */
    private JsonObject collectData(boolean notifyObservers, boolean attach) {
        long epoch = clock.nowMillis();
        boolean shed = shedding;
        SystemMetrics system = parts.collect("system", () -> sources.system().sample(), lastSystem);
        if (system == null) {
            throw new IllegalStateException("no system metrics available yet");
        }
        lastSystem = system;
        List<ProcessMetric> processes = null;
        if (sources.processes() != null && !shed) {
            processes = parts.collect("processes", () -> sources.processes().sample(), lastProcesses);
            lastProcesses = processes;
        }
        List<PortMetric> ports = null;
        if (sources.ports() != null && !shed) {
            ports = parts.collect("ports", () -> sources.ports().sample(), lastPorts);
            lastPorts = ports;
        }
        JsonArray applications = null;
        if (sources.applications() != null && processes != null) {
            List<ProcessMetric> seen = processes;
            applications = parts.collect("applications", () -> sources.applications().applications(seen, epoch), null);
        }
        JsonArray services = null;
        if (sources.services() != null && !shed) {
            services = parts.collect("services", () -> sources.services().services(attach), null);
        }
        synchronized (this) {
            usableAddress = system.hasUsableAddress();
        }
        MetricsSnapshot snapshot = new MetricsSnapshot(system, processes, ports, applications, services);
        if (notifyObservers) {
            for (MetricsObserver o : observers) {
                try {
                    o.onSnapshot(snapshot, epoch);
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "metrics observer failed", e);
                }
            }
        }
        return fit(snapshot);
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
