package org.infinibay.infiniservice.bootstrap.cli;

import java.util.Map;
import org.infinibay.infiniservice.bootstrap.config.Configuration;
import org.infinibay.infiniservice.bootstrap.config.ConfigurationLoader;
import org.infinibay.infiniservice.bootstrap.logging.LogSetup;
import org.infinibay.infiniservice.bootstrap.os.GuestSystem;
import org.infinibay.infiniservice.bootstrap.policy.PolicyLocation;
import org.infinibay.infiniservice.bootstrap.wiring.AgentComponent;
import org.infinibay.infiniservice.bootstrap.wiring.Assembly;

/** Shared start-up steps of the commands: configuration, logging, the running guest OS's agent. */
final class Launch {
    /** The guest OS, chosen once: it gives the defaults and the component. */
    static final GuestSystem OS = GuestSystem.running();

    private Launch() {
    }

    static Configuration configuration(CommonOptions o, Integer interval, Map<String, String> env) {
        return new ConfigurationLoader(env, OS.defaults(env))
                .load(new ConfigurationLoader.CliValues(o.device, interval, o.stateDir, o.debug, o.config));
    }

    static void logging(Configuration c) {
        LogSetup.configure(c.logLevel(), System.err);
    }

    /** The agent of the running guest OS, with the policy at its default location. */
    static AgentComponent component(Configuration c) {
        return component(c, PolicyLocation.of(null, OS.defaults(System.getenv()).policyFile()));
    }

    /** The policy file named by {@code --policy}, else the guest OS's default. */
    static PolicyLocation policy(CommonOptions o) {
        return PolicyLocation.of(o.policy, OS.defaults(System.getenv()).policyFile());
    }

    /** The agent of the running guest OS: its guest component joined to the core. */
    static AgentComponent component(Configuration c, PolicyLocation policy) {
        return Assembly.assemble(OS.guest(), c, VersionInfo.version(), policy);
    }
}
