package org.infinibay.infiniservice.application.service.outbound;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.infinibay.infiniservice.application.port.out.StateStore;
import org.infinibay.infiniservice.domain.log.Logs;

/**
 * Durable copy of the retained lines ({@code script_completion}, {@code agent_event},
 * {@code firewall_event}) until they are written, so that neither a host detach nor an agent
 * restart loses them, and a line already written is never re-sent (CONTRACT §3.5, §10.4); and the
 * journal of the script that is running, so that a script interrupted by the agent's death still
 * gets exactly one completion after the restart (§10.4 item 5).
 *
 * <p>Format: an append-only log of records, one per line, ASCII:
 * <ul>
 *   <li>{@code +<seq> <type> <body-json>}: a retained line queued;</li>
 *   <li>{@code -<seq>}: that line was written (or dropped by the queue bound);</li>
 *   <li>{@code r<key> <started-ms> <b64 execution_id> <b64 script_id|~> <b64 name>}: a script started;</li>
 *   <li>{@code =<seq> <key> <type> <body-json>}: the script {@code key} ended and this is its
 *       completion, queued: one record, so a crash leaves either the script running or its
 *       completion queued, never both and never neither.</li>
 * </ul>
 * A last record without its newline (torn by a crash) is ignored; unknown records are skipped.
 *
 * <p>When is a line "written"? The writer calls {@link #remove} right after the channel's write
 * returned. The {@code -<seq>} record is one {@code write(2)} into the page cache, with no lock
 * held by anything slow (a queued line's own fsync runs outside this object's lock, and the log is
 * compacted only when nothing is pending), so an agent killed after the line's write finds the
 * removal on restart unless it died in the microseconds between those two system calls. The record
 * is made durable by the next fsync of the log (the next queued line); an OS crash before that can
 * send the line once more (the host then records the same completion twice, see docs/execution.md).
 */
public final class RetainedSpool {
    static final String FILE = "outbound-spool.log";
    private static final System.Logger LOG = Logs.get(RetainedSpool.class);
    /** The log is rewritten (or deleted) once it has grown past this and nothing is pending. */
    static final long COMPACT_BYTES = 64 * 1024;
    private static final String NONE = "~";

    /** One line not yet written. */
    public record Pending(long seq, String type, String bodyJson) {
    }

    /** A script that was running when an earlier agent process ended, and got no completion. */
    public record InterruptedRun(String key, long startedMillis, String executionId, String scriptId, String name) {
    }

    private final StateStore store;
    private final Map<Long, Pending> pending = new LinkedHashMap<>();
    private final Map<String, InterruptedRun> runs = new LinkedHashMap<>();
    private List<InterruptedRun> interrupted = List.of();
    private long nextSeq = 1;
    /** Bytes appended since the log was last rewritten. */
    private long logBytes;
    /** The run whose completion the thread {@code endingThread} is queuing now (see {@link #endRun}). */
    private String endingKey;
    private Thread endingThread;

    public RetainedSpool(StateStore store) {
        this.store = store;
    }

    /** Reads the lines a previous run left unwritten, and the scripts it left running. */
    public synchronized List<Pending> load() {
        pending.clear();
        runs.clear();
        try {
            Optional<byte[]> bytes = store.read(FILE);
            if (bytes.isPresent()) {
                String log = new String(bytes.get(), StandardCharsets.US_ASCII);
                int start = 0;
                for (int nl = log.indexOf('\n'); nl >= 0; nl = log.indexOf('\n', start)) {
                    apply(log.substring(start, nl));
                    start = nl + 1;
                }
                // whatever follows the last newline is a record torn by a crash: ignored
            }
        } catch (IOException e) {
            LOG.log(Level.WARNING, "outbound spool unreadable, starting empty: {0}", e.toString());
        }
        for (long seq : pending.keySet()) {
            nextSeq = Math.max(nextSeq, seq + 1);
        }
        interrupted = List.copyOf(runs.values());
        rewrite();
        return new ArrayList<>(pending.values());
    }

    /** The scripts found running by {@link #load}: each still needs its one completion ({@link #endRun}). */
    public synchronized List<InterruptedRun> interruptedRuns() {
        return interrupted;
    }

    /** Queues a retained line durably: when this returns, neither a crash nor a power loss loses it. */
    public long add(String type, String bodyJson) {
        long seq;
        synchronized (this) {
            seq = nextSeq++;
            pending.put(seq, new Pending(seq, type, bodyJson));
            if (endingKey != null && endingThread == Thread.currentThread() && "script_completion".equals(type)) {
                runs.remove(endingKey);
                append("=" + seq + " " + endingKey + " " + type + " " + bodyJson + "\n");
                endingKey = null;
                endingThread = null;
            } else {
                append("+" + seq + " " + type + " " + bodyJson + "\n");
            }
        }
        sync(); // outside the lock: the writer's remove() never waits for a disk flush
        return seq;
    }

    /** The line was written (or dropped by the bound): it must not come back after a restart. */
    public synchronized void remove(long seq) {
        if (pending.remove(seq) != null) {
            append("-" + seq + "\n"); // one write(2): survives a kill of the agent from here on
            if (pending.isEmpty() && logBytes > COMPACT_BYTES) {
                rewrite();
            }
        }
    }

