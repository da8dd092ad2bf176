package org.infinibay.infiniservice.bootstrap.os.linux;

import java.nio.file.Path;
import org.infinibay.infiniservice.bootstrap.config.GuestDefaults;
import org.infinibay.infiniservice.bootstrap.guest.GuestOsFactory;

/** A Linux guest as the launcher sees it: its defaults and its component. */
public final class LinuxSystem {
    private static final GuestDefaults DEFAULTS = GuestDefaults.posix("/var/lib/infiniservice",
            Path.of("/etc/infiniservice/config.toml"), Path.of("/etc/infiniservice/policy.toml"));

    private LinuxSystem() {
    }

    /** {@code /var/lib/infiniservice}, {@code /etc/infiniservice/config.toml}, {@code /etc/infiniservice/policy.toml}. */
    public static GuestDefaults defaults() {
        return DEFAULTS;
    }

    /** The POSIX, Linux and serial adapters behind the guest ports. */
    public static GuestOsFactory guest() {
        return DaggerLinuxGuest.factory(); // its Factory is a GuestOsFactory
    }
}
