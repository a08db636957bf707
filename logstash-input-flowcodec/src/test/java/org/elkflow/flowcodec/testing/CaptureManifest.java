package org.elkflow.flowcodec.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/** {@code flow-captures/MANIFEST.tsv} and the {@code index.tsv} files of extracted pcap payloads. */
public final class CaptureManifest {

    public static final String CAPTURES = "flow-captures/";

    private CaptureManifest() {
    }

    /** One manifest row, columns looked up by the names in the header line. */
    public static final class Row {
        private final Map<String, String> columns;

        Row(Map<String, String> columns) {
            this.columns = columns;
        }

        public String get(String column) {
            String value = columns.get(column);
            if (value == null) {
                throw new IllegalArgumentException("MANIFEST.tsv has no column " + column + ": " + columns.keySet());
            }
            return value;
        }

        public String path() {
            return get("path");
        }

        public String protocol() {
            return get("protocol");
        }

        /** The protocols of a row: {@code netflow5+netflow9} → both. */
        public List<String> protocols() {
            return List.of(protocol().split("\\+"));
        }

        public boolean isMixed() {
            return protocols().size() > 1;
        }

        /** Empty for {@code n/a} (malformed input where only "no crash" is expected). */
        public OptionalInt expectedRecords() {
            String value = get("expected_records");
            return "n/a".equals(value) ? OptionalInt.empty() : OptionalInt.of(Integer.parseInt(value));
        }

        /** Number of datagrams in the file; 0 when the column is blank (fragments). */
        public int datagrams() {
            String value = get("datagrams");
            return value.isBlank() ? 0 : Integer.parseInt(value);
        }

        /** Folder of extracted payloads relative to flow-captures, or empty for raw {@code .dat} files. */
        public String payloadsDir() {
            return get("payloads_dir");
        }

        public boolean isPcap() {
            return !payloadsDir().isBlank();
        }

        @Override
        public String toString() {
            return path();
        }
    }

    /** One line of a payload folder's {@code index.tsv}; {@code file} is relative to flow-captures. */
    public record Payload(String file, InetAddress exporter, int bytes, String first4Hex) {

        /** The leading 16-bit version field, from the index (not from the payload). */
        public int version() {
            return Integer.parseInt(first4Hex.substring(0, 4), 16);
        }

        /** For NetFlow v5/v9 the second 16-bit field is the record / flowset count. */
        public int secondShort() {
            return Integer.parseInt(first4Hex.substring(4, 8), 16);
        }
    }

    public static List<Row> rows() {
        List<String> lines = lines(SharedData.path(CAPTURES + "MANIFEST.tsv"));
        String[] header = lines.get(0).split("\t", -1);
        List<Row> rows = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            if (line.isBlank()) {
                continue;
            }
            String[] cells = line.split("\t", -1);
            if (cells.length != header.length) {
                throw new IllegalStateException("MANIFEST.tsv row has " + cells.length + " cells, header has "
                        + header.length + ": " + line);
            }
            Map<String, String> columns = new HashMap<>();
            for (int i = 0; i < header.length; i++) {
                columns.put(header[i], cells[i]);
            }
            rows.add(new Row(columns));
        }
        return rows;
    }

    /** Rows whose protocol column names {@code protocol}, alone or mixed with another. */
    public static List<Row> rowsWithProtocol(String protocol) {
        List<Row> matching = new ArrayList<>();
        for (Row row : rows()) {
            if (row.protocols().contains(protocol)) {
                matching.add(row);
            }
        }
        return matching;
    }

    /** The payloads of a pcap row in index order. */
    public static List<Payload> payloads(Row row) {
        String dir = row.payloadsDir().endsWith("/") ? row.payloadsDir() : row.payloadsDir() + "/";
        List<String> lines = lines(SharedData.path(CAPTURES + dir + "index.tsv"));
        String[] header = lines.get(0).split("\t", -1);
        int file = column(header, "index");
        int src = column(header, "src");
        int bytes = column(header, "bytes");
        int first4 = column(header, "first4_hex");
        List<Payload> payloads = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            if (line.isBlank()) {
                continue;
            }
            String[] cells = line.split("\t", -1);
            payloads.add(new Payload(dir + cells[file], address(cells[src]),
                    Integer.parseInt(cells[bytes]), cells[first4]));
        }
        return payloads;
    }

    private static int column(String[] header, String name) {
        for (int i = 0; i < header.length; i++) {
            if (header[i].equals(name)) {
                return i;
            }
        }
        throw new IllegalStateException("index.tsv has no column " + name);
    }

    private static InetAddress address(String literal) {
        try {
            // A literal address: no name lookup happens.
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("not an address literal: " + literal, e);
        }
    }

    private static List<String> lines(Path path) {
        try {
            return Files.readAllLines(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path, e);
        }
    }
}
