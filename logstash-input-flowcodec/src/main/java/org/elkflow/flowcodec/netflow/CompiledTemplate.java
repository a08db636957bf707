package org.elkflow.flowcodec.netflow;

import java.util.Arrays;

import org.elkflow.flowcodec.schema.ElementRegistry;
import org.elkflow.flowcodec.schema.ElementType;
import org.elkflow.flowcodec.schema.InformationElement;

/**
 * A template compiled once into a decode plan: per field its kind, its length (or {@link #VARIABLE}) and its
 * element, plus the positions of the fields the event mapping needs (addresses, ports, counters, times…), so
 * that decoding a data record does no lookups. Immutable, shared between threads.
 */
public final class CompiledTemplate {

    public static final int VARIABLE = 65535;

    // Field kinds.
    public static final int K_SKIP = 0;
    public static final int K_UNSIGNED = 1;
    public static final int K_SIGNED = 2;
    public static final int K_FLOAT = 3;
    public static final int K_BOOLEAN = 4;
    public static final int K_MAC = 5;
    public static final int K_IPV4 = 6;
    public static final int K_IPV6 = 7;
    public static final int K_STRING = 8;
    public static final int K_OCTETS = 9;
    public static final int K_SECONDS = 10;
    public static final int K_MILLIS = 11;
    public static final int K_NTP = 12;
    /** v9 option scope field: value kept as an unsigned number (or hex when longer than 8 bytes). */
    public static final int K_SCOPE = 13;
    /** Element nobody registered: integer when 1..8 bytes, hex otherwise. */
    public static final int K_UNKNOWN = 14;

    // Roles used by the event mapping: index of the field, or -1.
    public static final int R_SRC4 = 0, R_DST4 = 1, R_SRC6 = 2, R_DST6 = 3, R_SPORT = 4, R_DPORT = 5, R_PROTO = 6,
            R_BYTES = 7, R_PACKETS = 8, R_IN_IF = 9, R_OUT_IF = 10, R_NEXT_HOP4 = 11, R_NEXT_HOP6 = 12,
            R_TCP_FLAGS = 13, R_TOS = 14, R_SRC_AS = 15, R_DST_AS = 16, R_DIRECTION = 17, R_IP_VERSION = 18,
            R_START_UPTIME = 19, R_END_UPTIME = 20, R_START_SEC = 21, R_END_SEC = 22, R_START_MS = 23,
            R_END_MS = 24, R_START_US = 25, R_END_US = 26, R_START_NS = 27, R_END_NS = 28,
            R_START_DELTA_US = 29, R_END_DELTA_US = 30, R_SYS_INIT_MS = 31, R_SAMPLER_ID = 32,
            R_SAMPLING_INTERVAL = 33, R_SAMPLER_RANDOM_INTERVAL = 34, R_SAMPLING_PACKET_INTERVAL = 35,
            R_SAMPLING_PACKET_SPACE = 36, R_SAMPLING_SIZE = 37, R_SAMPLING_POPULATION = 38, R_SELECTOR_ID = 39,
            R_OBSERVATION_MS = 40, R_BYTES_ALT = 41, R_PACKETS_ALT = 42, R_INITIATOR_OCTETS = 43,
            R_RESPONDER_OCTETS = 44, R_INITIATOR_PACKETS = 45, R_RESPONDER_PACKETS = 46, R_SRC_MAC = 47,
            R_DST_MAC = 48, ROLE_COUNT = 49;

    private static final String[] V9_SCOPES = {"scope_unknown", "scope_system", "scope_interface",
            "scope_line_card", "scope_cache", "scope_template"};

    final int templateId;
    final boolean options;
    final int scopeCount;
    final int[] kind;
    final int[] length;
    final InformationElement[] element;
    final String[] key;
    final int[] role = new int[ROLE_COUNT];
    /** True for fields whose key occurs more than once in the template (values then collected in a list). */
    final boolean[] repeated;
    /** Sum of fixed lengths plus 1 per variable field: the smallest record this template can produce. */
    final int minRecordLength;
    final boolean allFixed;
    /** The raw field specifiers (pen, id, length triples), to recognize a re-sent identical template. */
    final long[] spec;

