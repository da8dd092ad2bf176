package org.infinibay.infiniservice.domain.time;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * The one timestamp format of the wire (CONTRACT §6.2): UTC, millisecond precision, {@code Z}.
 * {@link Instant#toString()} drops a zero fraction, so it is never used for output.
 */
public final class Timestamps {
    private static final DateTimeFormatter FORMAT =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private Timestamps() {
    }

    public static String format(long epochMillis) {
        return FORMAT.format(Instant.ofEpochMilli(epochMillis));
    }

    public static String format(Instant instant) {
        return format(instant.toEpochMilli());
    }

    /** Parses any RFC 3339 instant (informational inbound timestamps); empty when unparseable. */
    public static Optional<Instant> parse(String text) {
        try {
            return Optional.of(DateTimeFormatter.ISO_OFFSET_DATE_TIME.parse(text, Instant::from));
        } catch (DateTimeParseException | NullPointerException e) {
            return Optional.empty();
        }
    }
}
