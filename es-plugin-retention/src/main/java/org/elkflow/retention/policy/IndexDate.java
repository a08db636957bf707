package org.elkflow.retention.policy;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.OptionalLong;

/**
 * How an index's day is known: from a date at the end of its name ({@code flows-2026.11.21} with format
 * {@code yyyy.MM.dd}, as Logstash's {@code %{+YYYY.MM.dd}} writes it), or from the index creation date.
 * The day starts at 00:00 UTC; an index's age is measured from there.
 */
public record IndexDate(Source source, String format) {

    public enum Source { NAME, CREATION_DATE }

    public static final String DEFAULT_FORMAT = "yyyy.MM.dd";

    public static IndexDate fromName(String format) {
        return new IndexDate(Source.NAME, format);
    }

    public static IndexDate creationDate() {
        return new IndexDate(Source.CREATION_DATE, null);
    }

    /** Validates a name date format: it must describe a whole day (year, month and day). */
    static DateTimeFormatter formatter(String format) {
        if (!format.contains("yyyy") || !format.contains("MM") || !format.contains("dd")) {
            throw new IllegalArgumentException("a day format needs yyyy, MM and dd");
        }
        return DateTimeFormatter.ofPattern(format).withZone(ZoneOffset.UTC);
    }

    /**
     * Start of the index's day in epoch milliseconds: parsed from the last {@code format.length()} characters of
     * the name, or the creation date. Empty when a name-dated index carries no date in that format.
     */
    public OptionalLong dayStartMillis(String indexName, long creationDateMillis) {
        if (source == Source.CREATION_DATE) {
            return OptionalLong.of(creationDateMillis);
        }
        int n = format.length();
        if (indexName.length() < n) {
            return OptionalLong.empty();
        }
        try {
            LocalDate day = LocalDate.parse(indexName.substring(indexName.length() - n), formatter(format));
            return OptionalLong.of(day.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli());
        } catch (DateTimeParseException e) {
            return OptionalLong.empty();
        }
    }

    /** The end of the data the index is meant to hold: the day's end for name-dated indices, else unknown. */
    public OptionalLong dayEndMillis(String indexName) {
        if (source == Source.CREATION_DATE) {
            return OptionalLong.empty();
        }
        OptionalLong start = dayStartMillis(indexName, 0);
        return start.isPresent() ? OptionalLong.of(start.getAsLong() + 86_400_000L) : OptionalLong.empty();
    }
}