    private CompiledTemplate(int templateId, boolean options, int scopeCount, long[] spec, int[] kind, int[] length,
                             InformationElement[] element, String[] key) {
        this.templateId = templateId;
        this.options = options;
        this.scopeCount = scopeCount;
        this.spec = spec;
        this.kind = kind;
        this.length = length;
        this.element = element;
        this.key = key;
        Arrays.fill(role, -1);
        this.repeated = new boolean[kind.length];
        java.util.Map<String, Integer> seen = new java.util.HashMap<>();
        for (int i = 0; i < kind.length; i++) {
            if (kind[i] == K_SKIP) {
                continue;
            }
            Integer first = seen.putIfAbsent(key[i], i);
            if (first != null) {
                repeated[first] = true;
                repeated[i] = true;
            }
        }
        int min = 0;
        boolean fixed = true;
        for (int i = 0; i < kind.length; i++) {
            if (length[i] == VARIABLE) {
                min += 1;
                fixed = false;
            } else {
                min += length[i];
            }
            if (element[i] != null && kind[i] != K_SCOPE) {
                assignRole(i);
            }
        }
        this.minRecordLength = min;
        this.allFixed = fixed;
    }

    /**
     * Compiles field specifiers. {@code spec} holds one long per field: enterprise (bits 63..32, 0 for IANA),
     * id (bits 31..16), length (bits 15..0). For NetFlow v9, the first {@code scopeCount} fields are option
     * scopes with v9 scope types.
     */
    static CompiledTemplate compile(ElementRegistry registry, boolean v9, int templateId, boolean options,
                                    int scopeCount, long[] spec) {
        int n = spec.length;
        int[] kind = new int[n];
        int[] length = new int[n];
        InformationElement[] element = new InformationElement[n];
        String[] key = new String[n];
        for (int i = 0; i < n; i++) {
            long enterprise = spec[i] >>> 32;
            int id = (int) (spec[i] >>> 16) & 0xFFFF;
            int len = (int) spec[i] & 0xFFFF;
            length[i] = len;
            if (v9 && i < scopeCount) {
                kind[i] = len == 0 ? K_SKIP : K_SCOPE;
                key[i] = id < V9_SCOPES.length ? V9_SCOPES[id] : "scope_" + id;
                continue;
            }
            InformationElement e = v9 ? registry.netflowV9(id) : registry.ipfix(enterprise, id);
            element[i] = e;
            key[i] = e.fieldName();
            kind[i] = len == 0 ? K_SKIP : e.isUnknown() ? K_UNKNOWN : kindOf(e.type(), len);
        }
        return new CompiledTemplate(templateId, options, scopeCount, spec, kind, length, element, key);
    }

    private static int kindOf(ElementType type, int len) {
        boolean var = len == VARIABLE;
        switch (type) {
            case UNSIGNED8: case UNSIGNED16: case UNSIGNED32: case UNSIGNED64:
                return !var && len <= 8 ? K_UNSIGNED : K_OCTETS;
            case SIGNED8: case SIGNED16: case SIGNED32: case SIGNED64:
                return !var && len <= 8 ? K_SIGNED : K_OCTETS;
            case FLOAT32: case FLOAT64:
                return len == 4 || len == 8 ? K_FLOAT : K_OCTETS;
            case BOOLEAN:
                return len == 1 ? K_BOOLEAN : K_OCTETS;
            case MAC_ADDRESS:
                return len == 6 ? K_MAC : K_OCTETS;
            case IPV4_ADDRESS:
                return len == 4 ? K_IPV4 : K_OCTETS;
            case IPV6_ADDRESS:
                return len == 16 ? K_IPV6 : K_OCTETS;
            case STRING:
                return K_STRING;
            case DATE_TIME_SECONDS:
                return !var && len <= 8 ? K_SECONDS : K_OCTETS;
            case DATE_TIME_MILLISECONDS:
                return !var && len <= 8 ? K_MILLIS : K_OCTETS;
            case DATE_TIME_MICROSECONDS: case DATE_TIME_NANOSECONDS:
                return len == 8 ? K_NTP : K_OCTETS;
            default:
                return K_OCTETS;
        }
    }

