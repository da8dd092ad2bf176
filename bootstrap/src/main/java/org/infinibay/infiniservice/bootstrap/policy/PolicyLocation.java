package org.infinibay.infiniservice.bootstrap.policy;

import java.nio.file.Path;

/**
 * Where the guest policy file is looked for.
 *
 * @param path     the file
 * @param explicit named with {@code --policy}: then a missing file is an error (reported, not fatal)
 */
public record PolicyLocation(Path path, boolean explicit) {

    /** {@code --policy} when given, else the guest OS's default path (used only if it exists). */
    public static PolicyLocation of(String option, Path defaultPath) {
        if (option != null && !option.isBlank()) {
            return new PolicyLocation(Path.of(option.trim()), true);
        }
        return new PolicyLocation(defaultPath, false);
    }
}
