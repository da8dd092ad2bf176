package org.infinibay.infiniservice.adapters.linux.metrics;

import java.util.List;

/**
 * Rows of /proc/net/{tcp,tcp6,udp,udp6}:
 * {@code sl local_address rem_address st tx:rx tr:when retrnsmt uid timeout inode ...}, addresses as
 * {@code HEXADDR:HEXPORT}.
 */
final class SocketTable {
    static final int TCP_ESTABLISHED = 0x01;
    static final int TCP_LISTEN = 0x0A;
    static final int UDP_UNCONNECTED = 0x07; // TCP_CLOSE, which UDP uses for unconnected sockets

    /** One socket: local port, remote port, remote address all-zero, state, inode. */
    record Row(int localPort, int remotePort, boolean remoteZero, int state, long inode) {
    }

    private SocketTable() {
    }

    static void parse(ProcFile f, List<Row> out) {
        f.position(0);
        f.nextLine(); // header
        while (!f.atEnd()) {
            f.skipToken(); // "sl:"
            f.skipBlanks();
            skipHexAddress(f);
            int localPort = (int) f.hex();
            f.skipBlanks();
            boolean remoteZero = skipHexAddress(f);
            int remotePort = (int) f.hex();
            int state = (int) f.hex();
            f.skipTokens(5); // tx:rx tr:when retrnsmt uid timeout
            long inode = f.decimal();
            out.add(new Row(localPort, remotePort, remoteZero, state, inode));
            f.nextLine();
        }
    }

    /** Skips {@code HEXADDR:}; returns whether the address was all zeros. */
    private static boolean skipHexAddress(ProcFile f) {
        boolean zero = true;
        byte[] b = f.bytes();
        int p = f.position();
        int end = f.length();
        while (p < end && b[p] != ':') {
            if (b[p] != '0') {
                zero = false;
            }
            p++;
        }
        f.position(p + 1);
        return zero;
    }
}
