package org.infinibay.infiniservice.bootstrap.wiring;

import java.util.Set;
import org.infinibay.infiniservice.application.port.out.HostChannel;
import org.infinibay.infiniservice.application.port.out.ProcessLauncher;
import org.infinibay.infiniservice.application.service.command.SafeActionExecutor;
import org.infinibay.infiniservice.application.port.out.StateStore;
import org.infinibay.infiniservice.application.port.out.SystemFactsSource;
import org.infinibay.infiniservice.application.service.command.SafeActionRegistry;
import org.infinibay.infiniservice.application.service.policy.LoadedPolicy;
import org.infinibay.infiniservice.bootstrap.guest.GuestAgent;

/** What the command line needs from the assembled agent, whatever the guest OS. Objects are created on first use. */
public interface AgentComponent extends GuestAgent {

    SystemFactsSource facts();

    HostChannel channel();

    StateStore stateStore();

    /** Every safe-action handler the guest's ports give (diagnostics, wiring tests). */
    Set<SafeActionExecutor> safeActions();

    /** The dispatcher's view: the handled actions and the catalogue's "not supported" ones. */
    SafeActionRegistry actions();

    /** The guest policy in force (loaded once, on first use). */
    LoadedPolicy policy();

    /** Starts every program; {@code diagnose} shows how it contains their descendants. */
    ProcessLauncher launcher();
}
