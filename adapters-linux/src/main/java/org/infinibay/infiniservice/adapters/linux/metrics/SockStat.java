package org.infinibay.infiniservice.adapters.linux.metrics;

import java.io.IOException;

/**
 * In-use socket counts per socket table, from /proc/net/sockstat ({@code TCP: inuse N orphan ...},
 * {@code UDP: inuse N mem ...}) and /proc/net/sockstat6 ({@code TCP6: inuse N}, {@code UDP6: inuse N}).
 * The kernel keeps them as O(1) counters per protocol: TCP counts the hashed sockets of tcp_prot
 * (AF_INET; listening, established and the other states except TIME_WAIT), TCP6 those of tcpv6_prot
 * (every AF_INET6 socket, dual-stack listeners and their v4-mapped connections included, which is
 * exactly what /proc/net/tcp6 lists); UDP and UDP6 count the bound sockets. A count that could not be
 * read or parsed is {@link #UNKNOWN}.
 */
record SockStat(long tcp, long tcp6, long udp, long udp6) {
    static final long UNKNOWN = -1;

    /** Reads {@code netDir}/sockstat and sockstat6 (e.g. "/proc/net/"); never fails. */
    static SockStat read(ProcFile f, String netDir) {
        long[] v4 = counts(f, netDir + "sockstat", "TCP:", "UDP:");
        long[] v6 = counts(f, netDir + "sockstat6", "TCP6:", "UDP6:");
        return new SockStat(v4[0], v6[0], v4[1], v6[1]);
    }

    /** True only when the table's count was read and is 0, i.e. the table holds no socket. */
    boolean empty(String table) {
        long n = switch (table) {
            case "tcp" -> tcp;
            case "tcp6" -> tcp6;
            case "udp" -> udp;
            case "udp6" -> udp6;
            default -> UNKNOWN;
        };
        return n == 0;
    }

    private static long[] counts(ProcFile f, String path, String tcpLine, String udpLine) {
        long[] out = {UNKNOWN, UNKNOWN};
        try {
            f.load(path);
        } catch (IOException e) {
            return out; // no such file (e.g. IPv6 disabled) or not readable
        }
        while (!f.atEnd()) {
            if (f.lineStartsWith(tcpLine)) {
                out[0] = inuse(f);
            } else if (f.lineStartsWith(udpLine)) {
                out[1] = inuse(f);
            }
            f.nextLine();
        }
        return out;
    }

    /** The value after "inuse" on the current line, or {@link #UNKNOWN}. */
    private static long inuse(ProcFile f) {
        f.skipToken(); // "TCP:"
        if (!"inuse".equals(f.token())) {
            return UNKNOWN;
        }
        String value = f.token();
        try {
            long n = value == null ? UNKNOWN : Long.parseLong(value);
            return n < 0 ? UNKNOWN : n;
        } catch (NumberFormatException e) {
            return UNKNOWN;
        }
    }
}
