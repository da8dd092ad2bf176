package org.infinibay.infiniservice.adapters.linux.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.infinibay.infiniservice.domain.metrics.DiskIoRates;
import org.infinibay.infiniservice.domain.metrics.MemoryMetrics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Parser edge cases against recorded /proc content (resources under /recorded). */
class RecordedParsersTest {
    @TempDir
    Path tmp;

    @Test
    void containerMountinfoKeepsOverlayRootFirstAndSkipsPseudoAndDuplicateDevices() throws Exception {
        List<MountEntry> all = MountInfo.parse(Fixtures.load(tmp, "m", "mountinfo-container-overlay"));
        assertEquals(17, all.size()); // /var/backup is a second mount of 259:3: reported once, as /data
        List<MountEntry> real = MountInfo.realFilesystems(all);
        List<String> points = real.stream().map(MountEntry::mountPoint).collect(Collectors.toList());
        // "/" is overlay but always reported; the bind-mounted files of nvme0n1p2 (/etc/hosts...) and
        // the sub-tree bind /srv/data copy are skipped; squashfs, proc, tmpfs, cgroup2, mqueue too.
        assertEquals(List.of("/", "/data", "/mnt/nfs"), points);
        assertEquals("overlay", real.get(0).fsType());
        assertEquals("nfs4", real.get(2).fsType());
    }

    @Test
    void mountPointEscapesAreDecoded() throws Exception {
        List<MountEntry> all = MountInfo.parse(Fixtures.load(tmp, "m", "mountinfo-container-overlay"));
        assertTrue(all.stream().anyMatch(m -> m.mountPoint().equals("/srv/data copy")));
    }

    @Test
    void thisVmMountinfoYieldsRootExt4() throws Exception {
        List<MountEntry> real = MountInfo.realFilesystems(MountInfo.parse(Fixtures.load(tmp, "m", "vm/mountinfo")));
        assertEquals("/", real.get(0).mountPoint());
        assertEquals("ext4", real.get(0).fsType());
        assertTrue(real.stream().noneMatch(m -> MountInfo.isPseudo(m.fsType())));
    }

    @Test
    void diskstatsCountWholeDisksIncludingNvmeOnly() throws Exception {
        Set<String> sysBlock = Set.of("loop0", "loop1", "nvme0n1", "sda", "dm-0", "zram0", "sr0");
        DiskStats before = DiskStats.parse(Fixtures.load(tmp, "a", "diskstats-nvme"), sysBlock);
        assertEquals(Set.of("nvme0n1", "sda"), before.disks());
        DiskStats after = DiskStats.parse(Fixtures.load(tmp, "b", "diskstats-nvme-later"), sysBlock);
        DiskIoRates r = after.ratesSince(before, 2.0);
        // nvme0n1: +100 reads, +2000 sectors, +200 writes, +4000 sectors, io_ticks +500 ms;
        // sda: +10 reads, +100 sectors, io_ticks +100 ms. Partitions and dm-0 must not add to this.
        assertEquals((2000 + 100) * 512 / 2.0, r.readBytesPerSec(), 1e-9);
        assertEquals(4000 * 512 / 2.0, r.writeBytesPerSec(), 1e-9);
        assertEquals(110 / 2.0, r.readOpsPerSec(), 1e-9);
        assertEquals(200 / 2.0, r.writeOpsPerSec(), 1e-9);
        assertEquals(25.0, r.utilizationPercent(), 1e-9); // busiest disk: 500 ms of 2000 ms
    }

    @Test
    void thisVmDiskstatsCountVdaButNotLoopOrZram() throws Exception {
        Set<String> sysBlock = Set.of(new String(Fixtures.bytes("vm/sys_block.txt")).trim().split("\n"));
        DiskStats s = DiskStats.parse(Fixtures.load(tmp, "d", "vm/diskstats"), sysBlock);
        assertEquals(Set.of("vda"), s.disks());
    }

    @Test
    void ipv6TableDropsTentativeAndDadFailedAndZonesLinkLocal() throws Exception {
        Map<String, List<String>> t = Ipv6Table.parse(Fixtures.load(tmp, "i", "if_inet6-tentative"));
        assertEquals(List.of("2a01:4f8:c2c1:a2b1::1", "fe80::5054:ff:fe12:a4cd%ens3"), t.get("ens3"));
        assertNull(t.get("docker0")); // its only address is tentative
        assertEquals(List.of("fe80::42:acff:fe11:2%veth12ab"), t.get("veth12ab"));
        assertEquals(List.of("::1"), t.get("lo")); // dropped later by IpAddresses.isReportable
    }

