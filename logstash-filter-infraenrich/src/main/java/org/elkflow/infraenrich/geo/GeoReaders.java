package org.elkflow.infraenrich.geo;

import com.maxmind.geoip2.DatabaseReader;
import com.maxmind.geoip2.exception.GeoIp2Exception;
import com.maxmind.geoip2.model.AbstractCountryResponse;
import com.maxmind.geoip2.model.AsnResponse;
import com.maxmind.geoip2.model.CityResponse;
import com.maxmind.geoip2.model.CountryResponse;
import com.maxmind.geoip2.model.IspResponse;
import com.maxmind.geoip2.record.Location;
import com.maxmind.geoip2.record.Subdivision;

import java.io.IOException;
import java.net.InetAddress;
import java.util.Optional;

/**
 * The location and AS databases in service at one moment (either may be absent). Lookups use the
 * {@code try*} methods, so an address the database does not know costs no exception.
 */
public record GeoReaders(DatabaseReader location, GeoDatabase.Kind locationKind,
                         DatabaseReader as, GeoDatabase.Kind asKind) {

    public static final GeoReaders NONE = new GeoReaders(null, null, null, null);

    public static GeoReaders of(GeoDatabase location, GeoDatabase as) {
        return new GeoReaders(location == null ? null : location.reader(), location == null ? null : location.kind(),
                as == null ? null : as.reader(), as == null ? null : as.kind());
    }

    public boolean isEmpty() {
        return location == null && as == null;
    }

    /** Location of a public address, or null if unknown or there is no location database. */
    public GeoInfo geo(InetAddress address) throws IOException, GeoIp2Exception {
        if (location == null) {
            return null;
        }
        AbstractCountryResponse country;
        String city = null;
        String regionName = null;
        String regionIso = null;
        Double lat = null;
        Double lon = null;
        if (locationKind == GeoDatabase.Kind.CITY) {
            Optional<CityResponse> r = location.tryCity(address);
            if (r.isEmpty()) {
                return null;
            }
            CityResponse c = r.get();
            country = c;
            city = c.getCity() == null ? null : c.getCity().getName();
            Subdivision sub = c.getMostSpecificSubdivision();
            if (sub != null) {
                regionName = sub.getName();
                if (sub.getIsoCode() != null && c.getCountry() != null && c.getCountry().getIsoCode() != null) {
                    regionIso = c.getCountry().getIsoCode() + "-" + sub.getIsoCode();
                }
            }
            Location loc = c.getLocation();
            if (loc != null && loc.getLatitude() != null && loc.getLongitude() != null) {
                lat = loc.getLatitude();
                lon = loc.getLongitude();
            }
        } else {
            Optional<CountryResponse> r = location.tryCountry(address);
            if (r.isEmpty()) {
                return null;
            }
            country = r.get();
        }
        String iso = null;
        String countryName = null;
        if (country.getCountry() != null) {
            iso = country.getCountry().getIsoCode();
            countryName = country.getCountry().getName();
        }
        String continent = country.getContinent() == null ? null : country.getContinent().getCode();
        GeoInfo info = new GeoInfo(city, iso, countryName, continent, regionName, regionIso, lat, lon);
        return info.isEmpty() ? null : info;
    }

    /** AS of a public address, or null. */
    public AsInfo as(InetAddress address) throws IOException, GeoIp2Exception {
        if (as == null) {
            return null;
        }
        if (asKind == GeoDatabase.Kind.ISP) {
            Optional<IspResponse> r = as.tryIsp(address);
            if (r.isEmpty() || r.get().getAutonomousSystemNumber() == null) {
                return null;
            }
            return new AsInfo(r.get().getAutonomousSystemNumber(), r.get().getAutonomousSystemOrganization());
        }
        Optional<AsnResponse> r = as.tryAsn(address);
        if (r.isEmpty() || r.get().getAutonomousSystemNumber() == null) {
            return null;
        }
        return new AsInfo(r.get().getAutonomousSystemNumber(), r.get().getAutonomousSystemOrganization());
    }
}
