package org.infinibay.infiniservice.application.service.policy;

import org.infinibay.infiniservice.domain.json.JsonObject;
import org.infinibay.infiniservice.domain.message.Outbound;

/**
 * Why the agent refuses everything that could change the guest (unsafe commands, scripts, every
 * safe action outside the catalogue's read-only ones ({@code SafeAction})) while metrics and read-only actions go
 * on: a guest policy file that exists but cannot be used (fixed for the life of the process: the file
 * is read once at start), or a state directory the agent cannot write (set and cleared by the
 * start-up probe and its re-checks). Read on every command: one volatile read.
 */
public final class Lockdown {
    /** Never locked (tests, tools). */
    public static final Lockdown NONE = new Lockdown(null);

    private final String policyError;
    private volatile String stateError;

    /** @param policyError why the policy file cannot be used, or {@code null} */
    public Lockdown(String policyError) {
        this.policyError = policyError;
    }

    /** Why the agent is locked down, or {@code null} when it is not. */
    public String reason() {
        String state = stateError;
        if (policyError == null) {
            return state;
        }
        String p = "the guest policy file cannot be used (" + policyError + ")";
        return state == null ? p : p + "; " + state;
    }

    /** The reason as a command's refusal: what is locked and until when. */
    public String refusal() {
        String r = reason();
        return r == null ? null : r + "; only metrics and read-only actions until this is fixed";
    }

    /**
     * Records whether the state directory is usable.
     *
     * @param error why it is not (e.g. {@code the state directory /var/lib/infiniservice is not usable:
     *              Read-only file system}), or {@code null} when it is
     * @return whether this changed the lockdown
     */
    public boolean stateDirectory(String error) {
        String old = stateError;
        stateError = error;
        return old == null ? error != null : !old.equals(error);
    }

    public boolean stateDirectoryUsable() {
        return stateError == null;
    }

    /** The {@code agent_event} telling the host the current state (error while locked, info once lifted). */
    public Outbound.AgentEvent event() {
        String r = reason();
        if (r == null) {
            return new Outbound.AgentEvent(Outbound.AgentEvent.Severity.info, "lockdown",
                    "lockdown lifted: state-changing commands, unsafe commands and scripts run again", null,
                    JsonObject.builder().put("locked", false).build());
        }
        return new Outbound.AgentEvent(Outbound.AgentEvent.Severity.error, "lockdown",
                "agent locked down: " + refusal() + " (unsafe commands, scripts and state-changing actions are refused)",
                null, JsonObject.builder().put("locked", true).put("policy_file_unusable", policyError != null)
                        .put("state_directory_unusable", stateError != null).build());
    }
}
