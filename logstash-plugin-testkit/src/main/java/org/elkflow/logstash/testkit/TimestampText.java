package org.elkflow.logstash.testkit;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;

/** ISO-8601 reading and writing of event timestamps, as Logstash's timestamp type does it. */
final class TimestampText {

    // Logstash prints at least millisecond precision ("...00.000Z") and more digits only when they are non-zero.
    private static final DateTimeFormatter MILLIS = new DateTimeFormatterBuilder().appendInstant(3).toFormatter();

    private TimestampText() {
    }

    static String format(Instant instant) {
        if (instant.getNano() % 1_000_000 == 0) {
            return MILLIS.format(instant);
        }
        return DateTimeFormatter.ISO_INSTANT.format(instant);
    }

    /**
     * Parses {@code 2024-05-01T10:00:00Z}, {@code 2024-05-01T12:00:00.123+02:00} and zone-less
     * {@code 2024-05-01T10:00:00} (read as UTC).
     *
     * @throws IllegalArgumentException if the text is none of those
     */
    static Instant parse(String text) {
        try {
            return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (DateTimeParseException withOffset) {
            try {
                return LocalDateTime.parse(text, DateTimeFormatter.ISO_LOCAL_DATE_TIME).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException withoutOffset) {
                throw new IllegalArgumentException("Not an ISO-8601 timestamp: '" + text + "'", withOffset);
            }
        }
    }
}
