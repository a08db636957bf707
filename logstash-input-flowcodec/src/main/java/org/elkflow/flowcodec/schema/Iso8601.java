package org.elkflow.flowcodec.schema;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * ISO-8601 UTC timestamps with exactly three fraction digits ({@code 2026-11-21T06:07:11.123Z}), the form
 * Logstash and Elasticsearch parse for {@code @timestamp} and ECS date fields. Built by hand because it runs
 * several times per event; {@link DateTimeFormatter#ISO_INSTANT} also drops the fraction when it is zero.
 */
public final class Iso8601 {

    private static final long MILLIS_PER_DAY = 86_400_000L;
    /** 0000-01-01T00:00:00Z and 10000-01-01T00:00:00Z: the range with four-digit years. */
    private static final long MIN_FAST = -62_167_219_200_000L;
    private static final long MAX_FAST = 253_402_300_800_000L;
    private static final DateTimeFormatter SLOW =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private Iso8601() {
    }

    /** Formats milliseconds since the Unix epoch (negative values allowed). */
    public static String utcMillis(long epochMillis) {
        if (epochMillis < MIN_FAST || epochMillis >= MAX_FAST) {
            return SLOW.format(Instant.ofEpochMilli(epochMillis));
        }
        long days = Math.floorDiv(epochMillis, MILLIS_PER_DAY);
        int millisOfDay = (int) Math.floorMod(epochMillis, MILLIS_PER_DAY);

        // Gregorian date from a day count, using 400-year eras that start on 1 March so that the leap day
        // falls at the end of the year.
        long shifted = days + 719_468L; // days from 0000-03-01 to 1970-01-01
        long era = Math.floorDiv(shifted, 146_097L);
        int dayOfEra = (int) (shifted - era * 146_097L);
        int yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365;
        int dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
        int marchMonth = (5 * dayOfYear + 2) / 153;
        int day = dayOfYear - (153 * marchMonth + 2) / 5 + 1;
        int month = marchMonth < 10 ? marchMonth + 3 : marchMonth - 9;
        int year = (int) (yearOfEra + era * 400) + (month <= 2 ? 1 : 0);

        char[] out = new char[24];
        digits(out, 0, year, 4);
        out[4] = '-';
        digits(out, 5, month, 2);
        out[7] = '-';
        digits(out, 8, day, 2);
        out[10] = 'T';
        digits(out, 11, millisOfDay / 3_600_000, 2);
        out[13] = ':';
        digits(out, 14, (millisOfDay / 60_000) % 60, 2);
        out[16] = ':';
        digits(out, 17, (millisOfDay / 1000) % 60, 2);
        out[19] = '.';
        digits(out, 20, millisOfDay % 1000, 3);
        out[23] = 'Z';
        return new String(out);
    }

    private static void digits(char[] out, int at, int value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            out[i] = (char) ('0' + value % 10);
            value /= 10;
        }
    }
}
