package org.infinibay.infiniservice.application.service.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link PatternRule#printable} against the {@code replaceAll} it replaced (round 5: no regex per command). */
class PrintableTest {
    private static final String ALPHABET = "aZ09 ~\u007f\u0000\t\n\r\u0085\u00e9\u2028\u0661\ud83d\ude00\ud800\udc00\"\\?";

    @Test
    void agreesWithTheFormerRegex() {
        Random r = new Random(17);
        for (int i = 0; i < 100_000; i++) {
            StringBuilder b = new StringBuilder();
            int n = r.nextInt(20);
            for (int k = 0; k < n; k++) {
                b.append(ALPHABET.charAt(r.nextInt(ALPHABET.length())));
            }
            String s = b.toString();
            assertEquals(s.replaceAll("[^\\x20-\\x7e]", "?"), PatternRule.printable(s), s);
        }
        String hostile = "\ud83d\ude00".repeat(100_000) + "\ud83d";
        assertEquals(hostile.replaceAll("[^\\x20-\\x7e]", "?"), PatternRule.printable(hostile));
        assertEquals("?", PatternRule.printable("\ud83d\ude00")); // a pair is one code point: one '?'
        String plain = "SystemInfo";
        assertSame(plain, PatternRule.printable(plain));
        assertEquals("", PatternRule.printable(""));
    }
}
