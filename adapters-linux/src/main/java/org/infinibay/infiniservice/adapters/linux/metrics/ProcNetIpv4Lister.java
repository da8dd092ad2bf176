package org.infinibay.infiniservice.adapters.linux.metrics;

import java.io.IOException;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.infinibay.infiniservice.domain.log.Logs;

/**
 * IPv4 addresses per interface from procfs, without {@code java.net.NetworkInterface} (whose first use
 * loads ~22 classes into the steady state: docs/performance.md, round 5): the local addresses are the
 * {@code /32 host LOCAL} entries of {@code /proc/net/fib_trie}, and each belongs to the interface of
 * the directly connected route of {@code /proc/net/route} that holds it (longest prefix).
 *
 * <p>That picture is exact only when it is unambiguous, so the JDK's enumeration ({@code fallback},
 * getifaddrs-like and the same as before) answers instead whenever it is not:
 * <ul>
 *   <li>an address no connected route holds (a {@code /32} or {@code noprefixroute} address, an interface
 *       that is down, an address whose routes are in another table), or that connected routes of two
 *       interfaces hold at the same prefix length (two interfaces on one subnet);</li>
 *   <li>an interface with two or more addresses: the JDK lists them in an order procfs does not show,
 *       and the host keeps the first one it sees (CONTRACT §7.4 rule 5);</li>
 *   <li>either file unreadable, larger than {@value #MAX_BYTES} bytes, or not in the kernel's format.</li>
 * </ul>
 * On a guest with one address per interface (the usual VM) procfs answers; a guest without any address
 * (only {@code lo}, down) is a successful empty answer here too. Addresses the agent never reports
 * (127/8, 0/8, multicast) are left out; {@link AddressSource} drops them from the JDK's answer as well.
 * The one case procfs would misattribute: an address whose interface has no route of its own (down or
 * {@code noprefixroute}) inside a connected route of another interface that has no address at all.
 */
final class ProcNetIpv4Lister implements Ipv4Lister {
    /** A VM's tables are a few KiB; a router's full table is no case for procfs (the JDK answers). */
    static final int MAX_BYTES = 256 * 1024;
    private static final System.Logger LOG = Logs.get(ProcNetIpv4Lister.class);
    private static final long RTF_UP = 0x1;
    private static final long RTF_GATEWAY = 0x2;
    private static final long RTF_REJECT = 0x200;
    private static final boolean LITTLE_ENDIAN = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;

    private final String fibTrie;
    private final String route;
    private final Ipv4Lister fallback;
    private final ProcFile file = new ProcFile(8192);
    private int[] locals = new int[16];
    private int localCount;
    /** Why procfs did not answer the last time; {@code null}: it did. */
    private String lastFallback;
    private String lastFallbackLogged;

    /**
     * @param root     the filesystem root holding {@code proc/} ({@code "/"}; tests pass a recorded tree)
     * @param fallback what answers when procfs is not exact (the JDK's enumeration)
     */
    ProcNetIpv4Lister(String root, Ipv4Lister fallback) {
        this.fibTrie = root + "proc/net/fib_trie";
        this.route = root + "proc/net/route";
        this.fallback = fallback;
    }

    @Override
    public synchronized Map<String, List<String>> list() throws IOException {
        String why;
        try {
            Map<String, List<String>> out = fromProcfs();
            if (out != null) {
                lastFallback = null;
                return out;
            }
            why = lastFallback;
        } catch (IOException e) {
            why = "unreadable: " + e.getMessage();
        }
        if (why != null && !why.equals(lastFallbackLogged)) {
            LOG.log(System.Logger.Level.DEBUG, "IPv4 addresses from the JDK: procfs is not exact here ({0})", why);
            lastFallbackLogged = why;
        }
        return fallback.list();
    }

    /** The answer, or {@code null} (with {@link #lastFallback} saying why) when procfs is not exact. */
    Map<String, List<String>> fromProcfs() throws IOException {
        if (!readLocals()) {
            return null;
        }
        if (localCount == 0) {
            return new HashMap<>(); // only loopback, or nothing at all: a successful empty answer
        }
        String[] owner = new String[localCount];
        int[] ownerPrefix = new int[localCount];
        Arrays.fill(ownerPrefix, -1);
        boolean[] ambiguous = new boolean[localCount];
        load(route);
        if (!file.lineStartsWith("Iface\tDestination\tGateway")) {
            return notExact("unexpected /proc/net/route header");
        }
        file.nextLine();
        while (!file.atEnd()) {
            if (file.atLineEnd()) {
                file.nextLine();
                continue;
            }
            String iface = file.token();
            long dest = hex32(file.token());
            long gateway = hex32(file.token());
            long flags = hex(file.token(), 1, 8); // printed as %04X
            file.skipTokens(3); // refcnt use metric
            long mask = hex32(file.token());
            if (iface == null || dest < 0 || gateway < 0 || flags < 0 || mask < 0) {
                return notExact("unexpected /proc/net/route row");
            }
            file.nextLine();
            if ((flags & RTF_UP) == 0 || (flags & (RTF_GATEWAY | RTF_REJECT)) != 0 || gateway != 0) {
                continue; // only directly connected routes say where an address lives
            }
            int d = networkOrder(dest);
            int m = networkOrder(mask);
            int prefix = Integer.bitCount(m);
            for (int i = 0; i < localCount; i++) {
                if ((locals[i] & m) != d || prefix < ownerPrefix[i]) {
                    continue;
                }
                if (prefix > ownerPrefix[i]) {
                    owner[i] = iface;
                    ownerPrefix[i] = prefix;
                    ambiguous[i] = false;
                } else if (!iface.equals(owner[i])) {
                    ambiguous[i] = true;
                }
            }
        }
        Map<String, List<String>> out = new HashMap<>();
        for (int i = 0; i < localCount; i++) {
            if (owner[i] == null) {
                return notExact("an address without a connected route");
            }
            if (ambiguous[i]) {
                return notExact("an address in connected routes of two interfaces");
            }
            if (out.containsKey(owner[i])) {
                return notExact("an interface with two or more addresses");
            }
            out.put(owner[i], List.of(dotted(locals[i])));
        }
        return out;
    }

