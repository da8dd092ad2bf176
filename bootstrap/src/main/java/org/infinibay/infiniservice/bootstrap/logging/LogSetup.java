package org.infinibay.infiniservice.bootstrap.logging;

import java.io.PrintStream;
import java.time.Instant;
import java.util.logging.ConsoleHandler;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.StreamHandler;
import org.infinibay.infiniservice.domain.time.Timestamps;

/**
 * One compact line per log record on stderr (the journal under systemd). The application logs
 * through {@link System.Logger}, which the JDK routes here. Commands and payloads are logged at
 * DEBUG (FINE) at most, so INFO output never carries them.
 */
public final class LogSetup {
    private LogSetup() {
    }

    public static void configure(boolean debug, PrintStream stream) {
        configure(debug ? Level.FINE : Level.INFO, stream);
    }

    /** {@code level}: the configured {@code log_level} (ERROR=SEVERE ... DEBUG=FINE, TRACE=FINEST). */
    public static void configure(Level level, PrintStream stream) {
        LogManager.getLogManager().reset();
        Logger root = Logger.getLogger("");
        Handler h = stream == System.err ? new ConsoleHandler() : new StreamHandler(stream, new LineFormatter()) {
            @Override
            public synchronized void publish(LogRecord record) {
                super.publish(record);
                flush();
            }
        };
        h.setFormatter(new LineFormatter());
        h.setLevel(level);
        root.setLevel(level);
        root.addHandler(h);
        Logger.getLogger("org.infinibay").setLevel(level);
    }

    /** {@code 2026-01-01T00:00:00.000Z INFO  CommandService command x: ...}. */
    static final class LineFormatter extends Formatter {
        @Override
        public String format(LogRecord r) {
            String name = r.getLoggerName() == null ? "" : r.getLoggerName();
            String shortName = name.substring(name.lastIndexOf('.') + 1);
            StringBuilder sb = new StringBuilder(128)
                    .append(Timestamps.format(Instant.ofEpochMilli(r.getMillis())))
                    .append(' ').append(levelName(r.getLevel()))
                    .append(' ').append(shortName)
                    .append(' ').append(message(r))
                    .append('\n');
            if (r.getThrown() != null) {
                sb.append("  ").append(r.getThrown()).append('\n');
                for (StackTraceElement e : r.getThrown().getStackTrace()) {
                    sb.append("    at ").append(e).append('\n');
                }
            }
            return sb.toString();
        }

        /**
         * The message with {@code {0}}..{@code {9}} replaced by the parameters' {@code String.valueOf}.
         * JUL's {@code formatMessage} builds a {@code MessageFormat} per record and, for a number
         * parameter, a locale {@code NumberFormat} (DecimalFormatSymbols and all): that was most of
         * the CPU a worker spent on a SystemInfo command (two INFO lines) while the code is still
         * interpreted. Numbers therefore print without grouping ({@code 9437184}, not
         * {@code 9,437,184}). A pattern with anything else MessageFormat would interpret (quotes,
         * {@code {0,number}}, other braces) still goes through {@code formatMessage}.
         */
        String message(LogRecord r) {
            String format = r.getMessage();
            Object[] params = r.getParameters();
            if (format == null || params == null || params.length == 0 || r.getResourceBundle() != null
                    || format.indexOf('\'') >= 0) {
                return formatMessage(r);
            }
            StringBuilder out = null;
            int copied = 0;
            for (int i = format.indexOf('{'); i >= 0; i = format.indexOf('{', i + 1)) {
                int n = i + 2 < format.length() && format.charAt(i + 2) == '}' ? format.charAt(i + 1) - '0' : -1;
                if (n < 0 || n > 9 || n >= params.length) {
                    return formatMessage(r);
                }
                if (out == null) {
                    out = new StringBuilder(format.length() + 64);
                }
                out.append(format, copied, i).append(params[n]);
                copied = i + 3;
            }
            return out == null ? format : out.append(format, copied, format.length()).toString();
        }

        private static String levelName(Level l) {
            if (l.intValue() >= Level.SEVERE.intValue()) {
                return "ERROR";
            }
            if (l.intValue() >= Level.WARNING.intValue()) {
                return "WARN ";
            }
            if (l.intValue() >= Level.INFO.intValue()) {
                return "INFO ";
            }
            return "DEBUG";
        }
    }
}
