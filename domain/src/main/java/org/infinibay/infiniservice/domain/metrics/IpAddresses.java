package org.infinibay.infiniservice.domain.metrics;

import java.util.Locale;

/**
 * Address rules of CONTRACT §7.4: bare addresses only, no loopback, multicast or unspecified.
 *
 * <p>The shapes are checked by hand, not with {@code java.util.regex}: this runs in every metrics
 * cycle, and a compiled pattern loads ~40 regex classes and their lambdas into a process whose
 * footprint is budgeted (docs/performance.md, round 5). The checks accept exactly what the patterns
 * {@code (\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})} and {@code [0-9A-Fa-f:.]+(%[A-Za-z0-9._-]+)?}
 * matched (IpAddressesTest compares them over many inputs).
 */
public final class IpAddresses {

    private IpAddresses() {
    }

    /** True when the text is a bare address the host can store and it is not excluded by rule 2. */
    public static boolean isReportable(String address) {
        if (address == null || address.isEmpty() || address.indexOf('/') >= 0) {
            return false;
        }
        if (address.indexOf(':') < 0) {
            int a = firstOctet(address);
            return a >= 0 && a != 127 && a != 0 && !(a >= 224 && a <= 239);
        }
        if (!ipv6Shape(address)) {
            return false;
        }
        String bare = stripZone(address).toLowerCase(Locale.ROOT);
        return !bare.equals("::1") && !bare.equals("::") && !bare.startsWith("ff");
    }

    public static boolean isIpv4(String address) {
        return address.indexOf(':') < 0;
    }

    public static boolean isLinkLocal(String address) {
        String a = stripZone(address).toLowerCase(Locale.ROOT);
        return a.startsWith("169.254.") || a.startsWith("fe8") || a.startsWith("fe9")
                || a.startsWith("fea") || a.startsWith("feb");
    }

    /**
     * Four runs of 1-3 ASCII digits joined by dots, each at most 255: the first octet's value, else -1.
     */
    static int firstOctet(String s) {
        int first = -1;
        int at = 0;
        int n = s.length();
        for (int part = 0; part < 4; part++) {
            if (part > 0) {
                if (at >= n || s.charAt(at) != '.') {
                    return -1;
                }
                at++;
            }
            int value = 0;
            int start = at;
            while (at < n && at - start < 3 && s.charAt(at) >= '0' && s.charAt(at) <= '9') {
                value = value * 10 + (s.charAt(at) - '0');
                at++;
            }
            if (at == start || value > 255) {
                return -1;
            }
            if (part == 0) {
                first = value;
            }
        }
        return at == n ? first : -1;
    }

    /** One or more of {@code [0-9A-Fa-f:.]}, then optionally {@code %} and one or more of {@code [A-Za-z0-9._-]}. */
    static boolean ipv6Shape(String s) {
        int pct = s.indexOf('%');
        int end = pct < 0 ? s.length() : pct;
        if (end == 0) {
            return false;
        }
        for (int i = 0; i < end; i++) {
            char c = s.charAt(i);
            if (!(hexDigit(c) || c == ':' || c == '.')) {
                return false;
            }
        }
        if (pct < 0) {
            return true;
        }
        if (pct == s.length() - 1) {
            return false;
        }
        for (int i = pct + 1; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(asciiLetterOrDigit(c) || c == '.' || c == '_' || c == '-')) {
                return false;
            }
        }
        return true;
    }

    private static boolean hexDigit(char c) {
        return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F';
    }

    private static boolean asciiLetterOrDigit(char c) {
        return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z';
    }

    private static String stripZone(String address) {
        int pct = address.indexOf('%');
        return pct < 0 ? address : address.substring(0, pct);
    }
}
