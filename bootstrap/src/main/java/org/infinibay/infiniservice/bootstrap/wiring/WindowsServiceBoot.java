package org.infinibay.infiniservice.bootstrap.wiring;

import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.infinibay.infiniservice.adapters.serial.InstanceLock;
import org.infinibay.infiniservice.adapters.windows.logging.EventLogHandler;
import org.infinibay.infiniservice.adapters.windows.registry.MachineEnvironment;
import org.infinibay.infiniservice.adapters.windows.service.ScmServiceHost;
import org.infinibay.infiniservice.adapters.windows.service.ServiceBody;
import org.infinibay.infiniservice.application.port.in.RunAgentUseCase;
import org.infinibay.infiniservice.bootstrap.config.Configuration;
import org.infinibay.infiniservice.bootstrap.config.ConfigurationLoader;
import org.infinibay.infiniservice.bootstrap.logging.LogSetup;
import org.infinibay.infiniservice.bootstrap.policy.PolicyLocation;

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
    private static final System.Logger LOG = System.getLogger(WindowsServiceBoot.class.getName());

    private WindowsServiceBoot() {
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
                Configuration c = new ConfigurationLoader(env, true)
                        .load(new ConfigurationLoader.CliValues(null, null, null, false, null));
                LogSetup.configure(c.logLevel().julLevel(), System.err);
                try {
                    java.util.logging.Logger.getLogger("").addHandler(new EventLogHandler(EventLogHandler.DEFAULT_SOURCE));
                } catch (RuntimeException | LinkageError e) {
                    LOG.log(Level.WARNING, "Event Log unavailable: {0}", e.toString());
                }
                Files.createDirectories(c.stateDir());
                try (InstanceLock lock = InstanceLock.acquire(c.stateDir())) {
                    RunAgentUseCase a = DaggerWindowsAgentComponent.factory().create(c, version,
                            PolicyLocation.of(null, true, env)).agent();
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
