package org.infinibay.infiniservice.adapters.windows.metrics;

/** IPv4 prefix arithmetic for picking the default-route interface. */
public final class Subnets {
    private Subnets() {
    }

    public static boolean contains(String address, int prefix, String other) {
        long a = v4(address);
        long b = v4(other);
        if (a < 0 || b < 0 || prefix < 0 || prefix > 32) {
            return false;
        }
        long mask = prefix == 0 ? 0 : (0xFFFFFFFFL << (32 - prefix)) & 0xFFFFFFFFL;
        return (a & mask) == (b & mask);
    }

    static long v4(String s) {
        if (s == null) {
            return -1;
        }
        String[] p = s.strip().split("\\.");
        if (p.length != 4) {
            return -1;
        }
        long v = 0;
        for (String x : p) {
            try {
                int o = Integer.parseInt(x);
                if (o < 0 || o > 255) {
                    return -1;
                }
                v = (v << 8) | o;
            } catch (NumberFormatException e) {
                return -1;
            }
        }
        return v;
    }
}
