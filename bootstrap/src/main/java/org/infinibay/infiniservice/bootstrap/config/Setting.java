package org.infinibay.infiniservice.bootstrap.config;

import java.util.Optional;

/**
 * Every documented setting: its {@code config.toml} key, its environment variable and its command
 * line option (if any). Each one takes effect (pitfall P19); the operator guide lists them.
 */
public enum Setting {
    COLLECTION_INTERVAL("collection_interval", ConfigurationLoader.ENV_INTERVAL, "--interval"),
    LOG_LEVEL("log_level", ConfigurationLoader.ENV_LOG_LEVEL, "--debug"),
    SERVICE_NAME("service_name", ConfigurationLoader.ENV_SERVICE_NAME, null),
    VIRTIO_SERIAL_PATH("virtio_serial_path", ConfigurationLoader.ENV_DEVICE, "--device"),
    STATE_DIR("state_dir", ConfigurationLoader.ENV_STATE_DIR, "--state-dir"),
    PROCESSES_PER_KIND("processes_per_kind", ConfigurationLoader.ENV_PROCESSES_PER_KIND, null);

    private final String key;
    private final String env;
    private final String cliOption;

    Setting(String key, String env, String cliOption) {
        this.key = key;
        this.env = env;
        this.cliOption = cliOption;
    }

    public String key() {
        return key;
    }

    public String env() {
        return env;
    }

    /** The command line option, or {@code null} when the setting has none. */
    public String cliOption() {
        return cliOption;
    }

    static Optional<Setting> byKey(String key) {
        for (Setting s : values()) { // a loop, not a stream: this runs at every start
            if (s.key.equals(key)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    static String keys() {
        StringBuilder out = new StringBuilder();
        for (Setting s : values()) {
            out.append(out.length() == 0 ? "" : ", ").append(s.key);
        }
        return out.toString();
    }
}
