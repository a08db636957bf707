package org.elkflow.flowcodec.testing;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;

/** Builds NetFlow v9 / IPFIX datagrams for tests: header, then sets added in order. */
public final class TemplateDatagramBuilder {

    private final int version;
    private final ByteArrayOutputStream sets = new ByteArrayOutputStream();
    private long exportSeconds = 1_700_000_000L;
    private long sysUptime = 100_000L;
    private long domain;

    private TemplateDatagramBuilder(int version) {
        this.version = version;
    }

    public static TemplateDatagramBuilder v9() {
        return new TemplateDatagramBuilder(9);
    }

    public static TemplateDatagramBuilder ipfix() {
        return new TemplateDatagramBuilder(10);
    }

    public TemplateDatagramBuilder exportSeconds(long seconds) {
        this.exportSeconds = seconds;
        return this;
    }

    public TemplateDatagramBuilder sysUptime(long millis) {
        this.sysUptime = millis;
        return this;
    }

    public TemplateDatagramBuilder domain(long domain) {
        this.domain = domain;
        return this;
    }

    /** A set with the given id whose body is {@code body} (the set header is added). */
    public TemplateDatagramBuilder set(int id, byte[] body) {
        ByteBuffer b = ByteBuffer.allocate(4 + body.length);
        b.putShort((short) id).putShort((short) (4 + body.length)).put(body);
        sets.writeBytes(b.array());
        return this;
    }

    /** A template set holding one template; {@code fields} are (id, length) or (id|0x8000, length, pen) triples. */
    public TemplateDatagramBuilder template(int templateId, int[]... fields) {
        return set(version == 9 ? 0 : 2, templateBody(templateId, fields));
    }

    public static byte[] templateBody(int templateId, int[]... fields) {
        ByteBuffer b = ByteBuffer.allocate(4 + fields.length * 8);
        b.putShort((short) templateId).putShort((short) fields.length);
        for (int[] f : fields) {
            b.putShort((short) f[0]).putShort((short) f[1]);
            if (f.length > 2) {
                b.putInt(f[2]);
            }
        }
        return java.util.Arrays.copyOf(b.array(), b.position());
    }

    public TemplateDatagramBuilder data(int templateId, byte[] records) {
        return set(templateId, records);
    }

    public byte[] bytes() {
        byte[] body = sets.toByteArray();
        int headerLength = version == 9 ? 20 : 16;
        ByteBuffer b = ByteBuffer.allocate(headerLength + body.length);
        b.putShort((short) version);
        if (version == 9) {
            b.putShort((short) 1).putInt((int) sysUptime).putInt((int) exportSeconds).putInt(1).putInt((int) domain);
        } else {
            b.putShort((short) (headerLength + body.length)).putInt((int) exportSeconds).putInt(1).putInt((int) domain);
        }
        b.put(body);
        return b.array();
    }

    /** Big-endian bytes of several values: each {@code long} written in {@code widths[i]} bytes. */
    public static byte[] values(int[] widths, long... values) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < values.length; i++) {
            for (int shift = (widths[i] - 1) * 8; shift >= 0; shift -= 8) {
                out.write((int) (values[i] >>> shift));
            }
        }
        return out.toByteArray();
    }
}
