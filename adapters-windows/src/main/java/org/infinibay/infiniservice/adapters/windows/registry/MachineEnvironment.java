package org.infinibay.infiniservice.adapters.windows.registry;

import com.sun.jna.platform.win32.Advapi32Util;
import com.sun.jna.platform.win32.Win32Exception;
import com.sun.jna.platform.win32.WinReg;
import java.util.Map;
import java.util.Optional;

/**
 * CONTRACT §1.6: a service started before the reboot that follows installation does not see new
 * machine environment variables, so {@code INFINIBAY_VM_ID} (and the others) are read from the
 * registry when the process environment lacks them.
 */
public final class MachineEnvironment {
    static final String KEY = "SYSTEM\\CurrentControlSet\\Control\\Session Manager\\Environment";

    private MachineEnvironment() {
    }

    /** The process environment, with machine-registry values added for names it lacks. */
    public static Map<String, String> withMachineFallback(Map<String, String> process, String... names) {
        java.util.HashMap<String, String> out = new java.util.HashMap<>(process);
        for (String n : names) {
            String v = process.get(n);
            if (v == null || v.isEmpty()) {
                machineValue(n).ifPresent(x -> out.put(n, x));
            }
        }
        return out;
    }

    public static Optional<String> machineValue(String name) {
        try {
            if (Advapi32Util.registryValueExists(WinReg.HKEY_LOCAL_MACHINE, KEY, name)) {
                String v = Advapi32Util.registryGetStringValue(WinReg.HKEY_LOCAL_MACHINE, KEY, name);
                return v == null || v.isEmpty() ? Optional.empty() : Optional.of(v);
            }
        } catch (Win32Exception | UnsatisfiedLinkError e) {
            return Optional.empty();
        }
        return Optional.empty();
    }
}
