package org.infinibay.infiniservice.domain.log;

import java.util.ResourceBundle;
import java.util.function.Supplier;

/**
 * The process's loggers, without the JDK's {@code System.getLogger} lookup in production. That lookup
 * ({@code LoggerFinder} through {@code ServiceLoader}, {@code LazyLoggers}, {@code BootstrapLogger},
 * streams, lambdas, security properties) loaded ~140 classes into every agent for nothing it needs
 * (docs/performance.md, round 5).
 *
 * <p>Code keeps {@link System.Logger} as its type and only asks here:
 * {@code private static final System.Logger LOG = Logs.get(Foo.class);}. The logger returned is
 * deferred: it resolves its delegate on first use, from the {@link Backend} that {@link #install}
 * installed (the agent's entry point installs its own before anything logs), or from
 * {@code System.getLogger(name)} while nothing is installed (unit tests, use as a library).
 *
 * <p>A late install: a logger follows the backend installed at the time of each call. A logger used
 * before {@link #install} resolved through {@code System.getLogger} (that lookup has happened, it
 * cannot be undone), and its next call after the install resolves again, through the backend. So
 * every record after an install reaches the installed backend, whenever the logger was created or
 * first used. A call racing with {@code install} itself may still reach the previous delegate.
 *
 * <p>After resolution a call costs two volatile reads and a delegation. No lambda, stream or regex
 * here: this class is on every path of the agent.
 */
public final class Logs {
    /** Makes the loggers of the process. */
    public interface Backend {
        /** The logger of {@code name} (a class name, usually); called once per deferred logger and backend. */
        System.Logger logger(String name);
    }

    private static volatile Backend installed;

    private Logs() {
    }

    /**
     * Makes {@code backend} the source of every logger of the process, including those already
     * created ({@code null}: back to {@code System.getLogger}).
     */
    public static void install(Backend backend) {
        installed = backend;
    }

    /** The backend installed, or {@code null}. */
    public static Backend installed() {
        return installed;
    }

    /** The logger named after {@code type}'s binary name, as {@code System.getLogger(type.getName())}. */
    public static System.Logger get(Class<?> type) {
        return new Deferred(type.getName());
    }

    /** The logger of {@code name}. */
    public static System.Logger get(String name) {
        if (name == null) {
            throw new NullPointerException("name");
        }
        return new Deferred(name);
    }

    /** Resolves its delegate on first use, and again when the installed backend changed. */
    static final class Deferred implements System.Logger {
        private final String name;
        /** The backend {@link #delegate} came from ({@code null}: System.getLogger); written before it. */
        private volatile Backend from;
        private volatile System.Logger delegate;

        Deferred(String name) {
            this.name = name;
        }

        System.Logger delegate() {
            Backend b = installed;
            System.Logger d = delegate;
            if (d == null || from != b) {
                d = resolve(b);
            }
            return d;
        }

        private synchronized System.Logger resolve(Backend b) {
            System.Logger d = delegate;
            if (d != null && from == b) {
                return d; // another thread resolved it meanwhile
            }
            // The one place of the product that may call System.getLogger (ArchitectureTest).
            d = b == null ? System.getLogger(name) : b.logger(name);
            if (d == null) {
                throw new IllegalStateException("the log backend gave no logger for " + name);
            }
            from = b;
            delegate = d;
            return d;
        }

        @Override
        public String getName() {
            return name;
        }

        @Override
        public boolean isLoggable(Level level) {
            return delegate().isLoggable(level);
        }

        @Override
        public void log(Level level, String msg) {
            delegate().log(level, msg);
        }

        @Override
        public void log(Level level, Supplier<String> msgSupplier) {
            delegate().log(level, msgSupplier);
        }

        @Override
        public void log(Level level, Object obj) {
            delegate().log(level, obj);
        }

        @Override
        public void log(Level level, String msg, Throwable thrown) {
            delegate().log(level, msg, thrown);
        }

        @Override
        public void log(Level level, Supplier<String> msgSupplier, Throwable thrown) {
            delegate().log(level, msgSupplier, thrown);
        }

        @Override
        public void log(Level level, String format, Object... params) {
            delegate().log(level, format, params);
        }

        @Override
        public void log(Level level, ResourceBundle bundle, String msg, Throwable thrown) {
            delegate().log(level, bundle, msg, thrown);
        }

        @Override
        public void log(Level level, ResourceBundle bundle, String format, Object... params) {
            delegate().log(level, bundle, format, params);
        }

        @Override
        public String toString() {
            return "Logs.Deferred[" + name + "]";
        }
    }
}
