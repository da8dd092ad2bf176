package org.infinibay.infiniservice.application.service.agent;

import java.lang.System.Logger.Level;
import org.infinibay.infiniservice.application.service.AgentSettings;
import org.infinibay.infiniservice.application.port.out.LogWindow;
import org.infinibay.infiniservice.application.service.PendingScriptsHandler;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.infinibay.infiniservice.application.port.in.HandleInboundLineUseCase;
import org.infinibay.infiniservice.application.port.in.RunAgentUseCase;
import org.infinibay.infiniservice.application.port.out.AgentClock;
import org.infinibay.infiniservice.application.port.out.HostChannel;
import org.infinibay.infiniservice.application.port.out.HostChannelListener;
import org.infinibay.infiniservice.application.service.auth.RejectionReporter;
import org.infinibay.infiniservice.application.service.auth.ReplayStore;
import org.infinibay.infiniservice.application.service.metrics.MetricsService;
import org.infinibay.infiniservice.application.service.outbound.OutboundQueue;
import org.infinibay.infiniservice.application.service.outbound.OutboundWriter;
import org.infinibay.infiniservice.domain.json.JsonObject;
import org.infinibay.infiniservice.domain.log.Logs;
import org.infinibay.infiniservice.domain.message.Outbound;

/**
 * The agent's lifecycle (CONTRACT §3): the channel's receive loop on the calling thread, one writer
 * thread, the metrics collect thread, one timer thread (the metrics deadlines, the channel's and the
 * commands' time checks, the periodic jobs) and the command workers. On every attach it runs the
 * attach sequence of §3.4: handshake first, retained lines, metrics, then the pending-scripts request.
 */
public final class AgentService implements RunAgentUseCase, HostChannelListener {
    public static final List<String> CAPABILITIES =
            List.of("metrics", "safe_commands", "unsafe_commands", "signed_inbound", "pending_scripts");
    private static final System.Logger LOG = Logs.get(AgentService.class);
    private static final long CLOCK_JUMP_MS = 5_000;

    /** The threads and executors the agent owns, created by bootstrap. */
    public record Runtime(ScheduledExecutorService timers, ExecutorService workers) {
    }

    /**
     * Optional additions: keys merged into every handshake (e.g. the guest policy and its digest)
     * and jobs started with the agent on its shared timer (e.g. the self-check).
     */
    public record Extensions(JsonObject handshakeExtra, List<Consumer<ScheduledExecutorService>> onStart) {

        public Extensions {
            handshakeExtra = handshakeExtra == null ? JsonObject.EMPTY : handshakeExtra;
            onStart = List.copyOf(onStart);
        }
    }

    private final AgentSettings settings;
    private final HostChannel channel;
    private final OutboundQueue queue;
    private final OutboundWriter writer;
    private final MetricsService metrics;
    private final HandleInboundLineUseCase inbound;
    private final RejectionReporter rejections;
    private final ReplayStore replay;
    private final PendingScriptsHandler scripts;
    private final AgentClock clock;
    private final Runtime runtime;
    private final Extensions extensions;
    private final LogWindow discardedLines = new LogWindow();
    private volatile long wallMinusMono;
    private volatile boolean stopping;

    public AgentService(AgentSettings settings, HostChannel channel, OutboundQueue queue, OutboundWriter writer,
                        MetricsService metrics, HandleInboundLineUseCase inbound, RejectionReporter rejections,
                        ReplayStore replay, PendingScriptsHandler scripts, AgentClock clock, Runtime runtime,
                        Extensions extensions) {
        this.extensions = extensions;
        this.settings = settings;
        this.channel = channel;
        this.queue = queue;
        this.writer = writer;
        this.metrics = metrics;
        this.inbound = inbound;
        this.rejections = rejections;
        this.replay = replay;
        this.scripts = scripts;
        this.clock = clock;
        this.runtime = runtime;
    }

