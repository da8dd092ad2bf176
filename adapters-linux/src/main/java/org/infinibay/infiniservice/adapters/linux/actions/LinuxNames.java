package org.infinibay.infiniservice.adapters.linux.actions;

import org.infinibay.infiniservice.domain.command.ParameterRule;

/** The Linux columns of CONTRACT §8.2: what service (systemd unit) and package names may contain. */
public final class LinuxNames {
    /** systemd unit names, escapes such as {@code \x2d} included. */
    public static final ParameterRule SERVICE = new ParameterRule("SERVICE_LINUX", "[A-Za-z0-9._@:\\\\-]+", 256);
    /** dpkg and rpm package names. */
    public static final ParameterRule PACKAGE = new ParameterRule("PACKAGE_LINUX", "[A-Za-z0-9._+:-]+", 256);

    private LinuxNames() {
    }
}
