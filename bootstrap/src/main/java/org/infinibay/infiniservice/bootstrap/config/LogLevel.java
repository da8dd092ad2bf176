package org.infinibay.infiniservice.bootstrap.config;

import java.util.Locale;
import java.util.logging.Level;

/** The {@code log_level} setting. DEBUG and TRACE may show command lines, never secrets or env values. */
public enum LogLevel {
    ERROR(1000), WARN(900), INFO(800), DEBUG(500), TRACE(300);

    /** The java.util.logging level's value, which System.Logger.Level's severities share. */
    private final int severity;

    LogLevel(int severity) {
        this.severity = severity;
    }

    /**
     * The lowest {@link System.Logger.Level#getSeverity()} logged: ERROR 1000, WARN 900, INFO 800,
     * DEBUG 500 (FINE), TRACE 300 (FINEST, so System.Logger's TRACE = FINER is in).
     */
    public int severity() {
        return severity;
    }

    /**
     * The java.util.logging level of the same value (Windows only: the Linux agent does not load
     * java.util.logging; docs/performance.md, round 5).
     */
    public Level julLevel() {
        switch (this) {
            case ERROR:
                return Level.SEVERE;
            case WARN:
                return Level.WARNING;
            case INFO:
                return Level.INFO;
            case DEBUG:
                return Level.FINE;
            default:
                return Level.FINEST;
        }
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
        StringBuilder out = new StringBuilder();
        for (LogLevel l : values()) {
            out.append(out.length() == 0 ? "" : ", ").append(l.name().toLowerCase(Locale.ROOT));
        }
        return out.toString();
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
