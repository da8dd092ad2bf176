package org.infinibay.infiniservice.application.service.auth;

import java.util.Optional;
import java.util.OptionalLong;
import org.infinibay.infiniservice.application.port.out.AgentClock;
import org.infinibay.infiniservice.application.port.out.JsonCodec;
import org.infinibay.infiniservice.application.port.out.MalformedJsonException;
import org.infinibay.infiniservice.domain.auth.HmacSigner;
import org.infinibay.infiniservice.domain.auth.RejectReason;
import org.infinibay.infiniservice.domain.auth.ReplayCache;
import org.infinibay.infiniservice.domain.auth.SharedSecret;
import org.infinibay.infiniservice.domain.json.Json;
import org.infinibay.infiniservice.domain.json.JsonFloat;
import org.infinibay.infiniservice.domain.json.JsonInt;
import org.infinibay.infiniservice.domain.json.JsonObject;

/**
 * Verifies signed envelopes in exactly the order of CONTRACT §4.4 and fails closed. A nonce enters
 * the replay cache only after checks 1-7 pass (§4.5).
 */
public final class EnvelopeVerifier {
    private final Optional<SharedSecret> secret;
    private final JsonCodec codec;
    private final AgentClock clock;
    private final ReplayStore replay;

    public EnvelopeVerifier(Optional<SharedSecret> secret, JsonCodec codec, AgentClock clock, ReplayStore replay) {
        this.secret = secret;
        this.codec = codec;
        this.clock = clock;
        this.replay = replay;
    }

    public Verification verify(String line) {
        if (secret.isEmpty()) {
            return new Verification.Rejected(RejectReason.NoSecret);
        }
        JsonObject env;
        try {
            Json parsed = codec.parse(line);
            if (!(parsed instanceof JsonObject o)) {
                return reject(RejectReason.Malformed);
            }
            env = o;
        } catch (MalformedJsonException e) {
            return reject(RejectReason.Malformed);
        }
        OptionalLong v = strictInteger(env.fields().get("v"));
        OptionalLong ts = strictInteger(env.fields().get("ts"));
        Optional<String> nonce = env.string("nonce");
        Optional<String> payload = env.string("payload");
        Optional<String> sig = env.string("sig");
        if (!"signed".equals(env.string("type").orElse(null)) || v.isEmpty() || ts.isEmpty()
                || nonce.isEmpty() || payload.isEmpty() || sig.isEmpty()) {
            return reject(RejectReason.Malformed);
        }
        if (v.getAsLong() != 1) {
            return reject(RejectReason.UnsupportedVersion);
        }
        byte[] sigBytes = HmacSigner.unhex(sig.get());
        if (sigBytes == null) {
            return reject(RejectReason.BadSignatureEncoding);
        }
        if (!HmacSigner.matches(secret.get(), v.getAsLong(), ts.getAsLong(), nonce.get(), payload.get(), sigBytes)) {
            return reject(RejectReason.BadSignature);
        }
        long now = clock.nowMillis();
        if (!ReplayCache.fresh(now, ts.getAsLong())) {
            return reject(RejectReason.Stale);
        }
        if (!replay.checkAndAdd(nonce.get(), ts.getAsLong(), now)) {
            return reject(RejectReason.Replay);
        }
        try {
            Json inner = codec.parse(payload.get());
            if (inner instanceof JsonObject o) {
                return new Verification.Accepted(o);
            }
        } catch (MalformedJsonException e) {
            // fall through: the nonce stays consumed, as the envelope itself was authentic
        }
        return reject(RejectReason.PayloadInvalid);
    }

    public boolean locked() {
        return secret.isEmpty();
    }

    private static Verification reject(RejectReason reason) {
        return new Verification.Rejected(reason);
    }

    /** {@code v} and {@code ts} are integers: an integer token, or an integral float within 2^53. */
    private static OptionalLong strictInteger(Json j) {
        if (j instanceof JsonInt i) {
            return OptionalLong.of(i.value());
        }
        if (j instanceof JsonFloat f && f.value() == Math.rint(f.value()) && Math.abs(f.value()) <= 9.007199254740992E15) {
            return OptionalLong.of((long) f.value());
        }
        return OptionalLong.empty();
    }
}
