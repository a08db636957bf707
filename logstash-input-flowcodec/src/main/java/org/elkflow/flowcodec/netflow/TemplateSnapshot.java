package org.elkflow.flowcodec.netflow;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The persistent part of the template cache — per exporter (address, version, source id / observation domain)
 * its templates as raw field specifiers, the sampling rates options records announced and the system init time —
 * with a line-based text form for a cache file:
 *
 * <pre>
 * flowcodec-templates 1
 * exporter &lt;address&gt; &lt;version&gt; &lt;domain&gt; &lt;default rate&gt; &lt;system init ms&gt;
 * rate &lt;sampler id&gt; &lt;rate&gt;
 * template &lt;id&gt; &lt;options 0|1&gt; &lt;scope count&gt; &lt;spec, hex, comma-separated&gt;
 * end &lt;number of exporters&gt;
 * </pre>
 *
 * {@code rate} and {@code template} lines belong to the exporter line above them. The {@code end} line guards
 * against a truncated file. Parsing never trusts the file: any deviation is an IOException naming the line.
 */
public record TemplateSnapshot(List<Exporter> exporters) {

    private static final String MAGIC = "flowcodec-templates 1";

    /** One exporter's state. {@code systemInitMillis} -1 and {@code defaultSamplingRate} 0 mean unknown. */
    public record Exporter(InetAddress address, int version, long domain, long defaultSamplingRate,
                           Map<Long, Long> samplerRates, long systemInitMillis, List<Template> templates) {
    }

    /** A template as received: one long per field (enterprise &lt;&lt; 32 | id &lt;&lt; 16 | length). */
    public record Template(int id, boolean options, int scopeCount, long[] spec) {
    }

    public int templateCount() {
        int n = 0;
        for (Exporter e : exporters) {
            n += e.templates().size();
        }
        return n;
    }

    public void write(Writer out) throws IOException {
        out.write(MAGIC + "\n");
        for (Exporter e : exporters) {
            out.write("exporter " + e.address().getHostAddress() + " " + e.version() + " " + e.domain() + " "
                    + e.defaultSamplingRate() + " " + e.systemInitMillis() + "\n");
            for (Map.Entry<Long, Long> r : new TreeMap<>(e.samplerRates()).entrySet()) {
                out.write("rate " + r.getKey() + " " + r.getValue() + "\n");
            }
            for (Template t : e.templates()) {
                StringBuilder line = new StringBuilder("template ").append(t.id()).append(' ')
                        .append(t.options() ? 1 : 0).append(' ').append(t.scopeCount()).append(' ');
                for (int i = 0; i < t.spec().length; i++) {
                    line.append(i == 0 ? "" : ",").append(Long.toHexString(t.spec()[i]));
                }
                out.write(line.append('\n').toString());
            }
        }
        out.write("end " + exporters.size() + "\n");
    }

    public static TemplateSnapshot read(Reader in) throws IOException {
        BufferedReader lines = new BufferedReader(in);
        String first = lines.readLine();
        if (!MAGIC.equals(first)) {
            throw new IOException("line 1: not a flowcodec template cache (expected '" + MAGIC + "')");
        }
        List<Exporter> exporters = new ArrayList<>();
        Builder current = null;
        int number = 1;
        String line;
        while ((line = lines.readLine()) != null) {
            number++;
            String[] w = line.split(" ");
            try {
                switch (w[0]) {
                    case "exporter" -> {
                        expect(w, 6);
                        if (current != null) {
                            exporters.add(current.build());
                        }
                        current = new Builder(literal(w[1]), Integer.parseInt(w[2]), Long.parseLong(w[3]),
                                Long.parseLong(w[4]), Long.parseLong(w[5]));
                    }
                    case "rate" -> {
                        expect(w, 3);
                        owner(current).rates.put(Long.parseLong(w[1]), Long.parseLong(w[2]));
                    }
                    case "template" -> {
                        expect(w, 5);
                        String[] fields = w[4].split(",");
                        long[] spec = new long[fields.length];
                        for (int i = 0; i < fields.length; i++) {
                            spec[i] = Long.parseUnsignedLong(fields[i], 16);
                        }
                        int id = Integer.parseInt(w[1]);
                        int scopes = Integer.parseInt(w[3]);
                        if (id < 256 || id > 65535 || scopes < 0 || scopes > spec.length || !"01".contains(w[2])
                                || w[2].length() != 1) {
                            throw new IOException("bad template id, options flag or scope count");
                        }
                        owner(current).templates.add(new Template(id, "1".equals(w[2]), scopes, spec));
                    }
                    case "end" -> {
                        expect(w, 2);
                        if (current != null) {
                            exporters.add(current.build());
                        }
                        if (Integer.parseInt(w[1]) != exporters.size()) {
                            throw new IOException("end line counts " + w[1] + " exporters, the file has "
                                    + exporters.size());
                        }
                        if (lines.readLine() != null) {
                            throw new IOException("text after the end line");
                        }
                        return new TemplateSnapshot(List.copyOf(exporters));
                    }
                    default -> throw new IOException("unknown line kind '" + w[0] + "'");
                }
            } catch (IOException | RuntimeException e) {
                throw new IOException("line " + number + ": " + e.getMessage(), e);
            }
        }
        throw new IOException("truncated: no end line after line " + number);
    }

    private static void expect(String[] words, int n) throws IOException {
        if (words.length != n) {
            throw new IOException("expected " + n + " words, found " + words.length);
        }
    }

    private static Builder owner(Builder current) throws IOException {
        if (current == null) {
            throw new IOException("line before the first exporter line");
        }
        return current;
    }

    /** Numeric address text only: a cache file must never trigger a name lookup. */
    private static InetAddress literal(String text) throws IOException {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.digit(c, 16) < 0 && c != '.' && c != ':') {
                throw new IOException("not a numeric address: " + text);
            }
        }
        try {
            return InetAddress.getByName(text);
        } catch (UnknownHostException e) {
            throw new IOException("not a numeric address: " + text);
        }
    }

    private static final class Builder {
        final InetAddress address;
        final int version;
        final long domain;
        final long defaultRate;
        final long systemInit;
        final Map<Long, Long> rates = new HashMap<>();
        final List<Template> templates = new ArrayList<>();

        Builder(InetAddress address, int version, long domain, long defaultRate, long systemInit) {
            this.address = address;
            this.version = version;
            this.domain = domain;
            this.defaultRate = defaultRate;
            this.systemInit = systemInit;
        }

        Exporter build() {
            return new Exporter(address, version, domain, defaultRate, Map.copyOf(rates), systemInit,
                    List.copyOf(templates));
        }
    }
}
