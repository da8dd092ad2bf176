package org.infinibay.infiniservice.bootstrap.os;

import java.util.Locale;
import java.util.Map;
import org.infinibay.infiniservice.adapters.serial.discovery.DeviceDiscovery;
import org.infinibay.infiniservice.bootstrap.config.GuestDefaults;
import org.infinibay.infiniservice.bootstrap.diagnose.Diagnostics;
import org.infinibay.infiniservice.bootstrap.diagnose.ServiceState;
import org.infinibay.infiniservice.bootstrap.guest.GuestOsFactory;
import org.infinibay.infiniservice.bootstrap.os.linux.LinuxSystem;
import org.infinibay.infiniservice.bootstrap.os.windows.WindowsServiceBoot;

/**
 * The guest OS the agent runs on, chosen once ({@link #running()}) from {@code os.name}: it selects the
 * guest component and the per-OS defaults (state directory, config and policy paths), the service
 * manager {@code diagnose} asks and the device probe. Nothing else in the agent looks at the OS name.
 * A Windows agent loads the Windows classes only through the {@code WINDOWS} branches.
 */
public enum GuestSystem {
    LINUX, WINDOWS;

    /** The running guest OS: Windows when {@code os.name} says so, else Linux (every other POSIX guest). */
    public static GuestSystem running() {
        return System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows") ? WINDOWS : LINUX;
    }

    /** Its defaults, from the process environment ({@code %ProgramData%} on Windows). */
    public GuestDefaults defaults(Map<String, String> env) {
        return this == WINDOWS ? WindowsServiceBoot.defaults(env) : LinuxSystem.defaults();
    }

    /** Its component: the adapters behind the guest ports. */
    public GuestOsFactory guest() {
        return this == WINDOWS ? WindowsServiceBoot.guest() : LinuxSystem.guest();
    }

    /**
     * The environment {@code diagnose} reads: on Windows the VM id and secret the service sees live in its
     * private registry environment (the caller's values win).
     */
    public Map<String, String> diagnoseEnvironment(Map<String, String> process) {
        return this == WINDOWS ? WindowsServiceBoot.commandLineEnvironment(process) : process;
    }

    /** §1.4 for {@code diagnose}: the device the agent would use, never taken from a running service. */
    public Diagnostics.DeviceCheck devices() {
        if (this == WINDOWS) {
            return WindowsServiceBoot::findDevice;
        }
        return new DeviceDiscovery()::discover;
    }

    /** What the OS's service manager says of the agent's service. */
    public Diagnostics.ServiceCheck serviceState() {
        return this == WINDOWS ? ServiceState::windowsService : ServiceState::systemd;
    }

    /**
     * CONTRACT §1.6 on Windows: when the service control manager started the process, the agent runs as a
     * service whatever its arguments.
     *
     * @return the exit code when it ran as a service, {@code null} when the command line should run
     */
    public Integer runAsServiceIfStartedBySystem(String[] args, String version) {
        return this == WINDOWS ? WindowsServiceBoot.runIfStartedByScm(args, version) : null;
    }
}
