package org.infinibay.infiniservice.adapters.windows.metrics;

import java.util.ArrayList;
import java.util.List;
import oshi.SystemInfo;
import oshi.hardware.CentralProcessor;
import oshi.hardware.GlobalMemory;
import oshi.hardware.HWDiskStore;
import oshi.hardware.NetworkIF;
import oshi.software.os.OSFileStore;
import oshi.software.os.OperatingSystem;
import org.infinibay.infiniservice.application.port.out.SystemMetricsSource;
import org.infinibay.infiniservice.domain.metrics.CpuMetrics;
import org.infinibay.infiniservice.domain.metrics.DiskIoRates;
import org.infinibay.infiniservice.domain.metrics.DiskUsage;
import org.infinibay.infiniservice.domain.metrics.MemoryMetrics;
import org.infinibay.infiniservice.domain.metrics.NetworkInterfaceMetrics;
import org.infinibay.infiniservice.domain.metrics.SystemMetrics;

/**
 * CPU, memory, volumes, disk I/O and interfaces on Windows through OSHI, which is right here:
 * CPU ticks come from {@code GetSystemTimes}/{@code NtQuerySystemInformation} (no performance
 * counters, so no localised counter names), memory from {@code GlobalMemoryStatusEx}/performance
 * information, interfaces from {@code GetIfTable2} with the connection alias, and physical-disk
 * counters from OSHI's PDH layer, which resolves counter names by index for non-English Windows.
 * Rates cover the interval since the previous sample. CPU temperature: {@link ThermalZones} (ACPI
 * thermal zones through WMI; {@code null} in most VMs).
 */
public final class OshiSystemMetricsSource implements SystemMetricsSource {
    private final CentralProcessor cpu;
    private final GlobalMemory memory;
    private final OperatingSystem os;
    private final SystemInfo si;
    private final String systemDrive;
    private final ThermalZones thermal;
    private long[] prevTicks;
    private long[][] prevCoreTicks;
    private long prevIoNanos;
    private long[] prevIo;

    public OshiSystemMetricsSource(String systemDrive) {
        this.si = new SystemInfo();
        this.cpu = si.getHardware().getProcessor();
        this.memory = si.getHardware().getMemory();
        this.os = si.getOperatingSystem();
        this.systemDrive = systemDrive == null || systemDrive.isBlank() ? "C:" : systemDrive;
        this.thermal = ThermalZones.wmi();
    }

    @Override
    public synchronized void prime() {
        prevTicks = cpu.getSystemCpuLoadTicks();
        prevCoreTicks = cpu.getProcessorCpuLoadTicks();
        prevIo = ioTotals();
        prevIoNanos = System.nanoTime();
    }

    @Override
    public synchronized SystemMetrics sample() {
        if (prevTicks == null) {
            prime();
        }
        double total = WindowsMetricRules.percent(cpu.getSystemCpuLoadBetweenTicks(prevTicks));
        double[] cores = cpu.getProcessorCpuLoadBetweenTicks(prevCoreTicks);
        List<Double> perCore = new ArrayList<>();
        for (double c : cores) {
            perCore.add(WindowsMetricRules.percent(c));
        }
        prevTicks = cpu.getSystemCpuLoadTicks();
        prevCoreTicks = cpu.getProcessorCpuLoadTicks();
        MemoryMetrics mem = new MemoryMetrics(memory.getTotal() / 1024, memory.getAvailable() / 1024,
                memory.getVirtualMemory().getSwapTotal() / 1024, memory.getVirtualMemory().getSwapUsed() / 1024);
        return new SystemMetrics(new CpuMetrics(total, perCore, thermal.read()), mem, volumes(), ioRates(), interfaces(),
                os.getSystemUptime(), null);
    }

    private List<DiskUsage> volumes() {
        List<DiskUsage> out = new ArrayList<>();
        for (OSFileStore fs : os.getFileSystem().getFileStores(true)) {
            if (!WindowsMetricRules.isFixedVolume(fs.getDescription(), fs.getMount(), systemDrive)) {
                continue;
            }
            long total = fs.getTotalSpace();
            long free = fs.getUsableSpace();
            if (total <= 0) {
                continue;
            }
            out.add(new DiskUsage(WindowsMetricRules.mountPoint(fs.getMount()), total, Math.max(0, total - free), free,
                    fs.getType()));
        }
        return out;
    }

    /** Cumulative read bytes, write bytes, reads, writes over physical disks (\\.\PHYSICALDRIVEn). */
    private long[] ioTotals() {
        long[] t = new long[4];
        for (HWDiskStore d : si.getHardware().getDiskStores()) {
            t[0] += d.getReadBytes();
            t[1] += d.getWriteBytes();
            t[2] += d.getReads();
            t[3] += d.getWrites();
        }
        return t;
    }

    private DiskIoRates ioRates() {
        long[] now = ioTotals();
        long nanos = System.nanoTime();
        double secs = (nanos - prevIoNanos) / 1e9;
        DiskIoRates rates = DiskIoRates.ZERO;
        if (prevIo != null && secs > 0.05) {
            rates = new DiskIoRates(rate(now[0] - prevIo[0], secs), rate(now[1] - prevIo[1], secs),
                    rate(now[2] - prevIo[2], secs), rate(now[3] - prevIo[3], secs), null);
        }
        prevIo = now;
        prevIoNanos = nanos;
        return rates;
    }

    private static double rate(long delta, double secs) {
        return delta <= 0 ? 0 : Math.round(delta / secs * 10.0) / 10.0;
    }

    private List<NetworkInterfaceMetrics> interfaces() {
        String defaultGateway = os.getNetworkParams().getIpv4DefaultGateway();
        List<NetworkInterfaceMetrics> out = new ArrayList<>();
        for (NetworkIF n : si.getHardware().getNetworkIFs(false)) {
            String alias = n.getIfAlias() == null || n.getIfAlias().isBlank() ? n.getDisplayName() : n.getIfAlias();
            boolean up = n.getIfOperStatus() == NetworkIF.IfOperStatus.UP;
            List<String> ips = WindowsMetricRules.addresses(n.getIPv4addr(), n.getIPv6addr());
            boolean defaultRoute = up && defaultGateway != null && !defaultGateway.isBlank()
                    && sameSubnet(n, defaultGateway);
            out.add(new NetworkInterfaceMetrics(alias, n.getBytesRecv(), n.getBytesSent(), n.getPacketsRecv(),
                    n.getPacketsSent(), ips, up, defaultRoute,
                    WindowsMetricRules.isVirtual(alias, n.getDisplayName()), n.getMacaddr()));
        }
        return WindowsMetricRules.ordered(out);
    }

    private static boolean sameSubnet(NetworkIF n, String gateway) {
        String[] addrs = n.getIPv4addr();
        Short[] masks = n.getSubnetMasks();
        for (int i = 0; i < addrs.length && i < masks.length; i++) {
            if (Subnets.contains(addrs[i], masks[i], gateway)) {
                return true;
            }
        }
        return false;
    }
}
