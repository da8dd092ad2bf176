package org.infinibay.infiniservice.bootstrap.config;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The effective configuration after merging CLI, environment, file and defaults. The secret is
 * held as given and never printed: {@link #toString()} redacts it.
 *
 * @param logLevel    the {@code log_level} setting ({@code debug} mirrors it for older callers)
 * @param serviceName the service's name in the service manager (systemd unit / Windows service)
 * @param configFile  the {@code config.toml} that was read, {@code null} when none was
 * @param origins     setting key &rarr; where its effective value came from, in {@link Setting} order
 */
public record Configuration(String deviceOverride, String vmId, String secretText, Path stateDir,
                            int metricsIntervalSeconds, int processesPerKind, boolean commandTypeAction,
                            boolean debug, LogLevel logLevel, String serviceName, Path configFile,
                            Map<String, String> origins) {
    public static final String DEFAULT_SERVICE_NAME = "infiniservice";

    public Configuration {
        origins = Collections.unmodifiableMap(new LinkedHashMap<>(origins));
    }

    /** The original shape (demo, tests): no file, level from {@code debug}, the default service name. */
    public Configuration(String deviceOverride, String vmId, String secretText, Path stateDir,
                         int metricsIntervalSeconds, int processesPerKind, boolean commandTypeAction, boolean debug) {
        this(deviceOverride, vmId, secretText, stateDir, metricsIntervalSeconds, processesPerKind, commandTypeAction,
                debug, debug ? LogLevel.DEBUG : LogLevel.INFO, DEFAULT_SERVICE_NAME, null, Map.of());
    }

    public boolean secretPresent() {
        return secretText != null && !secretText.isBlank();
    }

    /** The settings an operator can change, one {@code key = value  (origin)} line each; no secret. */
    public Map<String, String> effectiveSettings() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(Setting.COLLECTION_INTERVAL.key(), String.valueOf(metricsIntervalSeconds));
        m.put(Setting.LOG_LEVEL.key(), logLevel.toString());
        m.put(Setting.SERVICE_NAME.key(), serviceName);
        m.put(Setting.VIRTIO_SERIAL_PATH.key(), deviceOverride == null ? "\"\" (discover)" : deviceOverride);
        m.put(Setting.STATE_DIR.key(), String.valueOf(stateDir));
        m.put(Setting.PROCESSES_PER_KIND.key(), String.valueOf(processesPerKind));
        Map<String, String> withOrigin = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : m.entrySet()) {
            withOrigin.put(e.getKey(), e.getValue() + "  (" + origins.getOrDefault(e.getKey(), "default") + ")");
        }
        return withOrigin;
    }

    @Override
    public String toString() {
        return "Configuration[device=" + (deviceOverride == null ? "(discover)" : deviceOverride)
                + ", vmId=" + vmId + ", secret=" + (secretPresent() ? "(set)" : "(not set)")
                + ", stateDir=" + stateDir + ", interval=" + metricsIntervalSeconds + "s"
                + ", processesPerKind=" + processesPerKind + ", commandType=" + (commandTypeAction ? "action" : "safe")
                + ", logLevel=" + logLevel + ", serviceName=" + serviceName
                + ", configFile=" + (configFile == null ? "(none)" : configFile) + "]";
    }
}
