package org.infinibay.infiniservice.application.service.auth;

import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.infinibay.infiniservice.application.port.out.AgentClock;
import org.infinibay.infiniservice.domain.auth.RejectReason;
import org.infinibay.infiniservice.domain.auth.ReplayCache;
import org.infinibay.infiniservice.domain.auth.SharedSecret;
import org.infinibay.infiniservice.domain.auth.SignedEnvelope;
import org.infinibay.infiniservice.domain.json.Json;
import org.infinibay.infiniservice.domain.json.JsonObject;
import org.infinibay.infiniservice.domain.json.JsonReadException;
import org.infinibay.infiniservice.domain.json.JsonReader;
import org.infinibay.infiniservice.domain.log.Logs;

/**
 * Verifies signed envelopes in exactly the order of CONTRACT §4.4 and fails closed. A nonce enters
 * the replay cache only after checks 1-7 pass (§4.5).
 *
 * <p><b>Bounded before authentication.</b> Checks 2-5 read the line's bytes with
 * {@link SignedEnvelope}: one streaming pass that decodes the envelope's six fields in place and
 * skips everything else, building no JSON tree, and a MAC over the decoded payload where it lies. An
 * unauthenticated line of any shape up to the 8 MiB line limit therefore costs a few small objects.
 * Only an authentic, fresh, new envelope gets its payload read into a tree, and that read is bounded
 * too ({@link #MAX_PAYLOAD_VALUES} values, {@link #MAX_PAYLOAD_DEPTH} levels): a payload beyond it is
 * {@code PayloadInvalid}, whatever its shape.
 */
public final class EnvelopeVerifier {
    /** Values (scalars, arrays, objects) one payload may hold: far above any real message (~20-2000). */
    public static final int MAX_PAYLOAD_VALUES = 20_000;
    /** Nesting one payload may have (real messages: 4). */
    public static final int MAX_PAYLOAD_DEPTH = 32;
    private static final System.Logger LOG = Logs.get(EnvelopeVerifier.class);

    private final Optional<SharedSecret> secret;
    private final AgentClock clock;
    private final ReplayStore replay;

    public EnvelopeVerifier(Optional<SharedSecret> secret, AgentClock clock, ReplayStore replay) {
        this.secret = secret;
        this.clock = clock;
        this.replay = replay;
    }

    /** {@link #verify(byte[], int, int)} of the line's UTF-8 bytes (tools and tests). */
    public Verification verify(String line) {
        byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
        return verify(bytes, 0, bytes.length);
    }

    /**
     * Verifies one line. The bytes are used as scratch: strings are decoded in place, so the range
     * no longer holds the line afterwards.
     */
    public Verification verify(byte[] line, int offset, int length) {
        if (secret.isEmpty()) {
            return reject(RejectReason.NoSecret);
        }
        SignedEnvelope env = SignedEnvelope.scan(line, offset, length);
        if (env == null) {
            return reject(RejectReason.Malformed);
        }
        if (env.version() != 1) {
            return reject(RejectReason.UnsupportedVersion);
        }
        byte[] sig = env.signature();
        if (sig == null) {
            return reject(RejectReason.BadSignatureEncoding);
        }
        if (!env.signedBy(secret.get(), sig)) {
            return reject(RejectReason.BadSignature);
        }
        long now = clock.nowMillis();
        if (!ReplayCache.fresh(now, env.ts())) {
            return reject(RejectReason.Stale);
        }
        if (!replay.checkAndAdd(env.nonce(), env.ts(), now)) {
            return reject(RejectReason.Replay);
        }
        // the envelope is authentic: the nonce stays consumed whatever the payload turns out to be
        try {
            Json inner = JsonReader.read(env.line(), env.payloadStart(), env.payloadLength(),
                    MAX_PAYLOAD_VALUES, MAX_PAYLOAD_DEPTH);
            if (inner instanceof JsonObject o) {
                return new Verification.Accepted(o);
            }
        } catch (JsonReadException e) {
            LOG.log(Level.DEBUG, "signed payload refused: {0}", e.getMessage());
        }
        return reject(RejectReason.PayloadInvalid);
    }

    public boolean locked() {
        return secret.isEmpty();
    }

    private static Verification reject(RejectReason reason) {
        return REJECTED[reason.ordinal()];
    }

    /** One outcome per reason: a flood of rejected lines allocates none. */
    private static final Verification.Rejected[] REJECTED = rejections();

    private static Verification.Rejected[] rejections() {
        RejectReason[] reasons = RejectReason.values();
        Verification.Rejected[] out = new Verification.Rejected[reasons.length];
        for (RejectReason r : reasons) {
            out[r.ordinal()] = new Verification.Rejected(r);
        }
        return out;
    }
}
