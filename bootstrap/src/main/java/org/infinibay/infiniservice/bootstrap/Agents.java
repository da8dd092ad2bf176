package org.infinibay.infiniservice.bootstrap;

import org.infinibay.infiniservice.bootstrap.config.Configuration;
import org.infinibay.infiniservice.bootstrap.guest.GuestAgent;
import org.infinibay.infiniservice.bootstrap.guest.GuestOsFactory;
import org.infinibay.infiniservice.bootstrap.policy.PolicyLocation;
import org.infinibay.infiniservice.bootstrap.wiring.Assembly;

/**
 * Assembles an agent for any guest OS: its component ({@link GuestOsFactory}: the ports) joined to the
 * one core. What a guest OS module outside bootstrap calls (the launcher of a real OS, or a test of a
 * new one); {@code GuestSystem} does the same for the OSes bootstrap ships.
 */
public final class Agents {
    private Agents() {
    }

    public static GuestAgent assemble(GuestOsFactory guest, Configuration configuration, String version,
                                      PolicyLocation policy) {
        return Assembly.assemble(guest, configuration, version, policy);
    }
}
