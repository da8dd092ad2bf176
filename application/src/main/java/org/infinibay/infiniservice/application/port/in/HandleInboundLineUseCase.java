package org.infinibay.infiniservice.application.port.in;

import java.nio.charset.StandardCharsets;

/** Verifies and dispatches one line received from the host (CONTRACT §4, §5). */
public interface HandleInboundLineUseCase {

    /**
     * One line as raw bytes; the bytes are the handler's scratch for the call (decoded in place) and
     * are not kept.
     */
    void handleLine(byte[] line, int offset, int length);

    /** The line's UTF-8 bytes to {@link #handleLine(byte[], int, int)} (tools and tests). */
    default void handleLine(String line) {
        byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
        handleLine(bytes, 0, bytes.length);
    }
}