    @Override
    public void run() throws InterruptedException {
        LOG.log(Level.INFO, "InfiniService {0} starting on {1}, metrics every {2} s",
                settings.agentVersion(), channel.describe(), settings.metricsIntervalSeconds());
        if (settings.secret().isEmpty()) {
            LOG.log(Level.ERROR, "INFINISERVICE_SHARED_SECRET is not set: running METRICS-ONLY, the inbound command "
                    + "channel is locked (every host command is rejected); metrics and events still flow");
        } else if (!settings.secret().get().isWellFormed()) {
            LOG.log(Level.WARNING, "INFINISERVICE_SHARED_SECRET is not 64 hex characters; using it as given");
        }
        replay.load(clock.nowMillis());
        queue.restoreSpool();
        scripts.recoverInterrupted(); // an earlier agent's orphans and interrupted scripts
        metrics.afterAttachMetrics(new Job(Job.REQUEST_PENDING_SCRIPTS));
        Thread writerThread = daemon(writer, "infiniservice-writer");
        writerThread.start();
        metrics.start(runtime.timers());
        wallMinusMono = wallMinusMono();
        runtime.timers().scheduleWithFixedDelay(new Job(Job.PRUNE_REPLAY), 60, 60, TimeUnit.SECONDS);
        runtime.timers().scheduleWithFixedDelay(new Job(Job.CHECK_CLOCK), 5, 5, TimeUnit.SECONDS);
        for (Consumer<ScheduledExecutorService> job : extensions.onStart()) {
            job.accept(runtime.timers());
        }
        try {
            channel.run(this);
        } finally {
            stop();
        }
    }

    @Override
    public void stop() {
        if (stopping) {
            return;
        }
        stopping = true;
        LOG.log(Level.INFO, "InfiniService stopping");
        metrics.stop();
        scripts.shutdown();
        runtime.workers().shutdownNow();
        runtime.timers().shutdownNow();
        queue.close();
        channel.close();
        replay.sync(); // the effect-free nonces of the last second (see ReplayStore)
    }

    @Override
    public void attached() {
        LOG.log(Level.INFO, "host attached");
        queue.attached(handshake());
        if (settings.secret().isEmpty()) {
            rejections.lockedOnAttach();
        }
        metrics.onAttach();
    }

    @Override
    public void detached() {
        LOG.log(Level.INFO, "host detached; keeping {0} queued lines", queue.size());
        queue.detached();
    }

    @Override
    public void line(String line) {
        inbound.handleLine(line);
    }

    @Override
    public void line(byte[] bytes, int offset, int length) {
        inbound.handleLine(bytes, offset, length);
    }

    /** One WARN per minute at most, however many oversized lines arrive (each costs 8 MiB to send). */
    @Override
    public void lineDiscarded(long length) {
        long folded = discardedLines.occurred(clock.monotonicNanos());
        if (folded >= 0) {
            LOG.log(Level.WARNING, "discarded an inbound line of {0} bytes (limit 8 MiB; {1} more since the "
                    + "previous report)", length, folded);
        }
    }

    private Outbound.Handshake handshake() {
        return new Outbound.Handshake(settings.vmId(), settings.agentVersion(), settings.platform(), CAPABILITIES,
                JsonObject.builder().put("agent", "infiniservice-java")
                        .put("inbound_locked", settings.secret().isEmpty())
                        .putAll(extensions.handshakeExtra()).build());
    }

    /** A wall-clock step of more than 5 s re-teaches the host our offset at once (§3.4). */
    private void checkClockJump() {
        long now = wallMinusMono();
        if (Math.abs(now - wallMinusMono) > CLOCK_JUMP_MS) {
            LOG.log(Level.INFO, "wall clock moved by {0} ms; sending a handshake", now - wallMinusMono);
            if (queue.isAttached()) {
                queue.send(handshake());
            }
        }
        wallMinusMono = now;
    }

    private long wallMinusMono() {
        return clock.nowMillis() - TimeUnit.NANOSECONDS.toMillis(clock.monotonicNanos());
    }

    /**
     * The agent's own periodic and one-off jobs, one class with a switch: a lambda or method
     * reference per job would spin a proxy class each and load the lambda machinery at start-up
     * (docs/performance.md, round 5).
     */
    private final class Job implements Runnable {
        static final int REQUEST_PENDING_SCRIPTS = 0;
        static final int PRUNE_REPLAY = 1;
        static final int CHECK_CLOCK = 2;
        private final int kind;

        Job(int kind) {
            this.kind = kind;
        }

        @Override
        public void run() {
            switch (kind) {
                case REQUEST_PENDING_SCRIPTS:
                    scripts.requestPendingScripts();
                    break;
                case PRUNE_REPLAY:
                    replay.prune(clock.nowMillis());
                    break;
                default:
                    checkClockJump();
            }
        }
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }
}
