package org.infinibay.infiniservice.domain.command;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An allow-list of CONTRACT §8.2. Every value that reaches a program passes one of these first;
 * none may start with {@code -} (option injection). The rules that are the same on every guest are
 * here; the names of services and packages differ per OS (§8.2 table), so the guest's service and
 * package managers supply those ({@code ServiceManager.nameRule()}, {@code PackageManager.nameRule()}).
 */
public final class ParameterRule {
    public static final ParameterRule SEARCH_QUERY = new ParameterRule("SEARCH_QUERY", "[A-Za-z0-9._+ -]+", 256);
    public static final ParameterRule DOMAIN = new ParameterRule("DOMAIN", "[A-Za-z0-9.-]+", 253);
    public static final ParameterRule ACCOUNT = new ParameterRule("ACCOUNT", "[A-Za-z0-9._@\\\\-]+", 256);

    private final String name;
    private final String regex;
    /**
     * Compiled by the first value checked, not when the rule is made: the rules are constants of classes
     * the agent loads to build its safe-action set on the host's first command, and compiling them there
     * would load the regex machinery for the agent's life even when no command ever checks a value.
     */
    private volatile Pattern pattern;
    private final int maxBytes;

    /**
     * @param name     for messages and tests
     * @param regex    the characters allowed (the whole value must match)
     * @param maxBytes the longest value, in UTF-8 bytes
     */
    public ParameterRule(String name, String regex, int maxBytes) {
        this.name = name;
        this.regex = regex;
        this.maxBytes = maxBytes;
    }

    /** The reason the value is refused, or empty when it is allowed. */
    public Optional<String> violation(String value) {
        if (value == null || value.isEmpty()) {
            return Optional.of("must not be empty");
        }
        if (value.getBytes(StandardCharsets.UTF_8).length > maxBytes) {
            return Optional.of("longer than " + maxBytes + " bytes");
        }
        if (value.startsWith("-")) {
            return Optional.of("must not start with '-'");
        }
        Pattern p = pattern;
        if (p == null) {
            p = Pattern.compile(regex);
            pattern = p;
        }
        if (!p.matcher(value).matches()) {
            return Optional.of("contains characters outside " + regex);
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return name;
    }
}
