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
        assertNull(f.windowsEdition());
        assertTrue(f.uptimeSeconds() > 0);
        assertEquals(new File("/bin/bash").exists() ? "bash" : "sh", f.defaultShell());
        if (new File("/usr/bin/apt").canExecute()) {
            assertTrue(f.packageManagers().contains("apt"), f.packageManagers().toString());
        }
        if (os.get("ID").equals("debian")) {
            assertEquals("Debian", f.linuxDistro());
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
        assertEquals("Ubuntu", f.linuxDistro());
        assertEquals("web-01", f.hostname());
        assertEquals("6.8.0-31-generic", f.kernelVersion());
        assertEquals(3600, f.uptimeSeconds());
        assertEquals(List.of("apt", "snap"), f.packageManagers()); // /snap/bin searched though not on PATH
        assertEquals("sh", f.defaultShell());
        assertEquals("aarch64", f.architecture()); // no kernel/arch file here: JVM name, unchanged
        assertEquals("x86_64", new LinuxSystemFactsSource(root.toString(), "", "amd64").architecture());
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
