package org.elkflow.infraenrich.geo;

/** What the GeoIP side reports: a database re-opened after its file changed, or a failed re-open. */
public interface GeoListener {

    void reopened(String path, String databaseType, String buildDate);

    /** The file changed but could not be opened; the previous reader stays in service. */
    void reopenFailed(String path, String message);

    GeoListener NONE = new GeoListener() {
        @Override
        public void reopened(String path, String databaseType, String buildDate) { }

        @Override
        public void reopenFailed(String path, String message) { }
    };
}
