package org.infinibay.infiniservice.domain.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.ListResourceBundle;
import java.util.ResourceBundle;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The deferred loggers: the installed backend when there is one, {@code System.getLogger} when there
 * is none, the backend of the moment after a late install, one resolution under concurrent first use.
 */
class LogsTest {
    private Logs.Backend before;

    @BeforeEach
    void none() {
        before = Logs.installed();
        Logs.install(null);
    }

    @AfterEach
    void restore() {
        Logs.install(before);
    }

    /** A backend whose loggers record every call, by method, and count how often it made one. */
    static class Recording implements Logs.Backend {
        final List<String> calls = Collections.synchronizedList(new ArrayList<>());
        final AtomicInteger made = new AtomicInteger();
        final List<String> names = Collections.synchronizedList(new ArrayList<>());

        @Override
        public System.Logger logger(String name) {
            made.incrementAndGet();
            names.add(name);
            return new System.Logger() {
                @Override
                public String getName() {
                    return name;
                }

                @Override
                public boolean isLoggable(Level level) {
                    calls.add("isLoggable " + level);
                    return level.getSeverity() >= Level.INFO.getSeverity();
                }

                @Override
                public void log(Level level, String msg) {
                    calls.add("msg " + level + " " + msg);
                }

                @Override
                public void log(Level level, Supplier<String> msgSupplier) {
                    calls.add("supplier " + level + " " + msgSupplier.get());
                }

                @Override
                public void log(Level level, Object obj) {
                    calls.add("object " + level + " " + obj);
                }

                @Override
                public void log(Level level, String msg, Throwable thrown) {
                    calls.add("thrown " + level + " " + msg + " " + thrown.getMessage());
                }

                @Override
                public void log(Level level, Supplier<String> msgSupplier, Throwable thrown) {
                    calls.add("supplier+thrown " + level + " " + msgSupplier.get() + " " + thrown.getMessage());
                }

                @Override
                public void log(Level level, String format, Object... params) {
                    calls.add("params " + level + " " + format + " " + params.length);
                }

                @Override
                public void log(Level level, ResourceBundle bundle, String msg, Throwable thrown) {
                    calls.add("bundle+thrown " + level + " " + bundle.getString(msg));
                }

                @Override
                public void log(Level level, ResourceBundle bundle, String format, Object... params) {
                    calls.add("bundle+params " + level + " " + bundle.getString(format) + " " + params.length);
                }
            };
        }
    }

    @Test
    void installedBeforeFirstUseEveryCallReachesTheBackendWhichMakesOneLogger() {
        String fallback = LogsTest.class.getName();
        Recording backend = new Recording();
        Logs.install(backend);
        System.Logger log = Logs.get(LogsTest.class);
        assertEquals(LogsTest.class.getName(), log.getName());
        assertEquals(0, backend.made.get(), "nothing resolved before the first use");
        log.log(Level.INFO, "one");
        log.log(Level.WARNING, "two {0}", 2);
        assertTrue(log.isLoggable(Level.INFO));
        assertEquals(List.of("msg INFO one", "params WARNING two {0} 1", "isLoggable INFO"), backend.calls);
        assertEquals(1, backend.made.get());
        assertEquals(List.of(LogsTest.class.getName()), backend.names);
        assertSame(backend, Logs.installed());
        assertEquals(List.of(), RecordingLoggerFinder.of(fallback), "nothing went through System.getLogger");
    }

    @Test
    void everyMethodOfSystemLoggerIsForwardedAsCalled() {
        Recording backend = new Recording();
        Logs.install(backend);
        System.Logger log = Logs.get("org.infinibay.forward.Probe");
        ResourceBundle bundle = new ListResourceBundle() {
            @Override
            protected Object[][] getContents() {
                return new Object[][] {{"k", "localized"}};
            }
        };
        IllegalStateException boom = new IllegalStateException("boom");
        log.isLoggable(Level.DEBUG);
        log.log(Level.INFO, "m");
        log.log(Level.INFO, (Supplier<String>) () -> "s");
        log.log(Level.INFO, (Object) 42);
        log.log(Level.ERROR, "t", boom);
        log.log(Level.ERROR, (Supplier<String>) () -> "st", boom);
        log.log(Level.INFO, "p {0} {1}", 1, 2);
        log.log(Level.INFO, bundle, "k", boom);
        log.log(Level.INFO, bundle, "k", 1, 2, 3);
        assertEquals(List.of("isLoggable DEBUG", "msg INFO m", "supplier INFO s", "object INFO 42", "thrown ERROR t boom",
                "supplier+thrown ERROR st boom", "params INFO p {0} {1} 2", "bundle+thrown INFO localized",
                "bundle+params INFO localized 3"), backend.calls);
        assertEquals(1, backend.made.get());
    }

