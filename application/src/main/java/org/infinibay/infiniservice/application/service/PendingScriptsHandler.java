package org.infinibay.infiniservice.application.service;

import org.infinibay.infiniservice.domain.json.JsonArray;

/** The host-scheduled scripts flow of CONTRACT §10.4. */
public interface PendingScriptsHandler {

    /**
     * Called once per attach, after the attach metrics were queued: sends
     * {@code request_pending_scripts} and retries per §10.4 (10 s wait, then 2 s, then 4 s).
     */
    void requestPendingScripts();

    /** A (possibly unsolicited) {@code pending_scripts_response}; returns at once. */
    void onPendingScriptsResponse(JsonArray scripts);

    /**
     * Called once at start, after the outbound spool was restored and before any command runs:
     * stops what an earlier agent process left running and sends the one {@code script_completion}
     * each script it was running never got (§10.4 item 5).
     */
    default void recoverInterrupted() {
    }

    /** Stops the script worker (agent shutdown). */
    void shutdown();
}
