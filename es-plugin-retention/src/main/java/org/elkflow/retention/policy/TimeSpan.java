package org.elkflow.retention.policy;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A duration written as {@code <number><unit>} with unit ms, s, m, h or d (e.g. {@code 8d}, {@code 15m}). */
public record TimeSpan(long millis, String text) {

    private static final Pattern FORM = Pattern.compile("(\\d{1,9})(ms|s|m|h|d)");

    /** Parses {@code text}; throws {@link IllegalArgumentException} with the expected form otherwise. */
    public static TimeSpan parse(String text) {
        Matcher m = FORM.matcher(text == null ? "" : text.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException("expected <number><ms|s|m|h|d>, e.g. 8d or 15m");
        }
        long n = Long.parseLong(m.group(1));
        long unit = switch (m.group(2)) {
            case "ms" -> 1L;
            case "s" -> 1_000L;
            case "m" -> 60_000L;
            case "h" -> 3_600_000L;
            default -> 86_400_000L;
        };
        return new TimeSpan(n * unit, m.group(1) + m.group(2));
    }

    @Override
    public String toString() {
        return text;
    }
}
