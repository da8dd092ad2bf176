package org.infinibay.infiniservice.testkit.fakeos;

import dagger.BindsInstance;
import dagger.Component;
import jakarta.inject.Singleton;
import org.infinibay.infiniservice.bootstrap.config.Configuration;
import org.infinibay.infiniservice.bootstrap.guest.CoreServices;
import org.infinibay.infiniservice.bootstrap.guest.GuestOs;
import org.infinibay.infiniservice.bootstrap.guest.GuestOsFactory;
import org.infinibay.infiniservice.bootstrap.guest.OptionalPorts;
import org.infinibay.infiniservice.bootstrap.os.serial.SerialModule;

/**
 * The fake OS's component: step 3 of "Adding a guest OS" (docs/architecture.md). It extends
 * {@link GuestOs}, depends on the core's {@link CoreServices}, and binds the fake ports
 * ({@link FakeOsModule}) beside the serial channel and codec every guest shares ({@link SerialModule});
 * the optional ports it leaves out are absent.
 */
@Singleton
@Component(dependencies = CoreServices.class, modules = {OptionalPorts.class, SerialModule.class, FakeOsModule.class})
public interface FakeOsGuest extends GuestOs {

    /** The machine behind the ports, for a test to look at and change. */
    FakeMachine machine();

    @Component.Factory
    interface Factory {
        FakeOsGuest create(@BindsInstance Configuration configuration, CoreServices core);
    }

    /** What {@code Agents.assemble} takes. */
    static GuestOsFactory factory() {
        return DaggerFakeOsGuest.factory()::create;
    }
}
