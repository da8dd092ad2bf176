package org.infinibay.infiniservice.application.service.auth;

import java.lang.System.Logger.Level;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.infinibay.infiniservice.application.port.out.AgentClock;
import org.infinibay.infiniservice.application.service.OutboundSink;
import org.infinibay.infiniservice.domain.auth.RejectReason;
import org.infinibay.infiniservice.domain.json.JsonObject;
import org.infinibay.infiniservice.domain.message.Outbound;

/**
 * Reports rejected envelopes (CONTRACT §4.7): a WARN log with the reason only, and at most one
 * {@code agent_event} per reason per 60 s carrying how many rejections it folds in. Never the
 * payload, nonce or signature.
 */
public final class RejectionReporter {
    private static final System.Logger LOG = System.getLogger(RejectionReporter.class.getName());
    private static final long WINDOW_NANOS = TimeUnit.SECONDS.toNanos(60);

    private final OutboundSink sink;
    private final AgentClock clock;
    private final Map<RejectReason, Long> lastEvent = new EnumMap<>(RejectReason.class);
    private final Map<RejectReason, Long> suppressed = new EnumMap<>(RejectReason.class);
    private final Map<RejectReason, Long> totals = new EnumMap<>(RejectReason.class);

    public RejectionReporter(OutboundSink sink, AgentClock clock) {
        this.sink = sink;
        this.clock = clock;
    }

    public synchronized void rejected(RejectReason reason) {
        LOG.log(Level.WARNING, "rejected inbound envelope: {0}", reason);
        totals.merge(reason, 1L, Long::sum);
        if (reason == RejectReason.NoSecret) {
            return; // reported once per attach instead (lockedOnAttach)
        }
        long now = clock.monotonicNanos();
        Long last = lastEvent.get(reason);
        if (last != null && now - last < WINDOW_NANOS) {
            suppressed.merge(reason, 1L, Long::sum);
            return;
        }
        long folded = suppressed.getOrDefault(reason, 0L);
        suppressed.remove(reason);
        lastEvent.put(reason, now);
        sink.send(event(Outbound.AgentEvent.Severity.warn, reason, folded));
    }

    /** In the locked state one error event per attach is enough (§4.7). */
    public void lockedOnAttach() {
        sink.send(event(Outbound.AgentEvent.Severity.error, RejectReason.NoSecret, 0));
    }

    public synchronized Map<RejectReason, Long> totals() {
        return Map.copyOf(totals);
    }

    private static Outbound.AgentEvent event(Outbound.AgentEvent.Severity severity, RejectReason reason, long folded) {
        String message = reason == RejectReason.NoSecret
                ? "inbound command channel locked: no shared secret configured"
                : "rejected inbound envelope: " + reason;
        return new Outbound.AgentEvent(severity, "auth", message, null,
                JsonObject.builder().put("reason", reason.name()).put("suppressed", folded).build());
    }
}
