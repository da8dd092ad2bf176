package org.infinibay.infiniservice.adapters.linux.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.infinibay.infiniservice.domain.metrics.DiskUsage;
import org.junit.jupiter.api.Test;

/** A mount whose statvfs hangs (hung NFS) is skipped, not waited for, until its stuck call answers. */
class DiskUsageDeadlineTest {
    private static final MountEntry ROOT = new MountEntry("254:0", "/", "/", "ext4", "/dev/vda");
    private static final MountEntry NFS = new MountEntry("0:52", "/", "/mnt/nfs", "nfs4", "server:/x");
    private static final MountEntry DATA = new MountEntry("254:16", "/", "/data", "xfs", "/dev/vdb");
    private static final MountEntry FUSE = new MountEntry("0:60", "/", "/mnt/s3", "fuse.s3fs", "s3fs");

    /** Round 5: no helper thread on a VM with only local disks; remote and FUSE mounts keep theirs. */
    @Test
    void localMountsAreProbedOnTheCallingThreadRemoteAndFuseOnesOnAHelper() {
        Map<String, String> threadOf = new ConcurrentHashMap<>();
        StatfsProbe probe = mp -> {
            threadOf.put(mp, Thread.currentThread().getName());
            return new StatfsProbe.Sizes(100, 40, 30);
        };
        DiskUsageCollector c = new DiskUsageCollector(probe, Duration.ofSeconds(5));
        assertEquals(List.of("/", "/data", "/mnt/nfs", "/mnt/s3"), points(c.collect(List.of(ROOT, DATA, NFS, FUSE))));
        String me = Thread.currentThread().getName();
        assertEquals(me, threadOf.get("/"));
        assertEquals(me, threadOf.get("/data"));
        assertTrue(threadOf.get("/mnt/nfs").startsWith("statfs-probe-"), threadOf.toString());
        assertTrue(threadOf.get("/mnt/s3").startsWith("statfs-probe-"), threadOf.toString());
    }

    /**
     * A local statvfs that hangs parks only the caller that the part time limit abandons: the next
     * collection (another thread) neither waits for it nor probes that mount again until it answers.
     */
    @Test
    void hungLocalMountParksOnlyTheAbandonedCallerAndIsSkippedUntilItAnswers() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch diskBack = new CountDownLatch(1);
        AtomicInteger dataCalls = new AtomicInteger();
        StatfsProbe probe = mp -> {
            if (mp.equals("/data") && dataCalls.incrementAndGet() == 1) {
                entered.countDown();
                try {
                    diskBack.await();
                } catch (InterruptedException e) {
                    throw new IOException(e);
                }
            }
            return new StatfsProbe.Sizes(100, 40, 30);
        };
        DiskUsageCollector c = new DiskUsageCollector(probe, Duration.ofMillis(200));
        java.util.concurrent.atomic.AtomicReference<List<DiskUsage>> abandoned = new java.util.concurrent.atomic.AtomicReference<>();
        Thread first = new Thread(() -> abandoned.set(c.collect(List.of(ROOT, DATA))), "abandoned-collector");
        first.setDaemon(true);
        first.start();
        assertTrue(entered.await(5, TimeUnit.SECONDS));

        List<DiskUsage> next = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(Duration.ofSeconds(3),
                () -> c.collect(List.of(ROOT, DATA)));
        assertEquals(List.of("/"), points(next));
        assertEquals(List.of("/data"), c.unavailable());
        assertEquals(1, dataCalls.get());

        diskBack.countDown();
        first.join(5000);
        assertEquals(List.of("/", "/data"), points(abandoned.get()));
        assertTrue(c.unavailable().isEmpty());
        assertEquals(List.of("/", "/data"), points(c.collect(List.of(ROOT, DATA))));
        assertEquals(2, dataCalls.get());
    }

    @Test
    void hungMountIsSkippedAndReturnsAfterItAnswers() throws Exception {
        CountDownLatch nfsServerBack = new CountDownLatch(1);
        Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
        StatfsProbe probe = mp -> {
            calls.computeIfAbsent(mp, k -> new AtomicInteger()).incrementAndGet();
            if (mp.equals("/mnt/nfs")) {
                try {
                    nfsServerBack.await(); // like statvfs on a dead NFS server
                } catch (InterruptedException e) {
                    throw new IOException(e);
                }
                return new StatfsProbe.Sizes(2L << 30, 1L << 30, 1L << 30);
            }
            return new StatfsProbe.Sizes(10L << 30, 4L << 30, 3L << 30);
        };
        DiskUsageCollector c = new DiskUsageCollector(probe, Duration.ofMillis(200));

        List<DiskUsage> first = c.collect(List.of(ROOT, NFS));
        assertEquals(List.of("/"), points(first));
        DiskUsage root = first.get(0);
        assertEquals(10L << 30, root.totalBytes());
        assertEquals(6L << 30, root.usedBytes()); // total - free
        assertEquals(3L << 30, root.availableBytes()); // usable by non-root
        assertEquals(List.of("/mnt/nfs"), c.unavailable());

        // Next cycle: the stuck call is still outstanding, so the mount is not probed again.
        assertEquals(List.of("/"), points(c.collect(List.of(ROOT, NFS))));
        assertEquals(1, calls.get("/mnt/nfs").get());

        nfsServerBack.countDown(); // the stuck call returns: the background re-check answered
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!c.unavailable().isEmpty() && System.nanoTime() < until) {
            Thread.sleep(10);
        }
        assertEquals(List.of("/", "/mnt/nfs"), points(c.collect(List.of(ROOT, NFS))));
        assertEquals(2, calls.get("/mnt/nfs").get());
    }

    @Test
    void failingProbeSkipsOnlyThatMount() {
        StatfsProbe probe = mp -> {
            if (mp.equals("/mnt/nfs")) {
                throw new IOException("stale file handle");
            }
            return new StatfsProbe.Sizes(100, 40, 30);
        };
        DiskUsageCollector c = new DiskUsageCollector(probe, Duration.ofSeconds(2));
        assertEquals(List.of("/"), points(c.collect(List.of(ROOT, NFS))));
        assertTrue(c.unavailable().isEmpty());
    }

    @Test
    void realProbeRejectsNonexistentPath() {
        DiskUsageCollector c = new DiskUsageCollector(StatfsProbe.system(), Duration.ofSeconds(2));
        MountEntry gone = new MountEntry("1:1", "/", "/nonexistent-" + System.nanoTime(), "ext4", "x");
        assertEquals(List.of("/"), points(c.collect(List.of(ROOT, gone))));
    }

    private static List<String> points(List<DiskUsage> l) {
        return l.stream().map(DiskUsage::mountPoint).collect(Collectors.toList());
    }
}
