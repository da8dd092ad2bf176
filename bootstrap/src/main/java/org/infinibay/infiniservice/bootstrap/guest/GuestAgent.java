package org.infinibay.infiniservice.bootstrap.guest;

import org.infinibay.infiniservice.application.port.in.CollectMetricsUseCase;
import org.infinibay.infiniservice.application.port.in.RunAgentUseCase;

/** An assembled agent (core plus guest OS), as a guest's own tests and tools see it. Objects are made on first use. */
public interface GuestAgent {

    RunAgentUseCase agent();

    CollectMetricsUseCase metrics();
}
