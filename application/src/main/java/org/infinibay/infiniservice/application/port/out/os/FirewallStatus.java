package org.infinibay.infiniservice.application.port.out.os;

import java.util.List;

/**
 * CONTRACT §8.5.6: {@code type} ∈ ufw, firewalld, nftables, iptables, windows, none; defaults are
 * {@code null} when unknown; {@code profiles} is {@code null} outside Windows/firewalld zones.
 */
public record FirewallStatus(String type, boolean enabled, String status, int rulesCount, String defaultIncoming,
                             String defaultOutgoing, List<String> profiles, String rawOutput) {
    public static FirewallStatus none() {
        return new FirewallStatus("none", false, "not installed", 0, null, null, null, "");
    }
}
