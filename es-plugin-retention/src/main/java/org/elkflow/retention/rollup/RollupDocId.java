package org.elkflow.retention.rollup;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;

/**
 * Deterministic rollup document ids: a hash of rollup name, bucket start and the group values (each length-prefixed
 * and typed, so {@code ["a b", "c"]} and {@code ["a", "b c"]} differ, and a missing value differs from "null").
 * Processing a window twice overwrites the same documents instead of adding to them.
 */
public final class RollupDocId {

    private RollupDocId() {
    }

    public static String of(String rollup, long bucketStartMillis, List<?> groupValues) {
        byte[] h = sha256().digest(key(rollup, bucketStartMillis, groupValues).getBytes(StandardCharsets.UTF_8));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(java.util.Arrays.copyOf(h, 18));
    }

    /**
     * The unhashed text the id is made of: equal exactly when the ids are (short of a hash collision), for matching
     * buckets in memory without hashing.
     */
    public static String key(String rollup, long bucketStartMillis, List<?> groupValues) {
        StringBuilder key = new StringBuilder();
        append(key, rollup);
        key.append(bucketStartMillis).append('|');
        for (Object v : groupValues) {
            if (v == null) {
                key.append("N|");
            } else {
                key.append(v instanceof Number ? 'n' : 's');
                append(key, String.valueOf(v));
            }
        }
        return key.toString();
    }

    // one id per rollup document: cloning a ready instance skips the security-provider lookup of getInstance,
    // which showed up in profiles of the document build
    private static final MessageDigest SHA_256;

    static {
        try {
            SHA_256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }

    private static MessageDigest sha256() {
        try {
            return (MessageDigest) SHA_256.clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("the JDK's SHA-256 is cloneable", e);
        }
    }

    private static void append(StringBuilder b, String s) {
        b.append(s.length()).append(':').append(s).append('|');
    }
}
