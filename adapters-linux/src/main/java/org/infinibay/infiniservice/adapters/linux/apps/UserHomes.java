package org.infinibay.infiniservice.adapters.linux.apps;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Home directories of root and of regular users (uid 1000-59999) from a passwd file. */
final class UserHomes {
    private UserHomes() {
    }

    static List<Path> read(Path passwd) {
        List<String> lines;
        try {
            lines = Files.readAllLines(passwd, StandardCharsets.UTF_8);
        } catch (IOException | SecurityException | java.io.UncheckedIOException e) {
            return List.of();
        }
        Set<Path> out = new LinkedHashSet<>();
        for (String line : lines) {
            String[] f = line.split(":", -1);
            if (f.length < 7 || f[5].isEmpty() || !f[5].startsWith("/")) {
                continue;
            }
            long uid;
            try {
                uid = Long.parseLong(f[2]);
            } catch (NumberFormatException e) {
                continue;
            }
            if (uid == 0 || (uid >= 1000 && uid < 60000)) {
                out.add(Path.of(f[5]));
            }
        }
        return new ArrayList<>(out);
    }
}
