package org.elkflow.infraenrich.net;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * An IPv4 or IPv6 address held as two longs (IPv4 in the low 32 bits of {@link #lo()}).
 * Parsing never touches DNS: anything that is not an address literal is rejected.
 */
public final class IpAddress {

    private final boolean v6;
    private final long hi;
    private final long lo;

    private IpAddress(boolean v6, long hi, long lo) {
        this.v6 = v6;
        this.hi = hi;
        this.lo = lo;
    }

    public static IpAddress ofV4(int bits) {
        return new IpAddress(false, 0L, bits & 0xFFFF_FFFFL);
    }

    public static IpAddress ofV6(long hi, long lo) {
        return new IpAddress(true, hi, lo);
    }

    public boolean isV6() {
        return v6;
    }

    /** Bit width of the family: 32 or 128. */
    public int width() {
        return v6 ? 128 : 32;
    }

    public long hi() {
        return hi;
    }

    public long lo() {
        return lo;
    }

    /** {@code ::ffff:a.b.c.d} becomes {@code a.b.c.d}; every other address is returned as is. */
    public IpAddress unmapped() {
        if (v6 && hi == 0L && (lo >>> 32) == 0xFFFFL) {
            return ofV4((int) lo);
        }
        return this;
    }

    public byte[] bytes() {
        if (!v6) {
            int a = (int) lo;
            return new byte[] {(byte) (a >>> 24), (byte) (a >>> 16), (byte) (a >>> 8), (byte) a};
        }
        byte[] b = new byte[16];
        for (int i = 0; i < 8; i++) {
            b[i] = (byte) (hi >>> (56 - 8 * i));
            b[8 + i] = (byte) (lo >>> (56 - 8 * i));
        }
        return b;
    }

    public InetAddress toInetAddress() {
        try {
            return InetAddress.getByAddress(bytes());
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e); // cannot happen for 4 or 16 bytes
        }
    }

    /**
     * Private (RFC 1918, fc00::/7), loopback, link-local, unspecified, and for IPv6 also the IPv4-mapped
     * forms of those: addresses that public GeoIP/ASN databases never describe.
     */
    public boolean isNonPublic() {
        IpAddress a = unmapped();
        if (!a.v6) {
            long x = a.lo;
            int first = (int) (x >>> 24);
            int second = (int) ((x >>> 16) & 0xFF);
            return first == 10 || first == 127 || first == 0
                    || (first == 172 && second >= 16 && second <= 31)
                    || (first == 192 && second == 168)
                    || (first == 169 && second == 254);
        }
        if (a.hi == 0L && (a.lo == 0L || a.lo == 1L)) {
            return true; // :: and ::1
        }
        int top16 = (int) (a.hi >>> 48);
        return (top16 & 0xFE00) == 0xFC00 // fc00::/7 unique local
                || (top16 & 0xFFC0) == 0xFE80; // fe80::/10 link-local
    }

    /** Parses an IPv4 or IPv6 literal (an IPv6 zone suffix "%eth0" is ignored); null if it is not one. */
    public static IpAddress parse(String s) {
        if (s == null) {
            return null;
        }
        int len = s.length();
        if (len == 0 || len > 64) {
            return null;
        }
        if (s.indexOf(':') < 0) {
            long v4 = parseV4(s, 0, len);
            return v4 < 0 ? null : ofV4((int) v4);
        }
        int pct = s.indexOf('%');
        if (pct >= 0) {
            len = pct;
        }
        return parseV6(s, len);
    }

    /** Parses a dotted quad in s[from, to); returns -1 if invalid. */
    static long parseV4(String s, int from, int to) {
        long result = 0;
        int octets = 0;
        int i = from;
        while (true) {
            int start = i;
            int value = 0;
            while (i < to) {
                char c = s.charAt(i);
                if (c < '0' || c > '9') {
                    break;
                }
                value = value * 10 + (c - '0');
                i++;
                if (i - start > 3) {
                    return -1;
                }
            }
            if (i == start || value > 255) {
                return -1;
            }
            if (i - start > 1 && s.charAt(start) == '0') {
                return -1; // leading zeros are ambiguous (octal in some parsers)
            }
            result = (result << 8) | value;
            octets++;
            if (octets == 4) {
                return i == to ? result : -1;
            }
            if (i >= to || s.charAt(i) != '.') {
                return -1;
            }
            i++;
        }
    }

    private static IpAddress parseV6(String s, int len) {
        int[] groups = new int[8];
        int count = 0;
        int doubleColonAt = -1;
        int i = 0;
        if (len >= 2 && s.charAt(0) == ':') {
            if (s.charAt(1) != ':') {
                return null;
            }
            doubleColonAt = 0;
            i = 2;
            if (len == 2) {
                return ofV6(0L, 0L);
            }
        }
        while (i < len) {
            if (count == 8) {
                return null;
            }
            int start = i;
            int value = 0;
            while (i < len && i - start <= 4) {
                int d = Character.digit(s.charAt(i), 16);
                if (d < 0) {
                    break;
                }
                value = (value << 4) | d;
                i++;
            }
            if (i < len && s.charAt(i) == '.') {
                // embedded IPv4 in the last 32 bits
                if (count > 6) {
                    return null;
                }
                long v4 = parseV4(s, start, len);
                if (v4 < 0) {
                    return null;
                }
                groups[count++] = (int) (v4 >>> 16);
                groups[count++] = (int) (v4 & 0xFFFF);
                i = len;
                break;
            }
            if (i == start || i - start > 4) {
                return null;
            }
            groups[count++] = value;
            if (i == len) {
                break;
            }
            if (s.charAt(i) != ':') {
                return null;
            }
            i++;
            if (i < len && s.charAt(i) == ':') {
                if (doubleColonAt >= 0) {
                    return null;
                }
                doubleColonAt = count;
                i++;
            } else if (i == len) {
                return null; // trailing single colon
            }
        }
        if (doubleColonAt >= 0) {
            if (count == 8) {
                return null;
            }
            int shift = 8 - count;
            for (int g = count - 1; g >= doubleColonAt; g--) {
                groups[g + shift] = groups[g];
            }
            for (int g = doubleColonAt; g < doubleColonAt + shift; g++) {
                groups[g] = 0;
            }
        } else if (count != 8) {
            return null;
        }
        long hi = 0;
        long lo = 0;
        for (int g = 0; g < 4; g++) {
            hi = (hi << 16) | groups[g];
            lo = (lo << 16) | groups[g + 4];
        }
        return ofV6(hi, lo);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IpAddress a && a.v6 == v6 && a.hi == hi && a.lo == lo;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(hi * 31 + lo) ^ (v6 ? 1 : 0);
    }

    /** Dotted quad, or RFC 5952 text for IPv6 (lower case, longest run of two or more zero groups as "::"). */
    @Override
    public String toString() {
        if (!v6) {
            int a = (int) lo;
            return (a >>> 24) + "." + ((a >>> 16) & 0xFF) + "." + ((a >>> 8) & 0xFF) + "." + (a & 0xFF);
        }
        int[] g = new int[8];
        for (int i = 0; i < 4; i++) {
            g[i] = (int) (hi >>> (48 - 16 * i)) & 0xFFFF;
            g[i + 4] = (int) (lo >>> (48 - 16 * i)) & 0xFFFF;
        }
        int bestStart = -1;
        int bestLen = 1;
        for (int i = 0; i < 8; ) {
            if (g[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && g[j] == 0) {
                j++;
            }
            if (j - i > bestLen) {
                bestStart = i;
                bestLen = j - i;
            }
            i = j;
        }
        StringBuilder b = new StringBuilder(39);
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                b.append("::");
                i += bestLen - 1;
                continue;
            }
            if (b.length() > 0 && b.charAt(b.length() - 1) != ':') {
                b.append(':');
            }
            b.append(Integer.toHexString(g[i]));
        }
        return b.toString();
    }
}
