package org.elkflow.infraenrich.enrich;

import org.elkflow.infraenrich.SharedData;
import org.elkflow.infraenrich.geo.GeoDatabase;
import org.elkflow.infraenrich.geo.GeoListener;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Expected values from shared/geoip/README.md (MaxMind test databases). */
class GeoEnrichmentTest {

    private static Enricher liteCity;
    private static Enricher geoip2City;
    private static Enricher country;

    @BeforeAll
    static void open() throws Exception {
        liteCity = new Enricher(null, GeoDatabase.open(SharedData.geoip("GeoLite2-City-Test.mmdb"), GeoListener.NONE),
                GeoDatabase.open(SharedData.geoip("GeoLite2-ASN-Test.mmdb"), GeoListener.NONE), 1000,
                Duration.ofMinutes(1), CacheMetrics.NONE);
        geoip2City = new Enricher(null, GeoDatabase.open(SharedData.geoip("GeoIP2-City-Test.mmdb"), GeoListener.NONE),
                GeoDatabase.open(SharedData.geoip("GeoIP2-ISP-Test.mmdb"), GeoListener.NONE), 0,
                Duration.ofMinutes(1), CacheMetrics.NONE);
        country = new Enricher(null, GeoDatabase.open(SharedData.geoip("GeoLite2-Country-Test.mmdb"),
                GeoListener.NONE), null, 0, Duration.ofMinutes(1), CacheMetrics.NONE);
    }

    @AfterAll
    static void close() {
        liteCity.close();
        geoip2City.close();
        country.close();
    }

    @Test
    void londonCityAndNoAsn() {
        Enrichment e = liteCity.enrich("81.2.69.142");
        assertEquals("London", e.get("geo.city_name"));
        assertEquals("GB", e.get("geo.country_iso_code"));
        assertEquals("United Kingdom", e.get("geo.country_name"));
        assertEquals("EU", e.get("geo.continent_code"));
        assertEquals("England", e.get("geo.region_name"));
        assertEquals("GB-ENG", e.get("geo.region_iso_code"));
        assertEquals(51.5142, e.get("geo.location.lat"));
        assertEquals(-0.0931, e.get("geo.location.lon"));
        assertNull(e.get("as.number"), "81.2.69.142 has no ASN record");
        assertEquals(Map.of("lat", 51.5142, "lon", -0.0931),
                ((Map<?, ?>) e.asTree().get("geo")).get("location"));
    }

    @Test
    void cityAndAsnTogether() {
        Enrichment e = liteCity.enrich("89.160.20.112");
        assertEquals("Linköping", e.get("geo.city_name"));
        assertEquals("SE", e.get("geo.country_iso_code"));
        assertEquals("Östergötland County", e.get("geo.region_name"));
        assertEquals(29518L, e.get("as.number"));
        assertEquals("Bredband2 AB", e.get("as.organization.name"));
        Enrichment milton = liteCity.enrich("216.160.83.56");
        assertEquals("Milton", milton.get("geo.city_name"));
        assertEquals("WA", ((String) milton.get("geo.region_iso_code")).substring(3));
        assertEquals(209L, milton.get("as.number"));
        assertNull(milton.get("as.organization.name"), "ASN 209 has no organisation");
    }

    @Test
    void ipv6AndMappedAndSixToFour() {
        Enrichment jp = liteCity.enrich("2001:218::1");
        assertEquals("JP", jp.get("geo.country_iso_code"));
        assertNull(jp.get("geo.city_name"));
        assertEquals(35.68536, jp.get("geo.location.lat"));
        assertEquals("London", liteCity.enrich("::ffff:81.2.69.142").get("geo.city_name"));
        assertEquals("London", liteCity.enrich("2002:5102:458e::1").get("geo.city_name"));
        assertEquals(6730L, liteCity.enrich("2001:1700::1").get("as.number"));
    }

    @Test
    void absentAndNonPublicAddressesGetNothing() {
        for (String ip : new String[] {"8.8.8.8", "1.1.1.1", "81.2.69.141", "2001:db8::1", "10.0.0.1", "127.0.0.1",
                "192.168.1.1", "169.254.0.5", "fe80::1", "::1"}) {
            assertTrue(liteCity.enrich(ip).isEmpty(), ip);
        }
        assertNull(liteCity.enrich("not-an-ip"));
    }

    @Test
    void presentButEmptyAndCountryOnlyRecords() {
        assertNull(geoip2City.enrich("214.1.1.1").get("geo.country_iso_code"), "anycast-only record");
        assertEquals("Melbourne", geoip2City.enrich("214.0.1.1").get("geo.city_name"));
        Enrichment bt = liteCity.enrich("67.43.156.1");
        assertEquals("BT", bt.get("geo.country_iso_code"));
        assertNull(bt.get("geo.city_name"));
        assertNull(bt.get("geo.region_name"));
        assertEquals(27.5, bt.get("geo.location.lat"));
    }

    @Test
    void countryDatabaseAndIspDatabase() {
        Enrichment gi = country.enrich("217.65.48.1");
        assertEquals("GI", gi.get("geo.country_iso_code"));
        assertEquals("EU", gi.get("geo.continent_code"));
        assertNull(gi.get("geo.location.lat"));
        assertTrue(country.enrich("74.209.24.1").isEmpty(), "absent from GeoLite2-Country");
        Enrichment verizon = geoip2City.enrich("149.101.100.1");
        assertEquals(6167L, verizon.get("as.number"));
        assertEquals("CELLCO-PART", verizon.get("as.organization.name"));
        assertEquals("US", verizon.get("geo.country_iso_code"));
    }
}
