package org.infinibay.infiniservice.adapters.linux.metrics;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.infinibay.infiniservice.domain.log.Logs;
import org.infinibay.infiniservice.domain.metrics.DiskUsage;

/**
 * Sizes of the real filesystems under one shared deadline.
 *
 * <p>Local disk filesystems ({@link #LOCAL}: their statvfs answers from counters in memory) are
 * probed on the calling thread; every other type (NFS, CIFS, FUSE, 9p, virtiofs, ZFS...) on a helper
 * thread, because its statvfs can sleep uninterruptibly on a server that does not answer. So a
 * typical VM has no helper thread at all (docs/performance.md, round 5: one thread fewer).
 *
 * <p>A remote mount that misses the deadline is left out and stays out while its stuck call is
 * outstanding; that call is the background re-check: once it returns, the mount is probed normally
 * again. A local probe has no deadline of its own: if one ever hangs, the collection part's time
 * limit abandons the calling thread ({@code PartCollector}), and the mount, marked in flight, is left
 * out of later collections until that call returns. So at most one thread is ever parked per hung
 * mount and collection never waits on a mount that already hung.
 */
final class DiskUsageCollector {
    private static final System.Logger LOG = Logs.get(DiskUsageCollector.class);
    /**
     * Block-device filesystems whose statfs never waits on a remote party or a user-space daemon
     * (not ZFS: a suspended pool blocks it; not FUSE, including fuseblk).
     */
    static final Set<String> LOCAL = Set.of("ext2", "ext3", "ext4", "xfs", "btrfs", "vfat", "msdos", "exfat",
            "ntfs3", "f2fs", "jfs", "reiserfs", "hfsplus", "bcachefs", "erofs");

    private final StatfsProbe probe;
    private final long timeoutNanos;
    /** The helpers for remote, FUSE and ZFS mounts; made for the first such mount (guarded by this). */
    private ExecutorService pool;
    /** Mount point -> its outstanding helper probe, for remote mounts that missed a deadline. */
    private final Map<String, Future<StatfsProbe.Sizes>> unanswered = new HashMap<>();
    /** Local mount points whose probe runs right now on some caller's thread. */
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
    /** Local mount points left out because a probe was still in flight (logged once each). */
    private final Set<String> skippedLocal = new HashSet<>();

    DiskUsageCollector(StatfsProbe probe, Duration timeout) {
        this.probe = probe;
        this.timeoutNanos = timeout.toNanos();
    }

    /** A guest with local disks only never needs it (nor loads its classes). */
    private synchronized ExecutorService pool() {
        if (pool == null) {
            // Cached pool of daemon threads: idle helpers exit after 30 s, a stuck helper blocks only itself.
            pool = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 30, TimeUnit.SECONDS, new SynchronousQueue<>(),
                    new Helpers());
        }
        return pool;
    }

    /** Mount points currently skipped because an earlier probe has not answered. */
    synchronized List<String> unavailable() {
        for (Iterator<Future<StatfsProbe.Sizes>> i = unanswered.values().iterator(); i.hasNext();) {
            if (i.next().isDone()) {
                i.remove();
            }
        }
        List<String> out = new ArrayList<>(unanswered.keySet());
        for (String mp : inFlight) {
            if (skippedLocal.contains(mp)) {
                out.add(mp);
            }
        }
        return List.copyOf(out);
    }

    /**
     * Not synchronized as a whole: a caller abandoned inside a hung local probe must not block the
     * next collection, so the monitor guards only the bookkeeping.
     */
    List<DiskUsage> collect(List<MountEntry> mounts) {
        int count = mounts.size();
        StatfsProbe.Sizes[] sizes = new StatfsProbe.Sizes[count];
        @SuppressWarnings("unchecked")
        Future<StatfsProbe.Sizes>[] futures = new Future[count];
        boolean[] direct = new boolean[count];
        synchronized (this) {
            for (int i = 0; i < count; i++) {
                MountEntry m = mounts.get(i);
                String mp = m.mountPoint();
                if (LOCAL.contains(m.fsType())) {
                    if (inFlight.contains(mp)) {
                        if (skippedLocal.add(mp)) {
                            LOG.log(System.Logger.Level.WARNING,
                                    "filesystem did not answer statvfs, skipping until it does: {0}", mp);
                        }
                        continue;
                    }
                    if (skippedLocal.remove(mp)) {
                        LOG.log(System.Logger.Level.INFO, "filesystem answers again: {0}", mp);
                    }
                    direct[i] = true;
                    continue;
                }
                Future<StatfsProbe.Sizes> pending = unanswered.get(mp);
                if (pending != null) {
                    if (!pending.isDone()) {
                        continue; // still hung: reported unavailable
                    }
                    unanswered.remove(mp);
                    LOG.log(System.Logger.Level.INFO, "filesystem answers again: {0}", mp);
                }
                futures[i] = pool().submit(new RemoteProbe(probe, mp));
            }
        }
        long deadline = System.nanoTime() + timeoutNanos;
        for (int i = 0; i < count; i++) { // the local ones, while the helpers probe the others
            if (direct[i]) {
                String mp = mounts.get(i).mountPoint();
                if (!inFlight.add(mp)) {
                    continue; // a concurrent collection probes it right now
                }
                try {
                    sizes[i] = probe.probe(mp);
                } catch (IOException | RuntimeException e) {
                    LOG.log(System.Logger.Level.DEBUG, "statvfs failed for {0}: {1}", mp, e);
                } finally {
                    inFlight.remove(mp);
                }
            }
        }
        for (int i = 0; i < count; i++) {
            Future<StatfsProbe.Sizes> f = futures[i];
            if (f == null) {
                continue;
            }
            String mp = mounts.get(i).mountPoint();
            try {
                sizes[i] = f.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                synchronized (this) {
                    unanswered.put(mp, f);
                }
                LOG.log(System.Logger.Level.WARNING, "filesystem did not answer statvfs in time, skipping: {0}", mp);
            } catch (ExecutionException e) {
                LOG.log(System.Logger.Level.DEBUG, "statvfs failed for {0}: {1}", mp, e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        List<DiskUsage> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            StatfsProbe.Sizes s = sizes[i];
            if (s != null && s.totalBytes() > 0) {
                MountEntry m = mounts.get(i);
                long used = Math.max(0, s.totalBytes() - s.freeBytes());
                out.add(new DiskUsage(m.mountPoint(), s.totalBytes(), used, Math.max(0, s.usableBytes()), m.fsType()));
            }
        }
        return out;
    }

    /** The helpers' daemon threads: a named class, not a lambda (no lambda in a metrics cycle, issue #17). */
    private static final class Helpers implements ThreadFactory {
        private final AtomicInteger n = new AtomicInteger();

        @Override
        public Thread newThread(Runnable r) {
            Thread t = new Thread(r, "statfs-probe-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        }
    }

    /** One statvfs of a remote mount point on a helper thread. */
    private static final class RemoteProbe implements Callable<StatfsProbe.Sizes> {
        private final StatfsProbe probe;
        private final String mountPoint;

        RemoteProbe(StatfsProbe probe, String mountPoint) {
            this.probe = probe;
            this.mountPoint = mountPoint;
        }

        @Override
        public StatfsProbe.Sizes call() throws IOException {
            return probe.probe(mountPoint);
        }
    }
}
