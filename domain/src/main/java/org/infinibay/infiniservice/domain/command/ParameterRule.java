package org.infinibay.infiniservice.domain.command;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The allow-lists of CONTRACT §8.2. Every value that reaches a program passes one of these first;
 * none may start with {@code -} (option injection).
 */
public enum ParameterRule {
    SERVICE_LINUX("[A-Za-z0-9._@:\\\\-]+", 256),
    SERVICE_WINDOWS("[A-Za-z0-9._@:$-]+", 256),
    PACKAGE_LINUX("[A-Za-z0-9._+:-]+", 256),
    PACKAGE_WINDOWS("[A-Za-z0-9._+: -]+", 256),
    SEARCH_QUERY("[A-Za-z0-9._+ -]+", 256),
    DOMAIN("[A-Za-z0-9.-]+", 253),
    ACCOUNT("[A-Za-z0-9._@\\\\-]+", 256);

    private final Pattern pattern;
    private final int maxBytes;

    ParameterRule(String regex, int maxBytes) {
        this.pattern = Pattern.compile(regex);
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
        if (!pattern.matcher(value).matches()) {
            return Optional.of("contains characters outside " + pattern.pattern());
        }
        return Optional.empty();
    }
}
