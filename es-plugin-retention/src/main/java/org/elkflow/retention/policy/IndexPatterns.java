package org.elkflow.retention.policy;

import java.util.List;

/** Simple wildcard ({@code *}) matching of index names, as index patterns in policies are written. */
public final class IndexPatterns {

    private IndexPatterns() {
    }

    public static boolean matchesAny(List<String> patterns, String index) {
        for (String p : patterns) {
            if (matches(p, index)) {
                return true;
            }
        }
        return false;
    }

    /** True if {@code index} matches {@code pattern}, where {@code *} stands for any run of characters. */
    public static boolean matches(String pattern, String index) {
        return match(pattern, 0, index, 0);
    }

    private static boolean match(String p, int pi, String s, int si) {
        while (pi < p.length()) {
            char c = p.charAt(pi);
            if (c == '*') {
                if (pi == p.length() - 1) {
                    return true;
                }
                for (int k = si; k <= s.length(); k++) {
                    if (match(p, pi + 1, s, k)) {
                        return true;
                    }
                }
                return false;
            }
            if (si >= s.length() || s.charAt(si) != c) {
                return false;
            }
            pi++;
            si++;
        }
        return si == s.length();
    }
}
