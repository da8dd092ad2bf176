package org.infinibay.infiniservice.adapters.windows.registry;

import java.util.Map;
import java.util.Optional;

/**
 * One installed application from an {@code ...\CurrentVersion\Uninstall\<key>} registry key — the
 * inventory source of CONTRACT §8.5.7 (never {@code Win32_Product}, which is slow and triggers MSI
 * self-repair). Entries that the Programs and Features list hides are dropped the same way:
 * no {@code DisplayName}, {@code SystemComponent=1}, or a {@code ParentKeyName} (updates, patches).
 */
public record UninstallEntry(String name, String version, String publisher, String installDate,
                             String installLocation, Long sizeBytes, String registryKey) {

    /**
     * @param values the key's values as {@code Advapi32Util.registryGetValues} returns them
     *               (String for REG_SZ/REG_EXPAND_SZ, Integer for REG_DWORD)
     */
    public static Optional<UninstallEntry> from(String registryKey, Map<String, Object> values) {
        String name = string(values, "DisplayName");
        if (name == null) {
            return Optional.empty();
        }
        Object sys = values.get("SystemComponent");
        if (sys instanceof Number n && n.intValue() == 1) {
            return Optional.empty();
        }
        if (string(values, "ParentKeyName") != null || string(values, "ReleaseType") != null
                && string(values, "ReleaseType").matches("(?i)(security )?update|hotfix")) {
            return Optional.empty();
        }
        Long size = null;
        Object est = values.get("EstimatedSize"); // KiB, REG_DWORD
        if (est instanceof Number n && n.longValue() > 0) {
            size = (n.longValue() & 0xFFFFFFFFL) * 1024L;
        }
        return Optional.of(new UninstallEntry(name, string(values, "DisplayVersion"), string(values, "Publisher"),
                installDate(string(values, "InstallDate")), string(values, "InstallLocation"), size, registryKey));
    }

    /** {@code InstallDate} is {@code yyyyMMdd} by convention; anything else is unknown. */
    static String installDate(String raw) {
        if (raw == null || !raw.matches("\\d{8}")) {
            return null;
        }
        String y = raw.substring(0, 4);
        String m = raw.substring(4, 6);
        String d = raw.substring(6, 8);
        int mi = Integer.parseInt(m);
        int di = Integer.parseInt(d);
        if (mi < 1 || mi > 12 || di < 1 || di > 31) {
            return null;
        }
        return y + "-" + m + "-" + d;
    }

    private static String string(Map<String, Object> values, String key) {
        Object v = values.get(key);
        if (!(v instanceof String s)) {
            return null;
        }
        String t = s.replace("\u0000", "").strip();
        return t.isEmpty() ? null : t;
    }
}
