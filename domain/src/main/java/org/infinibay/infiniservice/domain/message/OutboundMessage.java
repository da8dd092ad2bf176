package org.infinibay.infiniservice.domain.message;

import org.infinibay.infiniservice.domain.json.JsonObject;

/**
 * A line the agent sends. The body holds every key except {@code type} and {@code timestamp}: the
 * writer adds both when it serialises the line, so the timestamp is the moment of writing (§6.2).
 */
public interface OutboundMessage {
    String type();

    JsonObject body();

    QueuePolicy policy();

    /**
     * Called by the writer with the write-time timestamp for messages that repeat it in a field
     * ({@code request_pending_scripts.request_timestamp}). Most messages ignore it.
     */
    default JsonObject bodyAt(String timestamp) {
        return body();
    }

    /**
     * The body as the codec serialises it, when whoever built the message has it already (a
     * response, whose size was checked on the way) or it is trivial (a keep_alive); {@code null}:
     * the queue serialises {@link #body()}.
     */
    default String bodyJson() {
        return null;
    }

    /** True when {@link #bodyAt} differs from {@link #body}, so the body is rendered at write time. */
    default boolean bodyDependsOnTimestamp() {
        return false;
    }
}
