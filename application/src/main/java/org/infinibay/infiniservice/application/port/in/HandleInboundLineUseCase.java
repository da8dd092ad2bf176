package org.infinibay.infiniservice.application.port.in;

/** Verifies and dispatches one line received from the host (CONTRACT §4, §5). */
public interface HandleInboundLineUseCase {
    void handleLine(String line);
}
