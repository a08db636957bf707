package org.elkflow.logstash.testkit;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.TextStyle;
import java.util.Locale;

/**
 * Formats an instant in UTC with a Joda-Time pattern, as {@code %{+YYYY.MM.dd}} in Logstash's sprintf does.
 *
 * <p>Written by hand rather than mapped onto {@code java.time} patterns because the letters disagree: in Joda
 * {@code Y} is the year of era (the usual {@code YYYY.MM.dd} index suffix), in {@code java.time} it is the
 * week-based year, which differs around New Year. Supported letters: {@code y Y} (year; two letters = two
 * digits), {@code M} (month; three or more letters = English name), {@code d H m s} and {@code S} (fraction of a
 * second). Text in single quotes is literal, {@code ''} is a quote; other letters are rejected so a test never
 * silently produces a wrong index name.
 */
final class JodaDatePattern {

    private JodaDatePattern() {
    }

    static String format(String pattern, Instant instant) {
        ZonedDateTime time = instant.atZone(ZoneOffset.UTC);
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < pattern.length()) {
            char c = pattern.charAt(i);
            if (c == '\'') {
                i = appendQuoted(pattern, i, out);
                continue;
            }
            if (!isAsciiLetter(c)) {
                out.append(c);
                i++;
                continue;
            }
            int count = 1;
            while (i + count < pattern.length() && pattern.charAt(i + count) == c) {
                count++;
            }
            appendField(pattern, c, count, time, out);
            i += count;
        }
        return out.toString();
    }

    private static int appendQuoted(String pattern, int start, StringBuilder out) {
        if (start + 1 < pattern.length() && pattern.charAt(start + 1) == '\'') {
            out.append('\'');
            return start + 2;
        }
        int i = start + 1;
        while (i < pattern.length()) {
            char c = pattern.charAt(i);
            if (c == '\'') {
                if (i + 1 < pattern.length() && pattern.charAt(i + 1) == '\'') {
                    out.append('\'');
                    i += 2;
                    continue;
                }
                return i + 1;
            }
            out.append(c);
            i++;
        }
        throw new IllegalArgumentException("Unterminated quote in date pattern '" + pattern + "'");
    }

    private static void appendField(String pattern, char letter, int count, ZonedDateTime time, StringBuilder out) {
        switch (letter) {
            case 'y':
            case 'Y':
                if (count == 2) {
                    pad(out, Math.floorMod(time.getYear(), 100), 2);
                } else {
                    pad(out, time.getYear(), count);
                }
                break;
            case 'M':
                if (count >= 4) {
                    out.append(time.getMonth().getDisplayName(TextStyle.FULL, Locale.ENGLISH));
                } else if (count == 3) {
                    out.append(time.getMonth().getDisplayName(TextStyle.SHORT, Locale.ENGLISH));
                } else {
                    pad(out, time.getMonthValue(), count);
                }
                break;
            case 'd':
                pad(out, time.getDayOfMonth(), count);
                break;
            case 'H':
                pad(out, time.getHour(), count);
                break;
            case 'm':
                pad(out, time.getMinute(), count);
                break;
            case 's':
                pad(out, time.getSecond(), count);
                break;
            case 'S':
                String nanos = String.format(Locale.ROOT, "%09d", time.getNano());
                out.append(count <= 9 ? nanos.substring(0, count) : nanos + "0".repeat(count - 9));
                break;
            default:
                throw new IllegalArgumentException("Date pattern letter '" + letter + "' in '" + pattern
                        + "' is not supported by the test kit (supported: y Y M d H m s S)");
        }
    }

    private static void pad(StringBuilder out, int value, int width) {
        String digits = Integer.toString(Math.abs(value));
        if (value < 0) {
            out.append('-');
        }
        for (int i = digits.length(); i < width; i++) {
            out.append('0');
        }
        out.append(digits);
    }

    private static boolean isAsciiLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }
}
