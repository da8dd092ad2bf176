package org.infinibay.infiniservice.application.service.actions.windows;

import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.infinibay.infiniservice.domain.command.ActionParameters;
import org.infinibay.infiniservice.domain.command.ActionResult;
import org.infinibay.infiniservice.domain.command.ParameterRule;
import org.infinibay.infiniservice.domain.json.Json;
import org.infinibay.infiniservice.domain.json.JsonString;
import org.infinibay.infiniservice.domain.json.JsonValues;

/** Typed parameter reads for this package (§8.1, §8.2); an invalid value becomes exit code 2. */
final class WinParams {
    private WinParams() {
    }

    /** A parameter failed validation: answered with exit code 2 before anything runs. */
    static final class Invalid extends Exception {
        private static final long serialVersionUID = 1L;
        private final String parameter;
        private final String reason;

        Invalid(String parameter, String reason) {
            super("invalid " + parameter + ": " + reason, null, false, false);
            this.parameter = parameter;
            this.reason = reason;
        }

        ActionResult toResult() {
            return ActionResult.invalid(parameter, reason);
        }
    }

    /** A string: empty when absent, null or {@code ""}; anything but a string is refused. */
    static Optional<String> string(ActionParameters p, String key) throws Invalid {
        Optional<Json> raw = p.get(key);
        if (raw.isEmpty()) {
            return Optional.empty();
        }
        if (!(raw.get() instanceof JsonString s)) {
            throw new Invalid(key, "must be a string");
        }
        return s.value().isEmpty() ? Optional.empty() : Optional.of(s.value());
    }

    static String required(ActionParameters p, String key, ParameterRule rule) throws Invalid {
        String v = string(p, key).orElseThrow(() -> new Invalid(key, "missing"));
        Optional<String> violation = rule.violation(v);
        if (violation.isPresent()) {
            throw new Invalid(key, violation.get());
        }
        return v;
    }

    /** An integer; absent/null ⇒ empty; a non-integral value is refused. */
    static OptionalLong integer(ActionParameters p, String key) throws Invalid {
        Optional<Json> raw = p.get(key);
        if (raw.isEmpty()) {
            return OptionalLong.empty();
        }
        OptionalLong v = JsonValues.asLong(raw.get());
        if (v.isEmpty()) {
            throw new Invalid(key, "must be an integer");
        }
        return v;
    }

    /** An enumerated value matched case-insensitively (§8.1), in lower case; absent or "" ⇒ empty. */
    static Optional<String> choice(ActionParameters p, String key, Set<String> allowed) throws Invalid {
        Optional<String> v = string(p, key);
        if (v.isEmpty()) {
            return v;
        }
        String lower = v.get().toLowerCase(Locale.ROOT);
        if (!allowed.contains(lower)) {
            throw new Invalid(key, "must be one of " + new java.util.TreeSet<>(allowed));
        }
        return Optional.of(lower);
    }
}
