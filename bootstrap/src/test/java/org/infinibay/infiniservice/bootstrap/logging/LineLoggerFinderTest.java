package org.infinibay.infiniservice.bootstrap.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import org.infinibay.infiniservice.bootstrap.config.LogLevel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The Linux loggers write the same line java.util.logging wrote (LineFormatter), at the configured
 * level; the Windows bridge hands JUL the record the JDK's own bridge would.
 */
class LineLoggerFinderTest {
    private static final String LINE = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z ";
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    @AfterEach
    void back() {
        LogSetup.configure(LogLevel.INFO, System.err);
    }

    private System.Logger logger(LogLevel level) {
        LogSetup.configure(level, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        return new LineLogs.LineLogger("org.infinibay.infiniservice.application.CommandService");
    }

    private String[] lines() {
        return bytes.toString(StandardCharsets.UTF_8).split("\n");
    }

    @Test
    void infoLinesHaveTheLineFormatAndDebugIsLeftOut() {
        System.Logger log = logger(LogLevel.INFO);
        log.log(Level.INFO, "command {0}: {1} finished, exit code {2}", "abc", "SystemInfo", 0);
        log.log(Level.DEBUG, "payload {0}", "not at INFO");
        log.log(Level.TRACE, "nor this");
        log.log(Level.WARNING, "replay cache could not be persisted");
        log.log(Level.ERROR, "locked", new IllegalStateException("boom"));
        String[] l = lines();
        assertTrue(l[0].matches(LINE + "INFO  CommandService command abc: SystemInfo finished, exit code 0"), l[0]);
        assertTrue(l[1].matches(LINE + "WARN  CommandService replay cache could not be persisted"), l[1]);
        assertTrue(l[2].matches(LINE + "ERROR CommandService locked"), l[2]);
        assertEquals("  java.lang.IllegalStateException: boom", l[3]);
        assertTrue(l[4].startsWith("    at "), l[4]);
        assertFalse(bytes.toString(StandardCharsets.UTF_8).contains("not at INFO"));
        assertFalse(log.isLoggable(Level.DEBUG));
        assertFalse(log.isLoggable(Level.OFF));
        assertTrue(log.isLoggable(Level.INFO));
    }

    @Test
    void levelsFollowTheConfiguredLogLevelAsJavaUtilLoggingDid() {
        assertTrue(logger(LogLevel.DEBUG).isLoggable(Level.DEBUG));
        assertFalse(logger(LogLevel.DEBUG).isLoggable(Level.TRACE));
        assertTrue(logger(LogLevel.TRACE).isLoggable(Level.TRACE), "TRACE is FINEST, System.Logger's TRACE is FINER");
        assertFalse(logger(LogLevel.WARN).isLoggable(Level.INFO));
        assertTrue(logger(LogLevel.WARN).isLoggable(Level.WARNING));
        assertFalse(logger(LogLevel.ERROR).isLoggable(Level.WARNING));
        System.Logger log = logger(LogLevel.TRACE);
        log.log(Level.TRACE, () -> "supplied");
        assertTrue(lines()[0].matches(LINE + "DEBUG CommandService supplied"), lines()[0]);
    }

    @Test
    void theSameLineAsTheJulFormatter() {
        LogRecord r = new LogRecord(java.util.logging.Level.WARNING, "inbound line of {0} bytes");
        r.setParameters(new Object[] {9437184L});
        r.setLoggerName("org.infinibay.x.Reader");
        r.setMillis(0);
        assertEquals("1970-01-01T00:00:00.000Z WARN  Reader inbound line of 9437184 bytes\n",
                new JulSetup.LineFormatter().format(r));
        assertEquals("1970-01-01T00:00:00.000Z WARN  Reader inbound line of 9437184 bytes\n",
                LogSetup.line(0, Level.WARNING.getSeverity(), "Reader", LogSetup.message("inbound line of {0} bytes",
                        new Object[] {9437184L}), null));
    }

    @Test
    void windowsBridgeHandsJulTheRecord() {
        java.util.logging.Logger jul = java.util.logging.Logger.getLogger("org.infinibay.bridge.Probe");
        List<LogRecord> got = new ArrayList<>();
        Handler h = new Handler() {
            @Override
            public void publish(LogRecord record) {
                got.add(record);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        jul.addHandler(h);
        jul.setUseParentHandlers(false);
        jul.setLevel(java.util.logging.Level.INFO);
        try {
            System.Logger log = new LineLogs.JulBridge("org.infinibay.bridge.Probe");
            log.log(Level.INFO, "command {0} started", "abc");
            log.log(Level.DEBUG, "not at INFO");
            log.log(Level.ERROR, "failed", new IllegalStateException("x"));
            assertFalse(log.isLoggable(Level.DEBUG));
            assertEquals(2, got.size());
            assertEquals(java.util.logging.Level.INFO, got.get(0).getLevel());
            assertEquals("org.infinibay.bridge.Probe", got.get(0).getLoggerName());
            assertEquals("command abc started", new JulSetup.LineFormatter().message(got.get(0)));
            assertEquals(java.util.logging.Level.SEVERE, got.get(1).getLevel());
            assertEquals("x", got.get(1).getThrown().getMessage());
        } finally {
            jul.removeHandler(h);
            jul.setUseParentHandlers(true);
        }
    }
}
