package org.infinibay.infiniservice.adapters.serial;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.infinibay.infiniservice.domain.crypto.Sha256;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@SuppressWarnings("try") // the lock is held for the block\'s duration
class InstanceLockTest {
    @TempDir
    Path dir;

    @Test
    void secondAcquireInTheSameProcessIsRefused() throws Exception {
        try (InstanceLock lock = InstanceLock.acquire(dir)) {
            assertEquals(ProcessHandle.current().pid() + "\n", Files.readString(lock.path()));
            InstanceAlreadyRunningException e = assertThrows(InstanceAlreadyRunningException.class,
                    () -> InstanceLock.acquire(dir));
            assertTrue(e.getMessage().contains("pid " + ProcessHandle.current().pid()), e.getMessage());
        }
        try (InstanceLock again = InstanceLock.acquire(dir)) {
            assertTrue(Files.exists(again.path()), "released locks can be taken again");
        }
    }

    @Test
    void anotherProcessIsRefusedWhileWeHoldTheLock() throws Exception {
        try (InstanceLock lock = InstanceLock.acquire(dir.resolve("state"))) {
            assertEquals(3, runProbe(dir.resolve("state")), "second process refused");
        }
        assertEquals(0, runProbe(dir.resolve("state")), "free once released");
    }

    @Test
    void aStaleLockFileFromADeadProcessDoesNotBlock() throws Exception {
        assertEquals(0, runProbe(dir)); // the probe exits holding nothing; its file stays behind
        assertTrue(Files.exists(dir.resolve(InstanceLock.FILE_NAME)));
        try (InstanceLock lock = InstanceLock.acquire(dir)) {
            assertEquals(ProcessHandle.current().pid() + "\n", Files.readString(lock.path()));
        }
    }

    // ---- issue #13 item 9: an unusable state directory (real read-only bind mounts and a full tmpfs) ----

