package org.infinibay.infiniservice.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.infinibay.infiniservice.adapters.serial.json.JacksonJsonCodec;
import org.infinibay.infiniservice.application.port.out.MalformedJsonException;
import org.infinibay.infiniservice.domain.json.Json;
import org.infinibay.infiniservice.domain.json.JsonReadException;
import org.infinibay.infiniservice.domain.json.JsonReader;
import org.junit.jupiter.api.Test;

/**
 * The inbound payload reader ({@link JsonReader}, hand-written, bounded) against the Jackson codec it
 * replaced on the inbound path: on random JSON and random ASCII mutations of it, both accept the same
 * texts with the same tree and refuse the same texts. (Known, deliberate difference left out of the
 * inputs: an escaped lone surrogate becomes U+FFFD, as the host's UTF-8 encoder writes it.)
 */
class JsonReaderDifferentialTest {
    private static final String ALPHABET = "{}[]:,\"\\ 0123456789-+.eEtrufalsn/bx\u00e9\t";
    private final JacksonJsonCodec jackson = new JacksonJsonCodec();
    private final Random random = new Random(13);

    private String value(int depth) {
        int kind = random.nextInt(depth > 4 ? 6 : 8);
        switch (kind) {
            case 0:
                return Long.toString(random.nextLong() >> random.nextInt(64));
            case 1:
                return Double.toString((random.nextDouble() - 0.5) * Math.pow(10, random.nextInt(40) - 20));
            case 2:
                return random.nextBoolean() ? "true" : "false";
            case 3:
                return "null";
            case 4:
            case 5:
                return string();
            case 6: {
                StringBuilder b = new StringBuilder("[");
                int n = random.nextInt(4);
                for (int i = 0; i < n; i++) {
                    b.append(i == 0 ? "" : ",").append(value(depth + 1));
                }
                return b.append(']').toString();
            }
            default: {
                StringBuilder b = new StringBuilder("{");
                int n = random.nextInt(4);
                for (int i = 0; i < n; i++) {
                    b.append(i == 0 ? "" : ",").append(string()).append(':').append(value(depth + 1));
                }
                return b.append('}').toString();
            }
        }
    }

    private String string() {
        String[] pieces = {"a", "key", "\\\"", "\\\\", "\\/", "\\n", "\\t", "\\u00e9", "\\u20AC", "\\ud83d\\ude00",
            "\u00e9", "\u20ac", "\uD83D\uDE00", " ", "1"};
        StringBuilder b = new StringBuilder("\"");
        int n = random.nextInt(4);
        for (int i = 0; i < n; i++) {
            b.append(pieces[random.nextInt(pieces.length)]);
        }
        return b.append('"').toString();
    }

    private String mutate(String text) {
        StringBuilder b = new StringBuilder(text);
        int edits = 1 + random.nextInt(3);
        for (int i = 0; i < edits && b.length() > 0; i++) {
            int at = random.nextInt(b.length());
            char c = ALPHABET.charAt(random.nextInt(ALPHABET.length()));
            switch (random.nextInt(3)) {
                case 0:
                    b.setCharAt(at, c);
                    break;
                case 1:
                    b.insert(at, c);
                    break;
                default:
                    b.deleteCharAt(at);
            }
        }
        return b.toString();
    }

    private static String visible(String text) {
        StringBuilder b = new StringBuilder();
        for (char c : text.toCharArray()) {
            b.append(c >= 0x20 && c < 0x7f ? String.valueOf(c) : String.format("\\u%04x", (int) c));
        }
        return b.toString();
    }

    /** The tree, or null when refused. */
    private Json ours(String text) {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        try {
            return JsonReader.read(b, 0, b.length, 1_000_000, 190);
        } catch (JsonReadException e) {
            return null;
        }
    }

    private Json theirs(String text) {
        try {
            return jackson.parse(text);
        } catch (MalformedJsonException e) {
            return null;
        }
    }

    @Test
    void bothReadersAgreeOnRandomAndMutatedJson() {
        int accepted = 0;
        int refused = 0;
        for (int i = 0; i < 20_000; i++) {
            String valid = value(0);
            String text = i % 2 == 0 ? valid : mutate(valid);
            if (!text.equals(valid) && (text.matches("(?s).*\\\\u[dD][89a-fA-F].*")
                    || !text.equals(new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8)))) {
                continue; // a mutation split a surrogate pair: escaped, the deliberate difference; raw, no UTF-8 exists
            }
            Json a = ours(text);
            Json b = theirs(text);
            assertEquals(b, a, () -> "on " + visible(text));
            if (a == null) {
                refused++;
            } else {
                accepted++;
            }
        }
        assertTrue(accepted > 10_000 && refused > 3_000, accepted + " accepted, " + refused + " refused");
    }
}
