package org.infinibay.infiniservice.adapters.linux.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The procfs IPv4 lister on recorded kernel output (x86-64 guests, little-endian route words) and on
 * hostile content; {@link Ipv4ListerNetnsTest} runs it against the JDK on real kernel state.
 */
class ProcNetIpv4ListerTest {
    /**
     * /proc/net/fib_trie of a guest with eth0 192.0.2.2/24 (recorded on the build machine): the tables
     * {@code Main:} and {@code Local:} show the same merged trie.
     */
    static final String ONE_NIC_TABLE = """
              +-- 0.0.0.0/0 3 0 5
                 |-- 0.0.0.0
                    /0 universe UNICAST
                 +-- 127.0.0.0/8 2 0 2
                    +-- 127.0.0.0/31 1 0 0
                       |-- 127.0.0.0
                          /8 host LOCAL
                       |-- 127.0.0.1
                          /32 host LOCAL
                    |-- 127.255.255.255
                       /32 link BROADCAST
                 +-- 192.0.2.0/24 2 0 2
                    +-- 192.0.2.0/30 2 0 2
                       |-- 192.0.2.0
                          /24 link UNICAST
                       |-- 192.0.2.2
                          /32 host LOCAL
                    |-- 192.0.2.255
                       /32 link BROADCAST
            """;
    static final String ONE_NIC_TRIE = "Main:\n" + ONE_NIC_TABLE + "Local:\n" + ONE_NIC_TABLE;
    static final String ONE_NIC_ROUTE = "Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow"
            + "\tIRTT                                                       \n"
            + "eth0\t00000000\t010200C0\t0003\t0\t0\t0\t00000000\t0\t0\t0                                     \n"
            + "eth0\t000200C0\t00000000\t0001\t0\t0\t0\t00FFFFFF\t0\t0\t0                                     \n";

    @TempDir
    Path root;
    private final AtomicInteger fallbacks = new AtomicInteger();
    private final Map<String, List<String>> jdkAnswer = Map.of("jdk", List.of("10.9.9.9"));
    private ProcNetIpv4Lister lister;

    @BeforeEach
    void setUp() throws IOException {
        assumeTrue(ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN, "recorded on a little-endian guest");
        Files.createDirectories(root.resolve("proc/net"));
        lister = new ProcNetIpv4Lister(root + "/", () -> {
            fallbacks.incrementAndGet();
            return jdkAnswer;
        });
    }

    private Map<String, List<String>> list(String trie, String route) throws IOException {
        Files.writeString(root.resolve("proc/net/fib_trie"), trie, StandardCharsets.ISO_8859_1);
        Files.writeString(root.resolve("proc/net/route"), route, StandardCharsets.ISO_8859_1);
        return lister.list();
    }

    @Test
    void oneAddressPerInterfaceIsAnsweredFromProcfs() throws Exception {
        assertEquals(Map.of("eth0", List.of("192.0.2.2")), list(ONE_NIC_TRIE, ONE_NIC_ROUTE));
        assertEquals(0, fallbacks.get());
        // loopback only, or nothing at all (an empty namespace): a successful empty answer
        assertEquals(Map.of(), list(ONE_NIC_TRIE.replace("192.0.2.2\n", "192.0.2.3\n")
                .replace("/32 host LOCAL", "/32 link BROADCAST"), ONE_NIC_ROUTE));
        assertEquals(Map.of(), list("Main:\nLocal:\n", ONE_NIC_ROUTE.substring(0, ONE_NIC_ROUTE.indexOf('\n') + 1)));
        assertEquals(Map.of(), list("", ""), "nothing to map: the route table is not even read");
        assertEquals(0, fallbacks.get());
    }

    @Test
    void theLongestConnectedRouteNamesTheInterface() throws Exception {
        // eth0 10.0.0.9/8 and eth1 10.1.1.1/24: 10.1.1.1 lies in both connected routes, the /24 decides
        String trie = "Main:\n  +-- 0.0.0.0/0 3 0 5\n     |-- 10.0.0.9\n        /32 host LOCAL\n"
                + "     |-- 10.1.1.1\n        /32 host LOCAL\n";
        String route = header() + row("eth0", "0000000A", "00000000", "0001", "000000FF")
                + row("eth1", "0001010A", "00000000", "0001", "00FFFFFF")
                + row("eth0", "00000000", "0100000A", "0003", "00000000"); // the default route: not connected
        assertEquals(Map.of("eth0", List.of("10.0.0.9"), "eth1", List.of("10.1.1.1")), list(trie, route));
        assertEquals(0, fallbacks.get());
    }