    /** Runs {@code mount}; false when this environment cannot (not root, no mount namespace rights). */
    private static boolean mount(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("mount"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        boolean ok = p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        if (!ok) {
            System.err.println("mount " + String.join(" ", args) + ": " + out);
        }
        return ok;
    }

    private final List<Path> mounts = new ArrayList<>();

    /** A read-only bind mount of {@code dir} at a new path (the same inodes, so the same locks). */
    private Path readOnlyView(Path dir) throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "mounting needs root");
        Path view = Files.createDirectories(this.dir.resolve("view-" + mounts.size()));
        assumeTrue(mount("--bind", dir.toString(), view.toString()), "bind mounts are not allowed here");
        mounts.add(view);
        assertTrue(mount("-o", "remount,ro,bind", view.toString()));
        return view;
    }

    @AfterEach
    void unmount() throws Exception {
        for (int i = mounts.size() - 1; i >= 0; i--) {
            Process p = new ProcessBuilder("umount", mounts.get(i).toString()).start();
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                new ProcessBuilder("umount", "-l", mounts.get(i).toString()).start().waitFor(30, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void aReadOnlyStateDirectoryStillAdmitsOnlyOneInstance() throws Exception {
        Path state = Files.createDirectories(dir.resolve("state"));
        Path run = dir.resolve("run");
        try (InstanceLock earlier = InstanceLock.acquire(state, run)) {
            assertTrue(earlier.degraded().isEmpty());
        } // the lock file stays behind, as after any stop
        Path ro = readOnlyView(state);
        try (InstanceLock lock = InstanceLock.acquire(ro, run)) {
            assertTrue(lock.degraded().orElseThrow().contains("Read-only file system"), lock.degraded().toString());
            assertEquals(3, runProbe(ro, run), "a second instance on the same read-only directory is refused");
        }
        assertEquals(0, runProbe(ro, run), "free once released");
        // no lock file at all on a read-only directory: the runtime lock alone
        Path empty = readOnlyView(Files.createDirectories(dir.resolve("empty")));
        try (InstanceLock lock = InstanceLock.acquire(empty, run)) {
            assertTrue(lock.degraded().isPresent());
            assertEquals(3, runProbe(empty, run));
        }
    }

    /** We hold the writable directory's lock; an instance that only sees it read-only is still refused. */
    @Test
    void aWriterHoldingTheLockRefusesAnInstanceThatSeesTheDirectoryReadOnly() throws Exception {
        Path state = Files.createDirectories(dir.resolve("state"));
        try (InstanceLock lock = InstanceLock.acquire(state, dir.resolve("run-a"))) {
            Path ro = readOnlyView(state);
            assertEquals(3, runProbe(ro, dir.resolve("run-b")), "its shared lock on the same file is refused");
        }
    }

    /** Degraded A (runtime lock only), then the directory becomes writable: B must still be refused. */
    @Test
    void theDirectoryBecomingWritableAgainLetsNoSecondInstanceIn() throws Exception {
        Path view = readOnlyView(Files.createDirectories(dir.resolve("state")));
        Path run = dir.resolve("run");
        Process a = holdingProbe(view, run, 60);
        try {
            assertTrue(mount("-o", "remount,rw,bind", view.toString()));
            assertEquals(3, runProbe(view, run), "B takes the file lock but meets A's runtime lock");
        } finally {
            a.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void aFullStateDirectoryKeepsTheLockWithoutThePid() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "mounting needs root");
        Path full = Files.createDirectories(dir.resolve("full"));
        assumeTrue(mount("-t", "tmpfs", "-o", "size=64k,mode=0700", "tmpfs", full.toString()), "tmpfs not allowed");
        mounts.add(full);
        fill(full);
        try (InstanceLock lock = InstanceLock.acquire(full, dir.resolve("run"))) {
            assertTrue(Files.exists(lock.path()), "the empty lock file fits; its pid does not");
            assertEquals(3, runProbe(full, dir.resolve("run")));
        }
    }

    @Test
    void noLockAnywhereIsAClearErrorNotAStackTrace() throws Exception {
        Path ro = readOnlyView(Files.createDirectories(dir.resolve("state")));
        Path roRun = readOnlyView(Files.createDirectories(dir.resolve("run")));
        java.io.IOException e = org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class,
                () -> InstanceLock.acquire(ro, roRun.resolve("infiniservice")));
        assertTrue(e.getMessage().startsWith("no single-instance lock can be taken: lock file " + ro), e.getMessage());
        assertEquals(1, runProbe(ro, roRun.resolve("infiniservice")));
    }

    /** Writes until the file system says ENOSPC. */
    static void fill(Path dir) throws Exception {
        try (var out = Files.newOutputStream(dir.resolve("filler"))) {
            byte[] block = new byte[4096];
            while (true) {
                out.write(block);
                out.flush();
            }
        } catch (java.io.IOException e) {
            assertTrue(String.valueOf(e.getMessage()).contains("No space left"), e.toString());
        }
    }

    private static Process holdingProbe(Path stateDir, Path runtime, int seconds) throws Exception {
        Process p = new ProcessBuilder(probeCommand(stateDir.toString(), runtime.toString(), Integer.toString(seconds)))
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String line = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream())).readLine();
        assertTrue(line != null && line.startsWith("held"), String.valueOf(line));
        return p;
    }

    private static int runProbe(Path lockDir, Path runtime) throws Exception {
        Process p = new ProcessBuilder(probeCommand(lockDir.toString(), runtime.toString())).inheritIO().start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        return p.exitValue();
    }

    /** Runs {@link InstanceLockProbe} in a fresh JVM; its exit code says whether it got the lock. */
    private static int runProbe(Path lockDir) throws Exception {
        Process p = new ProcessBuilder(probeCommand(lockDir.toString())).inheritIO().start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        return p.exitValue();
    }

    private static List<String> probeCommand(String... args) throws Exception {
        String cp = Path.of(InstanceLock.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                + File.pathSeparator
                // the domain: InstanceLock hashes with its Sha256 and logs through Logs
                + Path.of(Sha256.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                + File.pathSeparator
                + Path.of(InstanceLockProbe.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, "-Xshare:auto", "-XX:TieredStopAtLevel=1", "-cp", cp,
                InstanceLockProbe.class.getName()));
        cmd.addAll(List.of(args));
        return cmd;
    }
}
