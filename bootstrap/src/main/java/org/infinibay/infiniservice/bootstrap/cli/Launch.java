package org.infinibay.infiniservice.bootstrap.cli;

import java.util.Map;
import org.infinibay.infiniservice.bootstrap.config.Configuration;
import org.infinibay.infiniservice.bootstrap.config.ConfigurationLoader;
import org.infinibay.infiniservice.bootstrap.logging.LogSetup;
import org.infinibay.infiniservice.bootstrap.wiring.AgentComponent;
import org.infinibay.infiniservice.bootstrap.wiring.DaggerLinuxAgentComponent;

/** Shared start-up steps of the commands: configuration, logging, the platform's component. */
final class Launch {
    private Launch() {
    }

    static Configuration configuration(CommonOptions o, Integer interval, Map<String, String> env) {
        return new ConfigurationLoader(env, isWindows())
                .load(new ConfigurationLoader.CliValues(o.device, interval, o.stateDir, o.debug));
    }

    static void logging(Configuration c) {
        LogSetup.configure(c.debug(), System.err);
    }

    /** The component of the running platform. */
    static AgentComponent component(Configuration c) {
        if (isWindows()) {
            throw new IllegalStateException("this build has no Windows component yet");
        }
        return DaggerLinuxAgentComponent.factory().create(c, VersionInfo.version());
    }

    static boolean isWindows() {
        return System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).startsWith("windows");
    }
}
