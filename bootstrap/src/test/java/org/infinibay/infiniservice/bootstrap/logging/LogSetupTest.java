package org.infinibay.infiniservice.bootstrap.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;

/** The log line formatter's own placeholder substitution, and where it leaves the work to MessageFormat. */
class LogSetupTest {
    private final JulSetup.LineFormatter f = new JulSetup.LineFormatter();

    private String message(String pattern, Object... params) {
        LogRecord r = new LogRecord(Level.INFO, pattern);
        r.setParameters(params);
        return f.message(r);
    }

    @Test
    void placeholdersAreReplacedByTheParametersText() {
        assertEquals("command abc: SystemInfo started", message("command {0}: {1} started", "abc", "SystemInfo"));
        assertEquals("command abc: SystemInfo finished, exit code 0",
                message("command {0}: {1} finished, exit code {2}", "abc", "SystemInfo", 0));
        assertEquals("discarded an inbound line of 9437184 bytes (limit 8388608)",
                message("discarded an inbound line of {0} bytes (limit {1})", 9437184L, 8388608), "no grouping");
        assertEquals("b a b null", message("{1} {0} {1} {2}", "a", "b", null));
        assertEquals("no placeholders", message("no placeholders", 1));
        assertEquals("{0} alone", message("{0} alone"));
    }

    @Test
    void anythingElseGoesThroughMessageFormatAsBefore() {
        for (Object[] c : new Object[][] {
                {"it''s {0}", new Object[] {5}},
                {"{0,number}", new Object[] {1234}},
                {"{0} too far: {9}", new Object[] {"x"}},
                {"line {\"a\":1} from {0}", new Object[] {"host"}}}) {
            LogRecord r = new LogRecord(Level.INFO, (String) c[0]);
            r.setParameters((Object[]) c[1]);
            assertEquals(new java.util.logging.SimpleFormatter().formatMessage(r), f.message(r), (String) c[0]);
        }
        assertEquals("it's 5", message("it''s {0}", 5));
        assertEquals("1,234", message("{0,number}", 1234));
        assertTrue(f.format(new LogRecord(Level.WARNING, "plain")).endsWith(" WARN   plain\n"));
    }
}
