package org.infinibay.infiniservice.application.port.out;

import java.util.List;
import org.infinibay.infiniservice.domain.metrics.PortMetric;

/** Listening TCP/UDP sockets with owner and established-connection counts (CONTRACT §7.6). */
public interface PortSource {
    List<PortMetric> sample();
}
