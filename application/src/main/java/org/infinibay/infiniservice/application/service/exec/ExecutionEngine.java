package org.infinibay.infiniservice.application.service.exec;

import java.io.IOException;
import java.io.OutputStream;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.infinibay.infiniservice.application.port.in.ExecRequest;
import org.infinibay.infiniservice.application.port.in.ExecResult;
import org.infinibay.infiniservice.application.port.in.ProgramRunner;
import org.infinibay.infiniservice.application.port.out.AgentClock;
import org.infinibay.infiniservice.application.port.out.Deadline;
import org.infinibay.infiniservice.application.port.out.LaunchSpec;
import org.infinibay.infiniservice.application.port.out.LaunchedProcess;
import org.infinibay.infiniservice.application.port.out.ProcessLauncher;
import org.infinibay.infiniservice.application.service.DaemonThreads;
import org.infinibay.infiniservice.domain.command.ExitCodes;
import org.infinibay.infiniservice.domain.command.OutputCap;
import org.infinibay.infiniservice.domain.log.Logs;

/**
 * The one execution engine (CONTRACT §10.2). Every program the agent runs goes through here so
 * that the rules hold everywhere: a deadline always (P6), the whole tree stopped on expiry (P9),
 * stdout and stderr drained concurrently and capped (P10), no agent secret in the child's
 * environment (P5).
 *
 * <p>Concurrency is bounded by slots: each running program holds one slot until its output readers
 * finish, and uses at most three pool threads (stdout, stderr, stdin), so the pool never grows past
 * three times the slot count even when a stray grandchild keeps a pipe open.
 */
public final class ExecutionEngine implements ProgramRunner, AutoCloseable {
    private static final System.Logger LOG = Logs.get(ExecutionEngine.class);

    /** Agent secrets that never reach a child (§4.3). */
    public static final Set<String> DEFAULT_SECRET_NAMES =
            Set.of("INFINISERVICE_SHARED_SECRET", "INFINISERVICE_HMAC_MASTER_SECRET");
    /** Without a deadline from the caller the wire default applies: never unlimited (§8.3). */
    public static final long DEFAULT_TIMEOUT_SECONDS = 600;
    public static final int DEFAULT_MAX_CONCURRENT = 32;

    private static final long TERM_GRACE_NANOS = TimeUnit.SECONDS.toNanos(5);
    private static final long KILL_GRACE_NANOS = TimeUnit.SECONDS.toNanos(2);
    private static final long READER_GRACE_MS = 2000;
    /** How long pipes may stay open after the program exited before its leftovers are stopped. */
    private static final long ORPHAN_GRACE_MS = 200;
    private static final long POLL_MS = 50;

    private final ProcessLauncher launcher;
    private final Supplier<Map<String, String>> agentEnvironment;
    private final Set<String> secretNamesUpper;
    private final AgentClock clock;
    private final int maxConcurrent;
    /** The running programs, recorded in the state directory; {@code null}: not recorded. */
    private final RunLedger ledger;
    private final AtomicLong runCounter = new AtomicLong();
    /** What only running programs need, made on the first run: an agent that runs none never loads it. */
    private volatile Machinery machinery;
    private boolean closed; // guarded by this

    public ExecutionEngine(ProcessLauncher launcher, Supplier<Map<String, String>> agentEnvironment, AgentClock clock) {
        this(launcher, agentEnvironment, DEFAULT_SECRET_NAMES, clock, DEFAULT_MAX_CONCURRENT, null);
    }

    public ExecutionEngine(ProcessLauncher launcher, Supplier<Map<String, String>> agentEnvironment,
                           Set<String> secretNames, AgentClock clock, int maxConcurrent) {
        this(launcher, agentEnvironment, secretNames, clock, maxConcurrent, null);
    }

