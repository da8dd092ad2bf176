package org.infinibay.infiniservice.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.infinibay.infiniservice.adapters.linux.state.FileStateStore;
import org.infinibay.infiniservice.application.service.auth.ReplayStore;
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
}
