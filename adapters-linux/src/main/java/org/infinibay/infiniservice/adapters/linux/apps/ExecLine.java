package org.infinibay.infiniservice.adapters.linux.apps;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The program an {@code Exec=} value starts: arguments split with the specification's quoting,
 * field codes ({@code %U}, {@code %f}, ...) removed, an {@code env VAR=value} prefix skipped. A
 * {@code flatpak run ... APP_ID} line names the exported launcher of that app, because every Flatpak
 * entry would otherwise share {@code /usr/bin/flatpak} as its key.
 */
final class ExecLine {
    private static final Set<String> SHELLS = Set.of("sh", "bash", "dash", "zsh", "ksh", "fish");

    private ExecLine() {
    }

    /** The program as written (absolute path or bare name); empty when there is no usable one. */
    static Optional<String> program(String exec, java.nio.file.Path flatpakExports) {
        List<String> args = split(exec);
        int i = 0;
        if (i < args.size() && base(args.get(i)).equals("env")) {
            i++;
            while (i < args.size() && (args.get(i).indexOf('=') > 0 || args.get(i).startsWith("-"))) {
                i++;
            }
        }
        if (i >= args.size()) {
            return Optional.empty();
        }
        String program = args.get(i);
        if (SHELLS.contains(base(program))) {
            return Optional.empty(); // "sh -c ...": the shell says nothing about the application
        }
        if (base(program).equals("flatpak")) {
            for (int j = i + 1; j < args.size(); j++) {
                if (args.get(j).equals("run")) {
                    for (int k = j + 1; k < args.size(); k++) {
                        if (!args.get(k).startsWith("-")) {
                            return Optional.of(flatpakExports.resolve(args.get(k)).toString());
                        }
                    }
                }
            }
        }
        return Optional.of(program);
    }

    /** Splits on spaces outside double quotes; inside quotes a backslash escapes {@code " ` $ \}. */
    static List<String> split(String exec) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        boolean any = false;
        for (int i = 0; i < exec.length(); i++) {
            char c = exec.charAt(i);
            if (quoted) {
                if (c == '\\' && i + 1 < exec.length()) {
                    cur.append(exec.charAt(++i));
                } else if (c == '"') {
                    quoted = false;
                } else {
                    cur.append(c);
                }
            } else if (c == '"') {
                quoted = true;
                any = true;
            } else if (c == ' ' || c == '\t') {
                flush(out, cur, any);
                any = false;
            } else {
                cur.append(c);
                any = true;
            }
        }
        flush(out, cur, any);
        return out;
    }

    private static void flush(List<String> out, StringBuilder cur, boolean any) {
        if (!any) {
            return;
        }
        String arg = stripFieldCodes(cur.toString());
        cur.setLength(0);
        if (!arg.isEmpty()) {
            out.add(arg);
        }
    }

    /** Removes {@code %X} field codes; {@code %%} is a literal percent sign. */
    static String stripFieldCodes(String arg) {
        if (arg.indexOf('%') < 0) {
            return arg;
        }
        StringBuilder b = new StringBuilder(arg.length());
        for (int i = 0; i < arg.length(); i++) {
            char c = arg.charAt(i);
            if (c == '%' && i + 1 < arg.length()) {
                char n = arg.charAt(++i);
                if (n == '%') {
                    b.append('%');
                }
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    private static String base(String p) {
        int s = p.lastIndexOf('/');
        return s < 0 ? p : p.substring(s + 1);
    }
}
