package org.infinibay.infiniservice.adapters.posix.state;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.infinibay.infiniservice.application.service.policy.Lockdown;
import org.infinibay.infiniservice.application.service.selfcheck.StateDirectoryCheck;
import org.infinibay.infiniservice.domain.message.Outbound;
import org.infinibay.infiniservice.domain.message.OutboundMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #13 item 9: the start-up probe of the state directory over the real {@link FileStateStore} on
 * a real full tmpfs and a real read-only bind mount (root only: both need mount(8)).
 */
class UnusableStateDirectoryTest {
    @TempDir
    Path tmp;
    private final List<Path> mounts = new ArrayList<>();

    private boolean mount(String... args) throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "mounting needs root");
        List<String> cmd = new ArrayList<>(List.of("mount"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
    }

    @AfterEach
    void unmount() throws Exception {
        for (int i = mounts.size() - 1; i >= 0; i--) {
            new ProcessBuilder("umount", "-l", mounts.get(i).toString()).start().waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void aFullDirectoryDegradesAndFreeingSpaceLiftsTheLockdown() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("state"));
        assumeTrue(mount("-t", "tmpfs", "-o", "size=64k,mode=0700", "tmpfs", dir.toString()), "tmpfs not allowed");
        mounts.add(dir);
        FileStateStore store = new FileStateStore(dir);
        Lockdown lockdown = new Lockdown(null);
        List<OutboundMessage> events = new ArrayList<>();
        StateDirectoryCheck check = new StateDirectoryCheck(store, lockdown, events::add, 1);
        assertTrue(check.probe(true));
        assertNull(lockdown.reason());

        Path filler = dir.resolve("filler");
        try (var out = Files.newOutputStream(filler)) {
            byte[] block = new byte[4096];
            while (true) {
                out.write(block);
                out.flush();
            }
        } catch (IOException e) {
            assertTrue(String.valueOf(e.getMessage()).contains("No space left"), e.toString());
        }
        assertFalse(check.probe(true));
        assertEquals("the state directory " + dir + " is not usable (No space left on device)", lockdown.reason());
        assertEquals(1, events.size());
        assertEquals(Outbound.AgentEvent.Severity.error, ((Outbound.AgentEvent) events.get(0)).severity());
        assertFalse(check.probe(true));
        assertEquals(1, events.size(), "no new event while nothing changed");
        assertTrue(Files.list(dir).allMatch(filler::equals), "the failed probe left no temporary file behind");

        Files.delete(filler);
        assertTrue(check.probe(true));
        assertNull(lockdown.reason(), "freeing space lifts the lockdown without a restart");
        assertEquals(Outbound.AgentEvent.Severity.info, ((Outbound.AgentEvent) events.get(1)).severity());
    }

    @Test
    void aReadOnlyDirectoryDegradesButItsStateIsStillRead() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("state"));
        Files.writeString(dir.resolve("replay-cache.txt"), "1700000000000 n1\n");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x")); // not 0700 yet
        assumeTrue(mount("--bind", dir.toString(), dir.toString()), "bind mounts not allowed");
        mounts.add(dir);
        assertTrue(mount("-o", "remount,ro,bind", dir.toString()));
        FileStateStore store = new FileStateStore(dir);
        Lockdown lockdown = new Lockdown(null);
        new StateDirectoryCheck(store, lockdown, m -> { }).probe(false);
        assertEquals("the state directory " + dir + " is not usable (Read-only file system)", lockdown.reason());
        assertArrayEquals("1700000000000 n1\n".getBytes(StandardCharsets.US_ASCII),
                store.read("replay-cache.txt").orElseThrow(),
                "accepted nonces are still loaded although the mode cannot be tightened");
    }
}
