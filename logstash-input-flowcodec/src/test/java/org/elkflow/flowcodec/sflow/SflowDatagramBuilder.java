package org.elkflow.flowcodec.sflow;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Writes sFlow v5 datagrams for tests, field by field as the specification lays them out (XDR, big-endian). */
final class SflowDatagramBuilder {

    /** A growable big-endian byte sink. */
    static final class Xdr {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Xdr u32(long v) {
            out.write((int) (v >>> 24));
            out.write((int) (v >>> 16));
            out.write((int) (v >>> 8));
            out.write((int) v);
            return this;
        }

        Xdr u64(long v) {
            return u32(v >>> 32).u32(v);
        }

        Xdr bytes(byte... b) {
            out.write(b, 0, b.length);
            return this;
        }

        /** Opaque with a length word and padding to four bytes. */
        Xdr opaque(byte[] b) {
            u32(b.length).bytes(b);
            for (int i = b.length; (i & 3) != 0; i++) {
                out.write(0);
            }
            return this;
        }

        Xdr string(String s) {
            return opaque(s.getBytes(StandardCharsets.UTF_8));
        }

        Xdr ipv4(int a, int b, int c, int d) {
            return u32(1).bytes((byte) a, (byte) b, (byte) c, (byte) d);
        }

        byte[] toBytes() {
            return out.toByteArray();
        }
    }

    /** A sample or record: format word (enterprise << 12 | format) and body, written with its length. */
    record Framed(long format, byte[] body) {
        void writeTo(Xdr x) {
            x.u32(format).u32(body.length).bytes(body);
        }
    }

    private byte[] agent = new Xdr().ipv4(192, 0, 2, 1).toBytes();
    private long subAgent = 0;
    private long sequence = 1;
    private long uptime = 1000;
    private final List<Framed> samples = new ArrayList<>();

    SflowDatagramBuilder agentIpv6(byte[] address) {
        agent = new Xdr().u32(2).bytes(address).toBytes();
        return this;
    }

    SflowDatagramBuilder sequence(long s) {
        sequence = s;
        return this;
    }

    SflowDatagramBuilder sample(long format, byte[] body) {
        samples.add(new Framed(format, body));
        return this;
    }

    /** Compact flow sample (format 1) with the given records. */
    SflowDatagramBuilder flowSample(long rate, long input, long output, Framed... records) {
        Xdr x = new Xdr().u32(7).u32(3).u32(rate).u32(rate * 10).u32(0).u32(input).u32(output).u32(records.length);
        for (Framed r : records) {
            r.writeTo(x);
        }
        return sample(1, x.toBytes());
    }

    /** Compact counter sample (format 2) with the given records. */
    SflowDatagramBuilder counterSample(long ifIndex, Framed... records) {
        Xdr x = new Xdr().u32(9).u32(ifIndex).u32(records.length);
        for (Framed r : records) {
            r.writeTo(x);
        }
        return sample(2, x.toBytes());
    }

    static Framed rawHeader(int protocol, long frameLength, byte[] header) {
        return new Framed(1, new Xdr().u32(protocol).u32(frameLength).u32(4).opaque(header).toBytes());
    }

    static Framed record(long format, byte[] body) {
        return new Framed(format, body);
    }

    byte[] build() {
        Xdr x = new Xdr().u32(5).bytes(agent).u32(subAgent).u32(sequence).u32(uptime).u32(samples.size());
        for (Framed s : samples) {
            s.writeTo(x);
        }
        return x.toBytes();
    }

    /** An Ethernet + IPv4 + TCP header of a SYN from 10.0.0.1:1234 to 10.0.0.2:80. */
    static byte[] ethernetIpv4Tcp() {
        return new Xdr()
                .bytes(hex("020000000002 020000000001 0800"))
                .bytes(hex("45000028 00010000 4006 0000 0a000001 0a000002"))
                .bytes(hex("04d2 0050 00000001 00000000 5002 2000 0000 0000"))
                .toBytes();
    }

    static byte[] hex(String text) {
        String s = text.replace(" ", "");
        byte[] out = new byte[s.length() / 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) Integer.parseInt(s.substring(2 * i, 2 * i + 2), 16);
        }
        return out;
    }
}
