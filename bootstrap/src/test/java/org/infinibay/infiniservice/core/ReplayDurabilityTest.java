package org.infinibay.infiniservice.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.infinibay.infiniservice.adapters.posix.state.FileStateStore;
import org.infinibay.infiniservice.application.service.auth.ReplayStore;
import org.infinibay.infiniservice.it.Tmpfs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The replay cache's durability (CONTRACT §4.5, docs/protocol-notes.md): an accepted nonce is
 * written before anything runs and synced later, by the dispatcher or by one delayed flush.
 */
class ReplayDurabilityTest {
    private static final String FILE = "replay-cache.txt";
    private static final long NOW = 1_700_000_000_000L;

    @TempDir
    Path dir;

    @Test
    void anUnsyncedNonceIsStillARejectedReplayAfterARestart() throws Exception {
        RecordingStateStore store = new RecordingStateStore(new FileStateStore(dir));
        ReplayStore first = new ReplayStore(store, 1000, new CapturingTimer()); // its flush never runs
        first.load(NOW);
        assertTrue(first.checkAndAdd("nonce-1", NOW, NOW));
        assertFalse(first.synced());
        assertEquals(List.of("appendUnsynced " + FILE), store.calls, "written, not synced");
        assertTrue(Files.readString(dir.resolve(FILE)).contains("nonce-1"));

        // the agent is killed and started again: a new store over the same directory
        ReplayStore restarted = new ReplayStore(new FileStateStore(dir), 1000, new CapturingTimer());
        restarted.load(NOW + 1000);
        assertFalse(restarted.checkAndAdd("nonce-1", NOW, NOW + 1000), "replay after restart");
        assertTrue(restarted.checkAndAdd("nonce-2", NOW, NOW + 1000));
    }

    @Test
    void oneDelayedFlushSyncsWhatIsPendingAndNothingIsScheduledWhileIdle() throws Exception {
        RecordingStateStore store = new RecordingStateStore(new FileStateStore(dir));
        CapturingTimer timer = new CapturingTimer();
        ReplayStore replay = new ReplayStore(store, 1000, timer);
        replay.load(NOW);
        replay.prune(NOW);
        replay.sync();
        assertEquals(0, timer.pending(), "idle: no timer task");
        assertEquals(List.of(), store.calls);

        assertTrue(replay.checkAndAdd("a", NOW, NOW));
        assertTrue(replay.checkAndAdd("b", NOW, NOW));
        assertTrue(replay.checkAndAdd("c", NOW, NOW));
        assertEquals(1, timer.pending(), "one flush for a burst");
        assertTrue(timer.scheduled.get(0).delayMillis() <= 1000, "within a second");
        assertEquals(0, store.count("sync " + FILE));

        assertEquals(1, timer.runScheduled());
        assertEquals(1, store.count("sync " + FILE), "the flush synced");
        assertTrue(replay.synced());
        assertEquals(0, timer.pending(), "nothing pending: nothing rescheduled");
        replay.sync();
        assertEquals(1, store.count("sync " + FILE), "nothing new: no second fdatasync");

        assertTrue(replay.checkAndAdd("d", NOW, NOW));
        assertEquals(1, timer.pending(), "the next unsynced nonce schedules again");
        replay.sync(); // the dispatcher syncs before a state-changing command
        assertEquals(2, store.count("sync " + FILE));
        timer.runScheduled();
        assertEquals(2, store.count("sync " + FILE), "the flush finds nothing left");
    }

    @Test
    void theFlushRunsOnARealTimerAndWithoutTimerEveryNonceIsSyncedAtOnce() throws Exception {
        RecordingStateStore store = new RecordingStateStore(new FileStateStore(dir));
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1);
        try {
            ReplayStore replay = new ReplayStore(store, 1000, timer);
            assertTrue(replay.checkAndAdd("a", NOW, NOW));
            assertFalse(replay.synced());
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (!replay.synced() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertTrue(replay.synced(), "synced by the timer");
            assertEquals(1, store.count("sync " + FILE));

            timer.shutdownNow(); // the agent stopping: no timer left, so sync at once
            assertTrue(replay.checkAndAdd("b", NOW, NOW));
            assertTrue(replay.synced());
            assertEquals(2, store.count("sync " + FILE));
        } finally {
            timer.shutdownNow();
        }
        RecordingStateStore plain = new RecordingStateStore(new FileStateStore(dir.resolve("plain")));
        ReplayStore durable = new ReplayStore(plain, 1000);
        assertTrue(durable.checkAndAdd("x", NOW, NOW));
        assertEquals(List.of("appendUnsynced " + FILE, "sync " + FILE), plain.calls);
    }

