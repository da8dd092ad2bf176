package org.infinibay.infiniservice.bootstrap.cli;

import java.util.List;
import java.util.concurrent.Callable;
import org.infinibay.infiniservice.bootstrap.config.Configuration;
import org.infinibay.infiniservice.bootstrap.config.ConfigurationException;
import org.infinibay.infiniservice.bootstrap.diagnose.Diagnostics;
import org.infinibay.infiniservice.bootstrap.policy.PolicyDiagnostics;
import org.infinibay.infiniservice.bootstrap.wiring.AgentComponent;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** Reports device discovery, secret presence (never its value), state directory and OS facts. */
@Command(name = "diagnose", mixinStandardHelpOptions = true,
        description = "Check that the agent could work here; exit code 1 when it could not.")
public final class DiagnoseCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    public DiagnoseCommand() {
    }

    DiagnoseCommand(CommonOptions common) {
        this.common = common;
    }

    @Override
    public Integer call() {
        Configuration c;
        try {
            // e.g. Windows: the VM id and secret the service sees live in its private registry environment
            c = Launch.configuration(common, null, Launch.OS.diagnoseEnvironment(System.getenv()));
        } catch (ConfigurationException e) {
            System.out.println("configuration: INVALID: " + e.getMessage());
            return 2;
        }
        Launch.logging(c);
        AgentComponent component = Launch.component(c, Launch.policy(common));
        Diagnostics d = new Diagnostics(c, Launch.OS.devices(), Launch.OS.serviceState(), component.stateStore(),
                component.facts(),
                List.of(new PolicyDiagnostics(component.policy(), component.stateStore()),
                        (out, problems) -> out.println("containment:   " + component.launcher().containment())));
        return d.report(System.out, VersionInfo.version()).isEmpty() ? 0 : 1;
    }
}