    private void assignRole(int i) {
        InformationElement e = element[i];
        if (e.enterprise() != 0) {
            return;
        }
        int k = kind[i];
        switch (e.id()) {
            case 8: setIf(R_SRC4, i, k == K_IPV4); break;
            case 12: setIf(R_DST4, i, k == K_IPV4); break;
            case 27: setIf(R_SRC6, i, k == K_IPV6); break;
            case 28: setIf(R_DST6, i, k == K_IPV6); break;
            case 7: setIf(R_SPORT, i, k == K_UNSIGNED); break;
            case 11: setIf(R_DPORT, i, k == K_UNSIGNED); break;
            case 4: setIf(R_PROTO, i, k == K_UNSIGNED); break;
            case 1: setIf(R_BYTES, i, k == K_UNSIGNED); break;
            case 2: setIf(R_PACKETS, i, k == K_UNSIGNED); break;
            case 85: case 23: setIf(R_BYTES_ALT, i, k == K_UNSIGNED); break;
            case 86: case 24: setIf(R_PACKETS_ALT, i, k == K_UNSIGNED); break;
            case 231: setIf(R_INITIATOR_OCTETS, i, k == K_UNSIGNED); break;
            case 232: setIf(R_RESPONDER_OCTETS, i, k == K_UNSIGNED); break;
            case 298: setIf(R_INITIATOR_PACKETS, i, k == K_UNSIGNED); break;
            case 299: setIf(R_RESPONDER_PACKETS, i, k == K_UNSIGNED); break;
            case 10: setIf(R_IN_IF, i, k == K_UNSIGNED); break;
            case 14: setIf(R_OUT_IF, i, k == K_UNSIGNED); break;
            case 15: setIf(R_NEXT_HOP4, i, k == K_IPV4); break;
            case 62: setIf(R_NEXT_HOP6, i, k == K_IPV6); break;
            case 6: setIf(R_TCP_FLAGS, i, k == K_UNSIGNED); break;
            case 5: setIf(R_TOS, i, k == K_UNSIGNED); break;
            case 16: setIf(R_SRC_AS, i, k == K_UNSIGNED); break;
            case 17: setIf(R_DST_AS, i, k == K_UNSIGNED); break;
            case 61: setIf(R_DIRECTION, i, k == K_UNSIGNED); break;
            case 60: setIf(R_IP_VERSION, i, k == K_UNSIGNED); break;
            case 22: setIf(R_START_UPTIME, i, k == K_UNSIGNED); break;
            case 21: setIf(R_END_UPTIME, i, k == K_UNSIGNED); break;
            case 150: setIf(R_START_SEC, i, k == K_SECONDS); break;
            case 151: setIf(R_END_SEC, i, k == K_SECONDS); break;
            case 152: setIf(R_START_MS, i, k == K_MILLIS); break;
            case 153: setIf(R_END_MS, i, k == K_MILLIS); break;
            case 154: setIf(R_START_US, i, k == K_NTP); break;
            case 155: setIf(R_END_US, i, k == K_NTP); break;
            case 156: setIf(R_START_NS, i, k == K_NTP); break;
            case 157: setIf(R_END_NS, i, k == K_NTP); break;
            case 158: setIf(R_START_DELTA_US, i, k == K_UNSIGNED); break;
            case 159: setIf(R_END_DELTA_US, i, k == K_UNSIGNED); break;
            case 160: setIf(R_SYS_INIT_MS, i, k == K_MILLIS); break;
            case 323: setIf(R_OBSERVATION_MS, i, k == K_MILLIS); break;
            case 48: setIf(R_SAMPLER_ID, i, k == K_UNSIGNED); break;
            case 302: setIf(R_SELECTOR_ID, i, k == K_UNSIGNED); break;
            case 34: setIf(R_SAMPLING_INTERVAL, i, k == K_UNSIGNED); break;
            case 50: setIf(R_SAMPLER_RANDOM_INTERVAL, i, k == K_UNSIGNED); break;
            case 305: setIf(R_SAMPLING_PACKET_INTERVAL, i, k == K_UNSIGNED); break;
            case 306: setIf(R_SAMPLING_PACKET_SPACE, i, k == K_UNSIGNED); break;
            case 309: setIf(R_SAMPLING_SIZE, i, k == K_UNSIGNED); break;
            case 310: setIf(R_SAMPLING_POPULATION, i, k == K_UNSIGNED); break;
            case 56: setIf(R_SRC_MAC, i, k == K_MAC); break;
            case 80: setIf(R_DST_MAC, i, k == K_MAC); break;
            default: break;
        }
    }

    private void setIf(int r, int index, boolean ok) {
        if (ok && role[r] < 0) {
            role[r] = index;
        }
    }

    public int templateId() {
        return templateId;
    }

    public boolean isOptions() {
        return options;
    }

    public int fieldCount() {
        return kind.length;
    }

    public int role(int r) {
        return role[r];
    }

    public int kind(int field) {
        return kind[field];
    }

    public String key(int field) {
        return key[field];
    }

    public boolean repeated(int field) {
        return repeated[field];
    }

    public InformationElement element(int field) {
        return element[field];
    }

    boolean sameSpec(boolean isOptions, int scopes, long[] other) {
        return options == isOptions && scopeCount == scopes && Arrays.equals(spec, other);
    }

    /** True when the template carries any sampling information (options records that set a rate). */
    boolean carriesSampling() {
        return role[R_SAMPLING_INTERVAL] >= 0 || role[R_SAMPLER_RANDOM_INTERVAL] >= 0
                || role[R_SAMPLING_PACKET_INTERVAL] >= 0 || role[R_SAMPLING_POPULATION] >= 0;
    }
}
