package org.infinibay.infiniservice.domain.json;

import java.util.OptionalLong;

/** Lenient conversions shared by every reader of inbound values. */
public final class JsonValues {
    private static final double MAX_EXACT = 9_007_199_254_740_992d; // 2^53

    private JsonValues() {
    }

    /** An integral value: JSON integer, integral float within ±2^53, or a string of decimal digits. */
    public static OptionalLong asLong(Json v) {
        if (v instanceof JsonInt i) {
            return OptionalLong.of(i.value());
        }
        if (v instanceof JsonFloat f) {
            double d = f.value();
            if (d == Math.rint(d) && Math.abs(d) <= MAX_EXACT) {
                return OptionalLong.of((long) d);
            }
            return OptionalLong.empty();
        }
        if (v instanceof JsonString s) {
            String t = s.value();
            if (!t.isEmpty() && t.length() <= 18 && decimalDigits(t)) {
                return OptionalLong.of(Long.parseLong(t));
            }
        }
        return OptionalLong.empty();
    }

    /** Only ASCII {@code 0-9} (a loop: {@code chars().allMatch} would load the stream machinery). */
    private static boolean decimalDigits(String t) {
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }
}
