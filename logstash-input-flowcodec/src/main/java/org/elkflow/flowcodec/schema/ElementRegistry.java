package org.elkflow.flowcodec.schema;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Information elements as data: the IANA IPFIX registry, CERT (PEN 6871) and other vendors' elements, NetFlow
 * v9 vendor field types, and optional user files, all in the same tab-separated form:
 * {@code enterprise <TAB> id <TAB> name <TAB> type [<TAB> semantics]}; {@code enterprise} is a number
 * (0 = IANA) or {@code v9} for a NetFlow v9 field type that has no IANA meaning. Lines starting with
 * {@code #} are comments. Later definitions replace earlier ones, so a user file can rename or retype.
 *
 * <p>Immutable; looked up when a template is compiled, never per record.
 */
public final class ElementRegistry {

    private static final String[] BUILT_IN = {"iana-ipfix.tsv", "iana-ipfix-extra.tsv", "cert-6871.tsv",
            "vendor-elements.tsv"};
    /** RFC 5103 reverse information elements: PEN 29305, same id and type as the forward element. */
    public static final long REVERSE_PEN = 29305;
    private static final long V9 = -1;

    private static volatile ElementRegistry standard;

    private final Map<Long, InformationElement> elements;

    private ElementRegistry(Map<Long, InformationElement> elements) {
        this.elements = elements;
    }

    /** The built-in registry (loaded once). */
    public static ElementRegistry standard() {
        ElementRegistry r = standard;
        if (r == null) {
            synchronized (ElementRegistry.class) {
                r = standard;
                if (r == null) {
                    Map<Long, InformationElement> map = new HashMap<>(2048);
                    for (String resource : BUILT_IN) {
                        try (InputStream in = ElementRegistry.class.getResourceAsStream(resource)) {
                            if (in == null) {
                                throw new IllegalStateException("built-in element registry " + resource + " missing");
                            }
                            load(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)), resource, map);
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    }
                    r = new ElementRegistry(map);
                    standard = r;
                }
            }
        }
        return r;
    }

    /** This registry plus the elements of a user file (same format); errors name the file and line. */
    public ElementRegistry withFile(Path file) throws IOException {
        Map<Long, InformationElement> map = new HashMap<>(elements);
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            load(reader, file.toString(), map);
        }
        return new ElementRegistry(map);
    }

    /** IPFIX lookup; {@code enterprise} 0 for IANA. Unknown elements get an {@code unknown.<pen>.<id>} entry. */
    public InformationElement ipfix(long enterprise, int id) {
        InformationElement e = elements.get(key(enterprise, id));
        if (e != null) {
            return e;
        }
        if (enterprise == REVERSE_PEN) {
            InformationElement forward = elements.get(key(0, id));
            if (forward != null) {
                String name = "reverse" + Character.toUpperCase(forward.name().charAt(0)) + forward.name().substring(1);
                return new InformationElement(REVERSE_PEN, id, name, forward.type(), forward.semantics());
            }
        }
        return InformationElement.unknown(enterprise, id);
    }

    /** NetFlow v9 field type: vendor table first (types outside the IANA range), then IANA ids. */
    public InformationElement netflowV9(int type) {
        InformationElement e = elements.get(key(V9, type));
        if (e != null) {
            return e;
        }
        e = elements.get(key(0, type));
        return e != null ? e : InformationElement.unknown(0, type);
    }

    public int size() {
        return elements.size();
    }

    private static long key(long enterprise, int id) {
        return (enterprise << 16) ^ (id & 0xFFFF) ^ (enterprise == V9 ? 0x7FFF_0000_0000_0000L : 0);
    }

    private static void load(BufferedReader reader, String source, Map<Long, InformationElement> into)
            throws IOException {
        String line;
        int number = 0;
        while ((line = reader.readLine()) != null) {
            number++;
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            String[] cells = trimmed.split("\\s*\t\\s*|\\s*,\\s*");
            if (cells.length < 4) {
                throw new IllegalArgumentException(source + ":" + number
                        + ": expected 'enterprise<TAB>id<TAB>name<TAB>type[<TAB>semantics]' but got '" + line + "'");
            }
            long enterprise;
            int id;
            try {
                enterprise = "v9".equalsIgnoreCase(cells[0]) ? V9 : Long.parseLong(cells[0]);
                id = Integer.parseInt(cells[1]);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(source + ":" + number + ": enterprise and id must be numbers: '"
                        + line + "'");
            }
            if (id < 0 || id > 0xFFFF || (enterprise != V9 && (enterprise < 0 || enterprise > 0xFFFF_FFFFL))
                    || (enterprise != V9 && id > 0x7FFF)) {
                throw new IllegalArgumentException(source + ":" + number + ": id " + id + " or enterprise "
                        + cells[0] + " out of range (IPFIX ids 0-32767, v9 field types 0-65535, PEN 0-4294967295)");
            }
            if (!cells[2].matches("[A-Za-z][A-Za-z0-9_-]*")) {
                throw new IllegalArgumentException(source + ":" + number + ": element name '" + cells[2]
                        + "' must be letters, digits, underscores and dashes");
            }
            ElementType type;
            try {
                type = ElementType.parse(cells[3]);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(source + ":" + number + ": " + e.getMessage());
            }
            String semantics = cells.length > 4 ? cells[4] : "default";
            into.put(key(enterprise, id), new InformationElement(enterprise == V9 ? 0 : enterprise, id, cells[2],
                    type, semantics));
        }
    }
}
