package org.elkflow.infraenrich.inventory;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;

/**
 * YAML: either a top-level list of mappings, or a mapping whose {@code inventory} key holds that list.
 * Each mapping is one row ({@code cidr: 10.1.0.0/16}, {@code site: ams1}, …). Only the node tree is composed
 * (no objects are constructed), so no YAML tag can instantiate anything.
 */
final class YamlInventoryParser implements InventoryParser {

    @Override
    public void parse(String source, String text, RowSink sink) throws InventoryFormatException {
        LoaderOptions options = new LoaderOptions();
        options.setCodePointLimit(Integer.MAX_VALUE);
        options.setMaxAliasesForCollections(50);
        options.setAllowDuplicateKeys(true);
        Node root;
        try {
            root = new Yaml(options).compose(new StringReader(text));
        } catch (MarkedYAMLException e) {
            Mark m = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            String where = m == null ? "" : "line " + (m.getLine() + 1) + ": ";
            throw new InventoryFormatException(where + "invalid YAML: " + e.getProblem(), e);
        } catch (RuntimeException e) {
            throw new InventoryFormatException("invalid YAML: " + e.getMessage(), e);
        }
        if (root == null) {
            return; // empty document: an empty inventory
        }
        SequenceNode list = rowList(root);
        int rows = 0;
        for (Node item : list.getValue()) {
            rows++;
            int line = item.getStartMark().getLine() + 1;
            if (!(item instanceof MappingNode mapping)) {
                sink.bad(line, "expected a mapping (cidr: …, host: …)");
                continue;
            }
            row(mapping, line, sink);
        }
        if (rows > 0 && sink.goodRows() == 0) {
            throw new InventoryFormatException("none of its " + rows + " entries could be read");
        }
    }

    private static SequenceNode rowList(Node root) throws InventoryFormatException {
        if (root instanceof SequenceNode s) {
            return s;
        }
        if (root instanceof MappingNode m) {
            for (NodeTuple t : m.getValue()) {
                if (t.getKeyNode() instanceof ScalarNode k && k.getValue().equals("inventory")
                        && t.getValueNode() instanceof SequenceNode s) {
                    return s;
                }
            }
        }
        throw new InventoryFormatException("line " + (root.getStartMark().getLine() + 1)
                + ": expected a list of entries, or a mapping with an 'inventory' list");
    }

    private static void row(MappingNode mapping, int line, RowSink sink) {
        List<String> names = new ArrayList<>();
        List<String> values = new ArrayList<>();
        for (NodeTuple t : mapping.getValue()) {
            if (!(t.getKeyNode() instanceof ScalarNode key)) {
                sink.bad(line, "keys must be plain scalars");
                return;
            }
            Node v = t.getValueNode();
            if (!(v instanceof ScalarNode value)) {
                sink.bad(line, "attribute '" + key.getValue() + "' is a list or mapping; only plain values are allowed");
                return;
            }
            if (value.getTag().getValue().endsWith(":null") || "~".equals(value.getValue())) {
                continue;
            }
            names.add(RowSink.attributeName(key.getValue()));
            values.add(value.getValue());
        }
        sink.row(line, names, values);
    }
}
