package org.infinibay.infiniservice.domain.time;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;

/**
 * The one timestamp format of the wire (CONTRACT §6.2): UTC, millisecond precision, {@code Z}.
 * {@link Instant#toString()} drops a zero fraction, so it is never used for output.
 *
 * <p>Output is written by hand (days to civil date, H. Hinnant's algorithm): it runs on every line
 * the agent sends, and a {@link DateTimeFormatter} would load ~50 {@code java.time.format} classes
 * into a process whose footprint is budgeted (docs/performance.md). The pattern's own formatter is
 * kept, lazily, for instants outside years 1-9999, where its sign and era rules apply.
 */
public final class Timestamps {
    /** 0001-01-01T00:00:00.000Z and 9999-12-31T23:59:59.999Z. */
    private static final long MIN_FAST = -62_135_596_800_000L;
    private static final long MAX_FAST = 253_402_300_799_999L;
    private static final long MS_PER_DAY = 86_400_000L;

    private Timestamps() {
    }

    public static String format(long epochMillis) {
        if (epochMillis < MIN_FAST || epochMillis > MAX_FAST) {
            return Wide.FORMAT.format(Instant.ofEpochMilli(epochMillis));
        }
        long days = Math.floorDiv(epochMillis, MS_PER_DAY);
        int msOfDay = (int) Math.floorMod(epochMillis, MS_PER_DAY);
        // Days since 1970-01-01 to (year, month, day), with eras of 400 years starting on March 1st.
        long z = days + 719_468;
        long era = Math.floorDiv(z, 146_097);
        int doe = (int) (z - era * 146_097);
        int yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        int mp = (5 * doy + 2) / 153;
        int day = doy - (153 * mp + 2) / 5 + 1;
        int month = mp < 10 ? mp + 3 : mp - 9;
        int year = (int) (yoe + era * 400) + (month <= 2 ? 1 : 0);
        char[] c = new char[24];
        digits(c, 0, year, 4);
        c[4] = '-';
        digits(c, 5, month, 2);
        c[7] = '-';
        digits(c, 8, day, 2);
        c[10] = 'T';
        digits(c, 11, msOfDay / 3_600_000, 2);
        c[13] = ':';
        digits(c, 14, msOfDay / 60_000 % 60, 2);
        c[16] = ':';
        digits(c, 17, msOfDay / 1000 % 60, 2);
        c[19] = '.';
        digits(c, 20, msOfDay % 1000, 3);
        c[23] = 'Z';
        return new String(c);
    }

    public static String format(Instant instant) {
        return format(instant.toEpochMilli());
    }

    /** Parses any RFC 3339 instant (informational inbound timestamps); empty when unparseable. */
    public static Optional<Instant> parse(String text) {
        try {
            return Optional.of(Instant.from(DateTimeFormatter.ISO_OFFSET_DATE_TIME.parse(text)));
        } catch (DateTimeException | NullPointerException e) {
            return Optional.empty();
        }
    }

    private static void digits(char[] c, int at, int value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            c[i] = (char) ('0' + value % 10);
            value /= 10;
        }
    }

    /** Loaded only for instants outside years 1-9999 (holder idiom). */
    private static final class Wide {
        static final DateTimeFormatter FORMAT =
                DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
    }
}
