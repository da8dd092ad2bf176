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
