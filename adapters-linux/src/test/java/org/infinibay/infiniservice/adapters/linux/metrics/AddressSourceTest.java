package org.infinibay.infiniservice.adapters.linux.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** CONTRACT §7.4 rules 2 and 4 over a recorded if_inet6. */
class AddressSourceTest {
    @TempDir
    Path root;

    @Test
    void failureReusesLastGoodResultForFiveMinutesThenReportsEmpty() throws Exception {
        Fixtures.place(root, "proc/net/if_inet6", "if_inet6-tentative");
        AtomicBoolean fail = new AtomicBoolean();
        AtomicLong clock = new AtomicLong(1_000);
        Ipv4Lister v4 = () -> {
            if (fail.get()) {
                throw new IOException("netlink: no buffer space");
            }
            return Map.of("ens3", List.of("192.168.1.10", "127.0.0.1/8", "224.0.0.1"), "lo", List.of("127.0.0.1"));
        };
        AddressSource src = new AddressSource(root.toString() + "/", v4, clock::get);

        Map<String, List<String>> good = src.current();
        // bad v4 entries filtered; IPv4 before IPv6; tentative/DAD-failed gone; loopback gone
        assertEquals(List.of("192.168.1.10", "2a01:4f8:c2c1:a2b1::1", "fe80::5054:ff:fe12:a4cd%ens3"), good.get("ens3"));
        assertEquals(null, good.get("lo"));

        fail.set(true);
        clock.addAndGet(TimeUnit.MINUTES.toNanos(4));
        assertEquals(good, src.current());
        clock.addAndGet(TimeUnit.MINUTES.toNanos(2)); // 6 min since the last success
        assertEquals(Map.of(), src.current());

        fail.set(false);
        assertEquals(good, src.current());
    }

    @Test
    void successfulEmptyEnumerationIsReportedEmpty() throws Exception {
        Fixtures.write(root, "proc/net/if_inet6", "");
        AtomicBoolean empty = new AtomicBoolean();
        Ipv4Lister v4 = () -> empty.get() ? Map.of() : Map.of("eth0", List.of("10.0.0.5"));
        AddressSource src = new AddressSource(root.toString() + "/", v4, System::nanoTime);
        assertEquals(Map.of("eth0", List.of("10.0.0.5")), src.current());
        empty.set(true);
        assertEquals(Map.of(), src.current());
    }

    @Test
    void missingIfInet6MeansNoIpv6NotFailure() {
        AddressSource src = new AddressSource(root.toString() + "/", () -> Map.of("eth0", List.of("10.0.0.5")),
                System::nanoTime);
        assertEquals(Map.of("eth0", List.of("10.0.0.5")), src.current());
    }

    @Test
    void aRunOfFailuresLogsOneWarningNotOnePerCollection() {
        List<System.Logger.Level> levels = new java.util.ArrayList<>();
        System.Logger recorder = new System.Logger() {
            @Override
            public String getName() {
                return "recorder";
            }

            @Override
            public boolean isLoggable(Level level) {
                return level.getSeverity() >= Level.INFO.getSeverity();
            }

            @Override
            public void log(Level level, java.util.ResourceBundle bundle, String msg, Throwable thrown) {
                if (isLoggable(level)) {
                    levels.add(level);
                }
            }

            @Override
            public void log(Level level, java.util.ResourceBundle bundle, String format, Object... params) {
                if (isLoggable(level)) {
                    levels.add(level);
                }
            }
        };
        AtomicBoolean fail = new AtomicBoolean(true);
        AddressSource src = new AddressSource(root.toString() + "/", () -> {
            if (fail.get()) {
                throw new IOException("netlink: no buffer space");
            }
            return Map.of("eth0", List.of("10.0.0.5"));
        }, System::nanoTime, recorder);
        for (int i = 0; i < 24; i++) { // two minutes of 5 s collections
            assertEquals(Map.of(), src.current());
        }
        fail.set(false);
        assertEquals(Map.of("eth0", List.of("10.0.0.5")), src.current());
        fail.set(true);
        src.current();
        assertEquals(List.of(System.Logger.Level.WARNING, System.Logger.Level.INFO, System.Logger.Level.WARNING), levels,
                "one WARN per run of failures, one INFO when it ends");
    }
}
