package org.infinibay.infiniservice.adapters.linux.apps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.infinibay.infiniservice.adapters.linux.metrics.ProcfsProcessSource;
import org.infinibay.infiniservice.adapters.posix.state.FileStateStore;
import org.infinibay.infiniservice.application.service.apps.TrackedApplicationSource;
import org.infinibay.infiniservice.domain.json.Json;
import org.infinibay.infiniservice.domain.json.JsonArray;
import org.infinibay.infiniservice.domain.json.JsonInt;
import org.infinibay.infiniservice.domain.json.JsonObject;
import org.infinibay.infiniservice.domain.time.Timestamps;
import org.infinibay.infiniservice.application.port.out.os.PackageManager;
import org.infinibay.infiniservice.application.port.out.os.PendingUpdate;
import org.infinibay.infiniservice.application.service.actions.PackageUpdateActions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link TrackedApplicationSource} over the {@link LinuxAppCatalog} against real processes, real desktop files and a real dpkg-format
 * database in a temporary tree (the executables are copies of /usr/bin/sleep, so /proc shows them).
 */
class ApplicationSourceRealTest {
    private static final long MIN = 60_000;

    @TempDir
    Path tmpDir;
    private Path tmp;
    private final List<Process> started = new ArrayList<>();
    private final ProcfsProcessSource procs = new ProcfsProcessSource();

    @AfterEach
    void killAll() throws Exception {
        for (Process p : started) {
            p.destroyForcibly();
            p.waitFor(5, TimeUnit.SECONDS);
        }
    }

    private Path executable(Path dir, String name) throws Exception {
        Files.createDirectories(dir);
        Path p = dir.resolve(name);
        Files.copy(Path.of("/usr/bin/sleep"), p);
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        return p;
    }

    private Process run(Path exe) throws Exception {
        Process p = new ProcessBuilder(exe.toString(), "120").start();
        started.add(p);
        return p;
    }

    private AppLocations tree() throws Exception {
        tmp = tmpDir.toRealPath();
        Path bin = tmp.resolve("bin");
        Path mysleep = executable(bin, "mysleep");
        executable(bin, "usertool");
        Path owned = tmp.resolve("ownedbin");
        Path ownedSleep = executable(owned, "owned-sleep");
        executable(owned, "stray-sleep");
        Path apps = Files.createDirectories(tmp.resolve("share/applications"));
        Files.writeString(apps.resolve("my.desktop"), String.join("\n",
                "# comment", "[Desktop Entry]", "Type=Application", "Name=My Sleep", "Name[de]=Mein Schlaf",
                "Comment=Sleeps a while", "Exec=\"" + mysleep + "\" --flag %U", "",
                "[Desktop Action new]", "Name=Other", "Exec=/bin/false"));
        Files.writeString(apps.resolve("hidden.desktop"),
                "[Desktop Entry]\nType=Application\nName=Hidden\nNoDisplay=true\nExec=" + mysleep + "\n");
        Files.writeString(apps.resolve("missing.desktop"),
                "[Desktop Entry]\nType=Application\nName=Missing\nTryExec=no-such-tool\nExec=no-such-tool\n");
        Path home = tmp.resolve("home/alice");
        Path userApps = Files.createDirectories(home.resolve(".local/share/applications"));
        Files.writeString(userApps.resolve("tool.desktop"),
                "[Desktop Entry]\nType=Application\nName=User Tool\nExec=env LANG=C usertool %f\n");
        Path passwd = tmp.resolve("passwd");
        Files.writeString(passwd, "root:x:0:0:root:" + tmp.resolve("home/root") + ":/bin/bash\n"
                + "daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n"
                + "alice:x:1000:1000:Alice:" + home + ":/bin/bash\n");
        Path dpkg = Files.createDirectories(tmp.resolve("dpkg/info"));
        Files.writeString(dpkg.getParent().resolve("status"), String.join("\n",
                "Package: mysleep", "Status: install ok installed", "Architecture: amd64",
                "Maintainer: Jane Doe <jane@example.org>", "Version: 1.2-3", "Description: sleeping tools",
                " long text", "", "Package: ownedpkg", "Status: install ok installed", "Version: 7.0",
                "Maintainer: Owned Team <team@example.org>", "Description: the owned one", "",
                "Package: gone", "Status: deinstall ok config-files", "Version: 1", ""));
        Files.writeString(dpkg.resolve("mysleep:amd64.list"), "/.\n" + bin + "\n" + mysleep + "\n");
        Files.writeString(dpkg.resolve("ownedpkg.list"), owned + "\n" + ownedSleep + "\n");
        return new AppLocations(List.of(apps), passwd, List.of(owned), List.of(), tmp.resolve("opt"),
                tmp.resolve("dpkg"), List.of(bin));
    }