    /**
     * @param agentEnvironment the agent's own environment, read on each run (bootstrap passes
     *                         {@code System::getenv}; tests pass a map)
     * @param secretNames      variable names removed from every child's environment (any case)
     * @param maxConcurrent    programs running at once; further callers wait within their deadline
     * @param ledger           where running programs and their containers are recorded, so that the
     *                         next agent can stop them if this one dies; {@code null}: nowhere
     */
    public ExecutionEngine(ProcessLauncher launcher, Supplier<Map<String, String>> agentEnvironment,
                           Set<String> secretNames, AgentClock clock, int maxConcurrent, RunLedger ledger) {
        if (maxConcurrent < 1) {
            throw new IllegalArgumentException("maxConcurrent must be >= 1");
        }
        this.launcher = launcher;
        this.agentEnvironment = agentEnvironment;
        Set<String> upper = new HashSet<>();
        for (String name : secretNames) {
            upper.add(name.toUpperCase(Locale.ROOT));
        }
        this.secretNamesUpper = upper;
        this.clock = clock;
        this.maxConcurrent = maxConcurrent;
        this.ledger = ledger;
    }

    /**
     * The slots, the I/O pool and this process's run-id prefix. Created once, on the first run (the
     * agent builds its engine at start for {@link #recoverLeftovers()}, and most agents never run a
     * program); afterwards one volatile read.
     */
    private static final class Machinery {
        final Semaphore slots;
        final ThreadPoolExecutor pool;
        final String runPrefix;

        Machinery(int maxConcurrent) {
            slots = new Semaphore(maxConcurrent);
            // The slots bound the threads (3 per program); the queue never holds work, so no reader
            // waits behind another program's reader (that would re-create the pipe deadlock).
            pool = new ThreadPoolExecutor(0, 3 * maxConcurrent, 30, TimeUnit.SECONDS, new SynchronousQueue<>(),
                    DaemonThreads.numbered("exec-io"));
            runPrefix = "c" + Long.toString(ProcessHandle.current().pid(), 36) + "-";
        }
    }

    private Machinery machinery() {
        Machinery m = machinery;
        if (m == null) {
            synchronized (this) {
                m = machinery;
                if (m == null) {
                    m = new Machinery(maxConcurrent);
                    if (closed) {
                        m.pool.shutdownNow(); // closed before anything ran: refused as before
                    }
                    machinery = m;
                }
            }
        }
        return m;
    }

    /** The deadline used when a caller passes none: {@value #DEFAULT_TIMEOUT_SECONDS} s from now. */
    public static Deadline defaultDeadline(long nowNanos) {
        return new Deadline(nowNanos + TimeUnit.SECONDS.toNanos(DEFAULT_TIMEOUT_SECONDS), DEFAULT_TIMEOUT_SECONDS);
    }

    @Override
    public ExecResult run(ExecRequest request) throws InterruptedException {
        long startNanos = clock.monotonicNanos();
        Deadline deadline = request.deadline() != null ? request.deadline() : defaultDeadline(startNanos);
        if (request.command().isEmpty()) {
            return refusal(ExitCodes.INVALID_PARAMETERS, "invalid command: empty", startNanos);
        }
        Optional<String> envProblem = environmentProblem(request.extraEnvironment());
        if (envProblem.isPresent()) {
            return refusal(ExitCodes.INVALID_PARAMETERS, envProblem.get(), startNanos);
        }
        Machinery m = machinery();
        Semaphore slots = m.slots;
        if (!slots.tryAcquire(deadline.remainingNanos(clock.monotonicNanos()), TimeUnit.NANOSECONDS)) {
            return new ExecResult(ExitCodes.TIMED_OUT, "", "", false, false, true, false, elapsedMs(startNanos));
        }
        boolean slotHandedOver = false;
        String runId = request.runId() != null ? request.runId() : m.runPrefix + runCounter.incrementAndGet();
        try {
            LaunchedProcess process;
            try {
                process = launcher.launch(new LaunchSpec(request.command(), environmentFor(request),
                        request.workingDirectory(), request.runAsUser(), runId,
                        ledger == null ? null : container -> ledger.started(runId, container)));
            } catch (IOException | RuntimeException e) {
                if (ledger != null) {
                    ledger.ended(runId);
                }
                String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
                LOG.log(System.Logger.Level.DEBUG, "start failed: {0}: {1}", request, reason);
                return new ExecResult(ExitCodes.UNKNOWN_ACTION, "", "failed to start: " + reason, false, false, false,
                        true, elapsedMs(startNanos));
            }
            try {
                OutputCapture out = new OutputCapture();
                OutputCapture err = new OutputCapture();
                CompletableFuture<Void> readers = startIo(m.pool, process, request.stdin(), out, err);
                readers.whenComplete((ok, failure) -> slots.release());
                slotHandedOver = true;
                return supervise(request, process, deadline, readers, out, err, startNanos);
            } finally {
                process.release();
                if (ledger != null) {
                    ledger.ended(runId);
                }
            }
        } finally {
            if (!slotHandedOver) {
                slots.release();
            }
        }
    }

