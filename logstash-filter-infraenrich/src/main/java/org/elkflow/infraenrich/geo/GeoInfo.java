package org.elkflow.infraenrich.geo;

/** Location facts of one address; any component may be null ("present but empty" records exist). */
public record GeoInfo(String cityName, String countryIsoCode, String countryName, String continentCode,
                      String regionName, String regionIsoCode, Double latitude, Double longitude) {

    public boolean isEmpty() {
        return cityName == null && countryIsoCode == null && countryName == null && continentCode == null
                && regionName == null && regionIsoCode == null && latitude == null && longitude == null;
    }
}
