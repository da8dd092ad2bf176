package org.infinibay.infiniservice.adapters.windows.powershell;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A static check of PowerShell scripts for the traps that break them on Windows PowerShell 5.1 (the
 * default shell of Windows 10/11 and Server 2016-2022) or silently change their meaning. No
 * PowerShell runs in this environment, so these scripts are checked by reading them:
 * <ul>
 * <li>a character outside ASCII: 5.1 reads a script without BOM in the ANSI code page (and treats
 * typographic quotes as quotes);</li>
 * <li>an assignment to an automatic variable ({@code $input}, {@code $args}, {@code $error},
 * {@code $host}, {@code $matches}, ...), also as a parameter or a foreach variable;</li>
 * <li>a stderr redirection ({@code 2>&1}, {@code 2>$null}) in a script that sets
 * {@code $ErrorActionPreference = 'Stop'}, outside a function that sets it to {@code 'Continue'}:
 * under 5.1 every stderr line of a native program then aborts the script;</li>
 * <li>PowerShell 7-only syntax ({@code &&}, {@code ||}, {@code ??}, {@code ?.}) and the *-EventLog
 * cmdlets, which PowerShell 7 no longer has.</li>
 * </ul>
 * The scanner blanks comments and knows strings, so text inside them is never taken for code.
 */
final class PowerShellTraps {
    private static final String AUTOMATIC = "(?:input|args|error|host|matches|_|psitem|this|true|false|null|pid"
            + "|psboundparameters|myinvocation|executioncontext|home|pscommandpath|psscriptroot|shellid|stacktrace"
            + "|event|eventargs|eventsubscriber|sender|foreach|switch|profile|pscmdlet|psculture|psuiculture|pshome"
            + "|psversiontable|pwd|iswindows|islinux|ismacos|iscoreclr|lastexitcode|nestedpromptlevel)";
    private static final Pattern ASSIGN = Pattern.compile("(?i)\\$" + AUTOMATIC + "\\s*(?:=(?!=)|\\+=|-=|\\*=|/=)");
    private static final Pattern FOREACH = Pattern.compile("(?i)foreach\\s*\\(\\s*\\$" + AUTOMATIC + "\\s+in\\b");
    private static final Pattern PARAM = Pattern.compile("(?i)\\]\\s*\\$" + AUTOMATIC + "\\s*[,)=]");
    private static final Pattern STDERR = Pattern.compile("2>");
    private static final Pattern STOP = Pattern.compile("(?i)\\$ErrorActionPreference\\s*=\\s*['\"]Stop['\"]");
    private static final Pattern CONTINUE = Pattern.compile("(?i)\\$ErrorActionPreference\\s*=\\s*['\"]Continue['\"]");
    private static final Pattern FUNCTION = Pattern.compile("(?i)\\bfunction\\s+[\\w-]+[^{]*\\{");
    private static final Pattern PS7 = Pattern.compile("&&|\\|\\||\\?\\?|\\?\\.");
    private static final Pattern EVENTLOG_CMDLETS = Pattern.compile("(?i)\\b(?:New|Get|Write|Remove|Clear|Limit|Show)-EventLog\\b");

    private PowerShellTraps() {
    }

    /** The traps found in {@code script}, one "line N: what" per finding; empty when clean. */
    static List<String> find(String script) {
        return find(script, true);
    }

