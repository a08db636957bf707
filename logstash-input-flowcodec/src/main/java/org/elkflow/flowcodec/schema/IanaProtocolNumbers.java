package org.elkflow.flowcodec.schema;

/**
 * IANA "Assigned Internet Protocol Numbers": the lower-case keyword ECS expects in
 * {@code network.transport}, and the number as a string for {@code network.iana_number}. Both are
 * precomputed for all 256 values so the mapping path does not allocate.
 */
public final class IanaProtocolNumbers {

    private static final String[] NUMBERS = new String[256];
    private static final String[] NAMES = new String[256];

    static {
        for (int i = 0; i < 256; i++) {
            NUMBERS[i] = Integer.toString(i);
            NAMES[i] = NUMBERS[i];
        }
        name(0, "hopopt");
        name(1, "icmp");
        name(2, "igmp");
        name(3, "ggp");
        name(4, "ipv4");
        name(5, "st");
        name(6, "tcp");
        name(7, "cbt");
        name(8, "egp");
        name(9, "igp");
        name(17, "udp");
        name(27, "rdp");
        name(29, "iso-tp4");
        name(33, "dccp");
        name(41, "ipv6");
        name(43, "ipv6-route");
        name(44, "ipv6-frag");
        name(46, "rsvp");
        name(47, "gre");
        name(50, "esp");
        name(51, "ah");
        name(58, "ipv6-icmp");
        name(59, "ipv6-nonxt");
        name(60, "ipv6-opts");
        name(88, "eigrp");
        name(89, "ospfigp");
        name(94, "ipip");
        name(97, "etherip");
        name(98, "encap");
        name(103, "pim");
        name(108, "ipcomp");
        name(112, "vrrp");
        name(115, "l2tp");
        name(132, "sctp");
        name(136, "udplite");
        name(137, "mpls-in-ip");
        name(142, "rohc");
        name(143, "ethernet");
    }

    private IanaProtocolNumbers() {
    }

    private static void name(int number, String keyword) {
        NAMES[number] = keyword;
    }

    /** Lower-case IANA keyword ({@code "tcp"}, {@code "ipv6-icmp"}), or the number as text when unnamed. */
    public static String transportName(int protocol) {
        return NAMES[protocol & 0xFF];
    }

    /** The protocol number as text ({@code "6"}). */
    public static String number(int protocol) {
        return NUMBERS[protocol & 0xFF];
    }
}
