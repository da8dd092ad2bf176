package org.infinibay.infiniservice.bootstrap.logging;

import java.io.PrintStream;
import org.infinibay.infiniservice.bootstrap.config.LogLevel;
import org.infinibay.infiniservice.domain.time.Timestamps;

/**
 * One compact line per log record on stderr (the journal under systemd):
 * {@code 2026-01-01T00:00:00.000Z INFO  CommandService command x: ...}. The application logs
 * through {@link System.Logger}. Commands and payloads are logged at DEBUG at most, so INFO output
 * never carries them.
 *
 * <p>Two ways to the same line. On Linux {@link LineLogs}' loggers call {@link #write} directly,
 * with the threshold and stream set by {@link #configure(LogLevel, PrintStream)}, and
 * {@code java.util.logging} is never loaded: this class names none of its classes (the verifier
 * loaded JUL's handlers and formatter when it did). On Windows the records go through
 * {@code java.util.logging} ({@link JulSetup}), whose root logger also feeds the Event Log.
 */
public final class LogSetup {
    /** JUL's severities, which {@link System.Logger.Level#getSeverity()} shares: INFO = 800. */
    private static final int SEVERE = 1000;
    private static final int WARNING = 900;
    private static final int INFO = 800;

    /** Until {@link #configure} runs: INFO and above, on stderr. */
    private static volatile int threshold = INFO;
    private static volatile PrintStream stream = System.err;

    private LogSetup() {
    }

    /** {@code demo}: INFO, or DEBUG with {@code --debug}. */
    public static void configure(boolean debug, PrintStream out) {
        configure(debug ? LogLevel.DEBUG : LogLevel.INFO, out);
    }

    /** The configured {@code log_level} for every {@link System.Logger} of the process. */
    public static void configure(LogLevel level, PrintStream out) {
        if (LineLogs.isWindows()) {
            JulSetup.configure(level.julLevel(), out);
            return;
        }
        stream = out;
        threshold = level.severity();
    }

    static int threshold() {
        return threshold;
    }

    /** Writes one record's line (and the stack trace of {@code thrown}) at once, then flushes. */
    static void write(int severity, String shortName, String message, Throwable thrown) {
        String line = line(System.currentTimeMillis(), severity, shortName, message, thrown);
        PrintStream out = stream;
        synchronized (out) {
            out.print(line);
            out.flush();
        }
    }

    static String line(long millis, int severity, String shortName, String message, Throwable thrown) {
        StringBuilder sb = new StringBuilder(128)
                .append(Timestamps.format(millis))
                .append(' ').append(levelName(severity))
                .append(' ').append(shortName)
                .append(' ').append(message)
                .append('\n');
        if (thrown != null) {
            sb.append("  ").append(thrown).append('\n');
            for (StackTraceElement e : thrown.getStackTrace()) {
                sb.append("    at ").append(e).append('\n');
            }
        }
        return sb.toString();
    }

    private static String levelName(int severity) {
        if (severity >= SEVERE) {
            return "ERROR";
        }
        if (severity >= WARNING) {
            return "WARN ";
        }
        if (severity >= INFO) {
            return "INFO ";
        }
        return "DEBUG";
    }

    /**
     * The message with {@code {0}}..{@code {9}} replaced by the parameters' {@code String.valueOf}.
     * JUL's {@code formatMessage} builds a {@code MessageFormat} per record and, for a number
     * parameter, a locale {@code NumberFormat} (DecimalFormatSymbols and all): that was most of
     * the CPU a worker spent on a SystemInfo command (two INFO lines) while the code is still
     * interpreted. Numbers therefore print without grouping ({@code 9437184}, not
     * {@code 9,437,184}). A pattern with anything else MessageFormat would interpret (quotes,
     * {@code {0,number}}, other braces) is formatted as {@code java.util.logging} formats it.
     */
    static String message(String format, Object[] params) {
        if (format == null || params == null || params.length == 0 || format.indexOf('\'') >= 0) {
            return julFormat(format, params);
        }
        StringBuilder out = null;
        int copied = 0;
        for (int i = format.indexOf('{'); i >= 0; i = format.indexOf('{', i + 1)) {
            int n = i + 2 < format.length() && format.charAt(i + 2) == '}' ? format.charAt(i + 1) - '0' : -1;
            if (n < 0 || n > 9 || n >= params.length) {
                return julFormat(format, params);
            }
            if (out == null) {
                out = new StringBuilder(format.length() + 64);
            }
            out.append(format, copied, i).append(params[n]);
            copied = i + 3;
        }
        return out == null ? format : out.append(format, copied, format.length()).toString();
    }

    /** {@code java.util.logging.Formatter.formatMessage} without a resource bundle, to the letter. */
    private static String julFormat(String format, Object[] params) {
        if (format == null || params == null || params.length == 0) {
            return format;
        }
        try {
            if (format.contains("{0") || format.contains("{1") || format.contains("{2") || format.contains("{3")) {
                return java.text.MessageFormat.format(format, params);
            }
            return format;
        } catch (RuntimeException e) {
            return format;
        }
    }
}
