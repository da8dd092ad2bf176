package org.infinibay.infiniservice.adapters.linux.metrics;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * /proc/net/if_inet6: {@code address ifindex prefixlen scope flags name}, all hex. Tentative (0x40) and
 * DAD-failed (0x08) addresses are not usable and are dropped (§7.4 rule 2); link-local ones carry the
 * interface as zone.
 */
final class Ipv6Table {
    static final int IFA_F_DADFAILED = 0x08;
    static final int IFA_F_TENTATIVE = 0x40;
    private static final int SCOPE_LINK = 0x20;

    private Ipv6Table() {
    }

    static Map<String, List<String>> parse(ProcFile f) {
        Map<String, List<String>> out = new HashMap<>();
        f.position(0);
        while (!f.atEnd()) {
            String hex = f.token();
            f.skipTokens(2); // ifindex, prefix length
            long scope = f.hex();
            long flags = f.hex();
            String name = f.token();
            if (hex != null && hex.length() == 32 && name != null
                    && (flags & (IFA_F_TENTATIVE | IFA_F_DADFAILED)) == 0) {
                String text = format(hex);
                if (text != null) {
                    if ((scope & 0xf0) == SCOPE_LINK) {
                        text = text + "%" + name;
                    }
                    List<String> l = out.get(name);
                    if (l == null) {
                        l = new ArrayList<>();
                        out.put(name, l);
                    }
                    l.add(text);
                }
            }
            f.nextLine();
        }
        return out;
    }

    /** RFC 5952 text of 32 hex digits: lower case, no leading zeros, longest zero run (≥ 2) as "::". */
    static String format(String hex) {
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            int v = 0;
            for (int j = 0; j < 4; j++) {
                int d = Character.digit(hex.charAt(i * 4 + j), 16);
                if (d < 0) {
                    return null;
                }
                v = (v << 4) | d;
            }
            groups[i] = v;
        }
        int bestStart = -1;
        int bestLen = 0;
        for (int i = 0; i < 8; ) {
            if (groups[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && groups[j] == 0) {
                j++;
            }
            if (j - i > bestLen) {
                bestStart = i;
                bestLen = j - i;
            }
            i = j;
        }
        if (bestLen < 2) {
            bestStart = -1;
        }
        StringBuilder b = new StringBuilder(39);
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                b.append("::");
                i += bestLen - 1;
                continue;
            }
            if (b.length() > 0 && b.charAt(b.length() - 1) != ':') {
                b.append(':');
            }
            b.append(Integer.toHexString(groups[i]));
        }
        return b.toString();
    }
}
