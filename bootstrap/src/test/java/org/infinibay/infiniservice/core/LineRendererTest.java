package org.infinibay.infiniservice.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.infinibay.infiniservice.adapters.serial.json.JacksonJsonCodec;
import org.infinibay.infiniservice.application.service.command.ResponseFactory;
import org.infinibay.infiniservice.application.service.outbound.LineRenderer;
import org.infinibay.infiniservice.domain.command.ActionResult;
import org.infinibay.infiniservice.domain.json.JsonObject;
import org.infinibay.infiniservice.domain.json.JsonString;
import org.infinibay.infiniservice.domain.message.Outbound;
import org.junit.jupiter.api.Test;

/** Lines built without the codec are byte for byte what the codec writes (CONTRACT §2.2, §6.1). */
class LineRendererTest {
    private final JacksonJsonCodec codec = new JacksonJsonCodec();
    private final LineRenderer renderer = new LineRenderer(codec);

    /** The renderer as it was: the head through the codec, the body's inside appended. */
    private String viaCodec(String type, String timestamp, String body) {
        String head = codec.write(JsonObject.builder().put("type", new JsonString(type))
                .put("timestamp", new JsonString(timestamp)).build());
        String inner = body.substring(1, body.length() - 1).trim();
        return inner.isEmpty() ? head : head.substring(0, head.length() - 1) + "," + inner + "}";
    }

    @Test
    void sameLineAsTheCodecWouldWrite() {
        String ts = "2026-11-26T07:30:00.123Z";
        String metrics = codec.write(JsonObject.builder().put("data", JsonObject.builder().put("x", 1.5)
                .put("name", "caf\u00e9 \"q\" \\ \n").build()).build());
        for (String[] c : new String[][] {
                {"keep_alive", ts, "{\"sequence_number\":7}"},
                {"metrics", ts, metrics},
                {"handshake", ts, "{}"},
                {"response", ts, "{ \"id\":\"a\" }"},
                {"response", ts, "{  }"},
                {"odd \"type\"", ts, "{\"a\":1}"},
                {"caf\u00e9", "t\u0001", "{\"a\":1}"}}) {
            assertEquals(viaCodec(c[0], c[1], c[2]), renderer.render(c[0], c[1], c[2]), c[0]);
        }
    }

    @Test
    void bodiesSerialisedAheadAreWhatTheCodecWrites() {
        for (long n : new long[] {0, 7, 4_294_967_296L, Long.MAX_VALUE, -1}) {
            Outbound.KeepAlive k = new Outbound.KeepAlive(n);
            assertEquals(codec.write(k.body()), k.bodyJson());
        }
        ResponseFactory responses = new ResponseFactory(codec, true);
        Outbound.Response r = responses.safe("id-1", "SystemInfo", ActionResult.ok(JsonObject.builder()
                .put("hostname", "h\u00e9").put("uptime_seconds", 5).build()), 3);
        assertEquals(codec.write(r.body()), r.bodyJson());
        Outbound.Response big = responses.safe("id-2", "SystemInfo", ActionResult.ok(JsonObject.builder()
                .put("blob", "x".repeat(ResponseFactory.MAX_LINE)).build()), 3);
        assertEquals(null, big.bodyJson(), "the shrunk body is serialised by the queue");
        assertEquals(null, new Outbound.Response(JsonObject.EMPTY).bodyJson());
    }
}
