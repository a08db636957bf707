package org.elkflow.infraenrich.net;

/**
 * A network prefix: an address with its host bits cleared and a prefix length (0–32 or 0–128).
 * A bare address is a /32 or /128; IPv4-mapped IPv6 prefixes (::ffff:a.b.c.d/(96+n)) become IPv4 /n.
 */
public record Cidr(IpAddress network, int prefixLength) {

    /** Parses "a.b.c.d", "a.b.c.d/n", "x:y::z" or "x:y::/n"; host bits are cleared. */
    public static Cidr parse(String text) {
        String s = text.trim();
        int slash = s.indexOf('/');
        String addressPart = slash < 0 ? s : s.substring(0, slash);
        IpAddress address = IpAddress.parse(addressPart);
        if (address == null) {
            throw new IllegalArgumentException("not an IP address or CIDR: '" + text + "'");
        }
        int length = address.width();
        if (slash >= 0) {
            String lengthText = s.substring(slash + 1);
            if (lengthText.isEmpty() || lengthText.length() > 3 || !lengthText.chars().allMatch(Character::isDigit)) {
                throw new IllegalArgumentException("bad prefix length in '" + text + "'");
            }
            length = Integer.parseInt(lengthText);
            if (length > address.width()) {
                throw new IllegalArgumentException("prefix length " + length + " exceeds " + address.width()
                        + " in '" + text + "'");
            }
        }
        IpAddress unmapped = address.unmapped();
        if (unmapped != address && length >= 96) {
            address = unmapped;
            length -= 96;
        }
        return of(address, length);
    }

    public static Cidr of(IpAddress address, int length) {
        return new Cidr(mask(address, length), length);
    }

    public static IpAddress mask(IpAddress a, int length) {
        if (!a.isV6()) {
            long m = length == 0 ? 0L : (0xFFFF_FFFFL << (32 - length)) & 0xFFFF_FFFFL;
            return IpAddress.ofV4((int) (a.lo() & m));
        }
        return IpAddress.ofV6(a.hi() & maskHi(length), a.lo() & maskLo(length));
    }

    public static long maskHi(int length) {
        if (length >= 64) {
            return -1L;
        }
        return length == 0 ? 0L : -1L << (64 - length);
    }

    public static long maskLo(int length) {
        if (length <= 64) {
            return 0L;
        }
        return length == 128 ? -1L : -1L << (128 - length);
    }

    @Override
    public String toString() {
        return network + "/" + prefixLength;
    }
}
