package org.infinibay.infiniservice.bootstrap.wiring;

import dagger.BindsInstance;
import dagger.Component;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import org.infinibay.infiniservice.bootstrap.config.Configuration;
import org.infinibay.infiniservice.bootstrap.guest.CoreServices;
import org.infinibay.infiniservice.bootstrap.guest.GuestOs;
import org.infinibay.infiniservice.bootstrap.policy.PolicyLocation;

/**
 * The agent's core, the same on every guest OS: every OS-neutral service and every safe-action handler,
 * built from the ports of one {@link GuestOs} (a component dependency). It lends the guest its
 * {@link CoreServices} in turn ({@link Assembly} joins the two).
 */
@Singleton
@Component(dependencies = GuestOs.class,
        modules = {CoreModule.class, ActionsModule.class, ExecutionModule.class, ApplicationUsageModule.class})
interface CoreComponent extends AgentComponent, CoreServices {

    @Component.Factory
    interface Factory {
        CoreComponent create(@BindsInstance Configuration configuration, @BindsInstance @Named("version") String version,
                             @BindsInstance PolicyLocation policy, GuestOs guest);
    }
}
