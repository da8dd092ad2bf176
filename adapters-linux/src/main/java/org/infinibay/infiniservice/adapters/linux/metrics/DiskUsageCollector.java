package org.infinibay.infiniservice.adapters.linux.metrics;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.infinibay.infiniservice.domain.metrics.DiskUsage;

/**
 * Sizes of the real filesystems, each statvfs run on a helper thread under one shared deadline.
 *
 * <p>A mount that misses the deadline (typically a hung NFS server: statvfs sleeps uninterruptibly)
 * is left out and stays out while its stuck call is outstanding; that call is the background re-check:
 * once it returns, the mount is probed normally again. So at most one thread is ever parked per hung
 * mount and collection never waits longer than the deadline.
 */
final class DiskUsageCollector {
    private static final System.Logger LOG = System.getLogger(DiskUsageCollector.class.getName());

    private final StatfsProbe probe;
    private final long timeoutNanos;
    private final ExecutorService pool;
    /** Mount point -> its outstanding probe, for mounts that missed a deadline. */
    private final Map<String, Future<StatfsProbe.Sizes>> unanswered = new HashMap<>();

    DiskUsageCollector(StatfsProbe probe, Duration timeout) {
        this.probe = probe;
        this.timeoutNanos = timeout.toNanos();
        AtomicInteger n = new AtomicInteger();
        // Cached pool of daemon threads: idle helpers exit after 30 s, a stuck helper blocks only itself.
        this.pool = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 30, TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
            Thread t = new Thread(r, "statfs-probe-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** Mount points currently skipped because an earlier probe has not answered. */
    synchronized List<String> unavailable() {
        unanswered.values().removeIf(Future::isDone);
        return List.copyOf(unanswered.keySet());
    }

    synchronized List<DiskUsage> collect(List<MountEntry> mounts) {
        List<MountEntry> asked = new ArrayList<>(mounts.size());
        List<Future<StatfsProbe.Sizes>> futures = new ArrayList<>(mounts.size());
        for (MountEntry m : mounts) {
            Future<StatfsProbe.Sizes> pending = unanswered.get(m.mountPoint());
            if (pending != null) {
                if (!pending.isDone()) {
                    continue; // still hung: reported unavailable
                }
                unanswered.remove(m.mountPoint());
                LOG.log(System.Logger.Level.INFO, "filesystem answers again: {0}", m.mountPoint());
            }
            asked.add(m);
            futures.add(pool.submit(() -> probe.probe(m.mountPoint())));
        }
        long deadline = System.nanoTime() + timeoutNanos;
        List<DiskUsage> out = new ArrayList<>(asked.size());
        for (int i = 0; i < asked.size(); i++) {
            MountEntry m = asked.get(i);
            Future<StatfsProbe.Sizes> f = futures.get(i);
            try {
                StatfsProbe.Sizes s = f.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (s.totalBytes() > 0) {
                    long used = Math.max(0, s.totalBytes() - s.freeBytes());
                    out.add(new DiskUsage(m.mountPoint(), s.totalBytes(), used, Math.max(0, s.usableBytes()),
                            m.fsType()));
                }
            } catch (TimeoutException e) {
                unanswered.put(m.mountPoint(), f);
                LOG.log(System.Logger.Level.WARNING, "filesystem did not answer statvfs in time, skipping: {0}",
                        m.mountPoint());
            } catch (ExecutionException e) {
                LOG.log(System.Logger.Level.DEBUG, "statvfs failed for {0}: {1}", m.mountPoint(), e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return out;
    }
}