    @Test
    void withNothingInstalledTheLoggerIsSystemGetLoggers() {
        String name = "org.infinibay.fallback.Probe";
        System.Logger log = Logs.get(name);
        log.log(Level.INFO, "through the JDK");
        log.log(Level.DEBUG, "at the JDK logger's levels");
        log.log(Level.TRACE, "not this one");
        assertEquals(List.of("through the JDK", "at the JDK logger's levels"), RecordingLoggerFinder.of(name));
        for (Level l : Level.values()) {
            assertEquals(System.getLogger(name).isLoggable(l), log.isLoggable(l), l.toString());
        }
    }

    /**
     * The choice for a late install: the logger follows the backend of the moment. Used before the
     * install it went through System.getLogger; after the install every record reaches the backend;
     * uninstalled, System.getLogger again.
     */
    @Test
    void aLateInstallTakesOverLoggersAlreadyUsedAndUninstallingGivesThemBack() {
        String name = "org.infinibay.late.Probe";
        System.Logger log = Logs.get(name);
        log.log(Level.INFO, "before");
        Recording backend = new Recording();
        Logs.install(backend);
        log.log(Level.INFO, "after");
        log.log(Level.INFO, "after again");
        Recording second = new Recording();
        Logs.install(second);
        log.log(Level.INFO, "second");
        Logs.install(null);
        log.log(Level.INFO, "uninstalled");
        assertEquals(List.of("before", "uninstalled"), RecordingLoggerFinder.of(name));
        assertEquals(List.of("msg INFO after", "msg INFO after again"), backend.calls);
        assertEquals(1, backend.made.get(), "resolved once for the backend, not per call");
        assertEquals(List.of("msg INFO second"), second.calls);
    }

    @Test
    void concurrentFirstUseResolvesOnceAndLosesNoRecord() throws Exception {
        for (int round = 0; round < 10; round++) {
            // a backend slow to make its logger: every thread arrives while the first resolves
            Recording backend = new Recording() {
                @Override
                public System.Logger logger(String name) {
                    try {
                        Thread.sleep(20);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return super.logger(name);
                }
            };
            Logs.install(backend);
            System.Logger log = Logs.get("org.infinibay.concurrent.Probe" + round);
            int threads = 8;
            int each = 200;
            CountDownLatch start = new CountDownLatch(1);
            CountDownLatch done = new CountDownLatch(threads);
            List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
            for (int t = 0; t < threads; t++) {
                Thread th = new Thread(() -> {
                    try {
                        start.await();
                        for (int i = 0; i < each; i++) {
                            log.log(Level.INFO, "r");
                        }
                    } catch (Throwable e) {
                        failures.add(e);
                    } finally {
                        done.countDown();
                    }
                });
                th.start();
            }
            start.countDown();
            assertTrue(done.await(30, TimeUnit.SECONDS));
            assertEquals(List.of(), failures);
            assertEquals(1, backend.made.get(), "round " + round + ": one logger made for " + threads + " first uses");
            assertEquals(threads * each, backend.calls.size());
        }
    }

    @Test
    void aNullNameOrALoggerlessBackendIsAClearError() {
        assertThrows(NullPointerException.class, () -> Logs.get((String) null));
        assertThrows(NullPointerException.class, () -> Logs.get((Class<?>) null));
        Logs.install(name -> null);
        System.Logger log = Logs.get("org.infinibay.none.Probe");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> log.log(Level.INFO, "x"));
        assertTrue(e.getMessage().contains("org.infinibay.none.Probe"), e.getMessage());
    }
}
