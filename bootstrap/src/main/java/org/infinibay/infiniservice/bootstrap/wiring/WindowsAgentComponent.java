package org.infinibay.infiniservice.bootstrap.wiring;

import dagger.Component;
import jakarta.inject.Singleton;

/** The agent as it runs on a Windows guest. */
@Singleton
@Component(modules = {CoreModule.class, WindowsChannelModule.class, WindowsModule.class})
public interface WindowsAgentComponent extends AgentComponent {

    @Component.Factory
    interface Factory extends AgentComponentFactory<WindowsAgentComponent> {
    }
}
