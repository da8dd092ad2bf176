package org.infinibay.infiniservice.bootstrap.os.windows;

import dagger.BindsInstance;
import dagger.Component;
import jakarta.inject.Singleton;
import org.infinibay.infiniservice.bootstrap.config.Configuration;
import org.infinibay.infiniservice.bootstrap.guest.CoreServices;
import org.infinibay.infiniservice.bootstrap.guest.GuestOs;
import org.infinibay.infiniservice.bootstrap.guest.OptionalPorts;

/** A Windows guest: the Windows adapters and the vioserial (or COM, or {@code unix:}) channel. */
@Singleton
@Component(dependencies = CoreServices.class,
        modules = {OptionalPorts.class, WindowsChannelModule.class, WindowsModule.class})
public interface WindowsGuest extends GuestOs {

    @Component.Factory
    interface Factory {
        WindowsGuest create(@BindsInstance Configuration configuration, CoreServices core);
    }
}
