package org.infinibay.infiniservice.application.service.auth;

import java.lang.System.Logger.Level;
import java.util.EnumMap;
import java.util.Map;
import org.infinibay.infiniservice.application.port.out.AgentClock;
import org.infinibay.infiniservice.application.port.out.LogWindow;
import org.infinibay.infiniservice.application.service.OutboundSink;
import org.infinibay.infiniservice.domain.auth.RejectReason;
import org.infinibay.infiniservice.domain.json.JsonObject;
import org.infinibay.infiniservice.domain.log.Logs;
import org.infinibay.infiniservice.domain.message.Outbound;

/**
 * Reports rejected envelopes (CONTRACT §4.7), rate-limited per reason: at most one WARN log line and
 * one {@code agent_event} per reason per 60 s, each carrying how many rejections it folds in
 * ({@code suppressed}), so a flood of junk lines costs the journal one line per reason per minute.
 * In the locked state ({@code NoSecret}) the log line is limited the same way and the event is sent
 * once per attach instead. Never the payload, nonce or signature.
 */
public final class RejectionReporter {
    private static final System.Logger LOG = Logs.get(RejectionReporter.class);

    private final OutboundSink sink;
    private final AgentClock clock;
    private final LogWindow[] windows;
    private final long[] totals;

    public RejectionReporter(OutboundSink sink, AgentClock clock) {
        this.sink = sink;
        this.clock = clock;
        RejectReason[] reasons = RejectReason.values();
        this.windows = new LogWindow[reasons.length];
        for (int i = 0; i < reasons.length; i++) {
            windows[i] = new LogWindow();
        }
        this.totals = new long[reasons.length];
    }

    public void rejected(RejectReason reason) {
        int i = reason.ordinal();
        long folded;
        synchronized (this) {
            totals[i]++;
            folded = windows[i].occurred(clock.monotonicNanos());
        }
        if (folded < 0) {
            return;
        }
        if (folded == 0) {
            LOG.log(Level.WARNING, "rejected inbound envelope: {0}", reason);
        } else {
            LOG.log(Level.WARNING, "rejected inbound envelope: {0} ({1} more since the previous report)", reason,
                    folded);
        }
        if (reason != RejectReason.NoSecret) { // reported once per attach instead (lockedOnAttach)
            sink.send(event(Outbound.AgentEvent.Severity.warn, reason, folded));
        }
    }

    /** In the locked state one error event per attach is enough (§4.7). */
    public void lockedOnAttach() {
        sink.send(event(Outbound.AgentEvent.Severity.error, RejectReason.NoSecret, 0));
    }

    /** Rejections per reason since start (diagnostics, tests). */
    public synchronized Map<RejectReason, Long> totals() {
        Map<RejectReason, Long> out = new EnumMap<>(RejectReason.class);
        for (RejectReason r : RejectReason.values()) {
            if (totals[r.ordinal()] > 0) {
                out.put(r, totals[r.ordinal()]);
            }
        }
        return Map.copyOf(out);
    }

    private static Outbound.AgentEvent event(Outbound.AgentEvent.Severity severity, RejectReason reason, long folded) {
        String message = reason == RejectReason.NoSecret
                ? "inbound command channel locked: no shared secret configured"
                : "rejected inbound envelope: " + reason;
        return new Outbound.AgentEvent(severity, "auth", message, null,
                JsonObject.builder().put("reason", reason.name()).put("suppressed", folded).build());
    }
}
