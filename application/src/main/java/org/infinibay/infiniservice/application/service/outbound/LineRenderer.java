package org.infinibay.infiniservice.application.service.outbound;

import org.infinibay.infiniservice.application.port.out.JsonCodec;
import org.infinibay.infiniservice.domain.json.JsonObject;
import org.infinibay.infiniservice.domain.json.JsonString;

/**
 * Renders a queued line as {@code {"type":…,"timestamp":…,<body>}}. The body was serialised when
 * queued, so writing costs one string concatenation, not a second serialisation.
 */
public final class LineRenderer {
    private final JsonCodec codec;

    public LineRenderer(JsonCodec codec) {
        this.codec = codec;
    }

    String render(QueuedLine line, String timestamp) {
        String body = line.bodyJson();
        if (body == null) {
            body = codec.write(line.message().bodyAt(timestamp));
        }
        return render(line.type(), timestamp, body);
    }

    /** {@code bodyJson} is a serialised object ({@code {…}}) without type and timestamp. */
    public String render(String type, String timestamp, String bodyJson) {
        String head = codec.write(JsonObject.builder()
                .put("type", new JsonString(type))
                .put("timestamp", new JsonString(timestamp))
                .build());
        String inner = bodyJson.substring(1, bodyJson.length() - 1).trim();
        if (inner.isEmpty()) {
            return head;
        }
        return head.substring(0, head.length() - 1) + "," + inner + "}";
    }
}
