package org.infinibay.infiniservice.bootstrap.cli;

import java.util.Map;
import org.infinibay.infiniservice.bootstrap.config.Configuration;
import org.infinibay.infiniservice.bootstrap.config.ConfigurationLoader;
import org.infinibay.infiniservice.bootstrap.logging.LogSetup;
import org.infinibay.infiniservice.bootstrap.policy.PolicyLocation;
import org.infinibay.infiniservice.bootstrap.wiring.AgentComponent;
import org.infinibay.infiniservice.bootstrap.wiring.DaggerLinuxAgentComponent;
import org.infinibay.infiniservice.bootstrap.wiring.DaggerWindowsAgentComponent;

/** Shared start-up steps of the commands: configuration, logging, the platform's component. */
final class Launch {
    private Launch() {
    }

    static Configuration configuration(CommonOptions o, Integer interval, Map<String, String> env) {
        return new ConfigurationLoader(env, isWindows())
                .load(new ConfigurationLoader.CliValues(o.device, interval, o.stateDir, o.debug, o.config));
    }

    static void logging(Configuration c) {
        LogSetup.configure(c.logLevel(), System.err);
    }

    /** The component of the running platform, with the policy at its default location. */
    static AgentComponent component(Configuration c) {
        return component(c, PolicyLocation.of(null, isWindows(), System.getenv()));
    }

    /** The policy file named by {@code --policy}, else the platform default. */
    static PolicyLocation policy(CommonOptions o) {
        return PolicyLocation.of(o.policy, isWindows(), System.getenv());
    }

    /** The component of the running platform. */
    static AgentComponent component(Configuration c, PolicyLocation policy) {
        if (isWindows()) {
            return DaggerWindowsAgentComponent.factory().create(c, VersionInfo.version(), policy);
        }
        return DaggerLinuxAgentComponent.factory().create(c, VersionInfo.version(), policy);
    }

    static boolean isWindows() {
        return System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).startsWith("windows");
    }
}