    private TrackedApplicationSource source(AppLocations where) {
        return new TrackedApplicationSource(new FileStateStore(tmp.resolve("state")),
                new LinuxAppCatalog(where, new DpkgIndex(where.dpkgDir(), where.binaryDirs())));
    }

    private static Optional<JsonObject> item(JsonArray a, String exe) {
        return a.items().stream().map(j -> (JsonObject) j).filter(o -> o.string("exe_path").orElse("").equals(exe))
                .findFirst();
    }

    private static long integer(JsonObject o, String key) {
        Json j = o.get(key).orElseThrow(() -> new AssertionError("missing " + key + " in " + o));
        assertTrue(j instanceof JsonInt, key + " is an integer: " + j);
        return ((JsonInt) j).value();
    }

    @Test
    void inventoryUsagePackagesAndChangeOnlySending() throws Exception {
        AppLocations where = tree();
        String mysleep = tmp.resolve("bin/mysleep").toString();
        String usertool = tmp.resolve("bin/usertool").toString();
        String owned = tmp.resolve("ownedbin/owned-sleep").toString();
        String stray = tmp.resolve("ownedbin/stray-sleep").toString();
        TrackedApplicationSource src = source(where);
        long t0 = System.currentTimeMillis() + MIN;

        JsonArray first = src.applications(procs.sample(), t0);
        assertNotNull(first, "the first cycle sends the full list");
        assertEquals(2, first.size(), first.toString()); // hidden and missing TryExec entries are left out
        JsonObject my = item(first, mysleep).orElseThrow();
        assertEquals("My Sleep", my.string("name").orElseThrow());
        assertEquals("Sleeps a while", my.string("description").orElseThrow());
        assertEquals("1.2-3", my.string("version").orElseThrow());
        assertEquals("Jane Doe", my.string("publisher").orElseThrow());
        assertEquals(Files.size(Path.of(mysleep)), integer(my, "file_size"));
        assertEquals(Timestamps.format(Files.getLastModifiedTime(Path.of(mysleep)).toMillis()),
                my.string("last_modified").orElseThrow());
        assertEquals(0, integer(my, "access_count"));
        assertEquals(0, integer(my, "usage_minutes"));
        assertEquals(Optional.of(false), my.bool("is_active"));
        assertFalse(my.has("last_access"));
        JsonObject tool = item(first, usertool).orElseThrow();
        assertEquals("User Tool", tool.string("name").orElseThrow());
        assertFalse(tool.has("version")); // not owned by a package

        run(Path.of(mysleep));
        run(Path.of(mysleep));
        run(Path.of(owned));
        run(Path.of(stray));
        Thread.sleep(300);
        assertNull(src.applications(procs.sample(), t0 + MIN), "not due before 5 minutes");
        JsonArray changed = src.applications(procs.sample(), t0 + 6 * MIN);
        assertNotNull(changed);
        assertTrue(item(changed, usertool).isEmpty(), "unchanged items are not repeated: " + changed);
        assertTrue(item(changed, stray).isEmpty(), "an executable no package owns is not an application");
        my = item(changed, mysleep).orElseThrow();
        assertEquals(2, integer(my, "access_count"));
        assertEquals(6, integer(my, "usage_minutes")); // since the sample at t0 (the real start times precede it)
        assertEquals(Optional.of(true), my.bool("is_active"));
        assertEquals(Timestamps.format(t0 + 6 * MIN), my.string("last_access").orElseThrow());
        JsonObject ownedItem = item(changed, owned).orElseThrow();
        assertEquals("owned-sleep", ownedItem.string("name").orElseThrow());
        assertEquals("7.0", ownedItem.string("version").orElseThrow());
        assertEquals("Owned Team", ownedItem.string("publisher").orElseThrow());
        assertEquals("the owned one", ownedItem.string("description").orElseThrow());
        assertEquals(1, integer(ownedItem, "access_count"));

        // one exits, a new one starts: one more launch; the survivor is not counted again
        Process firstMine = started.get(0);
        firstMine.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        run(Path.of(mysleep));
        Thread.sleep(300);
        assertNull(src.applications(procs.sample(), t0 + 8 * MIN));
        src.flush();

        // a restart: usage and live processes come back from the state store
        TrackedApplicationSource again = source(where);
        JsonArray full = again.applications(procs.sample(), t0 + 9 * MIN);
        my = item(full, mysleep).orElseThrow();
        assertEquals(3, integer(my, "access_count"));
        assertEquals(8, integer(my, "usage_minutes")); // runtime after a restart starts with the next sample
        assertEquals(1, integer(item(full, owned).orElseThrow(), "access_count"));
        assertTrue(item(full, usertool).isPresent(), "the full list after a start");

        for (Process p : started) {
            p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
        JsonArray stopped = again.applications(procs.sample(), t0 + 15 * MIN);
        my = item(stopped, mysleep).orElseThrow();
        assertEquals(Optional.of(false), my.bool("is_active"));
        assertEquals(3, integer(my, "access_count"));
        assertEquals(Timestamps.format(t0 + 9 * MIN), my.string("last_access").orElseThrow());
        assertFalse(new String(Files.readAllBytes(tmp.resolve("state").resolve(TrackedApplicationSource.DOCUMENT)),
                StandardCharsets.UTF_8).isEmpty());
    }

    @Test
    void realSystemRunningPackageExecutableIsReportedWithDpkgVersion() throws Exception {
        tmp = tmpDir.toRealPath();
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isRegularFile(Path.of("/var/lib/dpkg/status")));
        Process dq = new ProcessBuilder("dpkg-query", "-W", "-f", "${Version}", "coreutils").start();
        String version = new String(dq.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        dq.waitFor();
        TrackedApplicationSource src = new TrackedApplicationSource(new FileStateStore(tmp.resolve("state")),
                new LinuxAppCatalog(AppLocations.standard(),
                        LinuxAppCatalog.owners(AppLocations.standard(), null, System::nanoTime)));
        started.add(new ProcessBuilder("/usr/bin/sleep", "120").start());
        Thread.sleep(200);
        JsonArray all = src.applications(procs.sample(), System.currentTimeMillis());
        JsonObject sleep = item(all, Path.of("/usr/bin/sleep").toRealPath().toString()).orElseThrow(() ->
                new AssertionError("sleep not in " + all));
        assertEquals(version, sleep.string("version").orElseThrow());
        assertTrue(sleep.string("publisher").isPresent());
        assertEquals(Optional.of(true), sleep.bool("is_active"));
        assertTrue(integer(sleep, "access_count") >= 1);
        for (Json j : all.items()) {
            JsonObject o = (JsonObject) j;
            assertTrue(o.string("exe_path").orElse("").startsWith("/"), o.toString());
            assertFalse(o.string("name").orElse("").isBlank(), o.toString());
            integer(o, "access_count");
            integer(o, "usage_minutes");
        }
    }

    /**
     * Issue #13 item 14 (CONTRACT §8.5.7): GetInstalledApplicationsWMI on Linux answers the installed
     * user applications in the Windows shape, named as CheckApplicationUpdates names them (the host
     * merges the two by lower-case name), and {@code can_update} follows the last update check.
     */
    @Test
    void installedApplicationsInTheWindowsShapeMergeableWithApplicationUpdates() throws Exception {
        AppLocations where = tree();
        java.nio.file.attribute.FileTime listed = java.nio.file.attribute.FileTime.from(
                java.time.Instant.parse("2024-03-05T10:00:00Z"));
        Files.setLastModifiedTime(tmp.resolve("dpkg/info/mysleep:amd64.list"), listed);
        Assumptions.assumeTrue(System.getProperty("os.arch").equals("amd64"), "the recorded tree is amd64");
        List<org.infinibay.infiniservice.application.port.out.os.InstalledApplication> apps =
                new LinuxAppCatalog(where, new DpkgIndex(where.dpkgDir(), where.binaryDirs()))
                        .installedApplications(System.currentTimeMillis());
        assertEquals(2, apps.size(), apps.toString());
        var pkg = apps.get(0);
        assertEquals("mysleep", pkg.name(), "a packaged application goes by its package name");
        assertEquals("1.2-3", pkg.version());
        assertEquals("Jane Doe", pkg.publisher());
        assertEquals("2024-03-05", pkg.installDate());
        assertEquals(tmp.resolve("bin").toString(), pkg.installLocation());
        assertEquals("Package", pkg.installType());
        assertNull(pkg.registryKey());
        var unowned = apps.get(1);
        assertEquals("User Tool", unowned.name(), "no package owns it: its desktop name");
        assertNull(unowned.version());

        PendingUpdate up = new PendingUpdate("mysleep", "1.2-3", "1.3-1", "Debian-Security:12/stable-security",
                "amd64", true, 4096L);
        PackageUpdateActions actions = new PackageUpdateActions(new Pending(List.of(up)), () -> null,
                org.infinibay.infiniservice.application.port.out.AgentClock.SYSTEM, new LinuxApplicationInventory(where, request -> {
                    throw new AssertionError("dpkg is read from files: no program runs");
                }, System::currentTimeMillis));
        JsonObject before = (JsonObject) actions.execute(request("GetInstalledApplicationsWMI")).data();
        assertEquals(2, before.integer("total_count").orElseThrow());
        for (String k : List.of("applications", "total_count", "last_scan", "scan_duration_ms")) {
            assertTrue(before.has(k), k);
        }
        JsonObject item = (JsonObject) before.array("applications").orElseThrow().items().get(0);
        assertEquals(List.of("name", "version", "publisher", "vendor", "install_date", "install_location", "size_mb",
                "install_type", "registry_key", "can_update"), new ArrayList<>(item.fields().keySet()));
        assertEquals(false, item.bool("can_update").orElseThrow(), "no update check yet");
        assertTrue(item.fields().get("registry_key").isNull());

        JsonObject updates = (JsonObject) actions.execute(request("CheckApplicationUpdates")).data();
        JsonObject update = (JsonObject) updates.array("applications").orElseThrow().items().get(0);
        assertEquals(item.string("name"), update.string("name"), "the host's merge key matches");
        JsonObject after = (JsonObject) actions.execute(request("GetInstalledApplicationsWMI")).data();
        assertEquals(true, ((JsonObject) after.array("applications").orElseThrow().items().get(0))
                .bool("can_update").orElseThrow());
    }

    private static org.infinibay.infiniservice.application.service.command.ActionRequest request(String action) {
        return new org.infinibay.infiniservice.application.service.command.ActionRequest("cmd", action,
                new org.infinibay.infiniservice.domain.command.ActionParameters(
                        JsonObject.builder().put("action", action).build(), null),
                org.infinibay.infiniservice.application.port.out.Deadline.forWireTimeout(System.nanoTime(), 60),
                (t, u) -> true);
    }

    /** The package manager port answering a fixed pending-update list (the join is what is tested). */
    private record Pending(List<PendingUpdate> updates) implements PackageManager {
        public String name() {
            return "apt";
        }

        public org.infinibay.infiniservice.domain.command.ParameterRule nameRule() {
            return org.infinibay.infiniservice.adapters.linux.actions.LinuxNames.PACKAGE;
        }

        public List<org.infinibay.infiniservice.application.port.out.os.PackageInfo> installed(
                org.infinibay.infiniservice.application.port.out.Deadline d) {
            return List.of();
        }

        public List<org.infinibay.infiniservice.application.port.out.os.PackageInfo> search(String q,
                org.infinibay.infiniservice.application.port.out.Deadline d) {
            return List.of();
        }

        public org.infinibay.infiniservice.application.port.out.os.PackageChange install(String p,
                org.infinibay.infiniservice.application.port.out.Deadline d) {
            throw new AssertionError();
        }

        public org.infinibay.infiniservice.application.port.out.os.PackageChange remove(String p,
                org.infinibay.infiniservice.application.port.out.Deadline d) {
            throw new AssertionError();
        }

        public org.infinibay.infiniservice.application.port.out.os.PackageChange update(String p,
                org.infinibay.infiniservice.application.port.out.Deadline d) {
            throw new AssertionError();
        }

        public org.infinibay.infiniservice.application.port.out.os.PackageChange upgradeAll(
                org.infinibay.infiniservice.application.port.out.Deadline d) {
            throw new AssertionError();
        }

        public List<PendingUpdate> pendingUpdates(org.infinibay.infiniservice.application.port.out.Deadline d) {
            return updates;
        }

        public List<org.infinibay.infiniservice.application.port.out.os.UpdateHistoryEntry> history(long since,
                org.infinibay.infiniservice.application.port.out.Deadline d) {
            return List.of();
        }

        public org.infinibay.infiniservice.application.port.out.os.CommandOutput cleanCache(
                org.infinibay.infiniservice.application.port.out.Deadline d) {
            throw new AssertionError();
        }

        public boolean rebootRequired(org.infinibay.infiniservice.application.port.out.Deadline d) {
            return false;
        }
    }
}
