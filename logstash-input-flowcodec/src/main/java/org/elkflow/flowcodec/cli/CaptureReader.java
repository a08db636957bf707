package org.elkflow.flowcodec.cli;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Extracts UDP payloads from classic pcap and pcapng files (Ethernet with VLAN tags, Linux cooked v1/v2, raw
 * IP, BSD loopback), any port, IPv4 and IPv6; the exporter is the IP source. Anything else in a capture is
 * skipped and counted. A file that is neither pcap nor pcapng is taken as one raw datagram.
 */
final class CaptureReader {

    /** One UDP payload with the address it came from (null for raw datagram files). */
    record Datagram(byte[] payload, InetAddress source) {
    }

    private static final int PCAP_MAGIC_US = 0xA1B2C3D4;
    private static final int PCAP_MAGIC_NS = 0xA1B23C4D;
    private static final int PCAPNG_SHB = 0x0A0D0D0A;

    int skippedPackets;
    int fragments;

    List<Datagram> read(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        if (bytes.length >= 4) {
            int magicBig = ByteBuffer.wrap(bytes, 0, 4).order(ByteOrder.BIG_ENDIAN).getInt();
            int magicLittle = ByteBuffer.wrap(bytes, 0, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
            if (magicBig == PCAP_MAGIC_US || magicBig == PCAP_MAGIC_NS) {
                return pcap(bytes, ByteOrder.BIG_ENDIAN);
            }
            if (magicLittle == PCAP_MAGIC_US || magicLittle == PCAP_MAGIC_NS) {
                return pcap(bytes, ByteOrder.LITTLE_ENDIAN);
            }
            if (magicBig == PCAPNG_SHB) {
                return pcapng(bytes);
            }
        }
        List<Datagram> raw = new ArrayList<>(1);
        raw.add(new Datagram(bytes, null));
        return raw;
    }

    private List<Datagram> pcap(byte[] bytes, ByteOrder order) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(bytes).order(order);
        if (bytes.length < 24) {
            throw new IOException("pcap header truncated");
        }
        int linkType = b.getInt(20) & 0x0FFF_FFFF;
        List<Datagram> out = new ArrayList<>();
        int pos = 24;
        while (bytes.length - pos >= 16) {
            int captured = b.getInt(pos + 8);
            if (captured < 0 || captured > bytes.length - pos - 16) {
                throw new IOException("pcap record at offset " + pos + " runs past the end of the file");
            }
            packet(bytes, pos + 16, pos + 16 + captured, linkType, out);
            pos += 16 + captured;
        }
        return out;
    }

