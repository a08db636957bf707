package org.elkflow.flowcodec.schema;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * ISO-8601 UTC timestamps with exactly three fraction digits ({@code 2026-11-21T06:07:11.123Z}), the form
 * Logstash and Elasticsearch parse for {@code @timestamp} and ECS date fields. Built by hand because it runs
 * several times per event; {@link DateTimeFormatter#ISO_INSTANT} also drops the fraction when it is zero.
 */
public final class Iso8601 {

    private static final long SECONDS_PER_DAY = 86_400L;
    /** 0000-01-01T00:00:00Z and 10000-01-01T00:00:00Z: the range with four-digit years. */
    private static final long MIN_FAST = -62_167_219_200_000L;
    private static final long MAX_FAST = 253_402_300_800_000L;
    private static final DateTimeFormatter SLOW =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    /**
     * Texts {@code yyyy-MM-ddTHH:mm:ss.} of recently formatted seconds, slot = epoch second modulo the size. Flow
     * times of one exporter fall within a few minutes of each other, so most calls only append the milliseconds
     * to a cached prefix instead of working out the calendar date. Entries are immutable (final fields), so
     * threads may race on a slot: each reads either a complete old entry or a complete new one.
     */
    private static final int CACHED_SECONDS = 512;
    private static final SecondText[] CACHE = new SecondText[CACHED_SECONDS];

    private static final class SecondText {
        final long epochSecond;
        /** {@code yyyy-MM-ddTHH:mm:ss.}, Latin-1. */
        final byte[] prefix;

        SecondText(long epochSecond, byte[] prefix) {
            this.epochSecond = epochSecond;
            this.prefix = prefix;
        }
    }

    private Iso8601() {
    }

    /** Formats milliseconds since the Unix epoch (negative values allowed). */
    public static String utcMillis(long epochMillis) {
        if (epochMillis < MIN_FAST || epochMillis >= MAX_FAST) {
            return SLOW.format(Instant.ofEpochMilli(epochMillis));
        }
        long second = Math.floorDiv(epochMillis, 1000L);
        int millis = (int) (epochMillis - second * 1000L);
        int slot = (int) second & (CACHED_SECONDS - 1);
        SecondText cached = CACHE[slot];
        if (cached == null || cached.epochSecond != second) {
            cached = new SecondText(second, secondPrefix(second));
            CACHE[slot] = cached;
        }
        byte[] out = new byte[24];
        System.arraycopy(cached.prefix, 0, out, 0, 20);
        out[20] = (byte) ('0' + millis / 100);
        out[21] = (byte) ('0' + (millis / 10) % 10);
        out[22] = (byte) ('0' + millis % 10);
        out[23] = 'Z';
        return new String(out, StandardCharsets.ISO_8859_1);
    }

    /** {@code yyyy-MM-ddTHH:mm:ss.} of an epoch second within the four-digit-year range. */
    private static byte[] secondPrefix(long epochSecond) {
        long days = Math.floorDiv(epochSecond, SECONDS_PER_DAY);
        int secondOfDay = (int) (epochSecond - days * SECONDS_PER_DAY);

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

        byte[] out = new byte[20];
        digits(out, 0, year, 4);
        out[4] = '-';
        digits(out, 5, month, 2);
        out[7] = '-';
        digits(out, 8, day, 2);
        out[10] = 'T';
        digits(out, 11, secondOfDay / 3600, 2);
        out[13] = ':';
        digits(out, 14, (secondOfDay / 60) % 60, 2);
        out[16] = ':';
        digits(out, 17, secondOfDay % 60, 2);
        out[19] = '.';
        return out;
    }

    private static void digits(byte[] out, int at, int value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            out[i] = (byte) ('0' + value % 10);
            value /= 10;
        }
    }
}
