package org.elkflow.flowcodec.schema;

import java.util.Objects;

/**
 * One information element: enterprise number (0 for IANA), element id, registry name, abstract data type and
 * data type semantics. {@link #fieldName()} is the key under {@code netflow.} in events.
 */
public final class InformationElement {

    private final long enterprise;
    private final int id;
    private final String name;
    private final ElementType type;
    private final String semantics;
    private final String fieldName;

    public InformationElement(long enterprise, int id, String name, ElementType type, String semantics) {
        this(enterprise, id, name, type, semantics, snakeCase(name));
    }

    InformationElement(long enterprise, int id, String name, ElementType type, String semantics, String fieldName) {
        this.enterprise = enterprise;
        this.id = id;
        this.name = Objects.requireNonNull(name, "name");
        this.type = Objects.requireNonNull(type, "type");
        this.semantics = semantics == null ? "default" : semantics;
        this.fieldName = fieldName;
    }

    /** An element no registry knows: kept as {@code unknown.<pen>.<id>}, value as integer or hex. */
    static InformationElement unknown(long enterprise, int id) {
        return new InformationElement(enterprise, id, "unknown." + enterprise + "." + id, ElementType.OCTET_ARRAY,
                "default", "unknown." + enterprise + "." + id);
    }

    public long enterprise() {
        return enterprise;
    }

    public int id() {
        return id;
    }

    public String name() {
        return name;
    }

    public ElementType type() {
        return type;
    }

    public String semantics() {
        return semantics;
    }

    /** Event key below {@code netflow.}: snake_case name, or {@code unknown.<pen>.<id>}. */
    public String fieldName() {
        return fieldName;
    }

    public boolean isUnknown() {
        return fieldName.startsWith("unknown.");
    }

    /**
     * snake_case of a camelCase registry name: {@code sourceIPv4Address} → {@code source_ipv4_address},
     * {@code postNATSourceIPv4Address} → {@code post_nat_source_ipv4_address}.
     */
    public static String snakeCase(String name) {
        String s = name.replace("IPv4", "Ipv4").replace("IPv6", "Ipv6");
        StringBuilder out = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isUpperCase(c)) {
                boolean prevLowerOrDigit = i > 0 && (Character.isLowerCase(s.charAt(i - 1))
                        || Character.isDigit(s.charAt(i - 1)));
                boolean acronymEnd = i > 0 && Character.isUpperCase(s.charAt(i - 1))
                        && i + 1 < s.length() && Character.isLowerCase(s.charAt(i + 1));
                if ((prevLowerOrDigit || acronymEnd) && out.length() > 0 && out.charAt(out.length() - 1) != '_') {
                    out.append('_');
                }
                out.append(Character.toLowerCase(c));
            } else if (c == '-' || c == ' ' || c == '.') {
                out.append('_');
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    @Override
    public String toString() {
        return name + "(" + (enterprise == 0 ? "" : enterprise + "/") + id + ")<" + type.registryName() + ">";
    }
}
