package org.infinibay.infiniservice.application.port.in;

/** Asks for a metrics line now (coalesced: at most one extra send per 2 s, CONTRACT §5.1). */
public interface PublishMetricsUseCase {
    void publishMetricsNow();
}
