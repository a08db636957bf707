package org.elkflow.infraenrich.geo;

/** Autonomous system of one address; the organisation may be null (many ASN records have none). */
public record AsInfo(Long number, String organizationName) {
}
