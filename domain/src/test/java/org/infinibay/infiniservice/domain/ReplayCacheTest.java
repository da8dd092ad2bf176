package org.infinibay.infiniservice.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.infinibay.infiniservice.domain.auth.ReplayCache;
import org.junit.jupiter.api.Test;

class ReplayCacheTest {
    @Test
    void pruneDropsOnlyEntriesThatCouldNoLongerPassTheWindow() {
        ReplayCache c = new ReplayCache();
        c.add("old", 1_000_000);
        c.add("edge", 1_000_000 + 1);
        assertEquals(1, c.prune(1_000_000 + ReplayCache.WINDOW_MS + 1));
        assertFalse(c.contains("old"));
        assertTrue(c.contains("edge"));
    }

    @Test
    void backstopEvictsTheOldestHalf() {
        ReplayCache c = new ReplayCache(4);
        for (int i = 0; i < 4; i++) {
            assertFalse(c.add("n" + i, i));
        }
        assertTrue(c.add("n4", 4));
        assertEquals(3, c.size());
        assertFalse(c.contains("n0"));
        assertFalse(c.contains("n1"));
        assertTrue(c.contains("n4"));
    }
}
