package org.infinibay.infiniservice.adapters.linux.actions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.infinibay.infiniservice.application.port.out.os.FirewallStatus;
import org.infinibay.infiniservice.application.port.out.os.PackageInfo;
import org.infinibay.infiniservice.application.port.out.os.PendingUpdate;
import org.infinibay.infiniservice.application.port.out.os.ServiceInfo;
import org.infinibay.infiniservice.application.port.out.os.UpdateHistoryEntry;
import org.junit.jupiter.api.Test;

/** Parsers fed with the recorded outputs of src/test/resources/actions (see its README). */
class RecordedOutputActionParsersTest {

    static String res(String name) throws IOException {
        try (InputStream in = RecordedOutputActionParsersTest.class.getResourceAsStream("/actions/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void ufwInactiveIsNotMistakenForActive() throws IOException {
        FirewallStatus off = LinuxFirewallInspector.parseUfw(res("ufw-status-inactive.txt"));
        assertFalse(off.enabled());
        assertEquals("inactive", off.status());
        FirewallStatus on = LinuxFirewallInspector.parseUfw(res("ufw-status-active.txt"));
        assertTrue(on.enabled());
        assertEquals("deny", on.defaultIncoming());
        assertEquals("allow", on.defaultOutgoing());
        assertEquals(2, on.rulesCount());
    }

    @Test
    void iptablesAndNft() throws IOException {
        assertFalse(LinuxFirewallInspector.parseIptables(res("iptables-S-empty.txt")).enabled());
        FirewallStatus ufwRules = LinuxFirewallInspector.parseIptables(res("iptables-S-ufw.txt"));
        assertTrue(ufwRules.enabled());
        assertEquals("drop", ufwRules.defaultIncoming());
        FirewallStatus nft = LinuxFirewallInspector.parseNft(res("nft-list-ruleset.txt"));
        assertTrue(nft.enabled());
        assertTrue(nft.rulesCount() > 10, "rules " + nft.rulesCount());
        assertFalse(LinuxFirewallInspector.parseNft("table ip filter {\n}\ntable ip6 filter {\n}\n").enabled());
    }

    @Test
    void securityModules() throws IOException {
        assertEquals("disabled", LinuxSecurityModuleInspector.parseGetenforce(res("getenforce-disabled.txt")));
        int[] c = LinuxSecurityModuleInspector.parseAaStatus(res("aa-status-enforce.txt"));
        assertEquals(34, c[0]);
        assertEquals(31, c[1]);
        assertEquals(3, c[2]);
        int[] p = LinuxSecurityModuleInspector.parseProfiles("/usr/bin/man (enforce)\nsssd (complain)\nx (enforce)\n");
        assertEquals(3, p[0]);
        assertEquals(2, p[1]);
    }

    @Test
    void aptUpgradableListsAndSecurity() throws IOException {
        List<PendingUpdate> sim = AptPackageManager.parseSimulatedUpgrade(res("apt-get-s-upgrade.txt"));
        long instLines = res("apt-get-s-upgrade.txt").lines().filter(l -> l.startsWith("Inst ")).count();
        assertEquals(instLines, sim.size());
        PendingUpdate gcrypt = sim.stream().filter(u -> u.packageName().equals("libgcrypt20-dev")).findFirst()
                .orElseThrow();
        assertTrue(gcrypt.security());
        assertEquals("1.10.1-3", gcrypt.currentVersion());
        assertEquals("1.10.1-3+deb12u1", gcrypt.availableVersion());
        assertEquals("amd64", gcrypt.architecture());
        PendingUpdate bash = sim.stream().filter(u -> u.packageName().equals("bash")).findFirst().orElseThrow();
        assertFalse(bash.security());

        List<PendingUpdate> list = AptPackageManager.parseListUpgradable(res("apt-list-upgradable.txt"));
        assertEquals(res("apt-list-upgradable.txt").lines().filter(l -> l.contains("[upgradable from:")).count(),
                list.size());
        PendingUpdate apt = list.stream().filter(u -> u.packageName().equals("apt")).findFirst().orElseThrow();
        assertTrue(apt.security());
        assertEquals("2.6.1", apt.currentVersion());
    }

    @Test
    void aptHistory() throws IOException {
        List<UpdateHistoryEntry> all = AptPackageManager.parseHistory(
                new BufferedReader(new StringReader(res("apt-history.log"))), 0, ZoneOffset.UTC);
        assertTrue(all.size() > 100);
        UpdateHistoryEntry first = all.get(0);
        assertEquals("libsystemd0 252.38-1~deb12u1", first.title());
        assertEquals("Upgrade", first.action());
        assertEquals("Succeeded", first.status());
        // the window filters whole transactions by start time
        long cutoff = java.time.LocalDateTime.of(2025, 6, 24, 14, 37, 0).toInstant(ZoneOffset.UTC).toEpochMilli();
        List<UpdateHistoryEntry> later = AptPackageManager.parseHistory(
                new BufferedReader(new StringReader(res("apt-history.log"))), cutoff, ZoneOffset.UTC);
        assertTrue(later.size() < all.size() && later.stream().allMatch(e -> e.installedAtMillis() >= cutoff));
        assertEquals(1 + 2 + 3, AptPackageManager.changedCount("1 upgraded, 2 newly installed, 3 to remove and 0 not upgraded."));
    }

    @Test
    void dpkgStatusParser() {
        String status = "Package: sl\nStatus: install ok installed\nMaintainer: A <a@b>\nVersion: 5.02-1+b1\n"
                + "Description: Correct you\n long text\n\nPackage: gone\nStatus: deinstall ok config-files\n"
                + "Version: 1\n";
        Map<String, PackageInfo> m = AptPackageManager.parseDpkgStatus(status);
        assertEquals(Set.of("sl"), m.keySet());
        assertEquals("5.02-1+b1", m.get("sl").version());
        assertEquals("Correct you", m.get("sl").description());
    }

    /** Real systemd 252 output from tools/ci.d/35-systemd.sh's container (see the resources' README). */
    @Test
    void systemdListsAndShow() throws Exception {
        List<ServiceInfo> all = SystemdServiceManager.merge(
                SystemdServiceManager.parseListUnits(res("systemctl-list-units.txt")),
                SystemdServiceManager.parseUnitFiles(res("systemctl-list-unit-files.txt")));
        ServiceInfo failed = find(all, "itest-failed");
        assertEquals("Failed", failed.state());
        assertEquals("Automatic", failed.startType());
        ServiceInfo running = find(all, "itest");
        assertEquals("Running", running.state());
        assertEquals("Automatic", running.startType());
        assertEquals("InfiniService CI test unit", running.displayName());
        ServiceInfo starting = find(all, "itest-starting");
        assertEquals("StartPending", starting.state());
        assertEquals("InfiniService CI unit stuck starting", starting.description(),
                "the JOB column of a unit with a pending job is not part of its description");
        assertEquals("Manual", starting.startType(), "static");
        ServiceInfo never = find(all, "itest-stopped");
        assertEquals("Stopped", never.state(), "only in the unit-file list");
        assertEquals("Disabled", never.startType());
        assertEquals("Disabled", find(all, "itest-masked").startType());
        assertEquals("Automatic", find(all, "console-getty").startType(), "enabled-runtime");
        assertEquals("Manual", find(all, "dbus").startType(), "static");
        assertTrue(all.stream().noneMatch(s -> s.name().equals("itest-ghost")), "not-found units dropped");
        assertTrue(all.stream().noneMatch(s -> s.name().equals("NetworkManager")), "not-found units dropped");
        assertTrue(all.stream().noneMatch(s -> s.name().endsWith("@")), "templates dropped");
        assertTrue(all.stream().anyMatch(s -> s.name().equals("getty@tty1")), "instances kept");

        ServiceInfo shown = SystemdServiceManager.parseShow(res("systemctl-show-itest.txt")).orElseThrow();
        assertEquals("itest", shown.name());
        assertEquals("Running", shown.state());
        assertEquals("Automatic", shown.startType());
        ServiceInfo pending = SystemdServiceManager.parseShow(res("systemctl-show-starting.txt")).orElseThrow();
        assertEquals("StartPending", pending.state());
        assertEquals("Manual", pending.startType());
        ServiceInfo masked = SystemdServiceManager.parseShow(res("systemctl-show-masked.txt")).orElseThrow();
        assertEquals("Stopped", masked.state());
        assertEquals("Disabled", masked.startType());
        assertTrue(SystemdServiceManager.parseShow(res("systemctl-show-missing.txt")).isEmpty());
        assertEquals("sshd.service", SystemdServiceManager.unit("sshd"));
        assertEquals("sshd.service", SystemdServiceManager.unit("sshd.service"));
        assertEquals("getty@tty1.service", SystemdServiceManager.unit("getty@tty1"));
    }

    private static ServiceInfo find(List<ServiceInfo> all, String name) {
        return all.stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow(() -> new AssertionError(name));
    }

    @Test
    void dnfAndZypper() throws IOException {
        Set<String> security = RpmFamilyPackageManager.parseSecurityList(res("dnf-updateinfo-security.txt"));
        assertEquals(Set.of("kernel", "openssl", "openssl-libs"), security);
        List<PendingUpdate> ups = RpmFamilyPackageManager.parseCheckUpdate(res("dnf-check-update.txt"), security,
                Map.of("tzdata", new PackageInfo("tzdata", "2024a-1.el9", "", true, "", "dnf", "tzdata")));
        assertEquals(4, ups.size(), "obsoleting section ignored");
        PendingUpdate tz = ups.get(3);
        assertEquals("tzdata", tz.packageName());
        assertEquals("2024a-1.el9", tz.currentVersion());
        assertFalse(tz.security());
        assertTrue(ups.get(0).security());
        assertEquals("x86_64", ups.get(0).architecture());
        assertEquals("openssl-libs", RpmDatabase.nameOfNevra("openssl-libs-1:3.2.2-6.el9_5.x86_64"));

        List<PendingUpdate> z = ZypperPackageManager.parseListUpdates(res("zypper-list-updates.txt"));
        assertEquals(2, z.size());
        assertEquals("libopenssl3", z.get(0).packageName());
        assertTrue(z.get(1).security());
        assertNull(RpmDatabase.parseQuery("gpg-pubkey\t1-2\t(none)\tkey\n", "dnf").get("gpg-pubkey"));
    }
}
