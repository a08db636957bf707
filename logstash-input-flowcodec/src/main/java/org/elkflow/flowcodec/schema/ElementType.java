package org.elkflow.flowcodec.schema;

import java.util.Locale;

/** Abstract data types of information elements (RFC 7011 §6.1, RFC 7012 §3.1). */
public enum ElementType {
    UNSIGNED8, UNSIGNED16, UNSIGNED32, UNSIGNED64,
    SIGNED8, SIGNED16, SIGNED32, SIGNED64,
    FLOAT32, FLOAT64, BOOLEAN, MAC_ADDRESS, OCTET_ARRAY, STRING,
    DATE_TIME_SECONDS, DATE_TIME_MILLISECONDS, DATE_TIME_MICROSECONDS, DATE_TIME_NANOSECONDS,
    IPV4_ADDRESS, IPV6_ADDRESS, BASIC_LIST, SUB_TEMPLATE_LIST, SUB_TEMPLATE_MULTI_LIST;

    /** The registry spelling ({@code unsigned32}, {@code ipv4Address}, …), case-insensitive. */
    public static ElementType parse(String registryName) {
        String key = registryName.trim().toLowerCase(Locale.ROOT);
        for (ElementType type : values()) {
            if (type.registryName().toLowerCase(Locale.ROOT).equals(key)) {
                return type;
            }
        }
        throw new IllegalArgumentException("unknown information element type '" + registryName + "'");
    }

    /** The spelling used by the IANA registry, e.g. {@code dateTimeMilliseconds}. */
    public String registryName() {
        String[] parts = name().toLowerCase(Locale.ROOT).split("_");
        StringBuilder sb = new StringBuilder(parts[0]);
        for (int i = 1; i < parts.length; i++) {
            sb.append(Character.toUpperCase(parts[i].charAt(0))).append(parts[i], 1, parts[i].length());
        }
        return sb.toString();
    }
}
