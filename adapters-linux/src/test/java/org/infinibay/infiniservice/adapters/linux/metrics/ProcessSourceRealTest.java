package org.infinibay.infiniservice.adapters.linux.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.infinibay.infiniservice.domain.metrics.ProcessMetric;
import org.infinibay.infiniservice.domain.metrics.ProcessStatus;
import org.junit.jupiter.api.Test;

/** {@link ProcfsProcessSource} against real processes. */
class ProcessSourceRealTest {
    private static final int SELF = (int) ProcessHandle.current().pid();

    private static ProcessMetric find(List<ProcessMetric> l, long pid) {
        return l.stream().filter(p -> p.pid() == pid).findFirst().orElse(null);
    }

    @Test
    void busyThreadShowsAsCpuOfOurProcessOverTheInterval() throws Exception {
        ProcfsProcessSource src = new ProcfsProcessSource(); // primes in the constructor
        AtomicBoolean stop = new AtomicBoolean();
        Thread spinner = new Thread(() -> {
            long x = 0;
            while (!stop.get()) {
                x += System.nanoTime() % 7;
            }
            if (x == 42) {
                System.out.print("");
            }
        });
        spinner.start();
        try {
            Thread.sleep(700);
            ProcessMetric self = find(src.sample(), SELF);
            assertNotNull(self);
            assertTrue(self.cpuPercent() > 20, "busy loop over 0.7 s: " + self.cpuPercent());
            assertTrue(Double.isFinite(self.cpuPercent()));
            assertEquals(ProcessHandle.current().parent().map(ProcessHandle::pid).orElse(0L).intValue(), self.ppid());
            assertTrue(self.memoryKb() > 1024, "JVM RSS " + self.memoryKb());
            assertEquals("java", Path.of(self.exePath()).getFileName().toString());
            assertEquals(self.user(), System.getProperty("user.name"));
        } finally {
            stop.set(true);
            spinner.join();
        }
        // Idle interval: our process should drop well below one full CPU.
        Thread.sleep(300);
        ProcessMetric idle = find(src.sample(), SELF);
        assertTrue(idle.cpuPercent() < 90, "idle JVM: " + idle.cpuPercent());
    }

    @Test
    void childProcessAppearsWithParentCommandLineAndStartTime() throws Exception {
        ProcfsProcessSource src = new ProcfsProcessSource();
        long before = System.currentTimeMillis();
        Process child = new ProcessBuilder("sleep", "30").start();
        try {
            ProcessMetric m = null;
            for (int i = 0; i < 50 && (m == null || !"sleep".equals(m.name())); i++) {
                Thread.sleep(20); // until exec has replaced the forked JVM image
                m = find(src.sample(), child.pid());
            }
            assertNotNull(m);
            assertEquals(SELF, m.ppid());
            assertEquals("sleep", m.name());
            assertEquals("sleep 30", m.cmdLine());
            assertEquals(Files.readSymbolicLink(Path.of("/proc", Long.toString(child.pid()), "exe")).toString(),
                    m.exePath());
            assertEquals(ProcessStatus.SLEEPING, m.status());
            assertNotNull(m.startTimeMillis());
            // btime has 1 s resolution and starttime 10 ms: allow a few seconds either way
            assertTrue(Math.abs(m.startTimeMillis() - before) < 3000, "start " + m.startTimeMillis() + " vs " + before);
            assertTrue(m.memoryKb() > 0);
        } finally {
            child.destroyForcibly();
            child.waitFor(5, TimeUnit.SECONDS);
        }
        assertEquals(null, find(src.sample(), child.pid()), "exited child must disappear");
    }

    @Test
    void kernelThreadsAndLongCommandLines() throws Exception {
        ProcfsProcessSource src = new ProcfsProcessSource();
        String longArg = "x".repeat(6000);
        // "; :" keeps the shell from exec-ing sleep, so the long argv stays on a live process
        Process child = new ProcessBuilder("sh", "-c", "sleep 30; :", longArg).start();
        try {
            ProcessMetric m = null;
            for (int i = 0; i < 100 && (m == null || !"sh".equals(m.name())); i++) {
                Thread.sleep(20);
                m = find(src.sample(), child.pid());
            }
            assertNotNull(m);
            assertEquals("sh", m.name());
            assertEquals(4096, m.cmdLine().length());
            assertTrue(m.cmdLine().startsWith("sh -c sleep 30; : xxx"), m.cmdLine().substring(0, 30));
        } finally {
            child.descendants().forEach(ProcessHandle::destroyForcibly);
            child.destroyForcibly();
            child.waitFor(5, TimeUnit.SECONDS);
        }
        List<ProcessMetric> all = src.sample();
        ProcessMetric kthreadd = find(all, 2);
        if (kthreadd != null && kthreadd.ppid() == 0) {
            assertEquals(null, kthreadd.cmdLine());
            assertEquals(null, kthreadd.exePath());
        }
        // every process has a name and a finite, non-negative CPU figure
        for (ProcessMetric p : all) {
            assertTrue(p.name() != null, "pid " + p.pid());
            assertTrue(Double.isFinite(p.cpuPercent()) && p.cpuPercent() >= 0);
        }
        long procDirs = java.util.Arrays.stream(new java.io.File("/proc").list()).filter(s -> s.matches("\\d+")).count();
        assertTrue(Math.abs(all.size() - procDirs) < 20, all.size() + " vs " + procDirs);
    }

    @Test
    void diskCountersOfOwnProcess() throws Exception {
        ProcfsProcessSource src = new ProcfsProcessSource();
        Path f = Files.createTempFile("pio", ".bin");
        try (var ch = java.nio.channels.FileChannel.open(f, java.nio.file.StandardOpenOption.WRITE)) {
            ch.write(java.nio.ByteBuffer.allocate(1 << 20));
            ch.force(true);
        } finally {
            Files.deleteIfExists(f);
        }
        ProcessMetric self = find(src.sample(), SELF);
        assertTrue(self.diskWriteBytes() >= 1 << 20, "write_bytes " + self.diskWriteBytes());
    }
}
