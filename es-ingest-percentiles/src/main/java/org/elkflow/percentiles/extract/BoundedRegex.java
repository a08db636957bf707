package org.elkflow.percentiles.extract;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A {@link Pattern} with named groups, compiled once, run with a bounded amount of work.
 *
 * <h2>The guard</h2>
 * {@code java.util.regex} backtracks, and a pattern such as {@code (a+)+b} needs exponential time on some inputs;
 * an ingest thread must never hang on one message. The matcher reads its input only through
 * {@link CharSequence#charAt}, so the input is wrapped in a {@link CharSequence} that counts those reads and
 * throws {@link BudgetExceededException} once a message has used {@code maxSteps} of them. Backtracking re-reads
 * characters, so the count grows with the work done; a linear pattern needs a few reads per character. The check
 * is one increment and compare per read, with no clock and no extra thread, and it stops the match
 * deterministically (the same message always fails the same way).
 */
public final class BoundedRegex {

    private final Pattern pattern;
    private final List<String> groupNames;
    private final long maxSteps;

    /** Thrown when a match needs more than the allowed character reads. */
    public static final class BudgetExceededException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        BudgetExceededException(long maxSteps) {
            super("the pattern needed more than " + maxSteps + " steps; the message is not parsed "
                    + "(a pattern with nested repetition can backtrack catastrophically)");
        }
    }

    /**
     * @throws IllegalArgumentException when the pattern does not compile or has no named group
     */
    public BoundedRegex(String regex, long maxSteps) {
        try {
            this.pattern = Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("does not compile: " + e.getDescription() + " near index " + e.getIndex());
        }
        this.groupNames = List.copyOf(namedGroups(regex));
        if (groupNames.isEmpty()) {
            throw new IllegalArgumentException("has no named group such as (?<type>...)");
        }
        if (maxSteps < 1) {
            throw new IllegalArgumentException("step budget must be positive");
        }
        this.maxSteps = maxSteps;
    }

    public List<String> groupNames() {
        return groupNames;
    }

    /**
     * Every match in {@code message}, in order, as group name → matched text (groups that did not take part or
     * matched nothing are left out, and so are matches without any such group).
     *
     * @throws BudgetExceededException when the matching needs more than the step budget
     */
    public List<Map<String, String>> findAll(String message) {
        Matcher matcher = pattern.matcher(new CountingCharSequence(message, maxSteps));
        List<Map<String, String>> matches = new ArrayList<>();
        while (matcher.find()) {
            Map<String, String> groups = new LinkedHashMap<>();
            for (String name : groupNames) {
                int start = matcher.start(name);
                if (start >= 0 && matcher.end(name) > start) {
                    groups.put(name, message.substring(start, matcher.end(name)));
                }
            }
            if (!groups.isEmpty()) {
                matches.add(groups);
            }
            if (matcher.end() == matcher.start() && matcher.end() >= message.length()) {
                break;
            }
        }
        return matches;
    }

    /** Names of the named groups {@code (?<name>…)} in a pattern (lookbehinds {@code (?<=}, {@code (?<!} skipped). */
    static Set<String> namedGroups(String regex) {
        Set<String> names = new LinkedHashSet<>();
        boolean inClass = false;
        for (int i = 0; i < regex.length(); i++) {
            char c = regex.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '[') {
                inClass = true;
            } else if (c == ']') {
                inClass = false;
            } else if (!inClass && c == '(' && regex.startsWith("?<", i + 1) && i + 3 < regex.length()
                    && Character.isLetter(regex.charAt(i + 3))) {
                int end = regex.indexOf('>', i + 3);
                if (end > 0) {
                    names.add(regex.substring(i + 3, end));
                }
            }
        }
        return names;
    }

    /** A read-counting view of a string. */
    private static final class CountingCharSequence implements CharSequence {
        private final String text;
        private final long maxSteps;
        private long steps;

        CountingCharSequence(String text, long maxSteps) {
            this.text = text;
            this.maxSteps = maxSteps;
        }

        @Override
        public char charAt(int index) {
            if (++steps > maxSteps) {
                throw new BudgetExceededException(maxSteps);
            }
            return text.charAt(index);
        }

        @Override
        public int length() {
            return text.length();
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return text.substring(start, end);
        }

        @Override
        public String toString() {
            return text;
        }
    }
}
