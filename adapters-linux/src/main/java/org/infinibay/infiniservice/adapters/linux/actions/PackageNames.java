package org.infinibay.infiniservice.adapters.linux.actions;

import org.infinibay.infiniservice.application.port.out.os.OsOperationException;
import org.infinibay.infiniservice.domain.command.ExitCodes;

/**
 * Package names reach a package manager only as exact names. CONTRACT §8.2 allows
 * {@code [A-Za-z0-9._+:-]}, but each manager gives some of those characters a meaning of its own:
 * apt-get treats a name it does not know as a regular expression ({@code soca.} selects socat) and a
 * trailing {@code +}/{@code -} as "install"/"remove" ({@code PackageInstall "socat-"} removes socat);
 * dnf and yum match {@code name-version}, {@code name.arch} and provides; zypper reads
 * {@code pattern:x} as another kind of package. So each manager (1) checks the name against its own
 * grammar here, then (2) asks the package database what the name selects and acts only when that is
 * exactly the named package, and (3) uses the manager's exact-match syntax where it has one.
 */
final class PackageNames {
    private PackageNames() {
    }

    /**
     * A Debian package name (Debian Policy §5.6.1: lower case, digits, {@code + - .}, at least two
     * characters, starting with a letter or digit), optionally {@code :arch}.
     *
     * @return the name without the architecture qualifier
     */
    static String debian(String name) throws OsOperationException {
        int colon = name.indexOf(':');
        String base = colon < 0 ? name : name.substring(0, colon);
        if (base.length() < 2 || !alnumLower(base.charAt(0))) {
            throw invalid("a Debian package name starts with a lower-case letter or digit and has at least two "
                    + "characters");
        }
        for (int i = 1; i < base.length(); i++) {
            char c = base.charAt(i);
            if (!alnumLower(c) && c != '+' && c != '-' && c != '.') {
                throw invalid("a Debian package name has only a-z, 0-9, '+', '-' and '.'");
            }
        }
        if (colon >= 0) {
            String arch = name.substring(colon + 1);
            if (arch.isEmpty() || !alnumLower(arch.charAt(0)) || arch.endsWith("-")) {
                throw invalid("architecture qualifier must be like ':amd64'");
            }
            for (int i = 0; i < arch.length(); i++) {
                char c = arch.charAt(i);
                if (!alnumLower(c) && c != '-') {
                    throw invalid("architecture qualifier must be like ':amd64'");
                }
            }
        }
        return base;
    }

    /**
     * An RPM package name as dnf, yum and zypper take it: letters, digits, {@code . _ + -}, starting
     * with a letter, digit or {@code _}, no {@code ..} and no trailing {@code .}. No {@code :} (epoch,
     * module stream, zypper's {@code pattern:}), no {@code @} (groups), no globs, no operators.
     */
    static void rpm(String name) throws OsOperationException {
        char first = name.charAt(0);
        if (!(Character.isLetterOrDigit(first) && first < 0x80) && first != '_') {
            throw invalid("an RPM package name starts with a letter, a digit or '_'");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.'
                    || c == '_' || c == '+' || c == '-';
            if (!ok) {
                throw invalid("an RPM package name has only letters, digits, '.', '_', '+' and '-'");
            }
        }
        if (name.endsWith(".") || name.contains("..")) {
            throw invalid("an RPM package name has no empty part between dots");
        }
    }

    /** The name selects nothing, or something other than exactly the named package. */
    static OsOperationException notExact(String name, String selected) {
        return new OsOperationException(ExitCodes.FAILED, "package not found: no package is named exactly '" + name
                + "'" + (selected == null || selected.isEmpty() ? "" : " (the package manager would select "
                + selected + ")") + "; names are never patterns", "", "");
    }

    static OsOperationException invalid(String reason) {
        return new OsOperationException(ExitCodes.INVALID_PARAMETERS, "invalid package: " + reason, "", "");
    }

    private static boolean alnumLower(char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    }
}
