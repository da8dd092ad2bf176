package org.infinibay.infiniservice.bootstrap.logging;

import java.lang.System.Logger.Level;
import org.infinibay.infiniservice.bootstrap.config.LogLevel;
import org.infinibay.infiniservice.domain.log.Logs;

/**
 * A process that logs as the Linux agent does ({@code Main}: install the backend, then
 * {@code Launch.logging}: configure; then the classes' loggers), for {@link LinuxLoggingClassesTest}.
 */
public final class LoggingProbe {
    private static final System.Logger LOG = Logs.get(LoggingProbe.class);

    private LoggingProbe() {
    }

    public static void main(String[] args) {
        LineLogs.install();
        LogSetup.configure(LogLevel.INFO, System.out);
        LOG.log(Level.INFO, "probe {0} logged", "one");
        LOG.log(Level.DEBUG, "not at INFO");
        Logs.get("org.infinibay.Other").log(Level.WARNING, "second logger");
        System.out.println("done");
    }
}
