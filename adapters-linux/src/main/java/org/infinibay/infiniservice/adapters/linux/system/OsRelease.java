package org.infinibay.infiniservice.adapters.linux.system;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/** os-release(5): {@code KEY=value} lines, values optionally quoted with shell-style escapes. */
record OsRelease(Map<String, String> values) {
    private static final Map<String, String> DISTRO_NAMES = Map.ofEntries(
            Map.entry("debian", "Debian"), Map.entry("ubuntu", "Ubuntu"), Map.entry("fedora", "Fedora"),
            Map.entry("centos", "CentOS"), Map.entry("rhel", "RHEL"), Map.entry("rocky", "Rocky"),
            Map.entry("almalinux", "AlmaLinux"), Map.entry("opensuse-leap", "openSUSE"),
            Map.entry("opensuse-tumbleweed", "openSUSE"), Map.entry("opensuse", "openSUSE"),
            Map.entry("sles", "SLES"), Map.entry("arch", "Arch"), Map.entry("alpine", "Alpine"),
            Map.entry("linuxmint", "Linux Mint"), Map.entry("amzn", "Amazon Linux"), Map.entry("ol", "Oracle Linux"),
            Map.entry("gentoo", "Gentoo"), Map.entry("manjaro", "Manjaro"), Map.entry("pop", "Pop!_OS"),
            Map.entry("kali", "Kali"), Map.entry("raspbian", "Raspbian"), Map.entry("nixos", "NixOS"));

    static OsRelease parse(String text) {
        Map<String, String> out = new HashMap<>();
        for (String raw : text.split("\n")) {
            String line = raw.strip();
            int eq = line.indexOf('=');
            if (line.isEmpty() || line.startsWith("#") || eq <= 0) {
                continue;
            }
            out.put(line.substring(0, eq), unquote(line.substring(eq + 1)));
        }
        return new OsRelease(Map.copyOf(out));
    }

    String get(String key) {
        String v = values.get(key);
        return v == null || v.isEmpty() ? null : v;
    }

    /** e.g. "Debian GNU/Linux 12 (bookworm)"; falls back to NAME VERSION. */
    String prettyName() {
        String pretty = get("PRETTY_NAME");
        if (pretty != null) {
            return pretty;
        }
        String name = get("NAME");
        String version = get("VERSION");
        if (name == null) {
            return null;
        }
        return version == null ? name : name + " " + version;
    }

    /** Short distribution name ("Debian", "Ubuntu"): known ID, else NAME's first word, else capitalised ID. */
    String distro() {
        String id = get("ID");
        if (id != null) {
            String known = DISTRO_NAMES.get(id.toLowerCase(Locale.ROOT));
            if (known != null) {
                return known;
            }
        }
        String name = get("NAME");
        if (name != null) {
            int sp = name.indexOf(' ');
            return sp < 0 ? name : name.substring(0, sp);
        }
        if (id != null) {
            return Character.toUpperCase(id.charAt(0)) + id.substring(1);
        }
        return null;
    }

    private static String unquote(String v) {
        if (v.length() >= 2 && (v.charAt(0) == '"' || v.charAt(0) == '\'') && v.charAt(v.length() - 1) == v.charAt(0)) {
            v = v.substring(1, v.length() - 1);
            StringBuilder b = new StringBuilder(v.length());
            for (int i = 0; i < v.length(); i++) {
                char c = v.charAt(i);
                if (c == '\\' && i + 1 < v.length()) {
                    c = v.charAt(++i);
                }
                b.append(c);
            }
            return b.toString();
        }
        return v;
    }
}
