package org.elkflow.flowcodec.sflow;

/** A sample of an sFlow v5 datagram: a {@link FlowSample} or a {@link CounterSample}. */
public sealed interface SflowSample permits FlowSample, CounterSample {

    /** The sample's own sequence number (per data source). */
    long sequenceNumber();

    /** True for the expanded encodings (formats 3 and 4). */
    boolean expanded();

    /** Data source class: 0 = ifIndex, 1 = smonVlanDataSource, 2 = entPhysicalEntry. */
    long sourceIdType();

    /** Data source index (ifIndex, VLAN, entPhysicalIndex). */
    long sourceIdIndex();

    /** Records of this sample skipped because their enterprise/format is not one this decoder knows. */
    int skippedRecords();
}
