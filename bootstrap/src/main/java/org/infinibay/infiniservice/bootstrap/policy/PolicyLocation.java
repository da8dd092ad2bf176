package org.infinibay.infiniservice.bootstrap.policy;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where the guest policy file is looked for.
 *
 * @param path     the file
 * @param explicit named with {@code --policy}: then a missing file is an error (reported, not fatal)
 */
public record PolicyLocation(Path path, boolean explicit) {

    /** {@code --policy} when given, else the platform's default path (used only if it exists). */
    public static PolicyLocation of(String option, boolean windows, Map<String, String> env) {
        if (option != null && !option.isBlank()) {
            return new PolicyLocation(Path.of(option.trim()), true);
        }
        return new PolicyLocation(defaultPath(windows, env), false);
    }

    /** {@code /etc/infiniservice/policy.toml}; Windows {@code %ProgramData%\InfiniService\policy.toml}. */
    public static Path defaultPath(boolean windows, Map<String, String> env) {
        if (windows) {
            String programData = env.getOrDefault("ProgramData", env.getOrDefault("PROGRAMDATA", "C:\\ProgramData"));
            return Path.of(programData, "InfiniService", "policy.toml");
        }
        return Path.of("/etc/infiniservice/policy.toml");
    }
}
