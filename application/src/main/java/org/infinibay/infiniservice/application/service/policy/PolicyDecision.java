package org.infinibay.infiniservice.application.service.policy;

/**
 * The policy's answer for one command or script.
 *
 * @param rule {@code null} when allowed; otherwise the rule that refused it, e.g.
 *             {@code services.deny "sshd" matches "sshd"} or {@code unsafe_commands = false}
 */
public record PolicyDecision(String rule) {
    public static final PolicyDecision ALLOW = new PolicyDecision(null);
    public static final String PREFIX = "denied by guest policy: ";

    public static PolicyDecision deny(String rule) {
        return new PolicyDecision(rule);
    }

    public boolean allowed() {
        return rule == null;
    }

    /** The response/completion error text; only meaningful when denied. */
    public String error() {
        return PREFIX + rule;
    }
}
