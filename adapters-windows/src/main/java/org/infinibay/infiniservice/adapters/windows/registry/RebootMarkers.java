package org.infinibay.infiniservice.adapters.windows.registry;

import com.sun.jna.platform.win32.Advapi32Util;
import com.sun.jna.platform.win32.Win32Exception;
import com.sun.jna.platform.win32.WinReg;

/** The pending-reboot markers Windows Update and servicing leave (CONTRACT §8.5.5 {@code reboot_required}). */
public final class RebootMarkers {
    static final String[] KEYS = {
        "SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\WindowsUpdate\\Auto Update\\RebootRequired",
        "SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Component Based Servicing\\RebootPending",
    };

    private RebootMarkers() {
    }

    public static boolean rebootRequired() {
        try {
            for (String k : KEYS) {
                if (Advapi32Util.registryKeyExists(WinReg.HKEY_LOCAL_MACHINE, k)) {
                    return true;
                }
            }
            return Advapi32Util.registryValueExists(WinReg.HKEY_LOCAL_MACHINE,
                    "SYSTEM\\CurrentControlSet\\Control\\Session Manager", "PendingFileRenameOperations");
        } catch (Win32Exception | UnsatisfiedLinkError e) {
            return false;
        }
    }
}
