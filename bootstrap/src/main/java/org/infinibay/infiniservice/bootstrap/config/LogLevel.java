package org.infinibay.infiniservice.bootstrap.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.logging.Level;
import java.util.stream.Collectors;

/** The {@code log_level} setting. DEBUG and TRACE may show command lines, never secrets or env values. */
public enum LogLevel {
    ERROR(Level.SEVERE), WARN(Level.WARNING), INFO(Level.INFO), DEBUG(Level.FINE), TRACE(Level.FINEST);

    private final Level julLevel;

    LogLevel(Level julLevel) {
        this.julLevel = julLevel;
    }

    /** The java.util.logging level the JDK's System.Logger bridge compares against. */
    public Level julLevel() {
        return julLevel;
    }

    public boolean isDebugOrFiner() {
        return compareTo(DEBUG) >= 0;
    }

    /** Case-insensitive; {@code warning} is accepted for {@code warn}. Empty = not a level. */
    public static LogLevel parse(String text, String source) {
        String t = text == null ? "" : text.trim().toUpperCase(Locale.ROOT);
        if (t.equals("WARNING")) {
            return WARN;
        }
        for (LogLevel l : values()) {
            if (l.name().equals(t)) {
                return l;
            }
        }
        throw new ConfigurationException(source + ": log level must be one of " + names() + ", got '"
                + (text == null ? "" : text.trim()) + "'");
    }

    static String names() {
        return Arrays.stream(values()).map(l -> l.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(", "));
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