    private List<Datagram> pcapng(byte[] bytes) throws IOException {
        List<Datagram> out = new ArrayList<>();
        List<Integer> linkTypes = new ArrayList<>();
        ByteBuffer b = ByteBuffer.wrap(bytes);
        int pos = 0;
        while (bytes.length - pos >= 12) {
            int type;
            if (bytes[pos] == 0x0A && bytes[pos + 1] == 0x0D && bytes[pos + 2] == 0x0D && bytes[pos + 3] == 0x0A) {
                type = PCAPNG_SHB; // the same in both byte orders; its byte-order magic decides the rest
                int bom = ByteBuffer.wrap(bytes).order(ByteOrder.BIG_ENDIAN).getInt(pos + 8);
                b.order(bom == 0x1A2B3C4D ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
                linkTypes.clear();
            } else {
                type = b.getInt(pos);
            }
            int length = b.getInt(pos + 4);
            if (length < 12 || length > bytes.length - pos) {
                throw new IOException("pcapng block at offset " + pos + " has bad length " + length);
            }
            if (type == 1) { // interface description
                linkTypes.add(b.getShort(pos + 8) & 0xFFFF);
            } else if (type == 6 && length >= 28) { // enhanced packet
                int iface = b.getInt(pos + 8);
                int captured = b.getInt(pos + 20);
                if (captured >= 0 && captured <= length - 28 && iface >= 0 && iface < linkTypes.size()) {
                    packet(bytes, pos + 28, pos + 28 + captured, linkTypes.get(iface), out);
                } else {
                    skippedPackets++;
                }
            } else if (type == 3 && length >= 16 && !linkTypes.isEmpty()) { // simple packet
                int captured = Math.min(b.getInt(pos + 8), length - 16);
                packet(bytes, pos + 12, pos + 12 + Math.max(0, captured), linkTypes.get(0), out);
            }
            pos += length;
        }
        return out;
    }

    private void packet(byte[] bytes, int from, int to, int linkType, List<Datagram> out) {
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.BIG_ENDIAN);
        int pos = from;
        int etherType;
        switch (linkType) {
            case 1: // Ethernet
                if (to - pos < 14) {
                    skippedPackets++;
                    return;
                }
                etherType = b.getShort(pos + 12) & 0xFFFF;
                pos += 14;
                while ((etherType == 0x8100 || etherType == 0x88A8) && to - pos >= 4) {
                    etherType = b.getShort(pos + 2) & 0xFFFF;
                    pos += 4;
                }
                break;
            case 113: // Linux cooked v1
                if (to - pos < 16) {
                    skippedPackets++;
                    return;
                }
                etherType = b.getShort(pos + 14) & 0xFFFF;
                pos += 16;
                break;
            case 276: // Linux cooked v2
                if (to - pos < 20) {
                    skippedPackets++;
                    return;
                }
                etherType = b.getShort(pos) & 0xFFFF;
                pos += 20;
                break;
            case 0: // BSD loopback: 4-byte family in host order
            case 108:
                if (to - pos < 5) {
                    skippedPackets++;
                    return;
                }
                pos += 4;
                etherType = (bytes[pos] & 0xF0) == 0x60 ? 0x86DD : 0x0800;
                break;
            case 101: // raw IP
            case 12:
            case 14:
                if (to - pos < 1) {
                    skippedPackets++;
                    return;
                }
                etherType = (bytes[pos] & 0xF0) == 0x60 ? 0x86DD : 0x0800;
                break;
            default:
                skippedPackets++;
                return;
        }
        try {
            if (etherType == 0x0800 && to - pos >= 20) {
                int ihl = (bytes[pos] & 0x0F) * 4;
                int total = b.getShort(pos + 2) & 0xFFFF;
                int flagsFragment = b.getShort(pos + 6) & 0xFFFF;
                int protocol = bytes[pos + 9] & 0xFF;
                if ((flagsFragment & 0x3FFF) != 0) {
                    fragments++; // fragmented datagrams are not reassembled
                    return;
                }
                int end = Math.min(to, pos + Math.max(total, ihl));
                if (protocol == 17 && ihl >= 20) {
                    byte[] src = new byte[4];
                    System.arraycopy(bytes, pos + 12, src, 0, 4);
                    udp(bytes, pos + ihl, end, src, out);
                    return;
                }
            } else if (etherType == 0x86DD && to - pos >= 40) {
                int next = bytes[pos + 6] & 0xFF;
                int payloadLen = b.getShort(pos + 4) & 0xFFFF;
                byte[] src = new byte[16];
                System.arraycopy(bytes, pos + 8, src, 0, 16);
                int end = Math.min(to, pos + 40 + payloadLen);
                int at = pos + 40;
                // Skip hop-by-hop, routing and destination options headers.
                while ((next == 0 || next == 43 || next == 60) && end - at >= 8) {
                    next = bytes[at] & 0xFF;
                    at += 8 + (bytes[at + 1] & 0xFF) * 8;
                }
                if (next == 44) {
                    fragments++;
                    return;
                }
                if (next == 17) {
                    udp(bytes, at, end, src, out);
                    return;
                }
            }
        } catch (IndexOutOfBoundsException e) {
            // truncated packet
        }
        skippedPackets++;
    }

    private void udp(byte[] bytes, int from, int end, byte[] src, List<Datagram> out) {
        if (end - from < 8) {
            skippedPackets++;
            return;
        }
        int length = ((bytes[from + 4] & 0xFF) << 8) | (bytes[from + 5] & 0xFF);
        int payloadEnd = length >= 8 ? Math.min(end, from + length) : end;
        byte[] payload = new byte[payloadEnd - from - 8];
        System.arraycopy(bytes, from + 8, payload, 0, payload.length);
        try {
            out.add(new Datagram(payload, InetAddress.getByAddress(src)));
        } catch (UnknownHostException e) {
            skippedPackets++;
        }
    }
}
