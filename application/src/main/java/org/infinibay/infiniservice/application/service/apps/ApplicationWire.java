package org.infinibay.infiniservice.application.service.apps;

import org.infinibay.infiniservice.application.port.out.AppInfo;
import org.infinibay.infiniservice.domain.json.JsonObject;
import org.infinibay.infiniservice.domain.time.Timestamps;

/**
 * One {@code data.applications} item (CONTRACT §7.8): integers for counts, minutes and size, RFC 3339
 * dates, absent optional fields left out, strings bounded so one item stays small.
 */
public final class ApplicationWire {
    private static final int EXE_MAX = 4096;
    private static final int TEXT_MAX = 255;
    private static final int DESCRIPTION_MAX = 1024;

    private ApplicationWire() {
    }

    /** The item, or {@code null} when the executable path is unusable as the host's key. */
    public static JsonObject item(AppInfo app, UsageBook.Usage usage) {
        String exe = app.exePath();
        if (exe == null || exe.isEmpty() || exe.length() > EXE_MAX) {
            return null;
        }
        String name = app.name() == null || app.name().isBlank() ? fileName(exe) : app.name();
        JsonObject.Builder b = JsonObject.builder().put("exe_path", exe).put("name", cut(name, TEXT_MAX));
        optional(b, "version", cut(app.version(), TEXT_MAX));
        optional(b, "description", cut(app.description(), DESCRIPTION_MAX));
        optional(b, "publisher", cut(app.publisher(), TEXT_MAX));
        if (usage != null && usage.lastAccessMillis() > 0) {
            b.put("last_access", Timestamps.format(usage.lastAccessMillis()));
        }
        if (app.lastModifiedMillis() != null && app.lastModifiedMillis() > 0) {
            b.put("last_modified", Timestamps.format(app.lastModifiedMillis()));
        }
        b.put("access_count", usage == null ? 0 : usage.launches())
                .put("usage_minutes", usage == null ? 0 : usage.usageMinutes());
        if (app.fileSize() != null) {
            b.put("file_size", app.fileSize());
        }
        return b.put("is_active", usage != null && usage.active()).build();
    }

    /** The last path element; a backslash separates only in a Windows path (it is a file-name character on Linux). */
    private static String fileName(String exe) {
        int sep = exe.startsWith("/") ? exe.lastIndexOf('/') : Math.max(exe.lastIndexOf('/'), exe.lastIndexOf('\\'));
        return exe.substring(sep + 1);
    }

    private static void optional(JsonObject.Builder b, String key, String value) {
        if (value != null && !value.isBlank()) {
            b.put(key, value);
        }
    }

    static String cut(String s, int max) {
        if (s == null || s.length() <= max) {
            return s;
        }
        int end = max;
        if (Character.isHighSurrogate(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(0, end);
    }
}
