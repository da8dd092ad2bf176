package org.infinibay.infiniservice.adapters.linux.actions;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Finds system programs by absolute path in the standard directories, so actions do not depend on
 * the agent's {@code PATH} (a service manager may start it with a minimal one).
 */
public final class Programs {
    static final List<Path> SYSTEM_DIRS = List.of(Path.of("/usr/local/sbin"), Path.of("/usr/local/bin"),
            Path.of("/usr/sbin"), Path.of("/usr/bin"), Path.of("/sbin"), Path.of("/bin"));

    private final List<Path> dirs;

    public Programs(List<Path> dirs) {
        this.dirs = List.copyOf(dirs);
    }

    public static Programs system() {
        return new Programs(SYSTEM_DIRS);
    }

    public Optional<String> find(String name) {
        for (Path d : dirs) {
            Path p = d.resolve(name);
            if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                return Optional.of(p.toString());
            }
        }
        return Optional.empty();
    }

    public boolean has(String name) {
        return find(name).isPresent();
    }
}
