package org.infinibay.infiniservice.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.infinibay.infiniservice.domain.command.OutputCap;
import org.junit.jupiter.api.Test;

class OutputCapTest {
    @Test
    void shortOutputIsKept() {
        OutputCap.Capped c = OutputCap.cap("hello é");
        assertEquals("hello é", c.text());
        assertFalse(c.truncated());
    }

    @Test
    void longOutputKeepsHeadAndTailWithMarker() {
        byte[] b = new byte[OutputCap.LIMIT + 1000];
        Arrays.fill(b, (byte) 'x');
        b[0] = 'H';
        b[b.length - 1] = 'T';
        OutputCap.Capped c = OutputCap.cap(b);
        assertTrue(c.truncated());
        assertTrue(c.text().startsWith("H"));
        assertTrue(c.text().endsWith("T"));
        assertTrue(c.text().contains("[\u2026 1000 bytes truncated \u2026]"));
        assertTrue(c.text().getBytes(StandardCharsets.UTF_8).length < OutputCap.LIMIT + 100);
    }
}
