package org.elkflow.infraenrich.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.elkflow.infraenrich.enrich.CacheMetrics;
import org.elkflow.infraenrich.enrich.Enricher;
import org.elkflow.infraenrich.enrich.Enrichment;
import org.elkflow.infraenrich.geo.GeoDatabase;
import org.elkflow.infraenrich.geo.GeoListener;
import org.elkflow.infraenrich.inventory.FileInventorySource;
import org.elkflow.infraenrich.inventory.Inventory;
import org.elkflow.infraenrich.inventory.InventoryFormatException;
import org.elkflow.infraenrich.inventory.InventoryListener;
import org.elkflow.infraenrich.inventory.InventorySnapshot;
import org.elkflow.infraenrich.inventory.InventorySource;
import org.elkflow.infraenrich.inventory.UrlInventorySource;
import org.elkflow.infraenrich.net.IpAddress;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code java -jar infraenrich-tools.jar lookup [--inventory FILE…] [--inventory-url URL] [--geoip-city DB]
 * [--geoip-asn DB] [--explain] [--pretty] [IP…]}: prints, per IP, one JSON object with the fields the filter
 * writes under the IP's target object ({@code infra.*}, {@code geo.*}, {@code as.*}). Without IPs it reads
 * one IP per line from standard input. Bad inventory rows are reported on standard error with file and line.
 */
public final class InfraEnrichTool {

    static final String USAGE = String.join("\n",
            "usage: java -jar infraenrich-tools.jar lookup [options] [IP...]",
            "  --inventory FILE...   inventory files (.csv, .jsonl/.ndjson/.json, .yaml/.yml); later files win on equal prefixes",
            "  --inventory-url URL   an HTTP(S) inventory serving JSON lines (after the files)",
            "  --geoip-city DB       MaxMind City or Country database (.mmdb)",
            "  --geoip-asn DB        MaxMind ASN or ISP database (.mmdb)",
            "  --explain             also print which prefix and source matched (\"_match\")",
            "  --pretty              indent the JSON",
            "Without IP arguments, IPs are read from standard input, one per line.",
            "Exit status: 0 all good, 1 an inventory or database could not be loaded, 2 usage error,",
            "3 some arguments were not IP addresses.");

    private InfraEnrichTool() { }

    public static void main(String[] args) {
        int status = run(args, System.out, System.err, System.in);
        if (status != 0) {
            System.exit(status);
        }
    }

