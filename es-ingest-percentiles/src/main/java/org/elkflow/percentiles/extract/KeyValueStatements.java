package org.elkflow.percentiles.extract;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Splits a message of key=value statements: statements end at a newline or at one of the configured separator
 * characters (default {@code ;}), pairs are separated by whitespace or commas, a value may be double-quoted
 * ({@code msg="a b; c"}). A single linear scan, no regular expressions. Tokens without {@code =} are ignored.
 */
public final class KeyValueStatements {

    private final String statementSeparators;

    public KeyValueStatements(String statementSeparators) {
        this.statementSeparators = statementSeparators;
    }

    /** Statements in message order; each a map of key → raw value text, in pair order (a repeated key keeps the last). */
    public List<Map<String, String>> parse(String message) {
        List<Map<String, String>> statements = new ArrayList<>();
        Map<String, String> current = new LinkedHashMap<>();
        int i = 0;
        int n = message.length();
        while (i < n) {
            char c = message.charAt(i);
            if (isStatementEnd(c)) {
                if (!current.isEmpty()) {
                    statements.add(current);
                    current = new LinkedHashMap<>();
                }
                i++;
                continue;
            }
            if (Character.isWhitespace(c) || c == ',') {
                i++;
                continue;
            }
            int keyStart = i;
            while (i < n && message.charAt(i) != '=' && !isPairEnd(message.charAt(i))) {
                i++;
            }
            if (i >= n || message.charAt(i) != '=') {
                continue; // a bare word
            }
            String key = message.substring(keyStart, i);
            i++; // '='
            String value;
            if (i < n && message.charAt(i) == '"') {
                int close = message.indexOf('"', i + 1);
                if (close < 0) {
                    close = n;
                }
                value = message.substring(i + 1, close);
                i = Math.min(close + 1, n);
            } else {
                int valueStart = i;
                while (i < n && !isPairEnd(message.charAt(i))) {
                    i++;
                }
                value = message.substring(valueStart, i);
            }
            if (!key.isEmpty()) {
                current.put(key, value);
            }
        }
        if (!current.isEmpty()) {
            statements.add(current);
        }
        return statements;
    }

    private boolean isStatementEnd(char c) {
        return c == '\n' || c == '\r' || statementSeparators.indexOf(c) >= 0;
    }

    private boolean isPairEnd(char c) {
        return Character.isWhitespace(c) || c == ',' || isStatementEnd(c);
    }
}
