package org.infinibay.infiniservice.bootstrap.wiring;

import java.util.Set;
import org.infinibay.infiniservice.application.port.in.CollectMetricsUseCase;
import org.infinibay.infiniservice.application.port.in.RunAgentUseCase;
import org.infinibay.infiniservice.application.port.out.HostChannel;
import org.infinibay.infiniservice.application.port.out.ProcessLauncher;
import org.infinibay.infiniservice.application.port.out.SafeActionExecutor;
import org.infinibay.infiniservice.application.port.out.StateStore;
import org.infinibay.infiniservice.application.port.out.SystemFactsSource;
import org.infinibay.infiniservice.application.service.policy.LoadedPolicy;

/** What the command line needs from any platform's component. Objects are created on first use. */
public interface AgentComponent {
    RunAgentUseCase agent();

    CollectMetricsUseCase metrics();

    SystemFactsSource facts();

    HostChannel channel();

    StateStore stateStore();

    /** Every safe-action handler the platform registers (diagnostics, wiring tests). */
    Set<SafeActionExecutor> safeActions();

    /** The guest policy in force (loaded once, on first use). */
    LoadedPolicy policy();

    /** Starts every program; {@code diagnose} shows how it contains their descendants. */
    ProcessLauncher launcher();
}
