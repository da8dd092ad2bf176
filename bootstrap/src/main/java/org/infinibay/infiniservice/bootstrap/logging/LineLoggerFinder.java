package org.infinibay.infiniservice.bootstrap.logging;

/**
 * The {@link System.LoggerFinder} the bootstrap module provides: the loggers JDK-internal code
 * asks {@code System.getLogger} for get {@link LineLogs}' line format too. The agent's own code
 * never goes through here: it logs through {@code Logs}, whose backend {@code Main} installs
 * ({@link LineLogs#install()}), which spares the ~140 classes of the JDK's lookup.
 */
public final class LineLoggerFinder extends System.LoggerFinder {
    /** Public, no arguments: {@code ServiceLoader} creates it. */
    public LineLoggerFinder() {
    }

    @Override
    public System.Logger getLogger(String name, Module module) {
        return LineLogs.INSTANCE.logger(name);
    }
}