    /**
     * Stops what an earlier agent process left running (its records in the ledger) and forgets the
     * records. Call once at start, before anything new runs; without a ledger there is nothing to do.
     *
     * @return the run ids that still had a live process (now killed)
     */
    @Override
    public Set<String> recoverLeftovers() {
        launcher.containment(); // detected (and logged) at start, not at the first command
        if (ledger == null) {
            return Set.of();
        }
        Map<String, String> left = ledger.takeLeftovers();
        Set<String> killed = new HashSet<>();
        for (Map.Entry<String, String> e : left.entrySet()) {
            try {
                if (launcher.stopLeftover(e.getValue())) {
                    killed.add(e.getKey());
                }
            } catch (RuntimeException ex) {
                LOG.log(System.Logger.Level.WARNING, "cannot stop the leftovers of run {0}: {1}", e.getKey(),
                        ex.toString());
            }
        }
        if (!left.isEmpty()) {
            LOG.log(System.Logger.Level.WARNING, "an earlier agent process died while {0} program(s) ran; {1} still"
                    + " had processes, which were killed", left.size(), killed.size());
        }
        return killed;
    }

    /** How the launcher holds a program's descendants together (diagnose, start-up log). */
    public String containment() {
        return launcher.containment();
    }

    private static CompletableFuture<Void> startIo(ThreadPoolExecutor pool, LaunchedProcess process, byte[] stdin,
                                                   OutputCapture out, OutputCapture err) {
        CompletableFuture<Void> o = CompletableFuture.runAsync(() -> out.drain(process.stdout()), pool);
        CompletableFuture<Void> e = CompletableFuture.runAsync(() -> err.drain(process.stderr()), pool);
        CompletableFuture<Void> in;
        if (stdin == null || stdin.length == 0) {
            closeQuietly(process.stdin());
            in = CompletableFuture.completedFuture(null);
        } else {
            // On its own thread: a child that never reads would otherwise block us on a full pipe.
            in = CompletableFuture.runAsync(() -> {
                try (OutputStream s = process.stdin()) {
                    s.write(stdin);
                } catch (IOException ignored) {
                    // The child closed its stdin or died: nothing more to deliver.
                }
            }, pool);
        }
        return CompletableFuture.allOf(o, e, in);
    }

    private ExecResult supervise(ExecRequest request, LaunchedProcess process, Deadline deadline,
                                 CompletableFuture<Void> readers, OutputCapture out, OutputCapture err,
                                 long startNanos) throws InterruptedException {
        boolean timedOut;
        try {
            boolean exited = process.waitFor(deadline.remainingNanos(clock.monotonicNanos()), TimeUnit.NANOSECONDS);
            timedOut = !exited;
            if (timedOut) {
                stopTree(process);
                await(readers, TimeUnit.MILLISECONDS.toNanos(READER_GRACE_MS));
            } else {
                // The command is over when its program exits. What it left running in its process
                // group or session (a background child, perhaps still holding its pipes) would be an
                // orphan nobody can stop: it goes with the command. Output already written is kept.
                boolean drained = await(readers, TimeUnit.MILLISECONDS.toNanos(ORPHAN_GRACE_MS));
                if (!drained || process.treeAlive()) {
                    stopTree(process);
                    await(readers, TimeUnit.MILLISECONDS.toNanos(READER_GRACE_MS));
                }
            }
        } catch (InterruptedException e) {
            // The dispatcher gave up on us: leave nothing running and return at once.
            process.killTree();
            throw e;
        }
        OutputCap.Capped o = out.snapshot();
        OutputCap.Capped e = err.snapshot();
        int exit = timedOut ? ExitCodes.TIMED_OUT : process.exitCode();
        long ms = elapsedMs(startNanos);
        LOG.log(System.Logger.Level.DEBUG, "{0} finished: exit {1} in {2} ms (stdout {3} B, stderr {4} B)",
                request, exit, ms, out.totalBytes(), err.totalBytes());
        return new ExecResult(exit, o.text(), e.text(), o.truncated(), e.truncated(), timedOut, false, ms);
    }

