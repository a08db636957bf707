package org.elkflow.infraenrich.filter;

import co.elastic.logstash.api.Event;
import org.elkflow.infraenrich.community.CommunityId;
import org.elkflow.infraenrich.net.IpAddress;

import java.util.Locale;

/** Reads the ECS 5-tuple of a flow event for the Community ID. */
final class FlowTuple {

    private FlowTuple() { }

    /** The Community ID of the event's flow, or null if the tuple is incomplete. */
    static String communityId(Event event, CommunityId hasher) {
        IpAddress src = IpAddress.parse(asString(event.getField("[source][ip]")));
        IpAddress dst = IpAddress.parse(asString(event.getField("[destination][ip]")));
        if (src == null || dst == null || src.isV6() != dst.isV6()) {
            return null;
        }
        int proto = protocol(event);
        if (proto < 0) {
            return null;
        }
        int sport = 0;
        int dport = 0;
        if (proto == CommunityId.ICMP || proto == CommunityId.ICMP6) {
            int type = number(event.getField("[icmp][type]"), 255);
            int code = number(event.getField("[icmp][code]"), 255);
            if (type < 0 || code < 0) {
                // NetFlow convention: destination port = type * 256 + code
                int encoded = number(event.getField("[destination][port]"), 65535);
                if (encoded < 0) {
                    return null;
                }
                type = encoded >>> 8;
                code = encoded & 0xFF;
            }
            sport = type;
            dport = code;
        } else if (CommunityId.usesPorts(proto)) {
            sport = number(event.getField("[source][port]"), 65535);
            dport = number(event.getField("[destination][port]"), 65535);
            if (sport < 0 || dport < 0) {
                return null;
            }
        }
        return hasher.compute(src.bytes(), dst.bytes(), proto, sport, dport);
    }

    private static int protocol(Event event) {
        int n = number(event.getField("[network][iana_number]"), 255);
        if (n >= 0) {
            return n;
        }
        Object t = event.getField("[network][transport]");
        if (!(t instanceof String s)) {
            return -1;
        }
        return switch (s.toLowerCase(Locale.ROOT)) {
            case "tcp" -> CommunityId.TCP;
            case "udp" -> CommunityId.UDP;
            case "icmp" -> CommunityId.ICMP;
            case "ipv6-icmp", "icmpv6", "icmp6" -> CommunityId.ICMP6;
            case "sctp" -> CommunityId.SCTP;
            default -> -1;
        };
    }

    private static String asString(Object o) {
        return o instanceof String s ? s : null;
    }

    /** A whole number 0..max from a Number or numeric String, else -1. */
    private static int number(Object o, int max) {
        long v;
        if (o instanceof Number n) {
            if (o instanceof Double || o instanceof Float) {
                double d = n.doubleValue();
                if (d != Math.rint(d)) {
                    return -1;
                }
            }
            v = n.longValue();
        } else if (o instanceof String s && !s.isEmpty() && s.length() <= 6 && s.chars().allMatch(Character::isDigit)) {
            v = Long.parseLong(s);
        } else {
            return -1;
        }
        return v < 0 || v > max ? -1 : (int) v;
    }
}
