package org.infinibay.infiniservice.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.SplittableRandom;
import org.infinibay.infiniservice.domain.time.Timestamps;
import org.junit.jupiter.api.Test;

class TimestampsTest {
    @Test
    void alwaysMillisecondsAndZ() {
        assertEquals("2023-11-14T22:13:20.000Z", Timestamps.format(1700000000000L));
        assertEquals("1970-01-01T00:00:00.005Z", Timestamps.format(5));
        assertTrue(Timestamps.format(System.currentTimeMillis())
                .matches("^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z$"));
    }

    @Test
    void parsesOffsetsAndRejectsJunk() {
        assertEquals(1700000000000L, Timestamps.parse("2023-11-14T23:13:20.000+01:00").orElseThrow().toEpochMilli());
        assertTrue(Timestamps.parse("yesterday").isEmpty());
        assertTrue(Timestamps.parse(null).isEmpty());
    }

    /** The hand-written formatter against the JDK's formatter of the same pattern. */
    @Test
    void agreesWithDateTimeFormatterEverywhere() {
        DateTimeFormatter jdk = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
        SplittableRandom random = new SplittableRandom(20240229L);
        long[] edges = {0, -1, 1, 86_399_999L, 86_400_000L, -86_400_000L, -86_400_001L,
            951_782_400_000L /* 2000-02-29 */, 4_107_542_400_000L /* 2100-03-01 */, -2_203_891_200_000L /* 1900-03-01 */,
            -62_135_596_800_000L, -62_135_596_800_001L, 253_402_300_799_999L, 253_402_300_800_000L,
            Long.MIN_VALUE, Long.MAX_VALUE};
        for (long ms : edges) {
            assertEquals(jdk.format(Instant.ofEpochMilli(ms)), Timestamps.format(ms), "at " + ms);
        }
        for (int i = 0; i < 200_000; i++) {
            // Mostly years 1-9999 (the hand-written path), some around today, some anywhere an Instant can be.
            long ms = i % 4 == 0 ? 1_700_000_000_000L + random.nextLong(-5_000_000_000_000L, 5_000_000_000_000L)
                    : i % 100 == 1 ? random.nextLong()
                    : random.nextLong(-62_135_596_800_000L, 253_402_300_800_000L);
            assertEquals(jdk.format(Instant.ofEpochMilli(ms)), Timestamps.format(ms), "at " + ms);
        }
    }
}