    /**
     * @param bothShells the script must run unchanged under 5.1 and 7 (the installers): the *-EventLog
     *                   cmdlets are traps; a script that branches on the version may use them
     */
    static List<String> find(String script, boolean bothShells) {
        List<String> found = new ArrayList<>();
        for (int i = 0; i < script.length(); i++) {
            if (script.charAt(i) > 0x7E || (script.charAt(i) < 0x20 && "\t\r\n".indexOf(script.charAt(i)) < 0)) {
                found.add("line " + line(script, i) + ": non-ASCII or control character U+"
                        + String.format("%04X", (int) script.charAt(i)) + " (5.1 reads BOM-less scripts as ANSI)");
                break;
            }
        }
        boolean[] inString = new boolean[script.length() + 1];
        String code = blankComments(script, inString);
        for (Pattern p : new Pattern[] {ASSIGN, FOREACH, PARAM}) {
            Matcher m = p.matcher(code);
            while (m.find()) {
                if (!inString[m.start()]) {
                    found.add("line " + line(script, m.start()) + ": assigns the automatic variable in '"
                            + m.group().trim() + "'");
                }
            }
        }
        if (STOP.matcher(code).find()) {
            List<int[]> guarded = new ArrayList<>();
            Matcher f = FUNCTION.matcher(code);
            while (f.find()) {
                if (inString[f.start()]) {
                    continue;
                }
                int end = closingBrace(code, inString, f.end() - 1);
                if (CONTINUE.matcher(code.substring(f.end(), end)).find()) {
                    guarded.add(new int[] {f.end(), end});
                }
            }
            Matcher m = STDERR.matcher(code);
            while (m.find()) {
                int at = m.start();
                if (inString[at] || guarded.stream().anyMatch(r -> at >= r[0] && at < r[1])) {
                    continue;
                }
                found.add("line " + line(script, at) + ": stderr redirected under $ErrorActionPreference = 'Stop'"
                        + " (Windows PowerShell 5.1 aborts on the first stderr line)");
            }
        }
        Matcher m = PS7.matcher(code);
        while (m.find()) {
            if (!inString[m.start()]) {
                found.add("line " + line(script, m.start()) + ": '" + m.group() + "' needs PowerShell 7");
            }
        }
        m = EVENTLOG_CMDLETS.matcher(code);
        while (bothShells && m.find()) {
            if (!inString[m.start()]) {
                found.add("line " + line(script, m.start()) + ": " + m.group() + " does not exist in PowerShell 7");
            }
        }
        return found;
    }

    /** Comments replaced by spaces (newlines kept); {@code inString[i]} marks characters inside string literals. */
    static String blankComments(String s, boolean[] inString) {
        StringBuilder out = new StringBuilder(s);
        int i = 0;
        int n = s.length();
        while (i < n) {
            char c = s.charAt(i);
            if (c == '<' && i + 1 < n && s.charAt(i + 1) == '#') {
                int end = s.indexOf("#>", i + 2);
                end = end < 0 ? n : end + 2;
                blank(out, i, end);
                i = end;
            } else if (c == '#') {
                int end = s.indexOf('\n', i);
                end = end < 0 ? n : end;
                blank(out, i, end);
                i = end;
            } else if (c == '@' && i + 2 < n && (s.charAt(i + 1) == '\'' || s.charAt(i + 1) == '"')
                    && (s.charAt(i + 2) == '\n' || s.charAt(i + 2) == '\r')) {
                String close = "\n" + s.charAt(i + 1) + "@";
                int end = s.indexOf(close, i + 2);
                end = end < 0 ? n : end + close.length();
                mark(inString, i, end);
                i = end;
            } else if (c == '\'') {
                int j = i + 1;
                while (j < n) {
                    if (s.charAt(j) == '\'') {
                        if (j + 1 < n && s.charAt(j + 1) == '\'') {
                            j += 2;
                            continue;
                        }
                        break;
                    }
                    j++;
                }
                mark(inString, i, Math.min(n, j + 1));
                i = j + 1;
            } else if (c == '"') {
                int j = i + 1;
                while (j < n && s.charAt(j) != '"') {
                    j += s.charAt(j) == '`' ? 2 : 1;
                }
                mark(inString, i, Math.min(n, j + 1));
                i = j + 1;
            } else if (c == '`') {
                i += 2; // an escaped character outside strings
            } else {
                i++;
            }
        }
        return out.toString();
    }

    private static void blank(StringBuilder out, int from, int to) {
        for (int k = from; k < to; k++) {
            if (out.charAt(k) != '\n' && out.charAt(k) != '\r') {
                out.setCharAt(k, ' ');
            }
        }
    }

    private static void mark(boolean[] inString, int from, int to) {
        for (int k = from; k < to && k < inString.length; k++) {
            inString[k] = true;
        }
    }

    private static int closingBrace(String code, boolean[] inString, int open) {
        int depth = 0;
        for (int k = open; k < code.length(); k++) {
            if (inString[k]) {
                continue;
            }
            char c = code.charAt(k);
            if (c == '{') {
                depth++;
            } else if (c == '}' && --depth == 0) {
                return k;
            }
        }
        return code.length();
    }

    private static int line(String s, int index) {
        int line = 1;
        for (int k = 0; k < index && k < s.length(); k++) {
            if (s.charAt(k) == '\n') {
                line++;
            }
        }
        return line;
    }
}
