package org.infinibay.infiniservice.bootstrap.wiring;

import dagger.BindsInstance;
import jakarta.inject.Named;
import org.infinibay.infiniservice.bootstrap.config.Configuration;
import org.infinibay.infiniservice.bootstrap.policy.PolicyLocation;

/** What every platform's component is created from; each {@code @Component.Factory} extends this. */
public interface AgentComponentFactory<C extends AgentComponent> {
    C create(@BindsInstance Configuration configuration, @BindsInstance @Named("version") String version,
             @BindsInstance PolicyLocation policy);
}
