package org.infinibay.infiniservice.adapters.linux.apps;

import java.util.List;
import java.util.Optional;

/**
 * The {@code [Desktop Entry]} group of a freedesktop.org desktop file, only the keys an inventory
 * needs. Localised keys ({@code Name[de]}) are ignored: the host shows one name.
 */
record DesktopEntry(String name, String comment, String exec, String tryExec) {

    /** The entry if it is a visible application with a command; empty otherwise. */
    static Optional<DesktopEntry> parse(List<String> lines) {
        boolean inGroup = false;
        String type = null;
        String name = null;
        String comment = null;
        String exec = null;
        String tryExec = null;
        boolean hidden = false;
        for (String raw : lines) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (line.startsWith("[")) {
                if (inGroup) {
                    break; // only the first group matters; actions come after it
                }
                inGroup = line.equals("[Desktop Entry]");
                continue;
            }
            if (!inGroup) {
                continue;
            }
            int eq = line.indexOf('=');
            if (eq <= 0) {
                continue;
            }
            String key = line.substring(0, eq).strip();
            String value = unescape(line.substring(eq + 1).strip());
            switch (key) {
                case "Type" -> type = value;
                case "Name" -> name = value;
                case "Comment" -> comment = value;
                case "Exec" -> exec = value;
                case "TryExec" -> tryExec = value;
                case "Hidden", "NoDisplay" -> hidden |= value.equalsIgnoreCase("true");
                default -> { }
            }
        }
        if (!"Application".equals(type) || hidden || name == null || name.isEmpty() || exec == null || exec.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new DesktopEntry(name, comment == null || comment.isEmpty() ? null : comment, exec,
                tryExec == null || tryExec.isEmpty() ? null : tryExec));
    }

    /** The string escapes of the specification: {@code \s \n \t \r \\}. */
    static String unescape(String v) {
        if (v.indexOf('\\') < 0) {
            return v;
        }
        StringBuilder b = new StringBuilder(v.length());
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c == '\\' && i + 1 < v.length()) {
                char n = v.charAt(++i);
                switch (n) {
                    case 's' -> b.append(' ');
                    case 'n' -> b.append('\n');
                    case 't' -> b.append('\t');
                    case 'r' -> b.append('\r');
                    case '\\' -> b.append('\\');
                    default -> b.append('\\').append(n); // kept for the Exec quoting rules
                }
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }
}