    @Test
    void aCompactingRewriteCountsAsDurable() throws Exception {
        RecordingStateStore store = new RecordingStateStore(new FileStateStore(dir));
        CapturingTimer timer = new CapturingTimer();
        ReplayStore replay = new ReplayStore(store, 1000, timer);
        assertTrue(replay.checkAndAdd("old", NOW - 250_000, NOW - 250_000));
        assertTrue(replay.checkAndAdd("new", NOW, NOW - 249_000));
        assertFalse(replay.synced());
        replay.prune(NOW + 60_000); // "old" expires: the file is rewritten (and synced) with "new" only
        assertEquals(1, store.count("write " + FILE));
        assertTrue(replay.synced());
        timer.runScheduled();
        assertEquals(0, store.count("sync " + FILE), "nothing left for the flush");
        ReplayStore restarted = new ReplayStore(new FileStateStore(dir), 1000);
        restarted.load(NOW + 60_000);
        assertFalse(restarted.checkAndAdd("new", NOW, NOW + 60_000));
        assertTrue(restarted.checkAndAdd("old", NOW, NOW + 60_000), "pruned entries are gone from the file");
    }

    /**
     * Issue #13 item 3(a): with the state directory full, an accepted nonce was only logged as "could
     * not be persisted" and a state-changing command ran; after kill -9 and a restart it replayed.
     * Now sync() says the nonce is not durable (the dispatcher refuses the command), the nonce stays a
     * replay in this process, and once there is space again the next sync rewrites the whole file.
     */
    @Test
    void aNonceThatCannotBeStoredOnAFullFilesystemIsReportedAndTheStoreRecovers() throws Exception {
        try (Tmpfs fs = Tmpfs.mount(dir.resolve("fs"), "64k")) {
            Path state = fs.path().resolve("state");
            ReplayStore replay = new ReplayStore(new FileStateStore(state), 1000, new CapturingTimer());
            replay.load(NOW);
            assertTrue(replay.checkAndAdd("first", NOW, NOW));
            assertTrue(replay.sync());
            fs.fill();
            // the file's last page still has room: entries fit until it is full, then the append fails
            String refused = null;
            for (int i = 0; i < 200 && refused == null; i++) {
                String nonce = "n-" + i + "-" + "x".repeat(100);
                assertTrue(replay.checkAndAdd(nonce, NOW, NOW));
                if (!replay.sync()) {
                    refused = nonce;
                }
            }
            assertTrue(refused != null, "an append failed on the full filesystem");
            assertFalse(replay.synced());
            assertFalse(replay.checkAndAdd(refused, NOW, NOW), "still a replay while this process lives");
            assertFalse(replay.sync(), "not durable while the filesystem is full");
            assertFalse(Files.readString(state.resolve(FILE)).contains(refused + "\n"));

            fs.free();
            assertTrue(replay.sync(), "the whole file is rewritten once there is space");
            assertTrue(replay.synced());
            assertTrue(replay.checkAndAdd("after", NOW, NOW));
            assertTrue(replay.sync());
            ReplayStore restarted = new ReplayStore(new FileStateStore(state), 1000, new CapturingTimer());
            restarted.load(NOW);
            for (String n : List.of("first", "n-0-" + "x".repeat(100), refused, "after")) {
                assertFalse(restarted.checkAndAdd(n, NOW, NOW), n + " is a replay after a restart");
            }
        }
    }

    /** A read-only state directory: every nonce is accepted in memory, none is durable. */
    @Test
    void onAReadOnlyStateDirectoryNoNonceIsDurable() throws Exception {
        try (Tmpfs fs = Tmpfs.mount(dir.resolve("fs"), "64k")) {
            Path rw = fs.path().resolve("state");
            Files.createDirectories(rw, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                    java.nio.file.attribute.PosixFilePermissions.fromString("rwx------")));
            Files.writeString(rw.resolve(FILE), NOW + " old\n");
            Path ro = fs.readOnlyView(rw, dir.resolve("ro"));
            ReplayStore replay = new ReplayStore(new FileStateStore(ro), 1000, new CapturingTimer());
            replay.load(NOW);
            assertFalse(replay.checkAndAdd("old", NOW, NOW), "what is there is still read");
            assertTrue(replay.checkAndAdd("new", NOW, NOW));
            assertFalse(replay.sync());
            assertFalse(replay.checkAndAdd("new", NOW, NOW));
        }
    }

    /** The grammar of §4.1 is the store's precondition: there is no silent "not storable" path any more. */
    @Test
    void aNonceOutsideTheGrammarIsRefusedNotSilentlyKeptInMemory() {
        ReplayStore replay = new ReplayStore(new FileStateStore(dir), 1000);
        for (String bad : List.of("has space", "caf\u00e9", "n".repeat(129), "")) {
            org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                    () -> replay.checkAndAdd(bad, NOW, NOW), bad);
        }
        String longest = "~".repeat(128);
        assertTrue(replay.checkAndAdd(longest, NOW, NOW));
        ReplayStore restarted = new ReplayStore(new FileStateStore(dir), 1000);
        restarted.load(NOW);
        assertFalse(restarted.checkAndAdd(longest, NOW, NOW), "every accepted nonce is stored");
    }
}
