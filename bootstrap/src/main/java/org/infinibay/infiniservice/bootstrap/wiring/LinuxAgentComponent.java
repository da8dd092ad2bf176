package org.infinibay.infiniservice.bootstrap.wiring;

import dagger.Component;
import jakarta.inject.Singleton;

/** The agent as it runs on a Linux guest. */
@Singleton
@Component(modules = {CoreModule.class, SerialModule.class, LinuxModule.class})
public interface LinuxAgentComponent extends AgentComponent {

    @Component.Factory
    interface Factory extends AgentComponentFactory<LinuxAgentComponent> {
    }
}
