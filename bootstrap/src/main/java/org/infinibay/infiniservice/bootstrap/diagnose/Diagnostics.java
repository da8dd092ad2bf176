package org.infinibay.infiniservice.bootstrap.diagnose;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.infinibay.infiniservice.adapters.serial.discovery.DiscoveryResult;
import org.infinibay.infiniservice.application.port.out.StateStore;
import org.infinibay.infiniservice.application.port.out.SystemFacts;
import org.infinibay.infiniservice.application.port.out.SystemFactsSource;
import org.infinibay.infiniservice.bootstrap.config.Configuration;
import org.infinibay.infiniservice.domain.auth.SharedSecret;

/**
 * What an operator needs to know when the VM shows no data: which device would be used, whether a
 * secret is configured (never its value), whether the state directory works, and the OS facts.
 */
public final class Diagnostics {
    private final Configuration config;
    private final DeviceCheck discovery;
    private final ServiceCheck service;
    private final StateStore store;
    private final SystemFactsSource facts;
    private final List<DiagnoseSection> sections;

    /** Which device the agent would use (the guest OS's discovery, e.g. {@code DeviceDiscovery::discover}). */
    @FunctionalInterface
    public interface DeviceCheck {
        DiscoveryResult discover(String override);
    }

    /** What the guest OS's service manager says of the service (e.g. {@link ServiceState#systemd}). */
    @FunctionalInterface
    public interface ServiceCheck {
        String describe(String serviceName);
    }

    /** @param sections extra parts (guest policy, self figures) printed before the result */
    public Diagnostics(Configuration config, DeviceCheck discovery, ServiceCheck service, StateStore store,
                       SystemFactsSource facts, List<DiagnoseSection> sections) {
        this.sections = List.copyOf(sections);
        this.config = config;
        this.discovery = discovery;
        this.service = service;
        this.store = store;
        this.facts = facts;
    }

    /** Prints the report; returns the list of problems (empty = the agent can work). */
    public List<String> report(PrintStream out, String version) {
        List<String> problems = new ArrayList<>();
        out.println("InfiniService " + version + " diagnose");
        out.println("config file:   " + (config.configFile() == null ? "(none read; defaults apply)" : config.configFile()));
        out.println("configuration: (effective value, source; precedence: command line > environment > file > default)");
        config.effectiveSettings().forEach((k, v) -> out.println("  " + k + " = " + v));
        out.println("service:       " + config.serviceName() + " " + service.describe(config.serviceName()));
        DiscoveryResult device = discovery.discover(config.deviceOverride());
        if (device instanceof DiscoveryResult.Found f) {
            out.println("device:        " + f.path() + " (" + f.kind() + ", via " + f.source() + ")");
        } else {
            out.println("device:        NOT FOUND");
            for (String reason : ((DiscoveryResult.NotFound) device).reasons()) {
                out.println("               - " + reason);
            }
            problems.add("no host channel device found");
        }
        if (config.secretPresent()) {
            boolean wellFormed = SharedSecret.fromConfigured(config.secretText()).map(SharedSecret::isWellFormed)
                    .orElse(false);
            out.println("secret:        present" + (wellFormed ? " (64 hex characters)"
                    : " (WARNING: not 64 hex characters; used as given)"));
        } else {
            out.println("secret:        NOT SET (INFINISERVICE_SHARED_SECRET): the agent runs METRICS-ONLY, inbound"
                    + " commands are locked (Linux: install-linux.sh normal <VM_ID> --secret-file <file>)");
            problems.add("no shared secret: metrics-only, host commands would be rejected");
        }
        out.println("vm id:         " + (config.vmId() == null ? "(not set; sent as null)" : config.vmId()));
        try {
            Files.createDirectories(config.stateDir());
            store.write("diagnose.probe", "ok".getBytes(StandardCharsets.US_ASCII));
            store.delete("diagnose.probe");
            out.println("state dir:     " + store.location() + " (writable)");
        } catch (IOException | RuntimeException e) {
            out.println("state dir:     " + config.stateDir() + " NOT USABLE: " + e.getMessage());
            out.println("               the agent runs DEGRADED with it: metrics and read-only commands only; unsafe "
                    + "commands, scripts and state-changing actions are refused until it is usable");
            problems.add("state directory not usable (agent degraded)");
        }
        try {
            SystemFacts f = facts.facts();
            out.println("os:            " + f.osType() + " / " + f.version() + " / kernel " + f.kernelVersion()
                    + " / " + f.architecture());
            out.println("hostname:      " + f.hostname());
            out.println("uptime:        " + f.uptimeSeconds() + " s");
            out.println("package mgrs:  " + String.join(", ", f.packageManagers()));
        } catch (RuntimeException e) {
            out.println("os:            facts unavailable: " + e.getMessage());
        }
        for (DiagnoseSection section : sections) {
            section.report(out, problems);
        }
        out.println("java:          " + Runtime.version() + ", max heap " + Runtime.getRuntime().maxMemory() / (1 << 20)
                + " MiB");
        out.println(problems.isEmpty() ? "result:        OK" : "result:        PROBLEMS: " + String.join("; ", problems));
        return problems;
    }
}
