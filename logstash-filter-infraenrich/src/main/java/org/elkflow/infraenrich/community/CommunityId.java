package org.elkflow.infraenrich.community;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;

/**
 * Community ID flow hashing, version 1 (https://github.com/corelight/community-id-spec):
 * "1:" + base64(SHA-1(seed ‖ addr_a ‖ addr_b ‖ proto ‖ 0 ‖ port_a ‖ port_b)) where the endpoint pair is
 * put in canonical order (smaller address first, then smaller port), seed and ports are big-endian 16-bit,
 * and ICMP/ICMPv6 type and code stand in for the ports. Thread-safe.
 */
public final class CommunityId {

    public static final int ICMP = 1;
    public static final int TCP = 6;
    public static final int UDP = 17;
    public static final int ICMP6 = 58;
    public static final int SCTP = 132;

    private final int seed;

    public CommunityId(int seed) {
        if (seed < 0 || seed > 0xFFFF) {
            throw new IllegalArgumentException("community id seed must be 0..65535, got " + seed);
        }
        this.seed = seed;
    }

    /** True if the protocol hashes ports (or ICMP type/code); other protocols hash addresses only. */
    public static boolean usesPorts(int protocol) {
        return protocol == TCP || protocol == UDP || protocol == SCTP || protocol == ICMP || protocol == ICMP6;
    }

    /**
     * Computes the ID. For TCP/UDP/SCTP sport/dport are the ports; for ICMP/ICMPv6 they are the message
     * type and code; for other protocols they are ignored.
     *
     * @param src 4 or 16 bytes
     * @param dst same length as src
     */
    public String compute(byte[] src, byte[] dst, int protocol, int sport, int dport) {
        if (src.length != dst.length || (src.length != 4 && src.length != 16)) {
            throw new IllegalArgumentException("addresses must both be IPv4 or both IPv6");
        }
        if (protocol < 0 || protocol > 255) {
            throw new IllegalArgumentException("protocol out of range: " + protocol);
        }
        boolean ports = usesPorts(protocol);
        boolean oneWay = false;
        if (protocol == ICMP || protocol == ICMP6) {
            int type = sport;
            int counterpart = protocol == ICMP ? icmpCounterpart(type) : icmp6Counterpart(type);
            if (counterpart >= 0) {
                sport = type;
                dport = counterpart;
            } else {
                oneWay = true; // type and code as they are, never reordered
            }
        }
        byte[] a = src;
        byte[] b = dst;
        int pa = sport;
        int pb = dport;
        if (!oneWay) {
            int cmp = Arrays.compareUnsigned(src, dst);
            if (cmp > 0 || (cmp == 0 && ports && sport > dport)) {
                a = dst;
                b = src;
                pa = dport;
                pb = sport;
            }
        }
        MessageDigest sha1 = SHA1.get();
        sha1.reset();
        sha1.update((byte) (seed >>> 8));
        sha1.update((byte) seed);
        sha1.update(a);
        sha1.update(b);
        sha1.update((byte) protocol);
        sha1.update((byte) 0);
        if (ports) {
            sha1.update((byte) (pa >>> 8));
            sha1.update((byte) pa);
            sha1.update((byte) (pb >>> 8));
            sha1.update((byte) pb);
        }
        return "1:" + Base64.getEncoder().encodeToString(sha1.digest());
    }

    private static int icmpCounterpart(int type) {
        return switch (type) {
            case 8 -> 0;     // echo request → echo reply
            case 0 -> 8;
            case 13 -> 14;   // timestamp
            case 14 -> 13;
            case 15 -> 16;   // information
            case 16 -> 15;
            case 10 -> 9;    // router solicitation / advertisement
            case 9 -> 10;
            case 17 -> 18;   // address mask
            case 18 -> 17;
            default -> -1;
        };
    }

    private static int icmp6Counterpart(int type) {
        return switch (type) {
            case 128 -> 129; // echo
            case 129 -> 128;
            case 130 -> 131; // multicast listener query / report
            case 131 -> 130;
            case 133 -> 134; // router solicitation / advertisement
            case 134 -> 133;
            case 135 -> 136; // neighbor solicitation / advertisement
            case 136 -> 135;
            case 139 -> 140; // node information query / response
            case 140 -> 139;
            case 144 -> 145; // home agent address discovery
            case 145 -> 144;
            default -> -1;
        };
    }

    /** MessageDigest.getInstance costs a provider lookup; one digest per thread is reused instead. */
    private static final ThreadLocal<MessageDigest> SHA1 = ThreadLocal.withInitial(CommunityId::sha1);

    private static MessageDigest sha1() {
        try {
            return MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
