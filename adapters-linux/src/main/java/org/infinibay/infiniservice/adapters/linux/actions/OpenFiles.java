package org.infinibay.infiniservice.adapters.linux.actions;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

/** Files some process holds open, from {@code /proc/<pid>/fd} links ("skip files in use", §8.5.9). */
final class OpenFiles {
    private OpenFiles() {
    }

    static Set<Path> snapshot(Path proc) {
        Set<Path> open = new HashSet<>();
        try (DirectoryStream<Path> pids = Files.newDirectoryStream(proc, p -> p.getFileName().toString()
                .chars().allMatch(Character::isDigit))) {
            for (Path pid : pids) {
                try (DirectoryStream<Path> fds = Files.newDirectoryStream(pid.resolve("fd"))) {
                    for (Path fd : fds) {
                        try {
                            Path target = Files.readSymbolicLink(fd);
                            if (target.isAbsolute()) {
                                open.add(target);
                            }
                        } catch (IOException | UnsupportedOperationException e) {
                            // fd closed meanwhile
                        }
                    }
                } catch (IOException e) {
                    // process gone or not ours to read
                }
            }
        } catch (IOException e) {
            return open;
        }
        return open;
    }
}
