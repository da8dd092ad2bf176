package org.infinibay.infiniservice.bootstrap.hostsim;

import org.infinibay.infiniservice.adapters.serial.json.JacksonJsonCodec;
import org.infinibay.infiniservice.domain.auth.HmacSigner;
import org.infinibay.infiniservice.domain.auth.SharedSecret;
import org.infinibay.infiniservice.domain.json.JsonObject;
import org.infinibay.infiniservice.domain.json.JsonString;

/** Builds signed envelopes exactly as the host's AgentMessageSigner (CONTRACT §4.1, §4.2). */
final class Envelopes {
    private static final JacksonJsonCodec CODEC = new JacksonJsonCodec();

    private Envelopes() {
    }

    static String envelope(SharedSecret secret, String payload, long ts, String nonce) {
        if (secret == null) {
            throw new IllegalStateException("the simulator has no secret to sign with");
        }
        String sig = HmacSigner.sign(secret, 1, ts, nonce, payload);
        return CODEC.write(JsonObject.builder()
                .put("type", new JsonString("signed"))
                .put("v", 1)
                .put("ts", ts)
                .put("nonce", nonce)
                .put("payload", payload)
                .put("sig", sig)
                .build());
    }
}
