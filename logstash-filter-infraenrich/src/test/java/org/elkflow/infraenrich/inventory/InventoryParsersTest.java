package org.elkflow.infraenrich.inventory;

import org.elkflow.infraenrich.net.IpAddress;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InventoryParsersTest {

    private final RecordingListener listener = new RecordingListener();

    private LongestPrefixTable<InfraRecord> parse(InventoryFormat format, String text) throws Exception {
        return Inventory.parse("inv", format, text, listener);
    }

    private static InfraRecord at(LongestPrefixTable<InfraRecord> t, String ip) {
        return t.lookup(IpAddress.parse(ip));
    }

    @Test
    void csvWithQuotesExtraColumnsAndBadRows() throws Exception {
        String csv = String.join("\n",
                "# inventory exported 2026-11-20",
                "CIDR,Host,Role,Project,Owner,Site,Cluster,Device Type,rack",
                "10.1.0.0/16,,,storm,\"Storage, Team\",ams1,ams1-c1,server,",
                "",
                "10.1.2.3,db-1,db,storm,storage,ams1,ams1-c1,server,r12",
                "10.1.2.300,bad,db,storm,storage,ams1,ams1-c1,server,r12",
                "10.9.0.0/16,too,few",
                "\"2001:db8::/32\",\"lb \"\"edge\"\"\",lb,net,netops,fra2,fra2-c1,load_balancer,r1",
                ",no,address,,,,,,",
                "10.2.0.0/16,web-vip,web,shop,web,sjc1,sjc1-c2,load_balancer,\"multi",
                "line rack\"",
                "10.3.0.0/16,x,y,z,w,v,u,server,\"unterminated");
        LongestPrefixTable<InfraRecord> t = parse(InventoryFormat.CSV, csv);
        assertEquals(Map.of("project", "storm", "owner", "Storage, Team", "site", "ams1", "cluster", "ams1-c1",
                "device_type", "server"), at(t, "10.1.200.1").asMap());
        assertEquals("db-1", at(t, "10.1.2.3").get("host"));
        assertEquals("r12", at(t, "10.1.2.3").get("rack"));
        assertEquals("lb \"edge\"", at(t, "2001:db8::99").get("host"));
        assertEquals("multi\nline rack", at(t, "10.2.0.1").get("rack"));
        assertNull(at(t, "10.9.0.1"));
        assertNull(at(t, "10.3.0.1"));
        assertEquals(List.of(
                "inv:6: not an IP address or CIDR: '10.1.2.300'",
                "inv:7: expected 9 fields as in the header, found 3",
                "inv:9: no address: one of the columns [cidr, ip, network, prefix] must hold an IP or CIDR",
                "inv:12: unterminated quoted field 9"), listener.badRows);
    }

    @Test
    void csvWithoutAddressColumnOrWithoutGoodRowsCannotBeParsed() {
        InventoryFormatException e = assertThrows(InventoryFormatException.class,
                () -> parse(InventoryFormat.CSV, "host,role\nx,y\n"));
        assertTrue(e.getMessage().contains("no address column"), e.getMessage());
        e = assertThrows(InventoryFormatException.class,
                () -> parse(InventoryFormat.CSV, "ip,host\nfoo,bar\nbaz,qux\n"));
        assertTrue(e.getMessage().contains("none of its 2 rows"), e.getMessage());
        assertThrows(InventoryFormatException.class, () -> parse(InventoryFormat.CSV, ""));
    }

    @Test
    void csvWithOnlyAHeaderIsAnEmptyInventory() throws Exception {
        assertEquals(0, parse(InventoryFormat.CSV, "cidr,host\n").size());
    }

    @Test
    void jsonLines() throws Exception {
        String jsonl = String.join("\n",
                "{\"cidr\":\"10.0.0.0/8\",\"site\":\"ams1\",\"device_type\":\"router\",\"asset_id\":12345}",
                "# comment",
                "{\"ip\":\"10.0.0.1\",\"host\":\"r1\",\"role\":null,\"virtual\":true}",
                "{\"cidr\":\"10.0.0.0/8\"",
                "[1,2]",
                "{\"cidr\":\"10.5.0.0/16\",\"tags\":[\"a\"]}",
                "",
                "{\"cidr\":\"fd00::/8\",\"site\":\"lab\"}");
        LongestPrefixTable<InfraRecord> t = parse(InventoryFormat.JSON_LINES, jsonl);
        assertEquals(Map.of("site", "ams1", "device_type", "router", "asset_id", "12345"), at(t, "10.9.9.9").asMap());
        assertEquals(Map.of("host", "r1", "virtual", "true"), at(t, "10.0.0.1").asMap());
        assertEquals("lab", at(t, "fd00::1").get("site"));
        assertEquals(3, listener.badRows.size(), listener.badRows.toString());
        assertTrue(listener.badRows.get(0).startsWith("inv:4: not JSON"), listener.badRows.toString());
        assertEquals("inv:5: expected a JSON object", listener.badRows.get(1));
        assertTrue(listener.badRows.get(2).startsWith("inv:6: attribute 'tags'"), listener.badRows.toString());
    }

    @Test
    void jsonLinesWithNoUsableLineCannotBeParsed() {
        assertThrows(InventoryFormatException.class, () -> parse(InventoryFormat.JSON_LINES, "<html>\n</html>\n"));
    }

    @Test
    void yamlListOrInventoryKey() throws Exception {
        String yaml = String.join("\n",
                "# routers",
                "inventory:",
                "  - cidr: 192.0.2.0/24",
                "    host: core-1",
                "    device_type: router",
                "    site: ams1",
                "  - cidr: 192.0.2.300/24",
                "    host: broken",
                "  - cidr: \"2001:db8::1\"",
                "    host: v6-host",
                "    owner: ~",
                "  - just a string",
                "  - cidr: 198.51.100.0/24",
                "    interfaces: [1, 2]",
                "");
        LongestPrefixTable<InfraRecord> t = parse(InventoryFormat.YAML, yaml);
        assertEquals(Map.of("host", "core-1", "device_type", "router", "site", "ams1"), at(t, "192.0.2.7").asMap());
        assertEquals(Map.of("host", "v6-host"), at(t, "2001:db8::1").asMap());
        assertEquals(List.of("inv:7: not an IP address or CIDR: '192.0.2.300/24'",
                "inv:12: expected a mapping (cidr: …, host: …)",
                "inv:13: attribute 'interfaces' is a list or mapping; only plain values are allowed"), listener.badRows);
        LongestPrefixTable<InfraRecord> plain = parse(InventoryFormat.YAML, "- {cidr: 10.0.0.0/8, site: x}\n");
        assertEquals("x", at(plain, "10.1.1.1").get("site"));
    }

    @Test
    void brokenYamlCannotBeParsed() {
        InventoryFormatException e = assertThrows(InventoryFormatException.class,
                () -> parse(InventoryFormat.YAML, "- cidr: 10.0.0.0/8\n  host: [unclosed\n- cidr: x\n"));
        assertTrue(e.getMessage().contains("line "), e.getMessage());
        assertThrows(InventoryFormatException.class, () -> parse(InventoryFormat.YAML, "just: a map\n"));
    }

    @Test
    void formatFollowsTheFileName() {
        assertEquals(InventoryFormat.CSV, InventoryFormat.forName("/etc/inv/hosts.CSV"));
        assertEquals(InventoryFormat.YAML, InventoryFormat.forName("routers.yml"));
        assertEquals(InventoryFormat.JSON_LINES, InventoryFormat.forName("lbs.ndjson"));
        assertEquals(InventoryFormat.JSON_LINES, InventoryFormat.forName("https://cmdb/export.jsonl?x=1"));
        assertThrows(IllegalArgumentException.class, () -> InventoryFormat.forName("hosts.txt"));
    }
}
