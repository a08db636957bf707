package org.elkflow.percentiles.extract;

import java.util.Locale;

/** Time units a response time may carry, and their conversion to milliseconds. */
public enum DurationUnit {
    NANOSECONDS("ns", 1e-6),
    MICROSECONDS("us", 1e-3),
    MILLISECONDS("ms", 1.0),
    SECONDS("s", 1000.0),
    MINUTES("m", 60_000.0);

    private final String symbol;
    private final double millis;

    DurationUnit(String symbol, double millis) {
        this.symbol = symbol;
        this.millis = millis;
    }

    public String symbol() {
        return symbol;
    }

    public double toMillis(double amount) {
        return amount * millis;
    }

    /** The unit for a suffix such as {@code ms}, {@code s}, {@code us}, {@code µs}, {@code ns}, {@code m}; null if unknown. */
    public static DurationUnit forSymbol(String symbol) {
        return switch (symbol.toLowerCase(Locale.ROOT)) {
            case "ns", "nanos", "nanoseconds" -> NANOSECONDS;
            case "us", "µs", "μs", "micros", "microseconds" -> MICROSECONDS;
            case "ms", "millis", "milliseconds" -> MILLISECONDS;
            case "s", "sec", "secs", "seconds" -> SECONDS;
            case "m", "min", "mins", "minutes" -> MINUTES;
            default -> null;
        };
    }

    /**
     * Parses a duration such as {@code 120}, {@code 120ms}, {@code 0.8 s}, {@code 850us} into milliseconds; a bare
     * number is in {@code defaultUnit}.
     *
     * @throws IllegalArgumentException when the text is not a finite, non-negative number with a known unit
     */
    public static double parseMillis(String text, DurationUnit defaultUnit) {
        String trimmed = text.trim();
        int end = 0;
        while (end < trimmed.length() && isNumberChar(trimmed.charAt(end), end > 0 ? trimmed.charAt(end - 1) : ' ')) {
            end++;
        }
        String number = trimmed.substring(0, end);
        String suffix = trimmed.substring(end).trim();
        double amount;
        try {
            amount = Double.parseDouble(number);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("[" + text + "] is not a duration");
        }
        if (!Double.isFinite(amount) || amount < 0) {
            throw new IllegalArgumentException("[" + text + "] is not a finite, non-negative duration");
        }
        DurationUnit unit = suffix.isEmpty() ? defaultUnit : forSymbol(suffix);
        if (unit == null) {
            throw new IllegalArgumentException("[" + text + "] has an unknown time unit [" + suffix
                    + "]; known: ns, us, ms, s, m");
        }
        return unit.toMillis(amount);
    }

    private static boolean isNumberChar(char c, char previous) {
        return (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '+'
                || ((c == 'e' || c == 'E') && previous >= '0' && previous <= '9');
    }
}
