package org.infinibay.infiniservice.application.port.in;

/** One complete metrics wire line (with type and timestamp), for {@code metrics --once}. */
public interface CollectMetricsUseCase {
    String collectMetricsLine() throws InterruptedException;
}
