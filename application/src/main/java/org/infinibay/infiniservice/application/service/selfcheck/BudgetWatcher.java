package org.infinibay.infiniservice.application.service.selfcheck;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;
import org.infinibay.infiniservice.application.port.out.AgentClock;
import org.infinibay.infiniservice.application.port.out.JsonCodec;
import org.infinibay.infiniservice.application.port.out.SelfMonitor;
import org.infinibay.infiniservice.application.port.out.SelfSample;
import org.infinibay.infiniservice.application.port.out.StateStore;
import org.infinibay.infiniservice.application.service.policy.SelfBudget;
import org.infinibay.infiniservice.application.service.OutboundSink;
import org.infinibay.infiniservice.application.service.command.CommandAdmission;
import org.infinibay.infiniservice.domain.json.Json;
import org.infinibay.infiniservice.domain.json.JsonArray;
import org.infinibay.infiniservice.domain.json.JsonObject;
import org.infinibay.infiniservice.domain.log.Logs;
import org.infinibay.infiniservice.domain.message.Outbound;
import org.infinibay.infiniservice.domain.time.Timestamps;

/**
 * Self-protection: every {@link #PERIOD_SECONDS} s on the shared timer it samples the agent's own
 * RSS, CPU and queue depths against the {@link SelfBudget}. Over the RSS, CPU or outbound-queue
 * budget, metrics shed their optional parts (process list, ports, applications) until every figure
 * is back under 90 % of its budget; at the command-backlog budget new commands are refused (checked
 * live, per command). Each budget crossed is reported as a {@code warn} {@code agent_event} from
 * source {@code self}, at most once per budget per 10 minutes. Once a minute the latest figures go
 * to the state document {@value #STATUS_DOCUMENT}, which {@code diagnose} prints with its age.
 */
public final class BudgetWatcher implements CommandAdmission {
    public static final String STATUS_DOCUMENT = "self-status.json";
    public static final String BUSY = "agent busy: over resource budget";
    public static final long PERIOD_SECONDS = 10;
    static final long EVENT_INTERVAL_NANOS = TimeUnit.MINUTES.toNanos(10);
    static final long CPU_WINDOW_NANOS = TimeUnit.SECONDS.toNanos(60);
    /** A CPU average over less than this is start-up noise (class loading, JIT), not a trend. */
    static final long CPU_MIN_WINDOW_NANOS = TimeUnit.SECONDS.toNanos(50);
    static final long STATUS_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(60);
    private static final System.Logger LOG = Logs.get(BudgetWatcher.class);

    /** The queue depths watched, read without blocking. */
    public record Gauges(IntSupplier outboundLines, LongSupplier outboundBytes, IntSupplier commandBacklog) {
    }

    /** One evaluation, as written to the status document. */
    public record Figures(long atMillis, SelfSample self, Double cpuPercent, int outboundLines, long outboundBytes,
                          int commandBacklog, List<String> over, boolean shedding, long commandsRefused) {
    }

    private final SelfBudget budget;
    private final SelfMonitor monitor;
    private final Gauges gauges;
    private final OutboundSink events;
    private final Consumer<Boolean> shed;
    private final StateStore store;
    private final JsonCodec codec;
    private final AgentClock clock;
    private final JsonObject policySummary;

    private final Deque<long[]> cpuSamples = new ArrayDeque<>(); // {monotonic nanos, cpu nanos}
    private final Map<String, Long> lastEvent = new HashMap<>();
    private final AtomicLong refused = new AtomicLong();
    private boolean shedding;
    private long lastStatus = Long.MIN_VALUE / 2;
    private Figures latest;

    /**
     * @param shed          switches metrics shedding on or off (MetricsService::shedOptionalParts)
     * @param policySummary written into the status document for {@code diagnose}; may be {@code null}
     */
    public BudgetWatcher(SelfBudget budget, SelfMonitor monitor, Gauges gauges, OutboundSink events,
                         Consumer<Boolean> shed, StateStore store, JsonCodec codec, AgentClock clock,
                         JsonObject policySummary) {
        this.budget = budget;
        this.monitor = monitor;
        this.gauges = gauges;
        this.events = events;
        this.shed = shed;
        this.store = store;
        this.codec = codec;
        this.clock = clock;
        this.policySummary = policySummary;
    }

