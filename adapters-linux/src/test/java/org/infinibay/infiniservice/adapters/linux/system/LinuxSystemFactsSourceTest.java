package org.infinibay.infiniservice.adapters.linux.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.infinibay.infiniservice.application.port.out.SystemFacts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LinuxSystemFactsSourceTest {
    @TempDir
    Path root;

    private static String read(String p) throws Exception {
        return Files.readString(Path.of(p)).strip();
    }

    @Test
    void realMachineFacts() throws Exception {
        SystemFacts f = new LinuxSystemFactsSource().facts();
        OsRelease os = OsRelease.parse(Files.readString(Path.of("/etc/os-release")));
        assertEquals("Linux", f.osType());
        assertEquals(os.get("PRETTY_NAME"), f.version());
        assertEquals(read("/proc/sys/kernel/hostname"), f.hostname());
        assertEquals(read("/proc/sys/kernel/osrelease"), f.kernelVersion());
        assertEquals(System.getProperty("os.arch").equals("amd64") ? "x86_64" : System.getProperty("os.arch"),
                f.architecture());
        assertNull(f.edition());
        assertTrue(f.uptimeSeconds() > 0);
        assertEquals(new File("/bin/bash").exists() ? "bash" : "sh", f.defaultShell());
        if (new File("/usr/bin/apt").canExecute()) {
            assertTrue(f.packageManagers().contains("apt"), f.packageManagers().toString());
        }
        if (os.get("ID").equals("debian")) {
            assertEquals("Debian", f.distribution());
        }
    }

    @Test
    void ubuntuRootWithMinimalPath() throws Exception {
        write("etc/os-release", "NAME=\"Ubuntu\"\nVERSION=\"24.04 LTS (Noble Numbat)\"\nID=ubuntu\nID_LIKE=debian\n"
                + "PRETTY_NAME=\"Ubuntu 24.04 LTS\"\nVERSION_ID=\"24.04\"\n");
        write("proc/sys/kernel/hostname", "web-01\n");
        write("proc/sys/kernel/osrelease", "6.8.0-31-generic\n");
        write("proc/uptime", "3600.55 7000.10\n");
        executable("usr/bin/apt");
        executable("snap/bin/snap");
        executable("usr/bin/dnf-not-really");
        Files.createDirectories(root.resolve("usr/bin/yum")); // a directory is not a program
        Files.write(root.resolve("usr/bin/zypper"), new byte[0]); // not executable
        LinuxSystemFactsSource src = new LinuxSystemFactsSource(root.toString(), "/usr/bin", "aarch64");
        SystemFacts f = src.facts();
        assertEquals("Ubuntu 24.04 LTS", f.version());
        assertEquals("Ubuntu", f.distribution());
        assertEquals("web-01", f.hostname());
        assertEquals("6.8.0-31-generic", f.kernelVersion());
        assertEquals(3600, f.uptimeSeconds());
        assertEquals(List.of("apt", "snap"), f.packageManagers()); // /snap/bin searched though not on PATH
        assertEquals("sh", f.defaultShell());
        assertEquals("aarch64", f.architecture()); // no kernel/arch file here: JVM name, unchanged
        assertEquals("x86_64", new LinuxSystemFactsSource(root.toString(), "", "amd64").architecture());
    }

    @Test
    void hostnameAndUptimeAreLiveWhatPackagesChangeIsReadOncePerMinuteAndTheKernelOnce() throws Exception {
        write("etc/os-release", "PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\nID=debian\n");
        write("proc/sys/kernel/hostname", "vm-a\n");
        write("proc/sys/kernel/osrelease", "6.1.0-18-amd64\n");
        write("proc/uptime", "100.10 200.00\n");
        executable("usr/bin/apt");
        long[] now = {0};
        LinuxSystemFactsSource src = new LinuxSystemFactsSource(root.toString(), "/usr/bin", "amd64", () -> now[0]);
        SystemFacts first = src.facts();
        assertEquals("vm-a", first.hostname());
        assertEquals(100, first.uptimeSeconds());
        assertEquals(List.of("apt"), first.packageManagers());

        // hostnamectl, time passing, a dist-upgrade, snapd installed, and a kernel update awaiting a reboot
        write("proc/sys/kernel/hostname", "vm-b\n");
        write("proc/uptime", "160.90 300.00\n");
        write("etc/os-release", "PRETTY_NAME=\"Ubuntu 24.04 LTS\"\nID=ubuntu\n");
        executable("usr/bin/snap");
        write("proc/sys/kernel/osrelease", "6.8.0-31-generic\n");
        now[0] += LinuxSystemFactsSource.REFRESH_NANOS - 1;
        SystemFacts second = src.facts();
        assertEquals("vm-b", second.hostname(), "hostname is live");
        assertEquals(160, second.uptimeSeconds(), "uptime is live");
        assertEquals("Debian GNU/Linux 12 (bookworm)", second.version(), "os-release reused within a minute");
        assertEquals(List.of("apt"), second.packageManagers());

        now[0] += 1;
        SystemFacts third = src.facts();
        assertEquals("Ubuntu 24.04 LTS", third.version(), "read again after a minute");
        assertEquals("Ubuntu", third.distribution());
        assertEquals(List.of("apt", "snap"), third.packageManagers());
        assertEquals("6.1.0-18-amd64", third.kernelVersion(), "the running kernel cannot change");
        assertEquals("x86_64", third.architecture());

        Files.delete(root.resolve("proc/uptime"));
        LinuxSystemFactsSource fresh = new LinuxSystemFactsSource(root.toString(), "/usr/bin", "amd64", () -> 0L);
        assertEquals(0, fresh.facts().uptimeSeconds(), "unreadable: 0, as before");
        write("proc/uptime", "7.5 1.0\n");
        assertEquals(7, fresh.facts().uptimeSeconds(), "opened once it exists");
    }

    @Test
    void osReleaseFallbacks() {
        OsRelease rocky = OsRelease.parse("NAME='Rocky Linux'\nID=\"rocky\"\nVERSION=\"9.3 (Blue Onyx)\"\n# c\n");
        assertEquals("Rocky Linux 9.3 (Blue Onyx)", rocky.prettyName());
        assertEquals("Rocky", rocky.distro());
        assertEquals("Foo", OsRelease.parse("ID=foo\n").distro());
        assertEquals("Bar", OsRelease.parse("NAME=\"Bar OS\"\nID=bar\n").distro());
        assertNull(OsRelease.parse("").distro());
        assertEquals("say \"hi\"", OsRelease.parse("PRETTY_NAME=\"say \\\"hi\\\"\"").prettyName());
    }

    private void write(String rel, String content) throws Exception {
        Path p = root.resolve(rel);
        Files.createDirectories(p.getParent());
        Files.writeString(p, content);
    }

    private void executable(String rel) throws Exception {
        write(rel, "#!/bin/sh\n");
        Files.setPosixFilePermissions(root.resolve(rel), PosixFilePermissions.fromString("rwxr-xr-x"));
    }
}
