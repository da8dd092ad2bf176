package org.infinibay.infiniservice.bootstrap.config;

import java.nio.file.Path;

/**
 * The effective configuration after merging CLI, environment, file and defaults. The secret is
 * held as given and never printed: {@link #toString()} redacts it.
 */
public record Configuration(String deviceOverride, String vmId, String secretText, Path stateDir,
                            int metricsIntervalSeconds, int processesPerKind, boolean commandTypeAction,
                            boolean debug) {

    public boolean secretPresent() {
        return secretText != null && !secretText.isBlank();
    }

    @Override
    public String toString() {
        return "Configuration[device=" + (deviceOverride == null ? "(discover)" : deviceOverride)
                + ", vmId=" + vmId + ", secret=" + (secretPresent() ? "(set)" : "(not set)")
                + ", stateDir=" + stateDir + ", interval=" + metricsIntervalSeconds + "s"
                + ", processesPerKind=" + processesPerKind + ", commandType=" + (commandTypeAction ? "action" : "safe")
                + ", debug=" + debug + "]";
    }
}
