package org.infinibay.infiniservice.adapters.linux.metrics;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.infinibay.infiniservice.application.port.out.PortSource;
import org.infinibay.infiniservice.domain.metrics.PortMetric;

/**
 * Listening sockets (CONTRACT §7.6): TCP listeners as {@code LISTEN}, bound unconnected UDP sockets as
 * {@code UNCONN}; one entry per (protocol, port) across IPv4 and IPv6, with the number of established
 * TCP connections whose local port is that port, and the owning process found by matching socket
 * inodes against /proc/&lt;pid&gt;/fd links (scanned once per sample, stopping once all are found).
 * A table is not read when /proc/net/sockstat or sockstat6 counts no socket in it ({@link SockStat}).
 */
public final class ProcfsPortSource implements PortSource {
    private final String procDir;
    private final ProcFile file = new ProcFile(16384);
    private final List<SocketTable.Row> rows = new ArrayList<>();
    /**
     * Socket inode -> owning pid from earlier samples. A listening socket keeps its inode and, in
     * practice, its owner for its whole life, so only new inodes need the expensive fd scan; a cached
     * owner is kept while its /proc entry exists. Inodes no visible process holds are not searched for
     * again before {@link #UNOWNED_RETRY_NANOS}.
     */
    private Map<Long, Integer> knownOwners = new HashMap<>();
    private Map<Long, Long> unowned = new HashMap<>();
    private static final long UNOWNED_RETRY_NANOS = 30_000_000_000L;

    public ProcfsPortSource() {
        this("/");
    }

    ProcfsPortSource(String root) {
        this.procDir = (root.endsWith("/") ? root : root + "/") + "proc/";
    }

    private record Key(String protocol, int port) {
        // Written out: a record's generated equals/hashCode link through invokedynamic and spin
        // method-handle classes on first use (~30 classes kept for the life of the agent).
        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.port == port && k.protocol.equals(protocol);
        }

        @Override
        public int hashCode() {
            return 31 * protocol.hashCode() + port;
        }

