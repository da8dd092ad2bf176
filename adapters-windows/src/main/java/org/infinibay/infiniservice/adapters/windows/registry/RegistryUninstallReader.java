package org.infinibay.infiniservice.adapters.windows.registry;

import com.sun.jna.platform.win32.Advapi32Util;
import com.sun.jna.platform.win32.Win32Exception;
import com.sun.jna.platform.win32.WinNT;
import com.sun.jna.platform.win32.WinReg;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the Uninstall keys natively (no child process): HKLM in the 64-bit and the 32-bit
 * (WOW6432Node) view, and HKCU of the service account. Per-user installs of other users live in
 * their hives and are not loaded here.
 */
public final class RegistryUninstallReader {
    static final String UNINSTALL = "SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Uninstall";

    public List<UninstallEntry> read() {
        Map<String, UninstallEntry> byKey = new LinkedHashMap<>();
        readView(WinReg.HKEY_LOCAL_MACHINE, "HKLM", WinNT.KEY_WOW64_64KEY, byKey);
        readView(WinReg.HKEY_LOCAL_MACHINE, "HKLM32", WinNT.KEY_WOW64_32KEY, byKey);
        readView(WinReg.HKEY_CURRENT_USER, "HKCU", 0, byKey);
        return new ArrayList<>(byKey.values());
    }

    /**
     * The Uninstall keys of every user hive that is loaded now (logged-on users, services' profiles):
     * per-user installs (e.g. VS Code user setup) live there. Hives of users who are not logged on
     * are not loaded by the agent (that would lock their profile).
     */
    public List<UninstallEntry> readLoadedUserHives() {
        Map<String, UninstallEntry> byKey = new LinkedHashMap<>();
        String[] sids;
        try {
            sids = Advapi32Util.registryGetKeys(WinReg.HKEY_USERS);
        } catch (Win32Exception e) {
            return List.of();
        }
        for (String sid : sids) {
            if (!sid.startsWith("S-1-5-21-") || sid.endsWith("_Classes")) {
                continue; // only real user accounts; the _Classes hives hold no Uninstall key
            }
            readSubtree(WinReg.HKEY_USERS, sid + "\\" + UNINSTALL, "HKU\\" + sid + "\\" + UNINSTALL, byKey);
        }
        return new ArrayList<>(byKey.values());
    }

    private static void readSubtree(WinReg.HKEY root, String path, String label, Map<String, UninstallEntry> out) {
        String[] keys;
        try {
            keys = Advapi32Util.registryGetKeys(root, path);
        } catch (Win32Exception e) {
            return;
        }
        for (String k : keys) {
            try {
                Map<String, Object> values = Advapi32Util.registryGetValues(root, path + "\\" + k);
                UninstallEntry.from(label + "\\" + k, values).ifPresent(e -> out.putIfAbsent(e.name() + "|" + e.version(), e));
            } catch (Win32Exception e) {
                // removed while we read, or not readable: skip it
            }
        }
    }

    private static void readView(WinReg.HKEY root, String label, int view, Map<String, UninstallEntry> out) {
        String[] keys;
        try {
            keys = Advapi32Util.registryGetKeys(root, UNINSTALL, view);
        } catch (Win32Exception e) {
            return;
        }
        for (String k : keys) {
            try {
                Map<String, Object> values = Advapi32Util.registryGetValues(root, UNINSTALL + "\\" + k, view);
                String id = (label.startsWith("HKLM") ? "HKLM" : label) + "\\" + UNINSTALL + "\\" + k;
                UninstallEntry.from(id, values).ifPresent(e -> out.putIfAbsent(e.name() + "|" + e.version(), e));
            } catch (Win32Exception e) {
                // a key removed while we read, or one we may not open: skip it
            }
        }
    }
}
