package org.elkflow.infraenrich.inventory;

import java.util.ArrayList;
import java.util.List;

/**
 * CSV (RFC 4180: comma separated, double-quoted fields may hold commas, quotes as "" and line breaks).
 * The first record is the header and must name an address column (cidr, ip, network or prefix).
 * Blank lines and lines starting with '#' are skipped.
 */
final class CsvInventoryParser implements InventoryParser {

    @Override
    public void parse(String source, String text, RowSink sink) throws InventoryFormatException {
        Records records = new Records(text);
        List<String> header = null;
        int rows = 0;
        while (records.next()) {
            List<String> fields = records.fields;
            if (header == null) {
                if (records.error != null) {
                    throw new InventoryFormatException("line " + records.line + ": bad header: " + records.error);
                }
                header = new ArrayList<>(fields.size());
                boolean hasAddress = false;
                for (String f : fields) {
                    String name = RowSink.attributeName(f);
                    hasAddress |= RowSink.isAddressColumn(name);
                    header.add(name);
                }
                if (!hasAddress) {
                    throw new InventoryFormatException("line " + records.line + ": the header " + fields
                            + " has no address column (one of " + RowSink.ADDRESS_COLUMNS + ")");
                }
                continue;
            }
            rows++;
            if (records.error != null) {
                sink.bad(records.line, records.error);
            } else if (fields.size() != header.size()) {
                sink.bad(records.line, "expected " + header.size() + " fields as in the header, found "
                        + fields.size());
            } else {
                sink.row(records.line, header, fields);
            }
        }
        if (header == null) {
            throw new InventoryFormatException("no header line (an empty CSV inventory must still have one)");
        }
        if (rows > 0 && sink.goodRows() == 0) {
            throw new InventoryFormatException("none of its " + rows + " rows could be read");
        }
    }

    /** Reads one CSV record at a time, remembering the line it started on. */
    private static final class Records {
        private final String text;
        private int pos;
        private int currentLine = 1;
        int line;
        List<String> fields;
        String error;

        Records(String text) {
            this.text = text;
            if (text.startsWith("\uFEFF")) {
                pos = 1;
            }
        }

        boolean next() {
            // skip blank and comment lines
            while (pos < text.length()) {
                char c = text.charAt(pos);
                if (c == '\n') {
                    pos++;
                    currentLine++;
                } else if (c == '\r') {
                    pos++;
                } else if (c == '#') {
                    while (pos < text.length() && text.charAt(pos) != '\n') {
                        pos++;
                    }
                } else if (isBlankLine()) {
                    while (pos < text.length() && text.charAt(pos) != '\n') {
                        pos++;
                    }
                } else {
                    break;
                }
            }
            if (pos >= text.length()) {
                return false;
            }
            line = currentLine;
            fields = new ArrayList<>();
            error = null;
            StringBuilder field = new StringBuilder();
            boolean quoted = false;
            boolean fieldWasQuoted = false;
            while (pos < text.length()) {
                char c = text.charAt(pos++);
                if (quoted) {
                    if (c == '"') {
                        if (pos < text.length() && text.charAt(pos) == '"') {
                            field.append('"');
                            pos++;
                        } else {
                            quoted = false;
                        }
                    } else {
                        if (c == '\n') {
                            currentLine++;
                        }
                        field.append(c);
                    }
                } else if (c == ',') {
                    fields.add(field.toString());
                    field.setLength(0);
                    fieldWasQuoted = false;
                } else if (c == '\n') {
                    currentLine++;
                    fields.add(field.toString());
                    return true;
                } else if (c == '\r') {
                    continue;
                } else if (c == '"' && field.toString().isBlank() && !fieldWasQuoted) {
                    field.setLength(0);
                    quoted = true;
                    fieldWasQuoted = true;
                } else if (c == '"') {
                    if (error == null) {
                        error = "stray double quote in field " + (fields.size() + 1);
                    }
                    field.append(c);
                } else {
                    field.append(c);
                }
            }
            if (quoted) {
                error = "unterminated quoted field " + (fields.size() + 1);
            }
            fields.add(field.toString());
            return true;
        }

        private boolean isBlankLine() {
            for (int i = pos; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c == '\n') {
                    return true;
                }
                if (c != ' ' && c != '\t' && c != '\r') {
                    return false;
                }
            }
            return true;
        }
    }
}
