package org.infinibay.infiniservice.application.service.actions;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.infinibay.infiniservice.domain.command.ActionParameters;
import org.infinibay.infiniservice.domain.command.ParameterRule;
import org.infinibay.infiniservice.domain.json.Json;
import org.infinibay.infiniservice.domain.json.JsonArray;
import org.infinibay.infiniservice.domain.json.JsonBool;
import org.infinibay.infiniservice.domain.json.JsonFloat;
import org.infinibay.infiniservice.domain.json.JsonString;
import org.infinibay.infiniservice.domain.json.JsonValues;

/** Typed, validated reads of action parameters (CONTRACT §8.1, §8.2). */
final class Params {
    private Params() {
    }

    /** A string: empty when absent, null or {@code ""}; anything but a string is refused. */
    static Optional<String> string(ActionParameters p, String key) throws InvalidParameterException {
        Optional<Json> raw = p.get(key);
        if (raw.isEmpty()) {
            return Optional.empty();
        }
        if (!(raw.get() instanceof JsonString s)) {
            throw new InvalidParameterException(key, "must be a string");
        }
        return s.value().isEmpty() ? Optional.empty() : Optional.of(s.value());
    }

    /** A required value that must pass {@code rule}; absent, null and {@code ""} are refused. */
    static String required(ActionParameters p, String key, ParameterRule rule) throws InvalidParameterException {
        Optional<Json> raw = p.get(key);
        if (raw.isPresent() && !(raw.get() instanceof JsonString)) {
            throw new InvalidParameterException(key, "must be a string");
        }
        String value = p.string(key).orElse("");
        if (value.isEmpty()) {
            throw new InvalidParameterException(key, "missing");
        }
        return checked(key, value, rule);
    }

    /** An optional value: empty when absent, null or {@code ""}; otherwise it must pass {@code rule}. */
    static Optional<String> optional(ActionParameters p, String key, ParameterRule rule)
            throws InvalidParameterException {
        Optional<Json> raw = p.get(key);
        if (raw.isEmpty()) {
            return Optional.empty();
        }
        if (!(raw.get() instanceof JsonString s)) {
            throw new InvalidParameterException(key, "must be a string");
        }
        if (s.value().isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(checked(key, s.value(), rule));
    }

    static String checked(String key, String value, ParameterRule rule) throws InvalidParameterException {
        Optional<String> violation = rule.violation(value);
        if (violation.isPresent()) {
            throw new InvalidParameterException(key, violation.get());
        }
        return value;
    }

    /** A boolean; absent/null ⇒ {@code dflt}; anything but true/false is refused. */
    static boolean bool(ActionParameters p, String key, boolean dflt) throws InvalidParameterException {
        Optional<Json> raw = p.get(key);
        if (raw.isEmpty()) {
            return dflt;
        }
        if (raw.get() instanceof JsonBool b) {
            return b.value();
        }
        throw new InvalidParameterException(key, "must be true or false");
    }

    /** An integer; absent/null ⇒ empty; a non-integral value is refused. */
    static OptionalLong integer(ActionParameters p, String key) throws InvalidParameterException {
        Optional<Json> raw = p.get(key);
        if (raw.isEmpty()) {
            return OptionalLong.empty();
        }
        OptionalLong v = JsonValues.asLong(raw.get());
        if (v.isEmpty()) {
            throw new InvalidParameterException(key, "must be an integer");
        }
        return v;
    }

    /** A number (integer or float); absent/null ⇒ empty. */
    static Optional<Double> number(ActionParameters p, String key) throws InvalidParameterException {
        Optional<Json> raw = p.get(key);
        if (raw.isEmpty()) {
            return Optional.empty();
        }
        if (raw.get() instanceof JsonFloat f) {
            return Optional.of(f.value());
        }
        OptionalLong v = JsonValues.asLong(raw.get());
        if (v.isEmpty()) {
            throw new InvalidParameterException(key, "must be a number");
        }
        return Optional.of((double) v.getAsLong());
    }

    /** An enumerated value matched case-insensitively (§8.1), returned in lower case. */
    static Optional<String> choice(ActionParameters p, String key, Set<String> allowed)
            throws InvalidParameterException {
        Optional<Json> raw = p.get(key);
        if (raw.isEmpty()) {
            return Optional.empty();
        }
        if (!(raw.get() instanceof JsonString s)) {
            throw new InvalidParameterException(key, "must be a string");
        }
        if (s.value().isEmpty()) {
            return Optional.empty();
        }
        String v = s.value().toLowerCase(Locale.ROOT);
        if (!allowed.contains(v)) {
            throw new InvalidParameterException(key, "must be one of " + new java.util.TreeSet<>(allowed));
        }
        return Optional.of(v);
    }

    /** A list of strings: a JSON array of strings, or a single string; absent/null ⇒ empty. */
    static Optional<List<String>> strings(ActionParameters p, String key) throws InvalidParameterException {
        Optional<Json> raw = p.get(key);
        if (raw.isEmpty()) {
            return Optional.empty();
        }
        List<String> out = new ArrayList<>();
        if (raw.get() instanceof JsonString s) {
            out.add(s.value());
        } else if (raw.get() instanceof JsonArray a) {
            for (Json item : a.items()) {
                if (!(item instanceof JsonString s)) {
                    throw new InvalidParameterException(key, "must be an array of strings");
                }
                out.add(s.value());
            }
        } else {
            throw new InvalidParameterException(key, "must be an array of strings");
        }
        return Optional.of(out);
    }
}
