package org.infinibay.infiniservice.bootstrap.wiring;

import java.util.concurrent.ScheduledExecutorService;
import org.infinibay.infiniservice.application.port.in.ProgramRunner;
import org.infinibay.infiniservice.bootstrap.config.Configuration;
import org.infinibay.infiniservice.bootstrap.guest.CoreServices;
import org.infinibay.infiniservice.bootstrap.guest.GuestOs;
import org.infinibay.infiniservice.bootstrap.guest.GuestOsFactory;
import org.infinibay.infiniservice.bootstrap.policy.PolicyLocation;

/**
 * Joins a guest OS's component and the core component: the guest provides the ports, the core lends
 * the guest its execution engine and its timer. Both are Dagger components whose objects are made on first use, so
 * the guest is given the core's services before the core exists and calls them only later.
 */
public final class Assembly {
    private Assembly() {
    }

    public static AgentComponent assemble(GuestOsFactory guest, Configuration configuration, String version,
                                          PolicyLocation policy) {
        Deferred core = new Deferred();
        GuestOs os = guest.create(configuration, core);
        CoreComponent assembled = DaggerCoreComponent.factory().create(configuration, version, policy, os);
        core.set(assembled);
        return assembled;
    }

    /** The core's services, available once the core component is built (before any object is asked for). */
    private static final class Deferred implements CoreServices {
        private volatile CoreServices core;

        void set(CoreServices core) {
            this.core = core;
        }

        @Override
        public ProgramRunner programs() {
            return core().programs();
        }

        @Override
        public ScheduledExecutorService timers() {
            return core().timers();
        }

        private CoreServices core() {
            CoreServices c = core;
            if (c == null) {
                throw new IllegalStateException("the guest asked for the core's services while it was being built");
            }
            return c;
        }
    }
}
