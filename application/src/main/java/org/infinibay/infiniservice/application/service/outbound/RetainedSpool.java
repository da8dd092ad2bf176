package org.infinibay.infiniservice.application.service.outbound;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.infinibay.infiniservice.application.port.out.StateStore;

/**
 * Durable copy of the retained lines ({@code script_completion}, {@code agent_event},
 * {@code firewall_event}) until they are written, so that neither a host detach nor an agent
 * restart loses them, and a line already written is never re-sent (CONTRACT §3.5, §10.4).
 *
 * <p>Format: an append-only log of {@code +<seq> <type> <body-json>} and {@code -<seq>} records;
 * compacted when nothing is pending. Body JSON is ASCII-only and single-line by construction.
 */
public final class RetainedSpool {
    static final String FILE = "outbound-spool.log";
    private static final System.Logger LOG = System.getLogger(RetainedSpool.class.getName());

    /** One line not yet written. */
    public record Pending(long seq, String type, String bodyJson) {
    }

    private final StateStore store;
    private final Map<Long, Pending> pending = new LinkedHashMap<>();
    private long nextSeq = 1;

    public RetainedSpool(StateStore store) {
        this.store = store;
    }

    /** Reads the lines a previous run left unwritten. */
    public synchronized List<Pending> load() {
        pending.clear();
        try {
            Optional<byte[]> bytes = store.read(FILE);
            if (bytes.isPresent()) {
                for (String rec : new String(bytes.get(), StandardCharsets.US_ASCII).split("\n")) {
                    apply(rec);
                }
            }
        } catch (IOException e) {
            LOG.log(Level.WARNING, "outbound spool unreadable, starting empty: {0}", e.toString());
        }
        for (long seq : pending.keySet()) {
            nextSeq = Math.max(nextSeq, seq + 1);
        }
        compact();
        return new ArrayList<>(pending.values());
    }

    public synchronized long add(String type, String bodyJson) {
        long seq = nextSeq++;
        pending.put(seq, new Pending(seq, type, bodyJson));
        append("+" + seq + " " + type + " " + bodyJson + "\n");
        return seq;
    }

    /** The line was written (or dropped by the bound): it must not come back after a restart. */
    public synchronized void remove(long seq) {
        if (pending.remove(seq) != null) {
            if (pending.isEmpty()) {
                compact();
            } else {
                append("-" + seq + "\n");
            }
        }
    }

    public synchronized int size() {
        return pending.size();
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
            }
        } catch (NumberFormatException e) {
            // a torn last record after a crash: ignore it
        }
    }

    private void append(String record) {
        try {
            store.append(FILE, record.getBytes(StandardCharsets.US_ASCII));
        } catch (IOException e) {
            LOG.log(Level.WARNING, "outbound spool write failed (line kept in memory): {0}", e.toString());
        }
    }

    private void compact() {
        StringBuilder sb = new StringBuilder();
        for (Pending p : pending.values()) {
            sb.append('+').append(p.seq()).append(' ').append(p.type()).append(' ').append(p.bodyJson()).append('\n');
        }
        try {
            store.write(FILE, sb.toString().getBytes(StandardCharsets.US_ASCII));
        } catch (IOException e) {
            LOG.log(Level.WARNING, "outbound spool compaction failed: {0}", e.toString());
        }
    }
}
