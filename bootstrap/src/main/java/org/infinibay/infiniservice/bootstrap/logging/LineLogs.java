package org.infinibay.infiniservice.bootstrap.logging;

import java.util.ResourceBundle;
import org.infinibay.infiniservice.domain.log.Logs;

/**
 * The agent's loggers, installed by {@code Main} as the {@link Logs} backend before anything logs,
 * and handed out to the JDK through {@link LineLoggerFinder}. On Linux the loggers write
 * {@link LogSetup}'s line to its stream themselves, so {@code java.util.logging} is never
 * initialised: its {@code LogManager}, handlers, formatter and the {@code logging.properties} read
 * were ~60 classes and 0.6 MiB of a footprint every VM pays (docs/performance.md, round 5). On
 * Windows they hand each record to {@code java.util.logging} as the JDK's own bridge does, so the
 * Event Log handler keeps receiving them ({@link JulSetup}).
 *
 * <p>Not a {@link System.LoggerFinder} itself: installing it loads neither that class nor the JDK's
 * lookup.
 */
public final class LineLogs implements Logs.Backend {
    /** The one backend of the process. */
    public static final LineLogs INSTANCE = new LineLogs();

    private static final boolean WINDOWS =
            System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).startsWith("windows");

    private LineLogs() {
    }

    static boolean isWindows() {
        return WINDOWS;
    }

    /** Installs this backend for every {@link Logs} logger of the process: the first thing {@code Main} does. */
    public static void install() {
        Logs.install(INSTANCE);
    }

    @Override
    public System.Logger logger(String name) {
        return WINDOWS ? new JulBridge(name) : new LineLogger(name);
    }

    /** The Linux logger: the threshold and the stream are {@link LogSetup}'s, read on each call. */
    static final class LineLogger implements System.Logger {
        private final String name;
        private final String shortName;

        LineLogger(String name) {
            this.name = name == null ? "" : name;
            this.shortName = this.name.substring(this.name.lastIndexOf('.') + 1);
        }

        @Override
        public String getName() {
            return name;
        }

        @Override
        public boolean isLoggable(Level level) {
            return level != Level.OFF && level.getSeverity() >= LogSetup.threshold();
        }

        @Override
        public void log(Level level, ResourceBundle bundle, String msg, Throwable thrown) {
            if (isLoggable(level)) {
                LogSetup.write(level.getSeverity(), shortName, localized(bundle, msg), thrown);
            }
        }

        @Override
        public void log(Level level, ResourceBundle bundle, String format, Object... params) {
            if (isLoggable(level)) {
                LogSetup.write(level.getSeverity(), shortName, LogSetup.message(localized(bundle, format), params), null);
            }
        }

        private static String localized(ResourceBundle bundle, String key) {
            if (bundle == null || key == null) {
                return key;
            }
            try {
                return bundle.getString(key);
            } catch (RuntimeException e) {
                return key;
            }
        }
    }

    /**
     * Windows: a record per call to the {@code java.util.logging} logger of the same name, with the
     * levels the JDK's bridge uses (TRACE=FINER, DEBUG=FINE, INFO, WARNING, ERROR=SEVERE).
     */
    static final class JulBridge implements System.Logger {
        private final String name;

        JulBridge(String name) {
            this.name = name == null ? "" : name;
        }

        private java.util.logging.Logger jul() {
            return java.util.logging.Logger.getLogger(name);
        }

        static java.util.logging.Level julLevel(Level level) {
            switch (level) {
                case ALL:
                    return java.util.logging.Level.ALL;
                case TRACE:
                    return java.util.logging.Level.FINER;
                case DEBUG:
                    return java.util.logging.Level.FINE;
                case INFO:
                    return java.util.logging.Level.INFO;
                case WARNING:
                    return java.util.logging.Level.WARNING;
                case ERROR:
                    return java.util.logging.Level.SEVERE;
                default:
                    return java.util.logging.Level.OFF;
            }
        }

        @Override
        public String getName() {
            return name;
        }

        @Override
        public boolean isLoggable(Level level) {
            return level != Level.OFF && jul().isLoggable(julLevel(level));
        }

        @Override
        public void log(Level level, ResourceBundle bundle, String msg, Throwable thrown) {
            publish(level, bundle, msg, null, thrown);
        }

        @Override
        public void log(Level level, ResourceBundle bundle, String format, Object... params) {
            publish(level, bundle, format, params, null);
        }

        private void publish(Level level, ResourceBundle bundle, String msg, Object[] params, Throwable thrown) {
            java.util.logging.Logger jul = jul();
            java.util.logging.Level l = julLevel(level);
            if (level == Level.OFF || !jul.isLoggable(l)) {
                return;
            }
            java.util.logging.LogRecord r = new java.util.logging.LogRecord(l, msg);
            r.setLoggerName(name);
            r.setResourceBundle(bundle);
            r.setParameters(params);
            r.setThrown(thrown);
            jul.log(r);
        }
    }
}
