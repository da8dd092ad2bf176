package org.infinibay.infiniservice.adapters.linux.self;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The agent's pid and CPU time from the real /proc/self of this JVM, against what the JDK says. */
class ProcSelfTest {
    @TempDir
    Path dir;

    @Test
    void thePidIsTheJdksOnProcfsAndTheJdksWithoutIt() throws Exception {
        long jdk = ProcessHandle.current().pid();
        assertEquals(jdk, ProcSelf.pid());
        assertEquals(jdk, ProcSelf.pidOf(Path.of("/proc/self")));
        // no procfs, a plain file, a link to something that is no pid: the JDK's answer, no exception
        assertEquals(jdk, ProcSelf.pidOf(dir.resolve("absent")));
        Files.writeString(dir.resolve("file"), "123");
        assertEquals(jdk, ProcSelf.pidOf(dir.resolve("file")));
        Files.createSymbolicLink(dir.resolve("odd"), Path.of("not-a-pid"));
        assertEquals(jdk, ProcSelf.pidOf(dir.resolve("odd")));
        Files.createSymbolicLink(dir.resolve("zero"), Path.of("0"));
        assertEquals(jdk, ProcSelf.pidOf(dir.resolve("zero")));
    }

    @Test
    void cpuTimeIsWhatTheJdkReadsFromTheSameStatFile() {
        ProcSelfMonitor monitor = new ProcSelfMonitor();
        for (int round = 0; round < 5; round++) {
            long before = monitor.cpuNanos();
            long jdk = ProcessHandle.current().info().totalCpuDuration().map(Duration::toNanos).orElse(-1L);
            burn();
            long after = monitor.cpuNanos();
            assertTrue(before > 0, "this JVM has used CPU: " + before);
            // the same clock-tick counters: the JDK's reading lies between ours, to the tick
            assertTrue(before <= jdk && jdk <= after, before + " <= " + jdk + " <= " + after);
            assertEquals(0, before % 1_000_000, "whole ticks (USER_HZ 100: 10 ms)");
        }
        assertEquals(monitor.pid(), ProcessHandle.current().pid());
    }

    @Test
    void statLinesOfEveryShapeGiveTicksOrMinusOne() {
        // fields 14 and 15 (utime, stime), counted after the last ')': a command name may hold both
        String tail = " S 1 2 3 4 5 6 7 8 9 10 70 30 0 0 20 0 1 0 100 200 300";
        assertEquals(100, ticks("42 (java)" + tail + "\n"));
        assertEquals(100, ticks("42 (a b) (c) d))" + tail));
        assertEquals(-1, ticks(""));
        assertEquals(-1, ticks("42 java S 1 2"), "no ')' at all");
        assertEquals(-1, ticks("42 (java) S 1 2 3 4 5 6 7 8 9 10 70"), "cut before stime");
        assertEquals(-1, ticks("42 (java) S 1 2 3 4 5 6 7 8 9 10 x7 30 0"), "not a number");
        assertEquals(-1, ticks("42 (java) S 1 2 3 4 5 6 7 8 9 10 99999999999999999999 30 0"), "overflow");
        assertEquals(-1, ticks("42 (java) S 1 2 3 4 5 6 7 8 9 10\n70 30 0"), "a second line is not this one");
    }

    @Test
    void anUnreadableStatFileIsUnknownCpu() throws Exception {
        Path status = dir.resolve("status");
        Files.writeString(status, "Name:\tjava\nVmRSS:\t  1024 kB\nThreads:\t3\n");
        assertEquals(-1, new ProcSelfMonitor(status).sample().cpuNanos(), "no stat beside it");
        Files.writeString(dir.resolve("stat"), "garbage", StandardCharsets.US_ASCII);
        assertEquals(-1, new ProcSelfMonitor(status).sample().cpuNanos());
        Files.writeString(dir.resolve("stat"), "7 (x) S 1 2 3 4 5 6 7 8 9 10 250 50 0 0\n", StandardCharsets.US_ASCII);
        assertEquals(300 * 10_000_000L, new ProcSelfMonitor(status, 100).sample().cpuNanos());
        assertEquals(300 * 4_000_000L, new ProcSelfMonitor(status, 250).sample().cpuNanos(), "CONFIG_HZ-free USER_HZ");
    }

    private static long ticks(String line) {
        byte[] b = line.getBytes(StandardCharsets.US_ASCII);
        return ProcSelfMonitor.cpuTicks(b, b.length);
    }

    private static void burn() {
        long end = System.nanoTime() + 30_000_000L;
        long x = 0;
        while (System.nanoTime() < end) {
            x += x * 31 + 7;
        }
        if (x == 42) {
            System.out.println(x);
        }
    }
}
