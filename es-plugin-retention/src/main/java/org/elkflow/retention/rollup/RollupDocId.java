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
        byte[] h = sha256().digest(key.toString().getBytes(StandardCharsets.UTF_8));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(java.util.Arrays.copyOf(h, 18));
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
            try {
                return MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException never) {
                throw new IllegalStateException("SHA-256 is always available", never);
            }
        }
    }

    private static void append(StringBuilder b, String s) {
        b.append(s.length()).append(':').append(s).append('|');
    }
}
