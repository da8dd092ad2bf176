package org.infinibay.infiniservice.adapters.windows.logging;

import com.sun.jna.platform.win32.Advapi32;
import com.sun.jna.platform.win32.WinNT;
import java.util.logging.ErrorManager;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;

/**
 * Sends log records to the Windows Event Log (Application log, source {@code InfiniService}), so a
 * service's logs are not written to a stderr nobody reads (pitfall P17). The event source is
 * registered by the installer; without it Windows still stores the text, with a "description not
 * found" preamble.
 */
public final class EventLogHandler extends Handler {
    public static final String DEFAULT_SOURCE = "InfiniService";
    /** Event Log entries are capped (31 839 chars); a long record is cut, never split. */
    static final int MAX_MESSAGE_CHARS = 31_000;

    private final WinNT.HANDLE source;

    public EventLogHandler(String sourceName) {
        this.source = Advapi32.INSTANCE.RegisterEventSource(null, sourceName);
        if (source == null) {
            throw new IllegalStateException("RegisterEventSource(" + sourceName + ") failed");
        }
    }

    @Override
    public void publish(LogRecord record) {
        if (!isLoggable(record)) {
            return;
        }
        String text;
        try {
            text = getFormatter() == null ? record.getMessage() : getFormatter().format(record);
        } catch (RuntimeException e) {
            reportError("format failed", e, ErrorManager.FORMAT_FAILURE);
            return;
        }
        String[] strings = {EventLogMapping.truncate(text, MAX_MESSAGE_CHARS)};
        if (!Advapi32.INSTANCE.ReportEvent(source, EventLogMapping.eventType(record.getLevel()), 0,
                EventLogMapping.eventId(record.getLevel()), null, 1, 0, strings, null)) {
            reportError("ReportEvent failed", null, ErrorManager.WRITE_FAILURE);
        }
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        Advapi32.INSTANCE.DeregisterEventSource(source);
    }

    /** Level mapping, kept apart from the native calls so it is tested on Linux. */
    public static final class EventLogMapping {
        public static final int EVENTLOG_ERROR_TYPE = 0x1;
        public static final int EVENTLOG_WARNING_TYPE = 0x2;
        public static final int EVENTLOG_INFORMATION_TYPE = 0x4;

        private EventLogMapping() {
        }

        public static int eventType(Level level) {
            int v = level.intValue();
            if (v >= Level.SEVERE.intValue()) {
                return EVENTLOG_ERROR_TYPE;
            }
            if (v >= Level.WARNING.intValue()) {
                return EVENTLOG_WARNING_TYPE;
            }
            return EVENTLOG_INFORMATION_TYPE;
        }

        /** Stable ids operators can filter on: 1000 info/debug, 2000 warning, 3000 error. */
        public static int eventId(Level level) {
            int type = eventType(level);
            return type == EVENTLOG_ERROR_TYPE ? 3000 : type == EVENTLOG_WARNING_TYPE ? 2000 : 1000;
        }

        public static String truncate(String text, int max) {
            if (text == null) {
                return "";
            }
            if (text.length() <= max) {
                return text;
            }
            int end = max;
            if (Character.isHighSurrogate(text.charAt(end - 1))) {
                end--;
            }
            return text.substring(0, end) + "…";
        }
    }
}
