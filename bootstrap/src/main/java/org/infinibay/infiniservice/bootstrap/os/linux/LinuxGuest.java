package org.infinibay.infiniservice.bootstrap.os.linux;

import dagger.BindsInstance;
import dagger.Component;
import jakarta.inject.Singleton;
import org.infinibay.infiniservice.bootstrap.config.Configuration;
import org.infinibay.infiniservice.bootstrap.guest.CoreServices;
import org.infinibay.infiniservice.bootstrap.guest.GuestOs;
import org.infinibay.infiniservice.bootstrap.guest.GuestOsFactory;
import org.infinibay.infiniservice.bootstrap.guest.OptionalPorts;
import org.infinibay.infiniservice.bootstrap.os.posix.PosixModule;
import org.infinibay.infiniservice.bootstrap.os.serial.SerialModule;

/** A Linux guest: the POSIX adapters, the Linux adapters and the virtio-serial channel. */
@Singleton
@Component(dependencies = CoreServices.class,
        modules = {OptionalPorts.class, SerialModule.class, PosixModule.class, LinuxModule.class})
public interface LinuxGuest extends GuestOs {

    @Component.Factory
    interface Factory extends GuestOsFactory {
        // the factory itself is the GuestOsFactory: no method reference when the agent is wired (issue #17)
        @Override
        LinuxGuest create(@BindsInstance Configuration configuration, CoreServices core);
    }
}
