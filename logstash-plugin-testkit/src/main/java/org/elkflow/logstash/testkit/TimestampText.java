package org.elkflow.logstash.testkit;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.Month;
import java.time.OffsetDateTime;
import java.time.Year;
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
        Instant common = parseUtc(text);
        if (common != null) {
            return common;
        }
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

    /**
     * The form nearly every event carries, {@code yyyy-MM-ddTHH:mm:ss[.fraction]Z} (1–9 fraction digits), read
     * without the general parser, which costs microseconds per event; null for any other text, or when a field is
     * out of range, so that the general parser gives the verdict. Accepts exactly what that parser accepts for
     * this form (strict: month 1–12, day within the month, hour 0–23, minute and second 0–59).
     */
    private static Instant parseUtc(String t) {
        int n = t.length();
        if (n < 20 || n > 30 || t.charAt(4) != '-' || t.charAt(7) != '-' || t.charAt(10) != 'T'
                || t.charAt(13) != ':' || t.charAt(16) != ':' || t.charAt(n - 1) != 'Z') {
            return null;
        }
        int year = digits(t, 0, 4);
        int month = digits(t, 5, 2);
        int day = digits(t, 8, 2);
        int hour = digits(t, 11, 2);
        int minute = digits(t, 14, 2);
        int second = digits(t, 17, 2);
        if (year < 0 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23 || minute < 0 || minute > 59
                || second < 0 || second > 59 || day > Month.of(month).length(Year.isLeap(year))) {
            return null;
        }
        int nanos = 0;
        if (n > 20) {
            // ".f" to ".fffffffff" between the seconds and the Z
            int fractionDigits = n - 21;
            if (t.charAt(19) != '.' || fractionDigits < 1 || fractionDigits > 9) {
                return null;
            }
            nanos = digits(t, 20, fractionDigits);
            if (nanos < 0) {
                return null;
            }
            for (int i = fractionDigits; i < 9; i++) {
                nanos *= 10;
            }
        }
        long epochDay = LocalDate.of(year, month, day).toEpochDay();
        return Instant.ofEpochSecond(epochDay * 86_400L + hour * 3_600L + minute * 60L + second, nanos);
    }

    /** The decimal value of {@code count} ASCII digits at {@code at}; -1 if any is not a digit. */
    private static int digits(String t, int at, int count) {
        int value = 0;
        for (int i = at; i < at + count; i++) {
            char c = t.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }
}
