package org.infinibay.infiniservice.adapters.windows.winget;

import java.util.ArrayList;
import java.util.List;
import org.infinibay.infiniservice.application.port.out.os.PackageInfo;
import org.infinibay.infiniservice.application.port.out.os.PendingUpdate;

/**
 * Maps winget tables to packages by column <em>position</em>, which is fixed per command while the
 * header words are localised: list = Name, Id, Version[, Available], Source; upgrade = Name, Id,
 * Version, Available, Source; search = Name, Id, Version[, Match], Source.
 */
public final class WingetRows {
    private WingetRows() {
    }

    public static List<PackageInfo> installed(String output) {
        List<PackageInfo> out = new ArrayList<>();
        for (WingetTable.Table t : WingetTable.parse(output)) {
            int n = t.header().size();
            for (List<String> r : t.rows()) {
                String source = n >= 5 ? r.get(4) : n == 4 ? r.get(3) : "";
                out.add(new PackageInfo(r.get(0), unknownToNull(r.get(2)), null, true, null,
                        source.isEmpty() ? null : source, r.get(1)));
            }
        }
        return out;
    }

    public static List<PackageInfo> search(String output) {
        List<PackageInfo> out = new ArrayList<>();
        for (WingetTable.Table t : WingetTable.parse(output)) {
            int n = t.header().size();
            for (List<String> r : t.rows()) {
                String source = n >= 5 ? r.get(4) : n == 4 ? r.get(3) : "";
                out.add(new PackageInfo(r.get(0), unknownToNull(r.get(2)), null, false, null,
                        source.isEmpty() ? null : source, r.get(1)));
            }
        }
        return out;
    }

    /** Upgrades; rows whose installed version winget shows as "Unknown" keep a null current version. */
    public static List<PendingUpdate> upgrades(String output) {
        List<PendingUpdate> out = new ArrayList<>();
        for (WingetTable.Table t : WingetTable.parse(output)) {
            if (t.header().size() < 4) {
                continue;
            }
            for (List<String> r : t.rows()) {
                String available = r.get(3);
                if (available.isEmpty()) {
                    continue;
                }
                String source = t.header().size() >= 5 ? r.get(4) : null;
                out.add(new PendingUpdate(r.get(0), unknownToNull(r.get(2)), available,
                        source == null || source.isEmpty() ? "winget" : source, null, false, null));
            }
        }
        return out;
    }

    /** winget prints "Unknown" (localised: we only know the English word) when no version is recorded. */
    static String unknownToNull(String v) {
        return v.isEmpty() || v.equalsIgnoreCase("Unknown") ? null : v;
    }
}
