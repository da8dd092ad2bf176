package org.infinibay.infiniservice.bootstrap.config;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Merges the settings: command line over environment over {@code config.toml} over defaults
 * (CONTRACT §1.6). Invalid values are errors that name the setting and its source (the option, the
 * variable, or the key and the file), never silently ignored (pitfall P19). A blank environment
 * variable counts as unset (systemd's {@code EnvironmentFile} writes {@code X=} for "nothing").
 */
public final class ConfigurationLoader {
    public static final String ENV_SECRET = "INFINISERVICE_SHARED_SECRET";
    public static final String ENV_VM_ID = "INFINIBAY_VM_ID";
    public static final String ENV_DEVICE = "INFINISERVICE_DEVICE";
    public static final String ENV_STATE_DIR = "INFINISERVICE_STATE_DIR";
    public static final String ENV_INTERVAL = "INFINISERVICE_COLLECTION_INTERVAL";
    public static final String ENV_LOG_LEVEL = "INFINISERVICE_LOG_LEVEL";
    public static final String ENV_SERVICE_NAME = "INFINISERVICE_SERVICE_NAME";
    public static final String ENV_PROCESSES_PER_KIND = "INFINISERVICE_PROCESSES_PER_KIND";
    /** Names the configuration file (like {@code --config}); a named file must exist. */
    public static final String ENV_CONFIG = "INFINISERVICE_CONFIG";
    public static final int DEFAULT_INTERVAL = 30;
    public static final int DEFAULT_PROCESSES_PER_KIND = 50;
    static final int MAX_PROCESSES_PER_KIND = 500;

    /** Values given on the command line; {@code null} = not given. */
    public record CliValues(String device, Integer intervalSeconds, String stateDir, boolean debug, String configFile) {
        public static final CliValues NONE = new CliValues(null, null, null, false, null);
    }

    private final Map<String, String> env;
    private final GuestDefaults defaults;
    private final Path defaultConfigFile;

    /** @param defaults the running guest OS's defaults (state directory, config file, path syntax) */
    public ConfigurationLoader(Map<String, String> env, GuestDefaults defaults) {
        this(env, defaults, defaults.configFile());
    }

    /** {@code defaultConfigFile}: read when present, ignored when missing (tests pass their own). */
    public ConfigurationLoader(Map<String, String> env, GuestDefaults defaults, Path defaultConfigFile) {
        this.env = env;
        this.defaults = defaults;
        this.defaultConfigFile = defaultConfigFile;
    }

    public Configuration load(CliValues cli) {
        ConfigFile file = configFile(cli);
        Map<String, String> origins = new LinkedHashMap<>();
        Sources src = new Sources(file, origins);

        // Written out per setting, without a lambda per source: this runs at every start (docs/performance.md).
        Integer interval = null;
        Origin o = src.which(Setting.COLLECTION_INTERVAL, cli.intervalSeconds() != null);
        if (o == Origin.CLI) {
            interval = cli.intervalSeconds();
        } else if (o == Origin.ENV) {
            interval = parseInt(src.envText(Setting.COLLECTION_INTERVAL), ENV_INTERVAL);
        } else if (o == Origin.FILE) {
            interval = toInt(file.integer(Setting.COLLECTION_INTERVAL));
        }
        int intervalSeconds = interval == null ? DEFAULT_INTERVAL
                : checkInterval(interval, src.describe(Setting.COLLECTION_INTERVAL));

        LogLevel level = null;
        o = src.which(Setting.LOG_LEVEL, cli.debug());
        if (o == Origin.CLI) {
            level = LogLevel.DEBUG;
        } else if (o == Origin.ENV) {
            level = LogLevel.parse(src.envText(Setting.LOG_LEVEL), ENV_LOG_LEVEL);
        } else if (o == Origin.FILE) {
            String t = file.string(Setting.LOG_LEVEL);
            level = t == null ? null : LogLevel.parse(t, file.where(Setting.LOG_LEVEL));
        }
        if (level == null) {
            level = LogLevel.INFO;
        }

        String serviceName = null;
        o = src.which(Setting.SERVICE_NAME, false);
        if (o == Origin.ENV) {
            serviceName = src.envText(Setting.SERVICE_NAME);
        } else if (o == Origin.FILE) {
            serviceName = file.string(Setting.SERVICE_NAME);
        }
        serviceName = serviceName == null ? Configuration.DEFAULT_SERVICE_NAME
                : checkServiceName(serviceName, src.describe(Setting.SERVICE_NAME));

        // An empty virtio_serial_path in the file means "discover" (the shipped default), so it is
        // read as null but still recorded as coming from the file.
        String cliDevice = blankToNull(cli.device());
        String device = null;
        o = src.which(Setting.VIRTIO_SERIAL_PATH, cliDevice != null);
        if (o == Origin.CLI) {
            device = cliDevice;
        } else if (o == Origin.ENV) {
            device = src.envText(Setting.VIRTIO_SERIAL_PATH).trim();
        } else if (o == Origin.FILE) {
            device = file.string(Setting.VIRTIO_SERIAL_PATH);
        }
        device = blankToNull(device);

        String cliStateDir = blankToNull(cli.stateDir());
        String stateText = null;
        o = src.which(Setting.STATE_DIR, cliStateDir != null);
        if (o == Origin.CLI) {
            stateText = cliStateDir;
        } else if (o == Origin.ENV) {
            stateText = src.envText(Setting.STATE_DIR).trim();
        } else if (o == Origin.FILE) {
            String t = file.string(Setting.STATE_DIR);
            if (t != null && !t.isBlank() && !isAbsolute(t)) {
                throw new ConfigurationException(file.where(Setting.STATE_DIR)
                        + ": must be an absolute path, got '" + t + "'");
            }
            stateText = blankToNull(t);
        }
        Path stateDir = toPath(stateText == null ? defaultStateDir() : stateText, src.describe(Setting.STATE_DIR));

        Integer perKind = null;
        o = src.which(Setting.PROCESSES_PER_KIND, false);
        if (o == Origin.ENV) {
            perKind = parseInt(src.envText(Setting.PROCESSES_PER_KIND), ENV_PROCESSES_PER_KIND);
        } else if (o == Origin.FILE) {
            perKind = toInt(file.integer(Setting.PROCESSES_PER_KIND));
        }
        int processesPerKind = perKind == null ? DEFAULT_PROCESSES_PER_KIND
                : checkRange(perKind, 1, MAX_PROCESSES_PER_KIND, src.describe(Setting.PROCESSES_PER_KIND),
                        "processes per kind");

        String vmId = blankToNull(env.get(ENV_VM_ID));
        String secret = env.get(ENV_SECRET);
        return new Configuration(device, vmId, secret, stateDir, intervalSeconds, processesPerKind, true,
                level.isDebugOrFiner(), level, serviceName, file.path(), origins);
    }

    private ConfigFile configFile(CliValues cli) {
        if (cli.configFile() != null) {
            if (cli.configFile().isBlank()) {
                throw new ConfigurationException("--config: empty file name");
            }
            return ConfigFile.read(toPath(cli.configFile().trim(), "--config"), true);
        }
        String named = blankToNull(env.get(ENV_CONFIG));
        if (named != null) {
            return ConfigFile.read(toPath(named, ENV_CONFIG), true);
        }
        return defaultConfigFile == null ? ConfigFile.none() : ConfigFile.read(defaultConfigFile, false);
    }

    /** Where a setting's value comes from. */
    private enum Origin { CLI, ENV, FILE, DEFAULT }

    /** Walks CLI, environment, file in that order and records which one supplied the value. */
    private final class Sources {
        private final ConfigFile file;
        private final Map<String, String> origins;

        Sources(ConfigFile file, Map<String, String> origins) {
            this.file = file;
            this.origins = origins;
        }

        /**
         * Which source supplies {@code s} (command line, then a non-blank environment variable, then the
         * file, else the default), recorded for {@link #describe}.
         */
        Origin which(Setting s, boolean onCommandLine) {
            if (onCommandLine) {
                origins.put(s.key(), "command line " + s.cliOption());
                return Origin.CLI;
            }
            String e = envText(s);
            if (e != null && !e.isBlank()) {
                origins.put(s.key(), "environment " + s.env());
                return Origin.ENV;
            }
            if (file.values().containsKey(s)) {
                origins.put(s.key(), "file " + file.path());
                return Origin.FILE;
            }
            origins.put(s.key(), "default");
            return Origin.DEFAULT;
        }

        /** The setting's environment variable as given; {@code null} when it has none or it is unset. */
        String envText(Setting s) {
            return s.env() == null ? null : env.get(s.env());
        }

        /** The source of a value, as an error message names it. */
        String describe(Setting s) {
            String o = origins.getOrDefault(s.key(), "default");
            if (o.startsWith("command line ")) {
                return s.cliOption();
            }
            if (o.startsWith("environment ")) {
                return s.env();
            }
            if (o.startsWith("file ")) {
                return file.where(s);
            }
            return s.key() + " (default)";
        }
    }

    private String defaultStateDir() {
        return defaults.stateDir();
    }

    private boolean isAbsolute(String p) {
        return defaults.isAbsolute(p);
    }

    private static Path toPath(String text, String source) {
        try {
            return Path.of(text);
        } catch (InvalidPathException e) {
            throw new ConfigurationException(source + ": not a valid path: '" + text + "'");
        }
    }

    private static int checkInterval(int seconds, String source) {
        if (seconds < 1 || seconds > 60) {
            throw new ConfigurationException(source + ": collection interval must be 1-60 seconds (the host "
                    + "marks a VM stale after 90 s of silence), got " + seconds);
        }
        return seconds;
    }

    private static int checkRange(int value, int min, int max, String source, String what) {
        if (value < min || value > max) {
            throw new ConfigurationException(source + ": " + what + " must be " + min + "-" + max + ", got " + value);
        }
        return value;
    }

    private static String checkServiceName(String name, String source) {
        if (!isServiceName(name)) {
            throw new ConfigurationException(source + ": service name must be 1-64 characters of letters, digits, "
                    + "'_', '.', '@', '-' (starting with a letter or digit), got '" + name + "'");
        }
        return name;
    }

    /**
     * {@code [A-Za-z0-9][A-Za-z0-9_.@-]{0,63}}: what systemd and the Windows SCM both accept, minus
     * anything a shell would interpret (checked without a regular expression: every start runs it).
     */
    static boolean isServiceName(String name) {
        if (name.isEmpty() || name.length() > 64) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean alnum = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
            if (!alnum && (i == 0 || (c != '_' && c != '.' && c != '@' && c != '-'))) {
                return false;
            }
        }
        return true;
    }

    /** A TOML integer outside int range is reported as out of range by the caller's check. */
    private static Integer toInt(Long value) {
        if (value == null) {
            return null;
        }
        return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, value));
    }

    private static int parseInt(String text, String source) {
        try {
            return Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw new ConfigurationException(source + ": not a whole number: '" + text.trim() + "'");
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
