package org.infinibay.infiniservice.domain.log;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.ResourceBundle;

/**
 * The domain tests' {@link System.LoggerFinder} (META-INF/services): what {@code System.getLogger}
 * hands out in this JVM records each message, so a test sees whether a record went the fallback way.
 */
public final class RecordingLoggerFinder extends System.LoggerFinder {
    /** "name: message" of every record logged through System.getLogger in this JVM. */
    static final List<String> RECORDS = Collections.synchronizedList(new ArrayList<>());

    @Override
    public System.Logger getLogger(String name, Module module) {
        return new System.Logger() {
            @Override
            public String getName() {
                return name;
            }

            @Override
            public boolean isLoggable(Level level) {
                return level.getSeverity() >= Level.DEBUG.getSeverity();
            }

            @Override
            public void log(Level level, ResourceBundle bundle, String msg, Throwable thrown) {
                if (isLoggable(level)) {
                    RECORDS.add(name + ": " + msg);
                }
            }

            @Override
            public void log(Level level, ResourceBundle bundle, String format, Object... params) {
                if (isLoggable(level)) {
                    RECORDS.add(name + ": " + format);
                }
            }
        };
    }

    /** The messages recorded for {@code name}, in order. */
    static List<String> of(String name) {
        List<String> out = new ArrayList<>();
        synchronized (RECORDS) {
            for (String r : RECORDS) {
                if (r.startsWith(name + ": ")) {
                    out.add(r.substring(name.length() + 2));
                }
            }
        }
        return out;
    }
}