    static int run(String[] args, PrintStream out, PrintStream err, java.io.InputStream in) {
        if (args.length == 0 || !args[0].equals("lookup")) {
            err.println(args.length > 0 && (args[0].equals("-h") || args[0].equals("--help")) ? USAGE
                    : "unknown or missing command\n" + USAGE);
            return 2;
        }
        List<String> inventory = new ArrayList<>();
        List<String> ips = new ArrayList<>();
        String url = null;
        String city = null;
        String asn = null;
        boolean explain = false;
        boolean pretty = false;
        for (int i = 1; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--inventory" -> {
                    int start = i;
                    while (i + 1 < args.length && !args[i + 1].startsWith("--") && IpAddress.parse(args[i + 1]) == null) {
                        inventory.add(args[++i]);
                    }
                    if (i == start) {
                        err.println("--inventory needs at least one file\n" + USAGE);
                        return 2;
                    }
                }
                case "--inventory-url", "--geoip-city", "--geoip-asn" -> {
                    if (i + 1 >= args.length) {
                        err.println(a + " needs a value\n" + USAGE);
                        return 2;
                    }
                    String v = args[++i];
                    switch (a) {
                        case "--inventory-url" -> url = v;
                        case "--geoip-city" -> city = v;
                        default -> asn = v;
                    }
                }
                case "--explain" -> explain = true;
                case "--pretty" -> pretty = true;
                case "-h", "--help" -> {
                    out.println(USAGE);
                    return 0;
                }
                default -> {
                    if (a.startsWith("--")) {
                        err.println("unknown option " + a + "\n" + USAGE);
                        return 2;
                    }
                    ips.add(a);
                }
            }
        }

        Inventory inv = null;
        GeoDatabase cityDb = null;
        GeoDatabase asnDb = null;
        InventoryListener listener = new InventoryListener() {
            @Override
            public void badRow(String source, int line, String message) {
                err.println(source + ":" + line + ": " + message + " (row skipped)");
            }

            @Override
            public void sourceFailed(String source, String message) {
                err.println(source + ": " + message);
            }

            @Override
            public void reloaded(InventorySnapshot snapshot, long loadNanos) {
                err.printf("inventory: %d prefixes loaded in %d ms%n", snapshot.size(), loadNanos / 1_000_000);
            }
        };
        try {
            List<InventorySource> sources = new ArrayList<>();
            for (String f : inventory) {
                sources.add(new FileInventorySource(Path.of(f)));
            }
            if (url != null) {
                sources.add(new UrlInventorySource(URI.create(url), Duration.ofSeconds(10)));
            }
            if (!sources.isEmpty()) {
                inv = new Inventory(sources, listener);
                inv.load();
            }
            if (city != null) {
                cityDb = GeoDatabase.open(Path.of(city), GeoListener.NONE);
                if (cityDb.kind() != GeoDatabase.Kind.CITY && cityDb.kind() != GeoDatabase.Kind.COUNTRY) {
                    err.println(city + ": is a " + cityDb.databaseType() + " database, not City or Country");
                    return 1;
                }
            }
            if (asn != null) {
                asnDb = GeoDatabase.open(Path.of(asn), GeoListener.NONE);
                if (asnDb.kind() != GeoDatabase.Kind.ASN && asnDb.kind() != GeoDatabase.Kind.ISP) {
                    err.println(asn + ": is a " + asnDb.databaseType() + " database, not ASN or ISP");
                    return 1;
                }
            }
        } catch (InventoryFormatException | IOException | IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            return 1;
        }

        ObjectMapper json = new ObjectMapper();
        if (pretty) {
            json.enable(SerializationFeature.INDENT_OUTPUT);
        }
        int status = 0;
        try (Enricher enricher = new Enricher(inv, cityDb, asnDb, 0, Duration.ofSeconds(1), CacheMetrics.NONE)) {
            List<String> todo = ips;
            if (todo.isEmpty()) {
                todo = readLines(in);
            }
            Enricher.State state = enricher.state();
            for (String ip : todo) {
                Map<String, Object> line = new LinkedHashMap<>();
                line.put("ip", ip);
                Enrichment e;
                try {
                    e = enricher.enrich(state, ip.trim());
                } catch (Enricher.LookupException ex) {
                    line.put("error", ex.getMessage());
                    out.println(write(json, line));
                    status = 1;
                    continue;
                }
                if (e == null) {
                    line.put("error", "not an IP address");
                    status = 3;
                } else {
                    line.putAll(e.asTree());
                    if (explain) {
                        InventorySnapshot.Hit hit = state.inventory().match(IpAddress.parse(ip.trim()));
                        if (hit != null) {
                            Map<String, Object> match = new LinkedHashMap<>();
                            match.put("prefix", hit.prefix().toString());
                            match.put("source", hit.source());
                            line.put("_match", match);
                        }
                    }
                }
                out.println(write(json, line));
            }
        } catch (IOException e) {
            err.println("error: " + e.getMessage());
            return 1;
        }
        return status;
    }

    private static List<String> readLines(java.io.InputStream in) throws IOException {
        List<String> lines = new ArrayList<>();
        BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        for (String l; (l = r.readLine()) != null; ) {
            if (!l.isBlank()) {
                lines.add(l.trim());
            }
        }
        return lines;
    }

    private static String write(ObjectMapper json, Map<String, Object> value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
