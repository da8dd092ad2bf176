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

    /**
     * Issue #13 item 12: {@code Math.abs(now - ts)} overflowed, so {@code ts = now - 2^63} (and the
     * extremes) passed check 6. The window is now compared without arithmetic that can wrap.
     */
    @Test
    void freshnessHoldsAtTheEdgesOfTheLongRange() {
        long now = 1_700_000_000_000L;
        assertTrue(ReplayCache.fresh(now, now));
        assertTrue(ReplayCache.fresh(now, now + 300_000));
        assertTrue(ReplayCache.fresh(now, now - 300_000));
        assertFalse(ReplayCache.fresh(now, now + 300_001));
        assertFalse(ReplayCache.fresh(now, now - 300_001));
        assertFalse(ReplayCache.fresh(now, now + Long.MIN_VALUE), "now - 2^63 (wrapped)");
        assertFalse(ReplayCache.fresh(now, now + Long.MAX_VALUE), "now + 2^63 - 1 (wrapped)");
        assertFalse(ReplayCache.fresh(now, Long.MIN_VALUE));
        assertFalse(ReplayCache.fresh(now, Long.MAX_VALUE));
        assertFalse(ReplayCache.fresh(now, Long.MIN_VALUE + now));
        // a clock at the ends of the range: the window saturates instead of wrapping
        assertTrue(ReplayCache.fresh(Long.MAX_VALUE, Long.MAX_VALUE));
        assertTrue(ReplayCache.fresh(Long.MAX_VALUE, Long.MAX_VALUE - 300_000));
        assertFalse(ReplayCache.fresh(Long.MAX_VALUE, Long.MAX_VALUE - 300_001));
        assertFalse(ReplayCache.fresh(Long.MAX_VALUE, Long.MIN_VALUE));
        assertTrue(ReplayCache.fresh(Long.MIN_VALUE, Long.MIN_VALUE + 300_000));
        assertFalse(ReplayCache.fresh(Long.MIN_VALUE, Long.MIN_VALUE + 300_001));
        assertFalse(ReplayCache.fresh(Long.MIN_VALUE, Long.MAX_VALUE));
        assertFalse(ReplayCache.fresh(-1, Long.MAX_VALUE), "a difference of exactly -2^63");
        for (long ts : new long[] {Long.MIN_VALUE, Long.MIN_VALUE + 1, -1, 0, 1, Long.MAX_VALUE - 1, Long.MAX_VALUE}) {
            assertEquals(Math.abs((double) now - ts) <= 300_000, ReplayCache.fresh(now, ts), "ts " + ts);
        }
    }

    @Test
    void pruneAtTheStartOfTheLongRangeDoesNotWrap() {
        ReplayCache c = new ReplayCache();
        c.add("a", Long.MIN_VALUE);
        assertEquals(0, c.prune(Long.MIN_VALUE + 1), "still fresh for a clock at the start of the range");
        assertTrue(c.contains("a"));
    }
}
