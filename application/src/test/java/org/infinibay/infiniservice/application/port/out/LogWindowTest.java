package org.infinibay.infiniservice.application.port.out;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** One report per window, carrying the count of the occurrences folded into it (issue #13 item 11). */
class LogWindowTest {

    @Test
    void firstOccurrenceReportsThenOnePerWindowWithTheFoldedCount() {
        LogWindow w = new LogWindow(1000);
        assertEquals(0, w.occurred(0), "the first one is reported");
        for (int i = 1; i < 20_000; i++) {
            assertEquals(-1, w.occurred(i % 1000), "quiet inside the window");
        }
        assertEquals(19_999, w.occurred(1000), "the next report folds the rest in");
        assertEquals(-1, w.occurred(1999));
        assertEquals(1, w.occurred(5000));
        assertEquals(0, w.occurred(9000));
    }

    @Test
    void logNeverThrowsEvenWhenTheLoggerDoes() {
        LogWindow w = new LogWindow();
        System.Logger broken = new System.Logger() {
            @Override
            public String getName() {
                return "broken";
            }

            @Override
            public boolean isLoggable(Level level) {
                return true;
            }

            @Override
            public void log(Level level, java.util.ResourceBundle bundle, String msg, Throwable thrown) {
                throw new OutOfMemoryError("logging too");
            }

            @Override
            public void log(Level level, java.util.ResourceBundle bundle, String format, Object... params) {
                throw new OutOfMemoryError("logging too");
            }
        };
        w.log(broken, System.Logger.Level.ERROR, "boom", new StackOverflowError());
    }
}
