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

    /**
     * {@code bodyJson} is a serialised object ({@code {…}}) without type and timestamp. The head is
     * written directly when type and timestamp need no escaping (always, for the agent's own types
     * and {@code Timestamps.format}); the body is copied once, into the line.
     */
    public String render(String type, String timestamp, String bodyJson) {
        int start = 1;
        int end = bodyJson.length() - 1;
        while (start < end && bodyJson.charAt(start) <= ' ') {
            start++;
        }
        while (end > start && bodyJson.charAt(end - 1) <= ' ') {
            end--;
        }
        StringBuilder line = new StringBuilder(type.length() + timestamp.length() + (end - start) + 32);
        if (plain(type) && plain(timestamp)) {
            line.append("{\"type\":\"").append(type).append("\",\"timestamp\":\"").append(timestamp).append('"');
        } else {
            String head = codec.write(JsonObject.builder()
                    .put("type", new JsonString(type))
                    .put("timestamp", new JsonString(timestamp))
                    .build());
            line.append(head, 0, head.length() - 1);
        }
        if (end > start) {
            line.append(',').append(bodyJson, start, end);
        }
        return line.append('}').toString();
    }

    /** Printable ASCII without {@code "} or {@code \\}: the same text inside JSON quotes. */
    private static boolean plain(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c > 0x7e || c == '"' || c == '\\') {
                return false;
            }
        }
        return true;
    }
}
