package org.infinibay.infiniservice.adapters.windows.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.logging.Level;
import org.infinibay.infiniservice.adapters.windows.logging.EventLogHandler.EventLogMapping;
import org.junit.jupiter.api.Test;

class EventLogMappingTest {
    @Test
    void levels() {
        assertEquals(EventLogMapping.EVENTLOG_ERROR_TYPE, EventLogMapping.eventType(Level.SEVERE));
        assertEquals(EventLogMapping.EVENTLOG_WARNING_TYPE, EventLogMapping.eventType(Level.WARNING));
        assertEquals(EventLogMapping.EVENTLOG_INFORMATION_TYPE, EventLogMapping.eventType(Level.INFO));
        assertEquals(EventLogMapping.EVENTLOG_INFORMATION_TYPE, EventLogMapping.eventType(Level.FINE));
        assertEquals(3000, EventLogMapping.eventId(Level.SEVERE));
        assertEquals(1000, EventLogMapping.eventId(Level.FINE));
    }

    @Test
    void truncationNeverSplitsASurrogatePair() {
        String s = "ab\uD83D\uDE00cd";
        assertEquals("ab…", EventLogMapping.truncate(s, 3));
        assertEquals(s, EventLogMapping.truncate(s, 10));
        assertEquals("", EventLogMapping.truncate(null, 3));
    }
}
