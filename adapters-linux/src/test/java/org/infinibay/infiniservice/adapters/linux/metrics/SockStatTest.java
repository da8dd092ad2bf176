package org.infinibay.infiniservice.adapters.linux.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.infinibay.infiniservice.domain.metrics.PortMetric;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * /proc/net/sockstat{,6} parsing against this machine's recorded files, and {@link ProcfsPortSource}
 * over a fixture /proc tree: a table is skipped only on a read zero count, else it is read.
 *
 * <p>The "-listening" recordings were taken together while one process held a dual-stack TCP listener
 * on [::]:46185 with one connection from ::1, an AF_INET listener on 127.0.0.1:43815 and a UDP socket
 * on [::1]:42256; the machine's own AF_INET listener on 0.0.0.0:2024 is in both recordings. tcp6 also
 * holds a TIME_WAIT row, which the TCP6 in-use count does not include.
 */
class SockStatTest {
    @TempDir
    Path tmp;

    private String net(String sockstat, String sockstat6) throws Exception {
        Path net = tmp.resolve("proc/net");
        if (sockstat != null) {
            Fixtures.place(tmp, "proc/net/sockstat", sockstat);
        }
        if (sockstat6 != null) {
            Fixtures.place(tmp, "proc/net/sockstat6", sockstat6);
        }
        return net + "/";
    }

    private static SockStat read(String netDir) {
        return SockStat.read(new ProcFile(16), netDir);
    }

    @Test
    void thisMachineIdle() throws Exception {
        SockStat s = read(net("vm/sockstat-idle", "vm/sockstat6-idle"));
        assertEquals(new SockStat(1, 0, 0, 0), s);
        assertFalse(s.empty("tcp"));
        assertTrue(s.empty("tcp6"));
        assertTrue(s.empty("udp"));
        assertTrue(s.empty("udp6"));
    }

    @Test
    void thisMachineWithListeners() throws Exception {
        SockStat s = read(net("vm/sockstat-listening", "vm/sockstat6-listening"));
        // tcp: 127.0.0.1:43815 and 0.0.0.0:2024; tcp6: the listener, both ends of the ::1 connection
        assertEquals(new SockStat(2, 3, 0, 1), s);
        assertFalse(s.empty("tcp6"));
        assertFalse(s.empty("udp6"));
    }

    @Test
    void missingFilesAndUnreadableCountsAreUnknownNotEmpty() throws Exception {
        SockStat none = read(net(null, null));
        assertEquals(new SockStat(-1, -1, -1, -1), none);
        assertFalse(none.empty("tcp"));
        for (String bad : new String[] {"TCP6: inuse x\n", "TCP6: inuse\n", "TCP6: used 0\n", "TCP6: inuse -1\n",
                "TCP6:\n", "UDP6: inuse 0\n", ""}) {
            String dir = net("vm/sockstat-idle", null);
            Fixtures.write(tmp, "proc/net/sockstat6", bad);
            SockStat s = read(dir);
            assertEquals(SockStat.UNKNOWN, s.tcp6(), bad);
            assertFalse(s.empty("tcp6"), bad);
            assertEquals(1, s.tcp(), bad);
        }
        assertFalse(read(net("vm/sockstat-idle", "vm/sockstat6-idle")).empty("raw"));
    }

    // ---- ProcfsPortSource over a fixture /proc tree (no pids in it, so no owners)

    private ProcfsPortSource portsWithTables() throws Exception {
        for (String t : new String[] {"tcp", "tcp6", "udp6"}) {
            Fixtures.place(tmp, "proc/net/" + t, "vm/" + t + "-listening");
        }
        Fixtures.write(tmp, "proc/net/udp", "  sl  local_address rem_address   st\n");
        return new ProcfsPortSource(tmp.toString());
    }

    private static List<String> listeners(ProcfsPortSource src) {
        return src.sample().stream().map(p -> p.protocol() + " " + p.port() + " " + p.connectionCount())
                .sorted().collect(Collectors.toList());
    }

    private static final List<String> ALL =
            List.of("tcp 2024 0", "tcp 43815 0", "tcp 46185 1", "udp 42256 0");

    @Test
    void countsMatchingTheTablesReportEverything() throws Exception {
        ProcfsPortSource src = portsWithTables();
        net("vm/sockstat-listening", "vm/sockstat6-listening");
        assertEquals(ALL, listeners(src));
    }

    @Test
    void aZeroCountSkipsItsTable() throws Exception {
        ProcfsPortSource src = portsWithTables();
        // the idle counts say tcp6 and udp6 are empty: the rows in those files must not be read
        net("vm/sockstat-idle", "vm/sockstat6-idle");
        assertEquals(List.of("tcp 2024 0", "tcp 43815 0"), listeners(src));
        Fixtures.write(tmp, "proc/net/sockstat", "TCP: inuse 0 orphan 0 tw 0 alloc 0 mem 0\nUDP: inuse 0 mem 0\n");
        assertEquals(List.of(), listeners(src));
    }

    @Test
    void withoutSockstatTheTablesAreRead() throws Exception {
        ProcfsPortSource src = portsWithTables();
        assertEquals(ALL, listeners(src));
        net("vm/sockstat-idle", null); // sockstat6 missing: tcp6 and udp6 still read
        assertEquals(ALL, listeners(src));
    }

    @Test
    void malformedSockstat6FallsBackToReadingTcp6() throws Exception {
        ProcfsPortSource src = portsWithTables();
        net("vm/sockstat-listening", null);
        Fixtures.write(tmp, "proc/net/sockstat6", "TCP6: inuse ?\nUDP6: inuse 1\n");
        assertEquals(ALL, listeners(src));
    }
}
