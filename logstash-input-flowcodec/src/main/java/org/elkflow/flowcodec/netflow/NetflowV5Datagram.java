package org.elkflow.flowcodec.netflow;

import java.util.List;

/** A decoded NetFlow v5 datagram: its header and its records, in wire order. Immutable. */
public record NetflowV5Datagram(NetflowV5Header header, List<NetflowV5Record> records) {

    public NetflowV5Datagram {
        records = List.copyOf(records);
    }
}
