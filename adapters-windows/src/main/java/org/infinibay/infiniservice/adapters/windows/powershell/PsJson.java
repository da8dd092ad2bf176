package org.infinibay.infiniservice.adapters.windows.powershell;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.infinibay.infiniservice.domain.json.Json;
import org.infinibay.infiniservice.domain.json.JsonArray;
import org.infinibay.infiniservice.domain.json.JsonBool;
import org.infinibay.infiniservice.domain.json.JsonFloat;
import org.infinibay.infiniservice.domain.json.JsonInt;
import org.infinibay.infiniservice.domain.json.JsonObject;
import org.infinibay.infiniservice.domain.json.JsonString;

/**
 * Reading what {@code ConvertTo-Json} prints, in both Windows PowerShell 5.1 and PowerShell 7:
 * one object where a list was meant (a single result is not wrapped), dates as
 * {@code "\/Date(1574202819000)\/"} (5.1) or ISO 8601 with up to 7 fraction digits (7.x), and
 * enums as integers unless the script converted them (pitfall P20: our scripts always call
 * {@code .ToString()}; the integer tables below are the fallback).
 */
public final class PsJson {
    private static final Pattern MS_DATE = Pattern.compile("^/Date\\((-?\\d+)([+-]\\d{4})?\\)/$");

    private static final String[] SERVICE_STATES = {null, "Stopped", "StartPending", "StopPending", "Running",
        "ContinuePending", "PausePending", "Paused"};
    private static final String[] START_TYPES = {"Boot", "System", "Automatic", "Manual", "Disabled"};

    private PsJson() {
    }

    /** The items of a result that may be an array, a single object, or nothing. */
    public static List<JsonObject> objects(Json json) {
        List<JsonObject> out = new ArrayList<>();
        if (json instanceof JsonObject o) {
            out.add(o);
        } else if (json instanceof JsonArray a) {
            for (Json item : a.items()) {
                if (item instanceof JsonObject o) {
                    out.add(o);
                }
            }
        }
        return out;
    }

    /** A string field; numbers and booleans are rendered, blank and null are empty. */
    public static Optional<String> text(JsonObject o, String key) {
        Optional<Json> v = o.get(key);
        if (v.isEmpty()) {
            return Optional.empty();
        }
        Json j = v.get();
        String s;
        if (j instanceof JsonString str) {
            s = str.value();
        } else if (j instanceof JsonInt i) {
            s = Long.toString(i.value());
        } else if (j instanceof JsonFloat f) {
            s = Double.toString(f.value());
        } else if (j instanceof JsonBool b) {
            s = Boolean.toString(b.value());
        } else {
            return Optional.empty();
        }
        s = s.strip();
        return s.isEmpty() ? Optional.empty() : Optional.of(s);
    }

    public static String textOr(JsonObject o, String key, String dflt) {
        return text(o, key).orElse(dflt);
    }

    /** A boolean field; also accepts "True"/"False" strings and 0/1. */
    public static Optional<Boolean> bool(JsonObject o, String key) {
        Optional<Json> v = o.get(key);
        if (v.isEmpty()) {
            return Optional.empty();
        }
        if (v.get() instanceof JsonBool b) {
            return Optional.of(b.value());
        }
        if (v.get() instanceof JsonInt i) {
            return Optional.of(i.value() != 0);
        }
        if (v.get() instanceof JsonString s) {
            String t = s.value().strip();
            if (t.equalsIgnoreCase("true")) {
                return Optional.of(true);
            }
            if (t.equalsIgnoreCase("false")) {
                return Optional.of(false);
            }
        }
        return Optional.empty();
    }

    /** An integral field; accepts integral floats and numeric strings. */
    public static OptionalLong integer(JsonObject o, String key) {
        Optional<Json> v = o.get(key);
        if (v.isEmpty()) {
            return OptionalLong.empty();
        }
        Json j = v.get();
        if (j instanceof JsonInt i) {
            return OptionalLong.of(i.value());
        }
        if (j instanceof JsonFloat f && Double.isFinite(f.value()) && f.value() == Math.rint(f.value())) {
            return OptionalLong.of((long) f.value());
        }
        if (j instanceof JsonString s) {
            try {
                return OptionalLong.of(Long.parseLong(s.value().strip()));
            } catch (NumberFormatException e) {
                return OptionalLong.empty();
            }
        }
        return OptionalLong.empty();
    }

    /** A date field in either PowerShell format, as epoch millis; empty when absent or unparseable. */
    public static OptionalLong date(JsonObject o, String key) {
        Optional<String> t = text(o, key);
        if (t.isEmpty()) {
            // PS 5.1 on a DateTime with ETS members: {"value":"\/Date(..)\/","DisplayHint":2,"DateTime":"..."}
            Optional<JsonObject> wrapped = o.object(key);
            return wrapped.isPresent() ? date(wrapped.get(), "value") : OptionalLong.empty();
        }
        return parseDate(t.get());
    }

    /**
     * {@code /Date(ms)/} (optionally with a {@code +hhmm} suffix, which does not shift the instant),
     * ISO 8601 with offset or {@code Z}, or a zone-less ISO time (read as UTC: our scripts convert
     * with {@code ToUniversalTime()} first). The year 1601 marks "never" in WMI and Defender data.
     */
    public static OptionalLong parseDate(String raw) {
        String s = raw.strip();
        Matcher m = MS_DATE.matcher(s);
        long millis;
        if (m.matches()) {
            millis = Long.parseLong(m.group(1));
        } else {
            try {
                millis = OffsetDateTime.parse(s).toInstant().toEpochMilli();
            } catch (DateTimeParseException e) {
                try {
                    millis = LocalDateTime.parse(s).toInstant(ZoneOffset.UTC).toEpochMilli();
                } catch (DateTimeParseException e2) {
                    try {
                        millis = Instant.parse(s).toEpochMilli();
                    } catch (DateTimeParseException e3) {
                        return OptionalLong.empty();
                    }
                }
            }
        }
        if (millis <= 0 || millis < Instant.parse("1971-01-01T00:00:00Z").toEpochMilli()) {
            return OptionalLong.empty(); // 1601-01-01 / 0: "never"
        }
        return OptionalLong.of(millis);
    }

    /** {@code ServiceControllerStatus}: a name as-is, or the enum's integer mapped to its name. */
    public static Optional<String> serviceState(JsonObject o, String key) {
        return enumName(o, key, SERVICE_STATES, 0);
    }

    /** {@code ServiceStartMode}: a name as-is, or the integer (0 Boot … 4 Disabled) mapped. */
    public static Optional<String> startType(JsonObject o, String key) {
        return enumName(o, key, START_TYPES, 0);
    }

    private static Optional<String> enumName(JsonObject o, String key, String[] names, int base) {
        Optional<Json> v = o.get(key);
        if (v.isEmpty()) {
            return Optional.empty();
        }
        if (v.get() instanceof JsonString s) {
            String t = s.value().strip();
            if (t.matches("\\d+")) {
                return byIndex(names, Integer.parseInt(t) - base);
            }
            return t.isEmpty() ? Optional.empty() : Optional.of(t);
        }
        if (v.get() instanceof JsonInt i) {
            return byIndex(names, (int) i.value() - base);
        }
        return Optional.empty();
    }

    private static Optional<String> byIndex(String[] names, int i) {
        return i >= 0 && i < names.length ? Optional.ofNullable(names[i]) : Optional.empty();
    }
}