    /** Runs {@link #tick()} every {@link #PERIOD_SECONDS} s on {@code timers}, first after 5 s. */
    public void start(ScheduledExecutorService timers) {
        try {
            timers.scheduleWithFixedDelay(new Tick(), 5, PERIOD_SECONDS, TimeUnit.SECONDS);
        } catch (RejectedExecutionException e) {
            LOG.log(Level.DEBUG, "agent stopping: self-check not scheduled");
        }
    }

    /** {@link #safeTick()} on the timer (a named class: a method reference would spin a proxy at start-up). */
    private final class Tick implements Runnable {
        @Override
        public void run() {
            safeTick();
        }
    }

    private void safeTick() {
        try {
            tick();
        } catch (RuntimeException e) {
            // a failing self-check must not kill the shared timer's other jobs
            LOG.log(Level.WARNING, "self-check failed", e);
        }
    }

    /** One evaluation: sample, compare, report, shed. */
    public synchronized Figures tick() {
        long now = clock.monotonicNanos();
        SelfSample s = monitor.sample();
        Double cpu = cpuPercent(now, s.cpuNanos());
        int lines = gauges.outboundLines().getAsInt();
        long bytes = gauges.outboundBytes().getAsLong();
        int backlog = gauges.commandBacklog().getAsInt();

        List<String> over = new ArrayList<>();
        Map<String, String> why = new HashMap<>();
        if (s.rssBytes() > budget.rssBytes()) {
            over.add("rss");
            why.put("rss", "rss " + mib(s.rssBytes()) + " MiB > " + budget.rssMib() + " MiB");
        }
        if (cpu != null && cpu > budget.cpuPercent()) {
            over.add("cpu");
            why.put("cpu", String.format(Locale.ROOT, "cpu %.1f %% over 1 min > %d %%", cpu,
                    budget.cpuPercent()));
        }
        if (lines > budget.outboundLines()) {
            over.add("outbound_lines");
            why.put("outbound_lines", "outbound queue " + lines + " lines > " + budget.outboundLines());
        }
        if (bytes > budget.outboundBytes()) {
            over.add("outbound_bytes");
            why.put("outbound_bytes", "outbound queue " + mib(bytes) + " MiB > " + budget.outboundMib() + " MiB");
        }
        if (backlog >= budget.commandBacklog()) {
            over.add("command_backlog");
            why.put("command_backlog", "command backlog " + backlog + " >= " + budget.commandBacklog());
        }

        boolean wantShed = over.contains("rss") || over.contains("cpu") || over.contains("outbound_lines")
                || over.contains("outbound_bytes");
        if (wantShed && !shedding) {
            shedding = true;
            LOG.log(Level.WARNING, "over resource budget ({0}): metrics drop the process list, ports and "
                    + "applications until back under 90 %", String.join(", ", over));
            shed.accept(true);
        } else if (shedding && !wantShed && underHysteresis(s, cpu, lines, bytes)) {
            shedding = false;
            LOG.log(Level.INFO, "back under 90 % of the resource budget: full metrics again");
            shed.accept(false);
        }
        Figures f = new Figures(clock.nowMillis(), s, cpu, lines, bytes, backlog, List.copyOf(over), shedding,
                refused.get());
        latest = f;
        for (String b : over) {
            report(b, why.get(b), f, now);
        }
        if (now - lastStatus >= STATUS_INTERVAL_NANOS) {
            lastStatus = now;
            writeStatus(f);
        }
        return f;
    }

