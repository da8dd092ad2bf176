package org.infinibay.infiniservice.application.service.selfcheck;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.infinibay.infiniservice.application.port.out.StateStore;
import org.infinibay.infiniservice.application.service.policy.Lockdown;
import org.infinibay.infiniservice.domain.log.Logs;
import org.infinibay.infiniservice.domain.message.OutboundMessage;

/**
 * An unusable state directory (read-only, full, not creatable) degrades the agent instead of
 * stopping it: at start, before any command is read, a probe document is written (atomically, synced)
 * and deleted; when that fails the {@link Lockdown} refuses unsafe commands, scripts and every
 * state-changing action (their nonces, audit lines and completions could not be kept), while metrics
 * and read-only commands go on. The reason goes to the journal (ERROR), to the host (an
 * {@code agent_event}) and to {@code diagnose}. While degraded the probe runs again every
 * {@link #RECHECK_SECONDS}, so freeing the disk lifts the lockdown without a restart (INFO and an
 * {@code info} event); a healthy agent never probes again.
 */
public final class StateDirectoryCheck {
    static final String PROBE = "state-probe";
    public static final long RECHECK_SECONDS = 30;
    private static final System.Logger LOG = Logs.get(StateDirectoryCheck.class);

    private final StateStore store;
    private final Lockdown lockdown;
    private final Consumer<OutboundMessage> events;
    private final long recheckSeconds;

    public StateDirectoryCheck(StateStore store, Lockdown lockdown, Consumer<OutboundMessage> events) {
        this(store, lockdown, events, RECHECK_SECONDS);
    }

    public StateDirectoryCheck(StateStore store, Lockdown lockdown, Consumer<OutboundMessage> events,
                               long recheckSeconds) {
        this.store = store;
        this.lockdown = lockdown;
        this.events = events;
        this.recheckSeconds = recheckSeconds;
    }

    /** The start-up probe; while the directory is unusable, re-checks on {@code timers}. */
    public void start(ScheduledExecutorService timers) {
        if (!probe(false)) {
            schedule(timers);
        }
    }

    private void schedule(ScheduledExecutorService timers) {
        try {
            timers.schedule(new Recheck(timers), recheckSeconds, TimeUnit.SECONDS);
        } catch (RuntimeException e) {
            // the agent is stopping: no more re-checks
        }
    }

    /** A re-check while the directory is unusable (a named class: no lambda machinery for it). */
    private final class Recheck implements Runnable {
        private final ScheduledExecutorService timers;

        Recheck(ScheduledExecutorService timers) {
            this.timers = timers;
        }

        @Override
        public void run() {
            if (!probe(true)) {
                schedule(timers);
            }
        }
    }

    /**
     * Writes and deletes the probe document; records the outcome in the lockdown.
     *
     * @param report send an {@code agent_event} when the state changed (the start-up one is sent with
     *               the agent's other start-up events)
     * @return whether the directory is usable
     */
    public boolean probe(boolean report) {
        String error = null;
        try {
            store.write(PROBE, "ok\n".getBytes(StandardCharsets.US_ASCII));
            store.delete(PROBE);
        } catch (IOException | RuntimeException e) {
            error = "the state directory " + store.location() + " is not usable (" + reason(e) + ")";
        }
        boolean changed = lockdown.stateDirectory(error);
        if (changed && error != null) {
            LOG.log(Level.ERROR, "{0}: the agent runs DEGRADED: metrics and read-only commands only; unsafe "
                    + "commands, scripts and state-changing actions are refused until it is usable again "
                    + "(re-checked every {1} s)", error, recheckSeconds);
        } else if (changed) {
            LOG.log(Level.INFO, "the state directory {0} is usable again: state-changing commands, unsafe commands "
                    + "and scripts run again", store.location());
        }
        if (changed && report) {
            events.accept(lockdown.event());
        }
        return error == null;
    }

    private static String reason(Exception e) {
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return f.getReason();
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
