package org.infinibay.infiniservice.adapters.serial;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
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

    /** Runs {@link InstanceLockProbe} in a fresh JVM; its exit code says whether it got the lock. */
    private static int runProbe(Path lockDir) throws Exception {
        String cp = Path.of(InstanceLock.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                + File.pathSeparator
                + Path.of(InstanceLockProbe.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-Xshare:auto", "-XX:TieredStopAtLevel=1", "-cp", cp,
                InstanceLockProbe.class.getName(), lockDir.toString()).inheritIO().start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        return p.exitValue();
    }
}
