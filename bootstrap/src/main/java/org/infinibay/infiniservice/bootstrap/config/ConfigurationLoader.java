package org.infinibay.infiniservice.bootstrap.config;

import java.nio.file.Path;
import java.util.Map;

/**
 * Merges the settings: command line over environment over defaults (CONTRACT §1.6). Invalid values
 * are errors that name the setting and its source, never silently ignored (pitfall P19).
 */
public final class ConfigurationLoader {
    public static final String ENV_SECRET = "INFINISERVICE_SHARED_SECRET";
    public static final String ENV_VM_ID = "INFINIBAY_VM_ID";
    public static final String ENV_DEVICE = "INFINISERVICE_DEVICE";
    public static final String ENV_STATE_DIR = "INFINISERVICE_STATE_DIR";
    public static final String ENV_INTERVAL = "INFINISERVICE_COLLECTION_INTERVAL";
    public static final int DEFAULT_INTERVAL = 30;
    public static final int DEFAULT_PROCESSES_PER_KIND = 50;

    /** Values given on the command line; {@code null} = not given. */
    public record CliValues(String device, Integer intervalSeconds, String stateDir, boolean debug) {
        public static final CliValues NONE = new CliValues(null, null, null, false);
    }

    private final Map<String, String> env;
    private final boolean windows;

    public ConfigurationLoader(Map<String, String> env, boolean windows) {
        this.env = env;
        this.windows = windows;
    }

    public Configuration load(CliValues cli) {
        String device = firstNonBlank(cli.device(), env.get(ENV_DEVICE));
        String vmId = blankToNull(env.get(ENV_VM_ID));
        String secret = env.get(ENV_SECRET);
        Path stateDir = Path.of(firstNonBlank(cli.stateDir(), env.get(ENV_STATE_DIR), defaultStateDir()));
        int interval = cli.intervalSeconds() != null
                ? checkInterval(cli.intervalSeconds(), "--interval")
                : env.containsKey(ENV_INTERVAL) ? checkInterval(parseInt(env.get(ENV_INTERVAL), ENV_INTERVAL),
                        ENV_INTERVAL) : DEFAULT_INTERVAL;
        return new Configuration(device, vmId, secret, stateDir, interval, DEFAULT_PROCESSES_PER_KIND, true,
                cli.debug());
    }

    private String defaultStateDir() {
        if (windows) {
            String programData = firstNonBlank(env.get("ProgramData"), env.get("PROGRAMDATA"), "C:\\ProgramData");
            return programData + "\\InfiniService";
        }
        return "/var/lib/infiniservice";
    }

    private static int checkInterval(int seconds, String source) {
        if (seconds < 1 || seconds > 60) {
            throw new ConfigurationException(source + ": collection interval must be 1-60 seconds (the host "
                    + "marks a VM stale after 90 s of silence), got " + seconds);
        }
        return seconds;
    }

    private static int parseInt(String text, String source) {
        try {
            return Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw new ConfigurationException(source + ": not a whole number: '" + text.trim() + "'");
        }
    }

    private static String firstNonBlank(String... values) {
        for (String v : values) {
            if (v != null && !v.isBlank()) {
                return v.trim();
            }
        }
        return null;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