    @Test
    void whereProcfsIsNotExactTheJdkAnswers() throws Exception {
        String two = "Main:\n     |-- 10.1.1.1\n        /32 host LOCAL\n     |-- 10.1.1.2\n        /32 host LOCAL\n";
        String connected = header() + row("eth0", "0001010A", "00000000", "0001", "00FFFFFF");
        assertEquals(jdkAnswer, list(two, connected), "two addresses on one interface: the JDK's order");
        String one = "Main:\n     |-- 10.1.1.1\n        /32 host LOCAL\n";
        assertEquals(jdkAnswer, list(one, header()), "no connected route holds it (down, /32, other table)");
        assertEquals(jdkAnswer, list(one, header() + row("eth0", "0001010A", "0100000A", "0003", "00FFFFFF")),
                "only a gateway route holds it");
        assertEquals(jdkAnswer, list(one, header() + row("eth0", "0001010A", "00000000", "0201", "00FFFFFF")),
                "only a reject route holds it");
        assertEquals(jdkAnswer, list(one, connected + row("eth1", "0001010A", "00000000", "0001", "00FFFFFF")),
                "one subnet on two interfaces");
        assertEquals(5, fallbacks.get());
        // the same subnet twice on one interface (two metrics) is still one interface
        assertEquals(Map.of("eth0", List.of("10.1.1.1")), list(one, connected
                + row("eth0", "0001010A", "00000000", "0001", "00FFFFFF")));
        assertEquals(5, fallbacks.get());
    }

    @Test
    void hostileOrUnreadableFilesAreAnsweredByTheJdkNeverAnException() throws Exception {
        String one = "Main:\n     |-- 10.1.1.1\n        /32 host LOCAL\n";
        String connected = header() + row("eth0", "0001010A", "00000000", "0001", "00FFFFFF");
        String[][] cases = {
            {"Main:\n  garbage\n", connected},
            {"Main:\n        /32 host LOCAL\n", connected},                     // an entry before any leaf
            {"Main:\n     |-- 10.1.1\n        /32 host LOCAL\n", connected},   // not an address
            {"Main:\n     |-- 10.1.1.256\n        /32 host LOCAL\n", connected},
            {"Main:\n     |-- 10.1.1.1x\n        /32 host LOCAL\n", connected},
            {"Main:\n     |-- \n        /32 host LOCAL\n", connected},
            {"Main:\n     |-- 10.1.1.1\n        /32\n", connected},             // a cut entry
            {one, "Destination\tIface\n"},                                        // another header
            {one, header() + "eth0\t0001010A\n"},                                 // a cut row
            {one, header() + row("eth0", "1010A", "00000000", "0001", "00FFFFFF")},
            {one, header() + row("eth0", "0001010Z", "00000000", "0001", "00FFFFFF")},
            {"\0\1\2\3\u00ff\n\n\n", connected},                                  // not a table's name
            {"Main\n     |-- 10.1.1.1\n        /32 host LOCAL\n", connected},
        };
        for (String[] c : cases) {
            assertEquals(jdkAnswer, list(c[0], c[1]), c[0] + " / " + c[1]);
        }
        assertEquals(cases.length, fallbacks.get());
        // random bytes: never an exception
        Random r = new Random(17);
        for (int i = 0; i < 200; i++) {
            byte[] a = new byte[r.nextInt(600)];
            byte[] b = new byte[r.nextInt(600)];
            r.nextBytes(a);
            r.nextBytes(b);
            Files.write(root.resolve("proc/net/fib_trie"), a);
            Files.write(root.resolve("proc/net/route"), b);
            Map<String, List<String>> out = lister.list();
            assertEquals(true, out.equals(jdkAnswer) || out.isEmpty(), out.toString());
        }
        // larger than the bound: not parsed at all
        StringBuilder big = new StringBuilder("Main:\n");
        while (big.length() <= ProcNetIpv4Lister.MAX_BYTES) {
            big.append("     |-- 10.1.1.1\n        /32 host LOCAL\n");
        }
        int before = fallbacks.get();
        assertEquals(jdkAnswer, list(big.toString(), connected));
        assertEquals(before + 1, fallbacks.get());
        // missing files (no procfs, IPv4 off)
        Files.delete(root.resolve("proc/net/fib_trie"));
        assertEquals(jdkAnswer, lister.list());
        assertEquals(before + 2, fallbacks.get());
    }

    @Test
    void addressesAreParsedStrictly() {
        assertEquals(0x0A010101L, ProcNetIpv4Lister.parseDotted("10.1.1.1"));
        assertEquals(0xFFFFFFFFL, ProcNetIpv4Lister.parseDotted("255.255.255.255"));
        for (String bad : new String[] {null, "", "1.2.3", "1.2.3.4.5", "1..2.3", "1.2.3.4 ", "1234.1.1.1", "a.b.c.d",
            "-1.2.3.4", "256.1.1.1"}) {
            assertEquals(-1, ProcNetIpv4Lister.parseDotted(bad), bad);
        }
        assertEquals("192.0.2.2", ProcNetIpv4Lister.dotted((int) ProcNetIpv4Lister.parseDotted("192.0.2.2")));
        assertEquals(-1, ProcNetIpv4Lister.hex32("0000000"));
        assertEquals(-1, ProcNetIpv4Lister.hex32("+0000000"));
        assertEquals(0xFFFFFFFFL, ProcNetIpv4Lister.hex32("FFFFFFFF"));
        assertEquals(0x0201L, ProcNetIpv4Lister.hex("0201", 1, 8));
        assertEquals(-1, ProcNetIpv4Lister.hex("", 1, 8));
    }

    private static String header() {
        return ONE_NIC_ROUTE.substring(0, ONE_NIC_ROUTE.indexOf('\n') + 1);
    }

    private static String row(String iface, String dest, String gateway, String flags, String mask) {
        return iface + "\t" + dest + "\t" + gateway + "\t" + flags + "\t0\t0\t0\t" + mask + "\t0\t0\t0\n";
    }
}