    /**
     * The reportable {@code /32 host LOCAL} leaves of {@code /proc/net/fib_trie}, each once (the tables
     * {@code Main:} and {@code Local:} may show the same merged trie). False when the file is not exact.
     */
    private boolean readLocals() throws IOException {
        localCount = 0;
        load(fibTrie);
        long leaf = -1; // the address of the current leaf; -1: none
        while (!file.atEnd()) {
            int start = file.position();
            if (file.atLineEnd()) { // skips the indentation too
                file.nextLine();
                continue;
            }
            boolean indented = file.position() > start;
            if (!indented) {
                if (!tableHeader()) {
                    lastFallback = "unexpected line in /proc/net/fib_trie";
                    return false;
                }
                leaf = -1; // "Main:", "Local:", "Id 100:": a table begins
            } else if (file.lineStartsWith("|-- ")) {
                file.position(file.position() + 4);
                leaf = parseDotted(file.token());
                if (leaf < 0) {
                    lastFallback = "unexpected leaf in /proc/net/fib_trie";
                    return false;
                }
            } else if (file.lineStartsWith("+-- ")) {
                leaf = -1; // an inner node
            } else if (file.lineStartsWith("/")) {
                String len = file.token();
                String scope = file.token();
                String type = file.token();
                if (len == null || scope == null || type == null || leaf < 0) {
                    lastFallback = "unexpected entry in /proc/net/fib_trie";
                    return false;
                }
                if (len.equals("/32") && scope.equals("host") && type.equals("LOCAL") && reportable((int) leaf)) {
                    addLocal((int) leaf);
                }
            } else {
                lastFallback = "unexpected line in /proc/net/fib_trie";
                return false;
            }
            file.nextLine();
        }
        return true;
    }

    /** The current line ends with {@code ':'} (a table's name), its other bytes printable ASCII. */
    private boolean tableHeader() {
        byte[] b = file.bytes();
        int end = file.position();
        while (end < file.length() && b[end] != '\n') {
            if (b[end] < 0x20 || b[end] > 0x7e) {
                return false;
            }
            end++;
        }
        while (end > file.position() && b[end - 1] == ' ') {
            end--;
        }
        return end > file.position() && b[end - 1] == ':';
    }

    private void load(String path) throws IOException {
        file.load(path, MAX_BYTES + 1);
        if (file.length() > MAX_BYTES) {
            throw new IOException(path + " is larger than " + MAX_BYTES + " bytes");
        }
    }

    private Map<String, List<String>> notExact(String why) {
        lastFallback = why;
        return null;
    }

    private void addLocal(int address) {
        for (int i = 0; i < localCount; i++) {
            if (locals[i] == address) {
                return;
            }
        }
        if (localCount == locals.length) {
            locals = Arrays.copyOf(locals, localCount * 2);
        }
        locals[localCount++] = address;
    }

    /** What the agent reports (CONTRACT §7.4 rule 2, as {@code IpAddresses.isReportable}): not 0/8, 127/8, multicast. */
    static boolean reportable(int address) {
        int a = address >>> 24;
        return a != 0 && a != 127 && !(a >= 224 && a <= 239);
    }

    /** {@code a.b.c.d} as an int in network order (a in the top byte); -1 when it is not one. */
    static long parseDotted(String s) {
        if (s == null) {
            return -1;
        }
        long value = 0;
        int parts = 0;
        int i = 0;
        int n = s.length();
        while (parts < 4) {
            int digits = 0;
            int octet = 0;
            while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9' && digits < 3) {
                octet = octet * 10 + (s.charAt(i) - '0');
                i++;
                digits++;
            }
            if (digits == 0 || octet > 255) {
                return -1;
            }
            value = (value << 8) | octet;
            parts++;
            if (parts < 4) {
                if (i >= n || s.charAt(i) != '.') {
                    return -1;
                }
                i++;
            }
        }
        return i == n ? value : -1;
    }

    /** Exactly eight hex digits (how the kernel prints a {@code __be32}); -1 otherwise. */
    static long hex32(String s) {
        return hex(s, 8, 8);
    }

    /** {@code min} to {@code max} (at most 8) hex digits and nothing else; -1 otherwise. */
    static long hex(String s, int min, int max) {
        if (s == null || s.length() < min || s.length() > max) {
            return -1;
        }
        long v = 0;
        for (int i = 0; i < s.length(); i++) {
            int d = Character.digit(s.charAt(i), 16);
            if (d < 0) {
                return -1;
            }
            v = (v << 4) | d;
        }
        return v;
    }

    /** The kernel prints a network-order word as the host reads it: reversed on a little-endian CPU. */
    private static int networkOrder(long printed) {
        return LITTLE_ENDIAN ? Integer.reverseBytes((int) printed) : (int) printed;
    }

    static String dotted(int address) {
        return (address >>> 24) + "." + ((address >>> 16) & 0xff) + "." + ((address >>> 8) & 0xff) + "."
                + (address & 0xff);
    }
}