    /**
     * A script starts: recorded durably before it runs, so that an agent death while it runs is
     * noticed by the next agent ({@link #interruptedRuns}).
     *
     * @param key a token of {@code [A-Za-z0-9-]}, unique among running scripts
     */
    public void runStarted(String key, long startedMillis, String executionId, String scriptId, String name) {
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (!(c == '-' || (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'))) {
                throw new IllegalArgumentException("invalid run key");
            }
        }
        synchronized (this) {
            runs.put(key, new InterruptedRun(key, startedMillis, executionId, scriptId, name));
            append("r" + key + " " + startedMillis + " " + b64(executionId) + " " + b64(scriptId) + " " + b64(name)
                    + "\n");
        }
        sync();
    }

    /**
     * The script {@code key} ended: {@code queueCompletion} queues its {@code script_completion}
     * (and whatever else) on this thread, and the first {@code script_completion} this thread adds
     * meanwhile is recorded together with the end of the run, in one record. If none is added (the
     * queue is closed: the agent is stopping), the run stays open and the next agent completes it.
     */
    public void endRun(String key, Runnable queueCompletion) {
        synchronized (this) {
            endingKey = key;
            endingThread = Thread.currentThread();
        }
        try {
            queueCompletion.run();
        } finally {
            synchronized (this) {
                endingKey = null;
                endingThread = null;
                if (pending.isEmpty() && runs.isEmpty() && logBytes > COMPACT_BYTES) {
                    rewrite();
                }
            }
        }
    }

    public synchronized int size() {
        return pending.size();
    }

    /** Scripts recorded as running and not ended (for tests and diagnostics). */
    public synchronized int runningScripts() {
        return runs.size();
    }

    private void apply(String rec) {
        try {
            if (rec.startsWith("+")) {
                int a = rec.indexOf(' ');
                int b = rec.indexOf(' ', a + 1);
                if (a > 1 && b > a) {
                    long seq = Long.parseLong(rec.substring(1, a));
                    pending.put(seq, new Pending(seq, rec.substring(a + 1, b), rec.substring(b + 1)));
                }
            } else if (rec.startsWith("-")) {
                pending.remove(Long.parseLong(rec.substring(1).trim()));
            } else if (rec.startsWith("=")) {
                int a = rec.indexOf(' ');
                int b = rec.indexOf(' ', a + 1);
                int c = rec.indexOf(' ', b + 1);
                if (a > 1 && b > a && c > b) {
                    long seq = Long.parseLong(rec.substring(1, a));
                    runs.remove(rec.substring(a + 1, b));
                    pending.put(seq, new Pending(seq, rec.substring(b + 1, c), rec.substring(c + 1)));
                }
            } else if (rec.startsWith("r")) {
                String[] f = rec.substring(1).split(" ", -1);
                if (f.length == 5 && !f[0].isEmpty()) {
                    runs.put(f[0], new InterruptedRun(f[0], Long.parseLong(f[1]), unb64(f[2]), unb64(f[3]),
                            unb64(f[4])));
                }
            }
        } catch (IllegalArgumentException e) {
            // a damaged record (NumberFormatException, bad Base64): skipped
        }
    }

    private void append(String record) {
        byte[] bytes = record.getBytes(StandardCharsets.US_ASCII);
        logBytes += bytes.length;
        try {
            store.appendUnsynced(FILE, bytes);
        } catch (IOException e) {
            LOG.log(Level.WARNING, "outbound spool write failed (line kept in memory): {0}", e.toString());
        }
    }

    private void sync() {
        try {
            store.sync(FILE);
        } catch (IOException e) {
            LOG.log(Level.WARNING, "outbound spool sync failed: {0}", e.toString());
        }
    }

    /** Replaces the log by what is still live (deletes it when nothing is); the caller holds the lock. */
    private void rewrite() {
        try {
            if (pending.isEmpty() && runs.isEmpty()) {
                store.delete(FILE);
                logBytes = 0;
                return;
            }
            StringBuilder sb = new StringBuilder();
            for (InterruptedRun r : runs.values()) {
                sb.append('r').append(r.key()).append(' ').append(r.startedMillis()).append(' ')
                        .append(b64(r.executionId())).append(' ').append(b64(r.scriptId())).append(' ')
                        .append(b64(r.name())).append('\n');
            }
            for (Pending p : pending.values()) {
                sb.append('+').append(p.seq()).append(' ').append(p.type()).append(' ').append(p.bodyJson()).append('\n');
            }
            byte[] bytes = sb.toString().getBytes(StandardCharsets.US_ASCII);
            store.write(FILE, bytes);
            logBytes = bytes.length;
        } catch (IOException e) {
            LOG.log(Level.WARNING, "outbound spool compaction failed: {0}", e.toString());
        }
    }

    private static String b64(String s) {
        return s == null ? NONE : Base64.getUrlEncoder().withoutPadding().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    private static String unb64(String s) {
        return NONE.equals(s) ? null : new String(Base64.getUrlDecoder().decode(s), StandardCharsets.UTF_8);
    }
}