    @Test
    void thisVmIpv6Table() throws Exception {
        Map<String, List<String>> t = Ipv6Table.parse(Fixtures.load(tmp, "i", "vm/if_inet6"));
        assertEquals(List.of("fd00::2", "fe80::fc:ff:fe00:1%eth0"), t.get("eth0"));
    }

    @Test
    void ipv6FormattingFollowsRfc5952() {
        assertEquals("::", Ipv6Table.format("00000000000000000000000000000000"));
        assertEquals("2001:db8::1:0:0:1", Ipv6Table.format("20010db8000000000001000000000001"));
        assertEquals("2001:db8:0:1:1:1:1:1", Ipv6Table.format("20010db8000000010001000100010001"));
        assertEquals("1::", Ipv6Table.format("00010000000000000000000000000000"));
        assertNull(Ipv6Table.format("zz000000000000000000000000000000"));
    }

    @Test
    void defaultRouteInterfaces() throws Exception {
        Set<String> vm = DefaultRoutes.newSet();
        DefaultRoutes.parseIpv4(Fixtures.load(tmp, "r", "vm/route"), vm);
        DefaultRoutes.parseIpv6(Fixtures.load(tmp, "r6", "vm/ipv6_route"), vm);
        assertEquals(Set.of("eth0"), vm); // the lo reject route of ipv6_route is not a default route

        Set<String> docker = DefaultRoutes.newSet();
        DefaultRoutes.parseIpv4(Fixtures.load(tmp, "r2", "route-docker"), docker);
        assertEquals(Set.of("ens3"), docker);
    }

    @Test
    void cpuTimesFromRecordedStat() throws Exception {
        CpuTimes t = CpuTimes.parse(Fixtures.load(tmp, "s", "vm/stat"));
        assertEquals(2, t.cpuCount());
        assertEquals(List.of(0.0, 0.0), t.coresSince(t));
    }

    @Test
    void cpuPercentFromTwoReadings() throws Exception {
        String before = "cpu  100 0 100 800 0 0 0 0 0 0\ncpu0 50 0 50 400 0 0 0 0 0 0\ncpu1 50 0 50 400 0 0 0 0 0 0\n";
        // cpu0 fully busy for 100 jiffies, cpu1 idle; guest columns must not be summed.
        String after = "cpu  200 0 100 900 0 0 0 0 77 77\ncpu0 150 0 50 400 0 0 0 0 77 77\ncpu1 50 0 50 500 0 0 0 0 0 0\n";
        CpuTimes a = CpuTimes.parse(new ProcFile(16).load(Fixtures.write(tmp, "a", before).toString()));
        CpuTimes b = CpuTimes.parse(new ProcFile(16).load(Fixtures.write(tmp, "b", after).toString()));
        assertEquals(50.0, b.usageSince(a), 1e-9);
        assertEquals(List.of(100.0, 0.0), b.coresSince(a));
    }

    @Test
    void offlineCpuKeepsItsSlot() throws Exception {
        String stat = "cpu  1 0 1 8 0 0 0 0 0 0\ncpu0 1 0 1 4 0 0 0 0 0 0\ncpu2 0 0 0 4 0 0 0 0 0 0\n";
        CpuTimes t = CpuTimes.parse(new ProcFile(16).load(Fixtures.write(tmp, "s", stat).toString()));
        assertEquals(3, t.cpuCount());
    }

    @Test
    void meminfoUsedIsTotalMinusAvailable() throws Exception {
        MemoryMetrics m = MemInfo.parse(Fixtures.load(tmp, "mi", "vm/meminfo"));
        assertEquals(24683656, m.totalKb());
        assertEquals(24101372, m.availableKb());
        assertEquals(24683656 - 24101372, m.usedKb());
        assertEquals(0, m.swapTotalKb());
    }

    @Test
    void meminfoWithoutMemAvailableFallsBack() throws Exception {
        String old = "MemTotal: 1000 kB\nMemFree: 100 kB\nBuffers: 50 kB\nCached: 200 kB\nSwapTotal: 500 kB\nSwapFree: 400 kB\n";
        MemoryMetrics m = MemInfo.parse(new ProcFile(8).load(Fixtures.write(tmp, "mi", old).toString()));
        assertEquals(350, m.availableKb());
        assertEquals(100, m.swapUsedKb());
    }

    @Test
    void procFileGrowsForLargeFiles() throws Exception {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 5000; i++) {
            b.append(i).append(' ');
        }
        ProcFile f = new ProcFile(16).load(Fixtures.write(tmp, "big", b.toString()).toString());
        long last = 0;
        while (!f.atLineEnd()) {
            last = f.decimal();
        }
        assertEquals(4999, last);
        assertFalse(f.text().isEmpty());
    }
}
