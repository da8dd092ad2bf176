package org.infinibay.infiniservice.bootstrap.os.windows;

import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import org.infinibay.infiniservice.adapters.serial.InstanceLock;
import org.infinibay.infiniservice.adapters.serial.discovery.DeviceDiscovery;
import org.infinibay.infiniservice.adapters.serial.discovery.DeviceKind;
import org.infinibay.infiniservice.adapters.serial.discovery.DiscoveryResult;
import org.infinibay.infiniservice.adapters.windows.channel.WindowsDeviceProbe;
import org.infinibay.infiniservice.adapters.windows.logging.EventLogHandler;
import org.infinibay.infiniservice.adapters.windows.registry.MachineEnvironment;
import org.infinibay.infiniservice.adapters.windows.registry.ServiceEnvironment;
import org.infinibay.infiniservice.adapters.windows.service.ScmServiceHost;
import org.infinibay.infiniservice.adapters.windows.service.ServiceBody;
import org.infinibay.infiniservice.application.port.in.RunAgentUseCase;
import org.infinibay.infiniservice.bootstrap.config.Configuration;
import org.infinibay.infiniservice.bootstrap.config.ConfigurationLoader;
import org.infinibay.infiniservice.bootstrap.config.GuestDefaults;
import org.infinibay.infiniservice.bootstrap.guest.GuestOsFactory;
import org.infinibay.infiniservice.bootstrap.logging.JulSetup;
import org.infinibay.infiniservice.bootstrap.policy.PolicyLocation;
import org.infinibay.infiniservice.bootstrap.wiring.Assembly;
import org.infinibay.infiniservice.domain.log.Logs;

/**
 * Windows service mode (CONTRACT §1.6): whenever the service control manager started the process,
 * the agent runs as a service regardless of its arguments (installers pass e.g. {@code --ping-pong};
 * they are ignored). Started by hand, the dispatcher answers 1063 at once and the normal command
 * line runs. In service mode, logs go to the Windows Event Log (Application, source InfiniService)
 * as well as to stderr; the configuration comes from the environment (the service's private
 * registry environment) and the config file, with the machine environment as fallback for
 * variables a service started before the post-install reboot cannot see.
 */
public final class WindowsServiceBoot {
    private static final System.Logger LOG = Logs.get(WindowsServiceBoot.class);

    private WindowsServiceBoot() {
    }

    /** {@code C:\\...}, {@code c:/...} or {@code \\\\server\\...}. */
    private static final Pattern ABSOLUTE = Pattern.compile("(?i)^[a-z]:[\\\\/].*|^\\\\\\\\.*", Pattern.DOTALL);

    /**
     * {@code %ProgramData%\\InfiniService} (state), {@code %ProgramData%\\InfiniService\\config.toml} and
     * {@code policy.toml} (CONTRACT §1.6).
     */
    public static GuestDefaults defaults(Map<String, String> env) {
        String dir = programData(env) + "\\InfiniService";
        return new GuestDefaults(dir, Path.of(dir + "\\config.toml"), Path.of(dir, "policy.toml"), ABSOLUTE);
    }

    private static String programData(Map<String, String> env) {
        String p = env.get("ProgramData");
        if (p == null || p.isBlank()) {
            p = env.get("PROGRAMDATA");
        }
        return p == null || p.isBlank() ? "C:\\ProgramData" : p;
    }

    /** The Windows adapters behind the guest ports. */
    public static GuestOsFactory guest() {
        return DaggerWindowsGuest.factory()::create;
    }

    /** The variables the service gets from its registry environment, which a command line run lacks. */
    private static final String[] SERVICE_VARIABLES = {"INFINIBAY_VM_ID", "INFINISERVICE_SHARED_SECRET",
        "INFINISERVICE_DEVICE", "INFINISERVICE_STATE_DIR"};

    /**
     * For {@code diagnose} run by an administrator: the process environment, then the service's
     * private registry environment (what install-windows.ps1 stored), then the machine environment,
     * for the variables the service would see. Values set in the caller's environment win.
     */
    public static Map<String, String> commandLineEnvironment(Map<String, String> process) {
        Map<String, String> withService = ServiceEnvironment.withServiceFallback(process,
                ScmServiceHost.DEFAULT_SERVICE_NAME, SERVICE_VARIABLES);
        return MachineEnvironment.withMachineFallback(withService, SERVICE_VARIABLES);
    }

    /** §1.4 on Windows for {@code diagnose}: the first candidate that exists, never taken from the service. */
    public static DiscoveryResult findDevice(String override) {
        if (override != null && override.startsWith(DeviceDiscovery.UNIX_PREFIX)) {
            return new DeviceDiscovery().discover(override);
        }
        List<String> reasons = new ArrayList<>();
        Optional<WindowsDeviceProbe.Found> found = WindowsDeviceProbe.find(override, reasons);
        if (found.isEmpty()) {
            return new DiscoveryResult.NotFound(reasons);
        }
        try {
            return new DiscoveryResult.Found(Path.of(found.get().path()), DeviceKind.VIRTIO_PORT,
                    (override == null || override.isBlank() ? "discovery" : "override") + ", " + found.get().how());
        } catch (InvalidPathException e) {
            return new DiscoveryResult.NotFound(List.of(found.get().path() + " exists but is not a path: " + e.getMessage()));
        }
    }

    /**
     * @return the exit code when the process ran as a service; {@code null} when it was started by
     *         hand (run the command line instead)
     */
    public static Integer runIfStartedByScm(String[] args, String version) {
        AtomicReference<RunAgentUseCase> agent = new AtomicReference<>();
        ServiceBody body = new ServiceBody() {
            @Override
            public void run(Runnable running) throws Exception {
                Map<String, String> env = MachineEnvironment.withMachineFallback(System.getenv(),
                        "INFINIBAY_VM_ID", "INFINISERVICE_SHARED_SECRET", "INFINISERVICE_DEVICE",
                        "INFINISERVICE_STATE_DIR");
                GuestDefaults defaults = defaults(env);
                Configuration c = new ConfigurationLoader(env, defaults)
                        .load(new ConfigurationLoader.CliValues(null, null, null, false, null));
                JulSetup.configure(c.logLevel().julLevel(), System.err);
                try {
                    java.util.logging.Logger.getLogger("").addHandler(new EventLogHandler(EventLogHandler.DEFAULT_SOURCE));
                } catch (RuntimeException | LinkageError e) {
                    LOG.log(Level.WARNING, "Event Log unavailable: {0}", e.toString());
                }
                Files.createDirectories(c.stateDir());
                try (InstanceLock lock = InstanceLock.acquire(c.stateDir())) {
                    RunAgentUseCase a = Assembly.assemble(guest(), c, version,
                            PolicyLocation.of(null, defaults.policyFile())).agent();
                    agent.set(a);
                    running.run();
                    a.run();
                }
            }

            @Override
            public void stop() {
                RunAgentUseCase a = agent.get();
                if (a != null) {
                    a.stop();
                }
            }
        };
        ScmServiceHost.Outcome outcome = new ScmServiceHost(ScmServiceHost.DEFAULT_SERVICE_NAME, body).dispatch();
        switch (outcome) {
            case NOT_STARTED_BY_SCM:
                return null;
            case RAN_AS_SERVICE:
                return 0;
            default:
                return 1;
        }
    }
}
