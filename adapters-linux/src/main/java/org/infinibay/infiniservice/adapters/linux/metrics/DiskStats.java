package org.infinibay.infiniservice.adapters.linux.metrics;

import java.io.File;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.infinibay.infiniservice.domain.metrics.DiskIoRates;

/**
 * Cumulative I/O counters of whole disks from /proc/diskstats (pitfall P11: NVMe counts).
 *
 * <p>A whole disk is an entry of /sys/block (partitions live below their disk there), minus the
 * devices that only mirror or fake I/O of other devices: loop, ram, dm-*, md*, zram, sr, fd.
 */
final class DiskStats {
    private static final String[] EXCLUDED_PREFIXES = {"loop", "ram", "dm-", "md", "zram", "sr", "fd"};

    /** Per disk: reads, sectors read, writes, sectors written, io_ticks (ms). */
    private final Map<String, long[]> counters;

    private DiskStats(Map<String, long[]> counters) {
        this.counters = counters;
    }

    static boolean isCountedDisk(String name, Set<String> sysBlock) {
        if (!sysBlock.contains(name)) {
            return false;
        }
        for (String p : EXCLUDED_PREFIXES) {
            if (name.startsWith(p)) {
                return false;
            }
        }
        return true;
    }

    static Set<String> sysBlockEntries(String root) {
        String[] names = new File(root, "sys/block").list();
        return names == null ? Set.of() : Set.of(names);
    }

    static DiskStats parse(ProcFile f, Set<String> sysBlock) {
        Map<String, long[]> out = new HashMap<>();
        f.position(0);
        while (!f.atEnd()) {
            f.skipTokens(2); // major minor
            String name = f.token();
            if (name != null && isCountedDisk(name, sysBlock)) {
                long reads = f.decimal();
                f.skipToken(); // reads merged
                long sectorsRead = f.decimal();
                f.skipToken(); // ms reading
                long writes = f.decimal();
                f.skipToken(); // writes merged
                long sectorsWritten = f.decimal();
                f.skipTokens(2); // ms writing, in flight
                long ioTicks = f.decimal();
                out.put(name, new long[] {reads, sectorsRead, writes, sectorsWritten, ioTicks});
            }
            f.nextLine();
        }
        return new DiskStats(out);
    }

    java.util.Set<String> disks() {
        return counters.keySet();
    }

    /**
     * Rates per second from {@code before} to this reading over {@code seconds}; bytes = sectors * 512
     * (diskstats always counts 512-byte sectors). Utilisation is that of the busiest disk.
     */
    DiskIoRates ratesSince(DiskStats before, double seconds) {
        if (seconds <= 0) {
            return DiskIoRates.ZERO;
        }
        double reads = 0;
        double sectorsRead = 0;
        double writes = 0;
        double sectorsWritten = 0;
        double busiest = 0;
        for (Map.Entry<String, long[]> e : counters.entrySet()) {
            long[] prev = before.counters.get(e.getKey());
            if (prev == null) {
                continue; // disk appeared during the interval: no baseline
            }
            long[] now = e.getValue();
            reads += nonNegative(now[0] - prev[0]);
            sectorsRead += nonNegative(now[1] - prev[1]);
            writes += nonNegative(now[2] - prev[2]);
            sectorsWritten += nonNegative(now[3] - prev[3]);
            busiest = Math.max(busiest, nonNegative(now[4] - prev[4]) / (seconds * 1000.0) * 100.0);
        }
        return new DiskIoRates(sectorsRead * 512 / seconds, sectorsWritten * 512 / seconds, reads / seconds,
                writes / seconds, Math.min(100.0, busiest));
    }

    private static long nonNegative(long v) {
        return Math.max(0, v); // counters reset when a device is re-attached
    }
}