    /** SIGTERM to the tree, SIGKILL 5 s later if anything survives (§10.2). */
    private void stopTree(LaunchedProcess process) throws InterruptedException {
        try {
            process.terminateTree();
            if (!awaitTreeGone(process, TERM_GRACE_NANOS)) {
                process.killTree();
                if (!awaitTreeGone(process, KILL_GRACE_NANOS)) {
                    LOG.log(System.Logger.Level.WARNING, "process tree of pid {0} survived SIGKILL", process.pid());
                }
            }
        } catch (InterruptedException e) {
            process.killTree();
            throw e;
        }
    }

    private boolean awaitTreeGone(LaunchedProcess process, long nanos) throws InterruptedException {
        long end = clock.monotonicNanos() + nanos;
        while (process.treeAlive()) {
            if (clock.monotonicNanos() - end >= 0) {
                return false;
            }
            Thread.sleep(POLL_MS);
        }
        return true;
    }

    private static boolean await(CompletableFuture<Void> f, long nanos) throws InterruptedException {
        try {
            f.get(Math.max(0, nanos), TimeUnit.NANOSECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            return true; // a reader failed: it kept what it read; the streams are done
        }
    }

    /** The child's environment: the agent's minus its secrets, plus the request's additions. */
    Map<String, String> environmentFor(ExecRequest request) {
        Map<String, String> env = new HashMap<>(agentEnvironment.get());
        env.keySet().removeIf(k -> secretNamesUpper.contains(k.toUpperCase(Locale.ROOT)));
        env.putAll(request.extraEnvironment());
        return env;
    }

    /** Names with {@code =} or NUL cannot be represented in an environment block (§10.2: code 2). */
    static Optional<String> environmentProblem(Map<String, String> extra) {
        for (Map.Entry<String, String> e : extra.entrySet()) {
            String k = e.getKey();
            if (k.isEmpty() || k.indexOf('=') >= 0 || k.indexOf('\0') >= 0) {
                return Optional.of("invalid env_vars: a variable name is empty or contains '=' or NUL");
            }
            if (e.getValue() == null || e.getValue().indexOf('\0') >= 0) {
                // The name is safe to show; the value never is.
                return Optional.of("invalid env_vars: the value of " + k + " is null or contains NUL");
            }
        }
        return Optional.empty();
    }

    private ExecResult refusal(int code, String reason, long startNanos) {
        return new ExecResult(code, "", reason, false, false, false, false, elapsedMs(startNanos));
    }

    private long elapsedMs(long startNanos) {
        return TimeUnit.NANOSECONDS.toMillis(clock.monotonicNanos() - startNanos);
    }

    private static void closeQuietly(OutputStream s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // nothing to flush
        }
    }

    /** Stops the I/O threads (agent shutdown). Running programs are stopped by their callers. */
    @Override
    public void close() {
        Machinery m;
        synchronized (this) {
            closed = true;
            m = machinery;
        }
        if (m != null) {
            m.pool.shutdownNow();
        }
    }

    /** For diagnostics and tests: programs currently holding a slot (running or still draining). */
    public int running() {
        Machinery m = machinery;
        return m == null ? 0 : maxConcurrent - m.slots.availablePermits();
    }
}
