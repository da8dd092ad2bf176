package org.infinibay.infiniservice.adapters.windows.services;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The SCM's numbers as the §7.7/§8.5.1 names (never integers on the wire, pitfall P20), and the
 * image path of a service's command line. Pure: tested on Linux.
 */
public final class ScmNames {
    private static final String[] STATES = {null, "Stopped", "StartPending", "StopPending", "Running",
        "ContinuePending", "PausePending", "Paused"};
    private static final String[] START_TYPES = {"Boot", "System", "Automatic", "Manual", "Disabled"};
    /** {@code System.ServiceProcess.ServiceType} flag names, in bit order (as .NET's ToString lists them). */
    private static final String[][] TYPE_BITS = {{"1", "KernelDriver"}, {"2", "FileSystemDriver"}, {"4", "Adapter"},
        {"8", "RecognizerDriver"}, {"16", "Win32OwnProcess"}, {"32", "Win32ShareProcess"}, {"64", "UserService"},
        {"128", "UserServiceInstance"}, {"256", "InteractiveProcess"}};

    private ScmNames() {
    }

    /** {@code dwCurrentState} (1-7); anything else is {@code Unknown}. */
    public static String state(int v) {
        return v >= 1 && v < STATES.length ? STATES[v] : "Unknown";
    }

    /** {@code dwStartType} (0-4); anything else is {@code Unknown}. */
    public static String startType(int v) {
        return v >= 0 && v < START_TYPES.length ? START_TYPES[v] : "Unknown";
    }

    /** {@code dwServiceType} flags as .NET names them, e.g. {@code Win32OwnProcess, InteractiveProcess}. */
    public static String serviceType(int v) {
        List<String> names = new ArrayList<>();
        for (String[] bit : TYPE_BITS) {
            if ((v & Integer.parseInt(bit[0])) != 0) {
                names.add(bit[1]);
            }
        }
        return names.isEmpty() ? "Unknown" : String.join(", ", names);
    }

    /** The start-type code for {@code enable}/{@code disable}. */
    public static int startTypeCode(String operation) {
        return operation.equals("disable") ? 4 : 2;
    }

    /**
     * The executable of a service command line: {@code "C:\Program Files\x\y.exe" -arg},
     * {@code C:\Windows\system32\svchost.exe -k netsvcs -p}, {@code \SystemRoot\System32\drivers\x.sys},
     * {@code System32\drivers\x.sys} (relative to the system root), {@code \??\C:\...}; {@code %SystemRoot%}
     * expanded. {@code null} for an empty command line.
     */
    public static String imagePath(String commandLine, String systemRoot) {
        if (commandLine == null) {
            return null;
        }
        String s = commandLine.strip();
        if (s.isEmpty()) {
            return null;
        }
        String path;
        if (s.startsWith("\"")) {
            int end = s.indexOf('"', 1);
            path = end < 0 ? s.substring(1) : s.substring(1, end);
        } else {
            path = unquotedImage(s);
        }
        path = path.replaceAll("(?i)%systemroot%|%windir%", systemRoot.replace("\\", "\\\\"));
        if (path.startsWith("\\??\\")) {
            path = path.substring(4);
        }
        String lower = path.toLowerCase(Locale.ROOT);
        if (lower.startsWith("\\systemroot\\")) {
            path = systemRoot + path.substring("\\systemroot".length());
        } else if (lower.startsWith("system32\\") || lower.startsWith("syswow64\\")) {
            path = systemRoot + "\\" + path;
        }
        return path;
    }

    /** Unquoted: the image ends at the first ".exe"/".sys" followed by a space or the end, else at the first space. */
    private static String unquotedImage(String s) {
        String lower = s.toLowerCase(Locale.ROOT);
        for (String ext : new String[] {".exe", ".sys", ".dll"}) {
            int i = lower.indexOf(ext);
            while (i >= 0) {
                int end = i + ext.length();
                if (end == s.length() || s.charAt(end) == ' ') {
                    return s.substring(0, end);
                }
                i = lower.indexOf(ext, end);
            }
        }
        int sp = s.indexOf(' ');
        return sp < 0 ? s : s.substring(0, sp);
    }

    /** A built-in service: its image lies under the system directory (e.g. {@code C:\Windows\System32}). */
    public static boolean isDefault(String image, String systemRoot) {
        if (image == null) {
            return false;
        }
        String root = systemRoot.toLowerCase(Locale.ROOT);
        if (!root.endsWith("\\")) {
            root = root + "\\";
        }
        return image.toLowerCase(Locale.ROOT).startsWith(root);
    }

    /** Service names from {@code lpDependencies}; load-order groups (prefixed {@code +}) are not services. */
    public static List<String> dependencies(List<String> raw) {
        List<String> out = new ArrayList<>();
        for (String d : raw) {
            if (d != null && !d.isBlank() && !d.startsWith("+")) {
                out.add(d.strip());
            }
        }
        return out;
    }
}