    /**
     * The live backlog check of every new command: refused at the backlog budget, so the queue of
     * waiting commands never grows past it.
     */
    @Override
    public Optional<String> refusal() {
        int backlog = gauges.commandBacklog().getAsInt();
        if (backlog < budget.commandBacklog()) {
            return Optional.empty();
        }
        refused.incrementAndGet();
        synchronized (this) {
            Figures f = latest != null ? latest : new Figures(clock.nowMillis(), monitor.sample(), null,
                    gauges.outboundLines().getAsInt(), gauges.outboundBytes().getAsLong(), backlog,
                    List.of("command_backlog"), shedding, refused.get());
            report("command_backlog", "command backlog " + backlog + " >= " + budget.commandBacklog()
                    + "; new commands refused", f, clock.monotonicNanos());
        }
        return Optional.of(BUSY);
    }

    /** The latest figures (empty before the first tick). */
    public synchronized Optional<Figures> latest() {
        return Optional.ofNullable(latest);
    }

    public synchronized boolean shedding() {
        return shedding;
    }

    private boolean underHysteresis(SelfSample s, Double cpu, int lines, long bytes) {
        return s.rssBytes() <= budget.rssBytes() * 9 / 10
                && (cpu == null || cpu <= budget.cpuPercent() * 0.9)
                && lines <= budget.outboundLines() * 9 / 10
                && bytes <= budget.outboundBytes() * 9 / 10;
    }

    /** Process CPU over the last minute in percent of one core; {@code null} until 50 s are covered. */
    private Double cpuPercent(long now, long cpuNanos) {
        if (cpuNanos < 0) {
            return null;
        }
        cpuSamples.addLast(new long[] {now, cpuNanos});
        // keep the newest sample that is at least a window old as the reference, drop older ones
        while (cpuSamples.size() > 2) {
            Iterator<long[]> it = cpuSamples.iterator(); // no stream: it loaded 3 classes from disk at 25 s
            it.next();
            long[] second = it.next();
            if (now - second[0] >= CPU_WINDOW_NANOS) {
                cpuSamples.removeFirst();
            } else {
                break;
            }
        }
        long[] ref = cpuSamples.peekFirst();
        long wall = now - ref[0];
        if (wall < CPU_MIN_WINDOW_NANOS) {
            return null;
        }
        return Math.round((cpuNanos - ref[1]) * 1000.0 / wall) / 10.0;
    }

    private void report(String budgetName, String reason, Figures f, long now) {
        Long last = lastEvent.get(budgetName);
        if (last != null && now - last < EVENT_INTERVAL_NANOS) {
            return;
        }
        lastEvent.put(budgetName, now);
        String action = budgetName.equals("command_backlog") ? "new commands are refused"
                : "metrics drop the process list, ports and applications";
        String message = "over resource budget: " + reason + "; " + action;
        LOG.log(Level.WARNING, message);
        events.send(new Outbound.AgentEvent(Outbound.AgentEvent.Severity.warn, "self", message, null,
                figuresJson(f).put("budget_crossed", budgetName).build()));
    }

    private void writeStatus(Figures f) {
        JsonObject.Builder doc = figuresJson(f).put("budget", budget.toJson());
        if (policySummary != null) {
            doc.put("policy", policySummary);
        }
        try {
            store.write(STATUS_DOCUMENT, codec.write(doc.build()).getBytes(StandardCharsets.UTF_8));
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.DEBUG, "cannot write {0}: {1}", STATUS_DOCUMENT, e.getMessage());
        }
    }

    private JsonObject.Builder figuresJson(Figures f) {
        return JsonObject.builder()
                .put("at", Timestamps.format(f.atMillis()))
                .put("pid", monitor.pid())
                .put("rss_bytes", f.self().rssBytes())
                .put("rss_source", f.self().rssSource())
                .put("heap_used_bytes", f.self().heapUsedBytes())
                .put("threads", f.self().threads())
                .put("cpu_percent_1m", f.cpuPercent() == null ? (Json) null : Json.of(f.cpuPercent()))
                .put("outbound_lines", f.outboundLines())
                .put("outbound_bytes", f.outboundBytes())
                .put("command_backlog", f.commandBacklog())
                .put("commands_refused", f.commandsRefused())
                .put("shedding", f.shedding())
                .put("over", JsonArray.ofStrings(f.over()));
    }

    private static long mib(long bytes) {
        return bytes / (1024 * 1024);
    }
}
