package org.infinibay.infiniservice.application.port.out;

import java.util.List;
import org.infinibay.infiniservice.domain.metrics.ProcessMetric;

/** Every process, with CPU percent over the interval since the previous call (pitfall P11). */
public interface ProcessSource {

    List<ProcessMetric> sample();

    /** The agent's own pid, always reported (§7.5) and never killable (§8.5.3). */
    default long ownPid() {
        return ProcessHandle.current().pid();
    }
}
