package org.infinibay.infiniservice.application.service.agent;

import java.lang.System.Logger.Level;
import org.infinibay.infiniservice.application.service.PendingScriptsHandler;
import org.infinibay.infiniservice.application.service.OutboundSink;
import java.util.concurrent.atomic.AtomicLong;
import org.infinibay.infiniservice.application.port.in.HandleInboundLineUseCase;
import org.infinibay.infiniservice.application.port.in.PublishMetricsUseCase;
import org.infinibay.infiniservice.application.service.auth.EnvelopeVerifier;
import org.infinibay.infiniservice.application.service.auth.RejectionReporter;
import org.infinibay.infiniservice.application.service.auth.ReplayStore;
import org.infinibay.infiniservice.application.service.auth.Verification;
import org.infinibay.infiniservice.application.service.command.CommandService;
import org.infinibay.infiniservice.application.service.policy.Lockdown;
import org.infinibay.infiniservice.application.service.policy.PolicyDecision;
import org.infinibay.infiniservice.domain.log.Logs;
import org.infinibay.infiniservice.domain.message.InboundMessage;
import org.infinibay.infiniservice.domain.message.InboundMessages;
import org.infinibay.infiniservice.domain.message.Outbound;

/**
 * Verifies each inbound line and dispatches the inner message (CONTRACT §4, §5.1). Runs on the
 * reader thread and returns quickly: commands go to the worker pool, keep-alives are answered
 * straight into the outbound queue so no command can delay them (§11).
 *
 * <p>The verifier has written the envelope's nonce to the replay cache but not synced it. Before a
 * message that can change the guest (an unsafe command, scripts, a safe action outside
 * the catalogue's read-only ones, {@code SafeAction.readOnly()}) is dispatched, the nonce is made durable, so not even an
 * OS crash can let that envelope run twice (§4.5); effect-free messages leave it to the replay
 * store's delayed sync (see {@link ReplayStore}). When the nonce cannot be made durable (the state
 * directory is full, read-only or failing) such a message is refused and never runs: a command gets
 * a prompt {@code success:false} response naming the reason, scripts are not started (they stay
 * pending on the host, which offers them again) and an {@code agent_event} says why. Effect-free
 * messages still run. When the agent already knows why (a {@link Lockdown}: the state directory is
 * read-only or full), the refusal names that reason instead, as the policy's lockdown refusal does.
 */
public final class InboundProcessor implements HandleInboundLineUseCase {
    private static final System.Logger LOG = Logs.get(InboundProcessor.class);
    static final String REPLAY_UNAVAILABLE =
            "replay protection unavailable: the envelope's nonce could not be stored in the state directory";

    private final EnvelopeVerifier verifier;
    private final ReplayStore replay;
    private final RejectionReporter rejections;
    private final CommandService commands;
    private final PendingScriptsHandler scripts;
    private final PublishMetricsUseCase metrics;
    private final OutboundSink sink;
    private final Lockdown lockdown;
    private final AtomicLong lastKeepAliveSequence = new AtomicLong();
    private final AtomicLong keepAliveResponses = new AtomicLong();

    public InboundProcessor(EnvelopeVerifier verifier, ReplayStore replay, RejectionReporter rejections,
                            CommandService commands, PendingScriptsHandler scripts, PublishMetricsUseCase metrics,
                            OutboundSink sink, Lockdown lockdown) {
        this.verifier = verifier;
        this.replay = replay;
        this.rejections = rejections;
        this.commands = commands;
        this.scripts = scripts;
        this.metrics = metrics;
        this.sink = sink;
        this.lockdown = lockdown;
    }

    @Override
    public void handleLine(byte[] line, int offset, int length) {
        Verification v = verifier.verify(line, offset, length);
        if (v instanceof Verification.Rejected r) {
            rejections.rejected(r.reason());
            return;
        }
        InboundMessage m = InboundMessages.parse(((Verification.Accepted) v).payload());
        try {
            if (canChangeTheGuest(m) && !replay.sync()) {
                refuse(m);
                return;
            }
            dispatch(m);
        } catch (RuntimeException e) {
            // a bug in one handler must never take the reader down
            LOG.log(Level.ERROR, "dispatch of an inbound " + m.getClass().getSimpleName() + " failed", e);
        }
    }

    private void dispatch(InboundMessage m) {
        if (m instanceof InboundMessage.KeepAliveRequest k) {
            lastKeepAliveSequence.set(k.sequenceNumber());
            sink.send(new Outbound.KeepAlive(k.sequenceNumber()));
        } else if (m instanceof InboundMessage.KeepAliveResponse) {
            keepAliveResponses.incrementAndGet();
        } else if (m instanceof InboundMessage.SafeCommand c) {
            commands.submitSafe(c);
        } else if (m instanceof InboundMessage.UnsafeCommand c) {
            commands.submitUnsafe(c);
        } else if (m instanceof InboundMessage.PendingScriptsResponse p) {
            scripts.onPendingScriptsResponse(p.scripts());
        } else if (m instanceof InboundMessage.MetricsRequest) {
            metrics.publishMetricsNow();
        } else if (m instanceof InboundMessage.Unidentified u) {
            LOG.log(Level.WARNING, "{0} without a usable id dropped", u.type());
        } else if (m instanceof InboundMessage.Unknown u) {
            LOG.log(Level.DEBUG, "inbound message of unknown type ignored");
        }
    }

    /** A state-changing message whose nonce could not be stored durably: it must not run (§4.5). */
    private void refuse(InboundMessage m) {
        LOG.log(Level.ERROR, "refused an inbound {0}: its nonce could not be stored durably in the state "
                + "directory (replay protection unavailable)", m.getClass().getSimpleName());
        String known = lockdown.refusal();
        String why = known == null ? REPLAY_UNAVAILABLE : PolicyDecision.LOCKDOWN_PREFIX + known;
        if (m instanceof InboundMessage.SafeCommand c) {
            commands.refuse(c, why);
        } else if (m instanceof InboundMessage.UnsafeCommand c) {
            commands.refuse(c, why);
        } else {
            sink.send(new Outbound.AgentEvent(Outbound.AgentEvent.Severity.error, "auth",
                    "pending scripts not run: " + why, null, null));
        }
    }

    /** Unsafe commands, scripts and every safe action that is not known to be read-only. */
    private boolean canChangeTheGuest(InboundMessage m) {
        if (m instanceof InboundMessage.SafeCommand c) {
            return !commands.readOnly(c);
        }
        return m instanceof InboundMessage.UnsafeCommand || m instanceof InboundMessage.PendingScriptsResponse;
    }

    /** The newest keep-alive sequence received (for an unsolicited keep_alive, §11). */
    public long lastKeepAliveSequence() {
        return lastKeepAliveSequence.get();
    }

    public long keepAliveResponses() {
        return keepAliveResponses.get();
    }
}
