package org.elkflow.logstash.testkit;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link TimestampText#parse} reads the common {@code ...Z} form without java.time's general parser; whatever text
 * it gets, the outcome must be the general parser's (same instant, or the same rejection).
 */
class TimestampTextTest {

    /** The parse rules spelt out with the general parsers only: the reference. */
    private static Instant reference(String text) {
        try {
            return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (DateTimeParseException withOffset) {
            try {
                return LocalDateTime.parse(text, DateTimeFormatter.ISO_LOCAL_DATE_TIME).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException withoutOffset) {
                return null;
            }
        }
    }

    private static void assertSameAsReference(String text) {
        Instant expected = reference(text);
        if (expected == null) {
            assertThrows(IllegalArgumentException.class, () -> TimestampText.parse(text), text);
        } else {
            assertEquals(expected, TimestampText.parse(text), text);
        }
    }

    @Test
    void commonFormsGiveTheInstantTheyDenote() {
        assertEquals(Instant.parse("2026-11-21T06:07:11.123Z"), TimestampText.parse("2026-11-21T06:07:11.123Z"));
        assertEquals(Instant.parse("2024-02-29T23:59:59Z"), TimestampText.parse("2024-02-29T23:59:59Z"));
        assertEquals(Instant.ofEpochSecond(1_700_000_000L, 123_456_789),
                TimestampText.parse("2023-11-14T22:13:20.123456789Z"));
        assertEquals(Instant.parse("0000-01-01T00:00:00Z"), TimestampText.parse("0000-01-01T00:00:00Z"));
        assertEquals(Instant.parse("2024-05-01T10:00:00.250Z"), TimestampText.parse("2024-05-01T12:00:00.250+02:00"));
    }

    @Test
    void edgeCasesAgreeWithTheGeneralParser() {
        List<String> cases = List.of(
                "2023-02-29T00:00:00Z", "2024-02-29T00:00:00Z", "1900-02-29T00:00:00Z", "2000-02-29T00:00:00Z",
                "2024-04-31T00:00:00Z", "2024-04-30T00:00:00Z", "2024-13-01T00:00:00Z", "2024-00-10T00:00:00Z",
                "2024-01-00T00:00:00Z", "2024-01-32T00:00:00Z", "2024-01-01T24:00:00Z", "2024-01-01T23:60:00Z",
                "2024-01-01T23:59:60Z", "2024-01-01T23:59:59.Z", "2024-01-01T23:59:59.1234567891Z",
                "2024-01-01T23:59:59.5Z", "2024-01-01t23:59:59Z", "2024-01-01T23:59:59z", "2024-01-01T23:59Z",
                "2024-01-01T23:59:59", "2024-01-01 23:59:59Z", "+2024-01-01T23:59:59Z", "-001-01-01T23:59:59Z",
                "2024-1-01T23:59:59Z", "2024-01-01T23:59:59.12a4Z", "2024-01-01T23:59:5aZ", "yesterday",
                "2024-01-01T23:59:59+00:00", "2024-01-01T23:59:59.000000001Z", "9999-12-31T23:59:59.999999999Z",
                "10000-01-01T00:00:00Z", "２０２４-01-01T00:00:00Z", "");
        for (String text : cases) {
            assertSameAsReference(text);
        }
    }

    @Test
    void randomDigitStringsAgreeWithTheGeneralParser() {
        SplittableRandom random = new SplittableRandom(5);
        List<String> accepted = new ArrayList<>();
        for (int i = 0; i < 200_000; i++) {
            String text = String.format("%04d-%02d-%02dT%02d:%02d:%02d%sZ", random.nextInt(10_000),
                    random.nextInt(14), random.nextInt(33), random.nextInt(26), random.nextInt(62),
                    random.nextInt(62), fraction(random));
            assertSameAsReference(text);
            if (reference(text) != null) {
                accepted.add(text);
            }
        }
        assertTrue(accepted.size() > 100_000, "most generated timestamps are valid: " + accepted.size());
        assertTrue(accepted.stream().map(TimestampText::parse).allMatch(Objects::nonNull));
    }

    private static String fraction(SplittableRandom random) {
        int digits = random.nextInt(11) - 1; // -1: none, 0: a bare '.', up to 9 digits
        if (digits < 0) {
            return "";
        }
        StringBuilder out = new StringBuilder(".");
        for (int i = 0; i < digits; i++) {
            out.append((char) ('0' + random.nextInt(10)));
        }
        return out.toString();
    }
}
