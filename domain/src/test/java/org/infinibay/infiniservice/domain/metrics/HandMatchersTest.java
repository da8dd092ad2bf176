package org.infinibay.infiniservice.domain.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The hand-written checks that replaced {@code java.util.regex} in the metrics cycle (round 5):
 * {@link IpAddresses#isReportable} and {@link MetricsWire#virtualName} against the former
 * pattern-based code, kept here verbatim as the reference, over curated hostile inputs and a large
 * random sample drawn from the characters the patterns care about (ASCII and Unicode digits, hex
 * letters, separators, line terminators, surrogates, NUL) plus very long inputs.
 */
class HandMatchersTest {
    private static final Pattern V4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");
    private static final Pattern V6 = Pattern.compile("[0-9A-Fa-f:.]+(%[A-Za-z0-9._-]+)?");
    private static final Pattern VIRTUAL = Pattern.compile(
            "^(docker|virbr|br-|br\\d|bridge|veth|tun|tap|vnet|cni|flannel|cali|kube|wg|tailscale|zt|lxc|lxd|podman|vmnet|vboxnet).*");

    /** The code before round 5, word for word. */
    static boolean reportableByRegex(String address) {
        if (address == null || address.isEmpty() || address.indexOf('/') >= 0) {
            return false;
        }
        if (address.indexOf(':') < 0) {
            Matcher m = V4.matcher(address);
            if (!m.matches()) {
                return false;
            }
            int a = Integer.parseInt(m.group(1));
            for (int i = 1; i <= 4; i++) {
                if (Integer.parseInt(m.group(i)) > 255) {
                    return false;
                }
            }
            return a != 127 && a != 0 && !(a >= 224 && a <= 239);
        }
        if (!V6.matcher(address).matches()) {
            return false;
        }
        int pct = address.indexOf('%');
        String bare = (pct < 0 ? address : address.substring(0, pct)).toLowerCase(Locale.ROOT);
        return !bare.equals("::1") && !bare.equals("::") && !bare.startsWith("ff");
    }

    private static final String[] CURATED = {
        null, "", "1.2.3.4", "10.0.0.1", "127.0.0.1", "0.1.2.3", "224.0.0.1", "239.255.255.255", "240.0.0.1",
        "255.255.255.255", "256.1.1.1", "1.256.1.1", "1.1.1.256", "01.02.03.004", "1.2.3.0004", "1.2.3", "1.2.3.4.",
        ".1.2.3.4", "1..2.3", "1.2.3.4/24", "1.2.3.4 ", " 1.2.3.4", "1.2.3.4\n", "\u0661.2.3.4", "\uff11.2.3.4",
        "1.2.3.\u0664", "999.999.999.999", "1.2.3.-4", "+1.2.3.4", "1.2.3.4%eth0", "::", "::1", "::1%lo", "fe80::1",
        "fe80::1%eth0", "FE80::1%ETH0", "ff02::1", "FF02::1", "2001:db8::1", "2001:db8::1%", "%eth0", ":%x", ":",
        "::ffff:1.2.3.4", "2001:db8::g", "2001:db8::1%eth 0", "2001:db8::1%eth0%1", "2001:db8::1%e\u0000",
        "2001:db8::1%e\n", "2001:db8::1\n", "2001:db8::1%\u0661", "2001:db8::1%eth-0_1.2", "\u0000:", "::\ud83d\ude00",
        ":::::::::", "1:2:3:4:5:6:7:8:9", "1.2.3.4:80", "a.b.c.d", "0.0.0.0", "00.0.0.1", "1.0.0.0",
    };

    private static final String ALPHABET = "0123456789....::::%%abcdefABCDEFgGzZ_-/ \n\r\t\u0000\u0085\u2028\u0661\uff11"
            + "\u00e9\ud83d\ude00";

    @Test
    void ipAddressesAgreeWithTheFormerPatterns() {
        for (String s : CURATED) {
            assertEquals(reportableByRegex(s), IpAddresses.isReportable(s), () -> "input " + show(s));
        }
        for (String s : sample(200_000, 24, 7)) {
            assertEquals(reportableByRegex(s), IpAddresses.isReportable(s), () -> "input " + show(s));
        }
    }

    @Test
    void ipAddressesSurviveLongInputs() {
        String longV6 = ":".repeat(200_000);
        String longV4 = "1".repeat(200_000) + ".1.1.1";
        String longZone = "fe80::1%" + "e".repeat(200_000);
        String longTail = "1.2.3.4" + "5".repeat(200_000);
        for (String s : List.of(longV6, longV4, longZone, longTail, "fe80::1%" + "\u0661".repeat(10_000))) {
            assertEquals(reportableByRegex(s), IpAddresses.isReportable(s), () -> "length " + s.length());
        }
        assertTrue(IpAddresses.isReportable(longZone));
        assertFalse(IpAddresses.isReportable(longV4));
    }

    @Test
    void theSampleReachesBothAnswers() {
        // a differential test over inputs that are all rejected would prove nothing
        int accepted = 0;
        for (String s : sample(200_000, 24, 7)) {
            if (IpAddresses.isReportable(s)) {
                accepted++;
            }
        }
        assertTrue(accepted > 100, "accepted " + accepted);
        int virtual = 0;
        for (String s : interfaceNames()) {
            if (MetricsWire.virtualName(s)) {
                virtual++;
            }
        }
        assertTrue(virtual > 100, "virtual " + virtual);
    }

    @Test
    void virtualInterfaceNamesAgreeWithTheFormerPattern() {
        for (String s : interfaceNames()) {
            assertEquals(VIRTUAL.matcher(s).matches(), MetricsWire.virtualName(s), () -> "name " + show(s));
        }
        String longName = "veth" + "x".repeat(200_000);
        assertEquals(VIRTUAL.matcher(longName).matches(), MetricsWire.virtualName(longName));
        assertTrue(MetricsWire.virtualName("br0"));
        assertFalse(MetricsWire.virtualName("br"));
        assertFalse(MetricsWire.virtualName("br\u0661"));
        assertFalse(MetricsWire.virtualName("docker0\n"));
    }

    private static List<String> interfaceNames() {
        String[] prefixes = {"docker", "virbr", "br-", "br", "bridge", "veth", "tun", "tap", "vnet", "cni", "flannel",
            "cali", "kube", "wg", "tailscale", "zt", "lxc", "lxd", "podman", "vmnet", "vboxnet", "eth", "ens", "b", "",
            "Docker", "VETH", "xveth"};
        String tail = "0123456789-_.abrxZ \n\r\u0085\u2028\u2029\u0000\u0661\ud83d";
        Random r = new Random(42);
        List<String> out = new ArrayList<>();
        for (String p : prefixes) {
            out.add(p);
            for (int i = 0; i < 2_000; i++) {
                StringBuilder b = new StringBuilder(p);
                int n = r.nextInt(6);
                for (int k = 0; k < n; k++) {
                    b.append(tail.charAt(r.nextInt(tail.length())));
                }
                out.add(b.toString());
            }
        }
        return out;
    }

    /** Random strings: mostly address-like runs (digit groups, hex groups) mixed with hostile characters. */
    private static List<String> sample(int count, int maxLength, long seed) {
        Random r = new Random(seed);
        List<String> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            StringBuilder b = new StringBuilder();
            switch (r.nextInt(4)) {
                case 0: // dotted quads, sometimes damaged
                    for (int k = 0; k < 4; k++) {
                        if (k > 0) {
                            b.append('.');
                        }
                        b.append(r.nextInt(r.nextBoolean() ? 300 : 1200));
                    }
                    damage(b, r);
                    break;
                case 1: // ipv6-ish with an optional zone
                    int groups = 1 + r.nextInt(8);
                    for (int k = 0; k < groups; k++) {
                        b.append(Integer.toHexString(r.nextInt(0x10000)));
                        b.append(r.nextInt(5) == 0 ? "::" : ":");
                    }
                    if (r.nextInt(3) == 0) {
                        b.append('%').append("eth").append(r.nextInt(10));
                    }
                    damage(b, r);
                    break;
                default:
                    int n = r.nextInt(maxLength + 1);
                    for (int k = 0; k < n; k++) {
                        b.append(ALPHABET.charAt(r.nextInt(ALPHABET.length())));
                    }
            }
            out.add(b.toString());
        }
        return out;
    }

    private static void damage(StringBuilder b, Random r) {
        if (r.nextInt(3) != 0 || b.length() == 0) {
            return;
        }
        int at = r.nextInt(b.length());
        char c = ALPHABET.charAt(r.nextInt(ALPHABET.length()));
        if (r.nextBoolean()) {
            b.setCharAt(at, c);
        } else {
            b.insert(at, c);
        }
    }

    private static String show(String s) {
        if (s == null) {
            return "null";
        }
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            b.append(c >= 0x20 && c < 0x7f ? String.valueOf(c) : String.format("\\u%04x", (int) c));
        }
        return b.append('"').toString();
    }
}
