package org.infinibay.infiniservice.adapters.linux.metrics;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.LongSupplier;
import org.infinibay.infiniservice.application.port.out.SystemMetricsSource;
import org.infinibay.infiniservice.domain.log.Logs;
import org.infinibay.infiniservice.domain.metrics.CpuMetrics;
import org.infinibay.infiniservice.domain.metrics.DiskIoRates;
import org.infinibay.infiniservice.domain.metrics.DiskUsage;
import org.infinibay.infiniservice.domain.metrics.LoadAverage;
import org.infinibay.infiniservice.domain.metrics.MemoryMetrics;
import org.infinibay.infiniservice.domain.metrics.NetworkInterfaceMetrics;
import org.infinibay.infiniservice.domain.metrics.SystemMetrics;
import org.infinibay.infiniservice.adapters.linux.system.SystemClocks;

/**
 * {@code data.system} (CONTRACT §7.3, §7.4) straight from /proc and /sys.
 *
 * <p>CPU and disk I/O are deltas between consecutive calls over the measured wall interval;
 * {@link #prime()} takes the first reference (§7.9). Without a reference the first call reports 0.
 * Each part fails independently: a broken reader yields an empty/zero part, never a lost message.
 */
public final class ProcfsSystemMetricsSource implements SystemMetricsSource {
    private static final System.Logger LOG = Logs.get(ProcfsSystemMetricsSource.class);
    /** statvfs deadline per collection: a hung NFS mount must not stall metrics. */
    public static final Duration DEFAULT_STATFS_TIMEOUT = Duration.ofSeconds(2);

    private final String root;
    private final LongSupplier nanoClock;
    private final ProcFile file = new ProcFile(16384);
    private final DiskUsageCollector diskUsage;
    private final NetworkCollector network;
    private final Thermal thermal;

    private CpuTimes lastCpu;
    private DiskStats lastDisk;
    private long lastDiskAt;

    public ProcfsSystemMetricsSource() {
        this("/", StatfsProbe.system(), DEFAULT_STATFS_TIMEOUT, Ipv4Lister.system(), SystemClocks.NANOS);
    }

    ProcfsSystemMetricsSource(String root, StatfsProbe probe, Duration statfsTimeout, Ipv4Lister ipv4,
                              LongSupplier nanoClock) {
        this.root = root.endsWith("/") ? root : root + "/";
        this.nanoClock = nanoClock;
        this.diskUsage = new DiskUsageCollector(probe, statfsTimeout);
        this.network = new NetworkCollector(this.root, new AddressSource(this.root, ipv4, nanoClock));
        this.thermal = new Thermal(this.root);
    }

    @Override
    public synchronized void prime() {
        try {
            lastCpu = CpuTimes.parse(file.load(root + "proc/stat"));
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot read /proc/stat: {0}", e.toString());
        }
        try {
            lastDisk = readDiskStats();
            lastDiskAt = nanoClock.getAsLong();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot read /proc/diskstats: {0}", e.toString());
        }
    }

    @Override
    public synchronized SystemMetrics sample() {
        return new SystemMetrics(cpu(), memory(), disks(), io(), interfaces(), uptimeSeconds(), loadAverage());
    }

    private CpuMetrics cpu() {
        Double temperature = thermal.read();
        try {
            CpuTimes now = CpuTimes.parse(file.load(root + "proc/stat"));
            CpuTimes before = lastCpu;
            lastCpu = now;
            if (before == null) {
                return new CpuMetrics(0.0, Collections.nCopies(now.cpuCount(), 0.0), temperature);
            }
            return new CpuMetrics(now.usageSince(before), now.coresSince(before), temperature);
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "cpu metrics unavailable: {0}", e.toString());
            return new CpuMetrics(0.0, List.of(), temperature);
        }
    }

    private MemoryMetrics memory() {
        try {
            return MemInfo.parse(file.load(root + "proc/meminfo"));
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "memory metrics unavailable: {0}", e.toString());
            return new MemoryMetrics(0, 0, 0, 0);
        }
    }

    private List<DiskUsage> disks() {
        try {
            List<MountEntry> mounts = MountInfo.realFilesystems(MountInfo.parse(file.load(root + "proc/self/mountinfo")));
            return diskUsage.collect(mounts);
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "disk usage unavailable: {0}", e.toString());
            return List.of();
        }
    }

    private DiskIoRates io() {
        try {
            DiskStats now = readDiskStats();
            long at = nanoClock.getAsLong();
            DiskStats before = lastDisk;
            long beforeAt = lastDiskAt;
            lastDisk = now;
            lastDiskAt = at;
            if (before == null) {
                return DiskIoRates.ZERO;
            }
            return now.ratesSince(before, (at - beforeAt) / 1e9);
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "disk I/O unavailable: {0}", e.toString());
            return DiskIoRates.ZERO;
        }
    }

    private DiskStats readDiskStats() throws IOException {
        return DiskStats.parse(file.load(root + "proc/diskstats"), DiskStats.sysBlockEntries(root));
    }

    private List<NetworkInterfaceMetrics> interfaces() {
        try {
            return network.collect();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "network metrics unavailable: {0}", e.toString());
            return new ArrayList<>();
        }
    }

    private long uptimeSeconds() {
        try {
            return file.load(root + "proc/uptime").decimal(); // "338.12 539.57": integer part
        } catch (IOException e) {
            return 0;
        }
    }

    private LoadAverage loadAverage() {
        try {
            file.load(root + "proc/loadavg");
            String[] parts = file.firstLine().split(" ", 4);
            return new LoadAverage(Double.parseDouble(parts[0]), Double.parseDouble(parts[1]),
                    Double.parseDouble(parts[2]));
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
