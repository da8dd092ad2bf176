package org.infinibay.infiniservice.application.service.exec;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.infinibay.infiniservice.application.port.out.StateStore;
import org.infinibay.infiniservice.domain.log.Logs;

/**
 * The programs running now, each with the container it runs in, in the state directory
 * ({@code running-programs.log}: {@code +<run-id> <container>} when one starts, {@code -<run-id>}
 * when it is over). An agent that dies (SIGKILL, OOM, crash) leaves the records of what it was
 * running; the next agent reads them before it starts anything and stops what is left
 * ({@link ExecutionEngine#recoverLeftovers()}).
 *
 * <p>Records are appended without fsync: they must survive the agent's death, which the page
 * cache guarantees; a power loss ends the programs too. A last record torn by a crash is ignored.
 */
public final class RunLedger {
    static final String FILE = "running-programs.log";
    private static final System.Logger LOG = Logs.get(RunLedger.class);
    /** Rewritten once it has grown past this while nothing runs. */
    private static final long COMPACT_BYTES = 16 * 1024;

    private final StateStore store;
    /** What the previous agent process left open; read once, before this process records anything. */
    private Map<String, String> previous;
    private final Set<String> open = new HashSet<>();
    private long logBytes;

    public RunLedger(StateStore store) {
        this.store = store;
    }

    /** The run's container exists and its program is about to start. */
    public synchronized void started(String runId, String container) {
        loadOnce();
        open.add(runId);
        append("+" + runId + " " + container + "\n");
    }

    /** The run is over and its container gone (or never made). */
    public synchronized void ended(String runId) {
        if (!open.remove(runId)) {
            return;
        }
        append("-" + runId + "\n");
        if (open.isEmpty() && logBytes > COMPACT_BYTES && (previous == null || previous.isEmpty())) {
            try {
                store.delete(FILE);
                logBytes = 0;
            } catch (IOException e) {
                LOG.log(Level.WARNING, "running-programs log compaction failed: {0}", e.toString());
            }
        }
    }

    /**
     * The containers an earlier agent process recorded and never closed, by run id; handed out once.
     * The caller stops them; afterwards only this process's own records remain.
     */
    public synchronized Map<String, String> takeLeftovers() {
        loadOnce();
        Map<String, String> left = previous;
        previous = Map.of();
        if (!left.isEmpty()) {
            // nothing of the dead process is kept: its leftovers are being stopped now
            try {
                if (open.isEmpty()) {
                    store.delete(FILE);
                    logBytes = 0;
                } else {
                    StringBuilder closing = new StringBuilder();
                    for (String id : left.keySet()) {
                        closing.append('-').append(id).append('\n');
                    }
                    append(closing.toString());
                }
            } catch (IOException e) {
                LOG.log(Level.WARNING, "running-programs log rewrite failed: {0}", e.toString());
            }
        }
        return left;
    }

    private void loadOnce() {
        if (previous != null) {
            return;
        }
        Map<String, String> runs = new LinkedHashMap<>();
        try {
            Optional<byte[]> bytes = store.read(FILE);
            if (bytes.isPresent()) {
                String log = new String(bytes.get(), StandardCharsets.US_ASCII);
                logBytes = bytes.get().length;
                int start = 0;
                for (int nl = log.indexOf('\n'); nl >= 0; nl = log.indexOf('\n', start)) {
                    String rec = log.substring(start, nl);
                    start = nl + 1;
                    int sp = rec.indexOf(' ');
                    if (rec.startsWith("+") && sp > 1) {
                        runs.put(rec.substring(1, sp), rec.substring(sp + 1));
                    } else if (rec.startsWith("-") && rec.length() > 1) {
                        runs.remove(rec.substring(1));
                    }
                }
            }
        } catch (IOException e) {
            LOG.log(Level.WARNING, "running-programs log unreadable: {0}", e.toString());
        }
        previous = runs;
    }

    private void append(String records) {
        byte[] b = records.getBytes(StandardCharsets.US_ASCII);
        logBytes += b.length;
        try {
            store.appendUnsynced(FILE, b);
        } catch (IOException e) {
            LOG.log(Level.WARNING, "running-programs log write failed: {0}", e.toString());
        }
    }
}
