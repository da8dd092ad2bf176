package org.infinibay.infiniservice.application.service.policy;

/**
 * The policy's answer for one command or script.
 *
 * @param rule     {@code null} when allowed; otherwise the rule that refused it, e.g.
 *                 {@code services.deny "sshd" matches "sshd"} or {@code unsafe_commands = false}, or why
 *                 the agent is {@linkplain Lockdown locked down}
 * @param lockdown refused because the agent is locked down, not by a rule of the policy
 */
public record PolicyDecision(String rule, boolean lockdown) {
    public static final PolicyDecision ALLOW = new PolicyDecision(null, false);
    public static final String PREFIX = "denied by guest policy: ";
    public static final String LOCKDOWN_PREFIX = "refused: agent locked down: ";

    public static PolicyDecision deny(String rule) {
        return new PolicyDecision(rule, false);
    }

    /** Refused because the agent is locked down ({@code reason} says why and until when). */
    public static PolicyDecision locked(String reason) {
        return new PolicyDecision(reason, true);
    }

    public boolean allowed() {
        return rule == null;
    }

    /** The response/completion error text; only meaningful when denied. */
    public String error() {
        return (lockdown ? LOCKDOWN_PREFIX : PREFIX) + rule;
    }
}
