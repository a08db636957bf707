package org.elkflow.flowcodec.netflow;

/** Receives each decoded NetFlow v9 / IPFIX data or options record. */
public interface RecordHandler {

    void record(MessageHeader header, CompiledTemplate template, FlowRecord record, ExporterState exporter);
}
