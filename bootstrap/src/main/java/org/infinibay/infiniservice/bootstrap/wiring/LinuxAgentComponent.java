package org.infinibay.infiniservice.bootstrap.wiring;

import dagger.BindsInstance;
import dagger.Component;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import org.infinibay.infiniservice.bootstrap.config.Configuration;
import org.infinibay.infiniservice.bootstrap.policy.PolicyLocation;

/** The agent as it runs on a Linux guest. */
@Singleton
@Component(modules = {CoreModule.class, SerialModule.class, LinuxModule.class})
public interface LinuxAgentComponent extends AgentComponent {

    @Component.Factory
    interface Factory {
        LinuxAgentComponent create(@BindsInstance Configuration configuration,
                                   @BindsInstance @Named("version") String version,
                                   @BindsInstance PolicyLocation policy);
    }
}
