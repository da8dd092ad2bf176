package org.infinibay.infiniservice.application.service.policy;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An allow list and a deny list of glob patterns ({@code *} any run of characters, {@code ?} one
 * character, matched case-insensitively against the whole value). A value passes when it matches
 * some allow pattern and no deny pattern: deny always wins.
 *
 * @param allow patterns a value must match; {@code ["*"]} (the default) lets everything through
 * @param deny  patterns that refuse a value even when it is allowed
 */
public record PatternRule(List<String> allow, List<String> deny) {
    public static final PatternRule ANY = new PatternRule(List.of("*"), List.of());
    static final int MAX_PATTERN = 256;

    public PatternRule {
        allow = List.copyOf(allow == null ? List.of("*") : allow);
        deny = List.copyOf(deny == null ? List.of() : deny);
        for (String p : concat(allow, deny)) {
            if (p == null || p.isEmpty() || p.length() > MAX_PATTERN) {
                throw new IllegalArgumentException("a pattern must be 1-" + MAX_PATTERN + " characters");
            }
        }
    }

    /** True when the rule lets every value through (nothing to check, nothing to report). */
    public boolean isOpen() {
        return deny.isEmpty() && allow.contains("*");
    }

    /**
     * Why {@code candidates} (the names one value goes by, e.g. {@code sshd} and {@code sshd.service})
     * are refused, or empty when allowed. An empty candidate list stands for a value that could not
     * be determined: only the catch-all {@code *} patterns apply to it.
     *
     * @param category the policy table name, for the reason ({@code services}, {@code shells}, ...)
     * @param shown    the value as received, for the reason
     */
    public Optional<String> refusal(String category, String shown, Collection<String> candidates) {
        if (isOpen()) {
            return Optional.empty(); // the default: "*" matches every value, nothing to deny (no regex per command)
        }
        // loops, not streams: this runs on the reader thread for every command a policy restricts
        for (String p : deny) {
            if (candidates.isEmpty() ? p.equals("*") : anyMatches(p, candidates)) {
                return Optional.of(category + ".deny \"" + p + "\" matches " + quoted(shown));
            }
        }
        boolean allowed = false;
        if (candidates.isEmpty()) {
            allowed = allow.contains("*");
        } else {
            for (String p : allow) {
                if (anyMatches(p, candidates)) {
                    allowed = true;
                    break;
                }
            }
        }
        return allowed ? Optional.empty()
                : Optional.of(category + ".allow has no pattern matching " + quoted(shown));
    }

    private static boolean anyMatches(String glob, Collection<String> candidates) {
        for (String c : candidates) {
            if (matches(glob, c)) {
                return true;
            }
        }
        return false;
    }

    /** Glob match of the whole value, case-insensitive. */
    public static boolean matches(String glob, String value) {
        return toRegex(glob).matcher(value).matches();
    }

    private static Pattern toRegex(String glob) {
        StringBuilder re = new StringBuilder();
        StringBuilder literal = new StringBuilder();
        for (char ch : glob.toCharArray()) {
            if (ch == '*' || ch == '?') {
                if (literal.length() > 0) {
                    re.append(Pattern.quote(literal.toString()));
                    literal.setLength(0);
                }
                re.append(ch == '*' ? ".*" : ".");
            } else {
                literal.append(ch);
            }
        }
        if (literal.length() > 0) {
            re.append(Pattern.quote(literal.toString()));
        }
        return Pattern.compile(re.toString(), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE | Pattern.DOTALL);
    }

    private static String quoted(String shown) {
        if (shown == null) {
            return "(unknown)";
        }
        String s = shown.length() > 64 ? shown.substring(0, 64) + "..." : shown;
        return "\"" + printable(s) + "\"";
    }

    /**
     * The text with every code point outside printable ASCII ({@code 0x20-0x7e}) replaced by one
     * {@code ?}, for host-supplied names in log lines and refusal reasons (here and
     * in the command service). A loop, not
     * {@code replaceAll("[^\\x20-\\x7e]", "?")}, which compiled a regex per call (same result: the
     * pattern also matched whole code points, so a surrogate pair became one {@code ?}).
     */
    public static String printable(String s) {
        StringBuilder b = null;
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            int n = Character.charCount(cp);
            if (cp < 0x20 || cp > 0x7e) {
                if (b == null) {
                    b = new StringBuilder(s.length()).append(s, 0, i);
                }
                b.append('?');
            } else if (b != null) {
                b.append((char) cp);
            }
            i += n;
        }
        return b == null ? s : b.toString();
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
