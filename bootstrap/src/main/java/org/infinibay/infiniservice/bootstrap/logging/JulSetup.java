package org.infinibay.infiniservice.bootstrap.logging;

import java.io.PrintStream;
import java.util.logging.ConsoleHandler;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.StreamHandler;

/**
 * Windows only: {@code java.util.logging} writing {@link LogSetup}'s line, its root logger also
 * feeding the Event Log. Apart from {@link LogSetup} so that the Linux agent loads no JUL class.
 */
public final class JulSetup {
    private JulSetup() {
    }

    /**
     * {@code level} is the configured {@code log_level} (ERROR=SEVERE ... DEBUG=FINE, TRACE=FINEST);
     * the service gives the root logger the Event Log handler after this.
     */
    public static void configure(Level level, PrintStream out) {
        LogManager.getLogManager().reset();
        Logger root = Logger.getLogger("");
        Handler h = out == System.err ? new ConsoleHandler() : new StreamHandler(out, new LineFormatter()) {
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

    /** The same line for a {@code java.util.logging} record. */
    static final class LineFormatter extends Formatter {
        @Override
        public String format(LogRecord r) {
            String name = r.getLoggerName() == null ? "" : r.getLoggerName();
            return LogSetup.line(r.getMillis(), r.getLevel().intValue(), name.substring(name.lastIndexOf('.') + 1),
                    message(r), r.getThrown());
        }

        String message(LogRecord r) {
            return r.getResourceBundle() != null ? formatMessage(r) : LogSetup.message(r.getMessage(), r.getParameters());
        }
    }
}