        @Override
        public String toString() {
            return protocol + "/" + port;
        }
    }

    @Override
    public synchronized List<PortMetric> sample() {
        Map<Key, Long> listeners = new LinkedHashMap<>(); // key -> first inode seen
        Map<Integer, Integer> established = new HashMap<>();
        SockStat inUse = SockStat.read(file, procDir + "net/");
        for (String table : new String[] {"tcp", "tcp6"}) {
            for (SocketTable.Row r : read(table, inUse)) {
                if (r.state() == SocketTable.TCP_LISTEN) {
                    firstInode(listeners, new Key("tcp", r.localPort()), r.inode());
                } else if (r.state() == SocketTable.TCP_ESTABLISHED) {
                    Integer n = established.get(r.localPort());
                    established.put(r.localPort(), n == null ? 1 : n + 1);
                }
            }
        }
        for (String table : new String[] {"udp", "udp6"}) {
            for (SocketTable.Row r : read(table, inUse)) {
                if (r.state() == SocketTable.UDP_UNCONNECTED && r.localPort() != 0 && r.remotePort() == 0
                        && r.remoteZero()) {
                    firstInode(listeners, new Key("udp", r.localPort()), r.inode());
                }
            }
        }
        Set<Long> wanted = new HashSet<>();
        for (Long inode : listeners.values()) {
            if (inode != 0) {
                wanted.add(inode);
            }
        }
        Map<Long, Integer> owners = cachedOwners(wanted);
        Map<Integer, String[]> described = new HashMap<>();
        List<PortMetric> out = new ArrayList<>(listeners.size());
        for (Map.Entry<Key, Long> e : listeners.entrySet()) {
            Key k = e.getKey();
            Integer pid = owners.get(e.getValue());
            String[] info;
            if (pid == null) {
                info = new String[2];
            } else {
                info = described.get(pid);
                if (info == null) {
                    info = describe(pid);
                    described.put(pid, info);
                }
            }
            int connections = k.protocol().equals("tcp") ? established.getOrDefault(k.port(), 0) : 0;
            String state = k.protocol().equals("tcp") ? "LISTEN" : "UNCONN";
            out.add(new PortMetric(k.port(), k.protocol(), state, pid, info[0], info[1], connections));
        }
        return out;
    }

    /** The first non-zero inode seen for a key (what {@code merge(k, v, (a, b) -> a != 0 ? a : b)} kept). */
    private static void firstInode(Map<Key, Long> listeners, Key k, long inode) {
        Long had = listeners.get(k);
        if (had == null || had == 0) {
            listeners.put(k, inode);
        }
    }

    private List<SocketTable.Row> read(String table, SockStat inUse) {
        if (inUse.empty(table)) {
            // Reading /proc/net/tcp or tcp6 costs a walk of every bucket of the kernel's TCP established
            // hash (sized from RAM, e.g. 262 144 buckets: ~4 ms of kernel CPU per table) even when it
            // holds no socket. A zero in-use count means that walk would find nothing (the UDP tables are
            // skipped by the same rule; they are cheap either way).
            return List.of();
        }
        rows.clear();
        try {
            SocketTable.parse(file.load(procDir + "net/" + table), rows);
        } catch (IOException e) {
            // protocol not available (e.g. IPv6 disabled)
        }
        return new ArrayList<>(rows);
    }

    private Map<Long, Integer> cachedOwners(Set<Long> wanted) {
        long now = System.nanoTime();
        Map<Long, Integer> out = new HashMap<>();
        Set<Long> search = new HashSet<>();
        Map<Integer, Boolean> alive = new HashMap<>();
        for (Long inode : wanted) {
            Integer pid = knownOwners.get(inode);
            Boolean live = null;
            if (pid != null) {
                live = alive.get(pid);
                if (live == null) {
                    live = new File(procDir + pid).exists();
                    alive.put(pid, live);
                }
            }
            if (live != null && live) {
                out.put(inode, pid);
            } else {
                Long since = unowned.get(inode);
                if (since == null || now - since > UNOWNED_RETRY_NANOS) {
                    search.add(inode);
                }
            }
        }
        Map<Long, Integer> found = owners(search);
        out.putAll(found);
        Map<Long, Long> stillUnowned = new HashMap<>();
        for (Long inode : wanted) {
            if (!out.containsKey(inode)) {
                stillUnowned.put(inode, search.contains(inode) ? now : unowned.get(inode));
            }
        }
        knownOwners = out; // inodes that disappeared are dropped
        unowned = stillUnowned;
        return out;
    }

    /** inode -> pid for the wanted socket inodes; the first (lowest-numbered) holder wins. */
    private Map<Long, Integer> owners(Set<Long> wanted) {
        Map<Long, Integer> out = new HashMap<>();
        if (wanted.isEmpty()) {
            return out;
        }
        String[] pids = new File(procDir).list();
        if (pids == null) {
            return out;
        }
        int[] sorted = new int[pids.length];
        int n = 0;
        for (String p : pids) {
            if (!p.isEmpty() && Character.isDigit(p.charAt(0))) {
                try {
                    sorted[n++] = Integer.parseInt(p);
                } catch (NumberFormatException e) {
                    // not a pid
                }
            }
        }
        java.util.Arrays.sort(sorted, 0, n);
        for (int i = 0; i < n && out.size() < wanted.size(); i++) {
            int pid = sorted[i];
            String fdDir = procDir + pid + "/fd/";
            String[] fds = new File(fdDir).list();
            if (fds == null) {
                continue; // exited, or not ours to read
            }
            for (String fd : fds) {
                String target;
                try {
                    target = Files.readSymbolicLink(Path.of(fdDir, fd)).toString();
                } catch (IOException | UnsupportedOperationException e) {
                    continue;
                }
                // "socket:[12345]"
                if (target.startsWith("socket:[") && target.endsWith("]")) {
                    try {
                        long inode = Long.parseLong(target.substring(8, target.length() - 1));
                        if (wanted.contains(inode)) {
                            out.putIfAbsent(inode, pid);
                        }
                    } catch (NumberFormatException e) {
                        // not a socket link
                    }
                }
            }
        }
        return out;
    }

    /** {process name, exe path} of a pid; either may be null. */
    private String[] describe(int pid) {
        String dir = procDir + pid + "/";
        String name = null;
        try {
            name = file.load(dir + "comm").firstLine();
        } catch (IOException e) {
            // exited
        }
        String exe = null;
        try {
            exe = Files.readSymbolicLink(Path.of(dir, "exe")).toString();
        } catch (IOException | UnsupportedOperationException e) {
            // not permitted
        }
        return new String[] {name, exe};
    }
}
