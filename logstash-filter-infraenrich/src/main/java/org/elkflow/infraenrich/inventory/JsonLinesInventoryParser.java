package org.elkflow.infraenrich.inventory;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * One JSON object per line: {"cidr":"10.1.0.0/16","site":"ams1",…}. Strings, numbers and booleans become
 * attribute values; null is ignored; nested objects or arrays make the row bad. Blank lines and lines
 * starting with '#' are skipped.
 */
final class JsonLinesInventoryParser implements InventoryParser {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Override
    public void parse(String source, String text, RowSink sink) throws InventoryFormatException {
        int lineNo = 0;
        int rows = 0;
        int start = text.startsWith("\uFEFF") ? 1 : 0;
        while (start <= text.length()) {
            int end = text.indexOf('\n', start);
            if (end < 0) {
                end = text.length();
            }
            lineNo++;
            String line = text.substring(start, end).trim();
            start = end + 1;
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            rows++;
            row(line, lineNo, sink);
        }
        if (rows > 0 && sink.goodRows() == 0) {
            throw new InventoryFormatException("none of its " + rows + " lines is a usable JSON inventory row");
        }
    }

    private static void row(String line, int lineNo, RowSink sink) {
        JsonNode node;
        try {
            node = MAPPER.readTree(line);
        } catch (JsonProcessingException e) {
            sink.bad(lineNo, "not JSON: " + e.getOriginalMessage());
            return;
        }
        if (node == null || !node.isObject()) {
            sink.bad(lineNo, "expected a JSON object");
            return;
        }
        List<String> names = new ArrayList<>(node.size());
        List<String> values = new ArrayList<>(node.size());
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode v = e.getValue();
            if (v.isNull()) {
                continue;
            }
            if (!v.isValueNode()) {
                sink.bad(lineNo, "attribute '" + e.getKey() + "' is an object or array; only plain values are allowed");
                return;
            }
            names.add(RowSink.attributeName(e.getKey()));
            values.add(v.asText());
        }
        sink.row(lineNo, names, values);
    }
}
