package org.infinibay.infiniservice.adapters.windows.registry;

import com.sun.jna.platform.win32.Advapi32Util;
import com.sun.jna.platform.win32.Win32Exception;
import com.sun.jna.platform.win32.WinReg;
import java.util.HashMap;
import java.util.Map;

/**
 * The service's private environment ({@code HKLM\SYSTEM\CurrentControlSet\Services\<name>\Environment},
 * REG_MULTI_SZ of {@code NAME=value}), where install-windows.ps1 stores the VM id and the secret. The
 * service gets it from the SCM; the command line ({@code diagnose}, {@code metrics --once}, run as
 * Administrator) reads it here, so it reports what the service sees. The key is readable by SYSTEM
 * and Administrators only; for anyone else this finds nothing.
 */
public final class ServiceEnvironment {
    private ServiceEnvironment() {
    }

    /** {@code process} with the service's values added for the {@code names} it lacks. */
    public static Map<String, String> withServiceFallback(Map<String, String> process, String serviceName,
                                                          String... names) {
        Map<String, String> service = read(serviceName);
        Map<String, String> out = new HashMap<>(process);
        for (String n : names) {
            String v = process.get(n);
            if ((v == null || v.isEmpty()) && service.containsKey(n)) {
                out.put(n, service.get(n));
            }
        }
        return out;
    }

    /** The entries of a REG_MULTI_SZ environment: {@code NAME=value}; malformed entries are skipped. */
    public static Map<String, String> parse(String[] entries) {
        Map<String, String> out = new HashMap<>();
        if (entries == null) {
            return out;
        }
        for (String e : entries) {
            int eq = e == null ? -1 : e.indexOf('=');
            if (eq > 0) {
                out.put(e.substring(0, eq), e.substring(eq + 1));
            }
        }
        return out;
    }

    static Map<String, String> read(String serviceName) {
        String key = "SYSTEM\\CurrentControlSet\\Services\\" + serviceName;
        try {
            if (Advapi32Util.registryValueExists(WinReg.HKEY_LOCAL_MACHINE, key, "Environment")) {
                return parse(Advapi32Util.registryGetStringArray(WinReg.HKEY_LOCAL_MACHINE, key, "Environment"));
            }
        } catch (Win32Exception | UnsatisfiedLinkError e) {
            // not readable (not an administrator) or not Windows: nothing to add
        }
        return Map.of();
    }
}
