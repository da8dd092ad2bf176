package org.infinibay.infiniservice.domain.metrics;

import java.util.Locale;
import java.util.regex.Pattern;

/** Address rules of CONTRACT §7.4: bare addresses only, no loopback, multicast or unspecified. */
public final class IpAddresses {
    private static final Pattern V4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");
    private static final Pattern V6 = Pattern.compile("[0-9A-Fa-f:.]+(%[A-Za-z0-9._-]+)?");

    private IpAddresses() {
    }

    /** True when the text is a bare address the host can store and it is not excluded by rule 2. */
    public static boolean isReportable(String address) {
        if (address == null || address.isEmpty() || address.indexOf('/') >= 0) {
            return false;
        }
        if (address.indexOf(':') < 0) {
            var m = V4.matcher(address);
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

    private static String stripZone(String address) {
        int pct = address.indexOf('%');
        return pct < 0 ? address : address.substring(0, pct);
    }
}
