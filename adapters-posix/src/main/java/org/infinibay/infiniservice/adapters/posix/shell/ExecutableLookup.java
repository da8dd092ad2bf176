package org.infinibay.infiniservice.adapters.posix.shell;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Answers "is this program installed?" by searching the agent's {@code PATH} (the injected
 * environment, never read statically), so the shell table can answer 126 instead of a confusing
 * start failure (CONTRACT §10.1).
 */
@FunctionalInterface
public interface ExecutableLookup {

    boolean installed(String program);

    /** Searches {@code PATH} of the given environment; names with a separator are checked as paths. */
    static ExecutableLookup onPath(Supplier<Map<String, String>> environment) {
        return new OnPath(environment);
    }

    /** {@link #onPath}: a named class, not a lambda (none runs while the agent is wired, issue #17). */
    final class OnPath implements ExecutableLookup {
        private final Supplier<Map<String, String>> environment;

        private OnPath(Supplier<Map<String, String>> environment) {
            this.environment = environment;
        }

        @Override
        public boolean installed(String program) {
            try {
                if (program.contains("/") || program.contains(File.separator)) {
                    return Files.isExecutable(Path.of(program));
                }
                String path = environment.get().get("PATH");
                if (path == null) {
                    path = environment.get().getOrDefault("Path", "");
                }
                for (String dir : path.split(File.pathSeparator)) {
                    if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
                        return true;
                    }
                }
                return false;
            } catch (InvalidPathException e) {
                return false;
            }
        }
    }
}
