package org.infinibay.infiniservice.bootstrap.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * FlatToml matches its value words by hand (no java.util.regex at start-up, issue #17). These are the regexes
 * it used before, verbatim: over fixed hostile words and a large seeded random sample drawn from the characters
 * that matter (digits, signs, '_', '.', 'e', prefixes, ':', '-', 'T', unicode digits and line terminators,
 * NUL), every hand matcher must agree with its regex on every word.
 */
class FlatTomlWordsTest {
    private static final Pattern DATETIME = Pattern.compile("\\d{4}-\\d{2}-\\d{2}([Tt ].*)?|\\d{2}:\\d{2}:\\d{2}.*");
    private static final Pattern FLOAT =
            Pattern.compile("[+-]?(inf|nan)|[+-]?(0|[1-9](_?\\d)*)(\\.\\d(_?\\d)*)?([eE][+-]?\\d(_?\\d)*)?");
    private static final Pattern DECIMAL = Pattern.compile("[+-]?(0|[1-9](_?\\d)*)");
    private static final Pattern HEX = Pattern.compile("0x[0-9A-Fa-f](_?[0-9A-Fa-f])*");
    private static final Pattern OCTAL = Pattern.compile("0o[0-7](_?[0-7])*");
    private static final Pattern BINARY = Pattern.compile("0b[01](_?[01])*");
    private static final Pattern HEX_DIGITS = Pattern.compile("[0-9A-Fa-f]+");

    private static final String[] FIXED = {
        "", "0", "00", "-0", "+0", "+", "-", "_", "1_", "_1", "1__0", "1_0", "1_000_000", "01", "-01",
        "9223372036854775807", "9223372036854775808", "-9223372036854775808", "99999999999999999999999",
        "0x", "0x_", "0xff", "0xFF", "0x_ff", "0xf_f", "0xf__f", "0Xff", "0xg", "0o", "0o7", "0o8", "0o1_7",
        "0b", "0b1", "0b2", "0b1_0", "0b1__0", "+0x1", "-0b1",
        "inf", "+inf", "-inf", "nan", "+nan", "-nan", "infinity", "in", "na", "Inf", "NaN", "++inf",
        "1.0", "1.", ".1", "1.0_1", "1.0__1", "1._0", "1e5", "1E5", "1e+5", "1e-5", "1e", "1e+", "1.5e5", "1.5e",
        "0.0", "00.0", "0e0", "1_000.000_1e-1_0", "1.e5", "1e5.0", "3.14.15", "1e5e5",
        "1979-05-27", "1979-05-27T07:32:00Z", "1979-05-27t07:32:00", "1979-05-27 07:32", "1979-05-27X",
        "1979-05-2", "1979-5-27", "07:32:00", "07:32:00.999", "7:32:00", "07:32:0", "07-32-00",
        "1979-05-27T\n", "1979-05-27T\u2028x", "07:32:00\u0085", "07:32:00\r", "07:32:00\u2029", "1979-05-27\u2028",
        "\u0661\u0662", "\u0661979-05-27", "\u0660\u0667:32:00", "1\u0660", "0x\u0661", "\uff11", "1.\u0661",
        "\u0000", "1\u0000", "07:32:00\u0000", "true", "false", "é", "\uD83D\uDE00", "1979-05-27T\uD83D",
    };

    private static final String ALPHABET = "0123456789_+-.eExXoObBafAF:Tt infnan\u0661\u0660\n\r\u0085\u2028\u0000é";

    private static String shown(String w) {
        StringBuilder b = new StringBuilder();
        for (char c : w.toCharArray()) {
            b.append(c < 0x20 || c > 0x7e ? String.format("\\u%04x", (int) c) : String.valueOf(c));
        }
        return b.length() > 200 ? b.substring(0, 200) + "... (" + w.length() + " chars)" : b.toString();
    }

    private static void agree(String w) {
        assertEquals(DATETIME.matcher(w).matches(), FlatToml.isDateTime(w), () -> "datetime: " + shown(w));
        assertEquals(FLOAT.matcher(w).matches(), FlatToml.isFloat(w), () -> "float: " + shown(w));
        assertEquals(DECIMAL.matcher(w).matches(), FlatToml.Radix.DECIMAL.matches(w), () -> "decimal: " + shown(w));
        assertEquals(HEX.matcher(w).matches(), FlatToml.Radix.HEX.matches(w), () -> "hex: " + shown(w));
        assertEquals(OCTAL.matcher(w).matches(), FlatToml.Radix.OCTAL.matches(w), () -> "octal: " + shown(w));
        assertEquals(BINARY.matcher(w).matches(), FlatToml.Radix.BINARY.matches(w), () -> "binary: " + shown(w));
        if (!w.isEmpty()) {
            assertEquals(HEX_DIGITS.matcher(w).matches(), FlatToml.hexDigits(w, 0, w.length()), () -> "hex digits: " + shown(w));
        }
    }

    @Test
    void handMatchersAgreeWithTheOldRegexesOnFixedHostileWords() {
        for (String w : FIXED) {
            agree(w);
        }
        // long words the old regexes could still match without overflowing the stack
        String digits = "1".repeat(300);
        for (String w : new String[] {digits, digits + "_", "1" + "_1".repeat(150), digits + ".5e" + digits,
            "1979-05-27T" + "x".repeat(100_000), "0x" + "f".repeat(300), "_".repeat(100_000)}) {
            agree(w);
        }
    }

    /**
     * The old regexes recursed per digit: a 60 000-digit value (the file may be 64 KiB) threw StackOverflowError
     * out of the configuration reader instead of a typed answer. The hand matchers take it in a loop.
     */
    @Test
    void aValueOfSixtyThousandDigitsIsAnOutOfRangeIntegerNotAStackOverflow() throws Exception {
        String digits = "1".repeat(60_000);
        Throwable old = null;
        try {
            DECIMAL.matcher(digits).matches();
        } catch (StackOverflowError e) {
            old = e;
        }
        assertTrue(old != null, "the old regex overflows on this input (the reproduction)");
        assertTrue(FlatToml.Radix.DECIMAL.matches(digits));
        assertTrue(FlatToml.isFloat(digits + ".5e" + digits));
        assertTrue(FlatToml.Radix.HEX.matches("0x" + "f_f".repeat(20_000)));
        FlatToml.Entry e = FlatToml.parse("n = " + digits + "\n").get(0);
        assertEquals(FlatToml.Type.INTEGER, e.type());
        assertEquals(null, e.whole());
    }

    @Test
    void handMatchersAgreeWithTheOldRegexesOnRandomWords() {
        Random random = new Random(17);
        List<String> matchedSomething = new ArrayList<>();
        for (int n = 0; n < 300_000; n++) {
            int length = random.nextInt(n % 10 == 0 ? 30 : 12);
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < length; i++) {
                b.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
            }
            String w = b.toString();
            agree(w);
            if (FLOAT.matcher(w).matches() || DATETIME.matcher(w).matches()) {
                matchedSomething.add(w);
            }
        }
        // the sample reaches the matching side too, not only words every matcher refuses
        assertTrue(matchedSomething.size() > 1_000, "matching words in the sample: " + matchedSomething.size());
    }

    @Test
    void structuredRandomWordsReachEveryForm() {
        Random random = new Random(1705);
        String[] parts = {"0", "1", "9", "_", "12", "1_2", ".", "e", "E", "+", "-", "0x", "0o", "0b", "f", "7",
            "1979-05-27", "T", " ", "07:32:00", ":", "\u0661", "\n", "inf", "nan"};
        int[] hits = new int[6];
        for (int n = 0; n < 200_000; n++) {
            StringBuilder b = new StringBuilder();
            for (int i = random.nextInt(5); i >= 0; i--) {
                b.append(parts[random.nextInt(parts.length)]);
            }
            String w = b.toString();
            agree(w);
            hits[0] += DECIMAL.matcher(w).matches() ? 1 : 0;
            hits[1] += HEX.matcher(w).matches() ? 1 : 0;
            hits[2] += OCTAL.matcher(w).matches() ? 1 : 0;
            hits[3] += BINARY.matcher(w).matches() ? 1 : 0;
            hits[4] += FLOAT.matcher(w).matches() ? 1 : 0;
            hits[5] += DATETIME.matcher(w).matches() ? 1 : 0;
        }
        for (int h : hits) {
            assertTrue(h > 50, "every form matched by some words: " + java.util.Arrays.toString(hits));
        }
    }
}
