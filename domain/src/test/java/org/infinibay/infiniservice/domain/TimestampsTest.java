package org.infinibay.infiniservice.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
}
