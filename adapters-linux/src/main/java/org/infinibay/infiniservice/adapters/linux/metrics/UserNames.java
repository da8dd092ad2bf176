package org.infinibay.infiniservice.adapters.linux.metrics;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.HashMap;
import java.util.Map;

/** uid -> account name from /etc/passwd, cached; re-read only when an unknown uid shows up and the file changed. */
final class UserNames {
    private final Path passwd;
    private Map<Long, String> names = Map.of();
    private FileTime loadedAt;

    UserNames(String root) {
        this.passwd = Path.of(root, "etc/passwd");
    }

    String name(long uid) {
        String n = names.get(uid);
        if (n == null && reloadIfChanged()) {
            n = names.get(uid);
        }
        return n != null ? n : Long.toString(uid);
    }

    private boolean reloadIfChanged() {
        try {
            FileTime mtime = Files.getLastModifiedTime(passwd);
            if (mtime.equals(loadedAt)) {
                return false;
            }
            Map<Long, String> fresh = new HashMap<>();
            for (String line : Files.readAllLines(passwd, StandardCharsets.UTF_8)) {
                // name:password:uid:gid:gecos:home:shell
                int a = line.indexOf(':');
                int b = a < 0 ? -1 : line.indexOf(':', a + 1);
                int c = b < 0 ? -1 : line.indexOf(':', b + 1);
                if (c > b + 1) {
                    try {
                        fresh.putIfAbsent(Long.parseLong(line.substring(b + 1, c)), line.substring(0, a));
                    } catch (NumberFormatException e) {
                        // malformed line: skip
                    }
                }
            }
            names = fresh;
            loadedAt = mtime;
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
