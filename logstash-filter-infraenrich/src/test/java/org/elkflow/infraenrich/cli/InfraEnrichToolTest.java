package org.elkflow.infraenrich.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.elkflow.infraenrich.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InfraEnrichToolTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String stdin, String... args) {
        return InfraEnrichTool.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
    }

    private String[] lines() {
        return out.toString(StandardCharsets.UTF_8).split("\n");
    }

    @Test
    void printsTheFieldsTheFilterWrites() throws Exception {
        Path a = dir.resolve("a.csv");
        Files.writeString(a, "cidr,host,site,device_type\n10.0.0.0/8,,ams1,\n10.1.2.3,lb-1,ams1,load_balancer\nbad,x,y,z\n");
        Path b = dir.resolve("b.yaml");
        Files.writeString(b, "- {cidr: 10.0.0.0/8, site: fra2}\n");
        int status = run("", "lookup", "--inventory", a.toString(), b.toString(),
                "--geoip-city", SharedData.geoip("GeoLite2-City-Test.mmdb").toString(),
                "--geoip-asn", SharedData.geoip("GeoLite2-ASN-Test.mmdb").toString(),
                "--explain", "10.1.2.3", "10.7.7.7", "89.160.20.112");
        assertEquals(0, status, err.toString());
        ObjectMapper json = new ObjectMapper();
        String[] lines = lines();
        assertEquals(3, lines.length);
        JsonNode lb = json.readTree(lines[0]);
        assertEquals("10.1.2.3", lb.get("ip").asText());
        assertEquals("lb-1", lb.at("/infra/host").asText());
        assertEquals("load_balancer", lb.at("/infra/device_type").asText());
        assertEquals("10.1.2.3/32", lb.at("/_match/prefix").asText());
        assertEquals("fra2", json.readTree(lines[1]).at("/infra/site").asText(), "equal /8: the later file wins");
        JsonNode se = json.readTree(lines[2]);
        assertEquals("Linköping", se.at("/geo/city_name").asText());
        assertEquals(58.4167, se.at("/geo/location/lat").asDouble());
        assertEquals(29518, se.at("/as/number").asLong());
        assertEquals("Bredband2 AB", se.at("/as/organization/name").asText());
        assertTrue(err.toString().contains("a.csv:4: not an IP address or CIDR: 'bad'"), err.toString());
    }

    @Test
    void readsIpsFromStandardInputAndFlagsNonIps() {
        int status = run("81.2.69.142\n\nnope\n", "lookup", "--geoip-city",
                SharedData.geoip("GeoLite2-City-Test.mmdb").toString());
        assertEquals(3, status);
        String[] lines = lines();
        assertTrue(lines[0].contains("\"city_name\":\"London\""), lines[0]);
        assertEquals("{\"ip\":\"nope\",\"error\":\"not an IP address\"}", lines[1]);
    }

    @Test
    void usageAndLoadErrors() {
        assertEquals(2, run("", "frobnicate"));
        assertEquals(2, run("", "lookup", "--bogus"));
        assertEquals(1, run("", "lookup", "--inventory", dir.resolve("none.csv").toString(), "1.2.3.4"));
        assertTrue(err.toString().contains("none.csv"), err.toString());
        assertEquals(1, run("", "lookup", "--geoip-city", SharedData.geoip("GeoLite2-ASN-Test.mmdb").toString(),
                "1.2.3.4"));
    }
}
