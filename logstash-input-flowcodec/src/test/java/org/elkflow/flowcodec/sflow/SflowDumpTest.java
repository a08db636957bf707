package org.elkflow.flowcodec.sflow;

import org.elkflow.flowcodec.testing.CaptureManifest;
import org.junit.jupiter.api.Test;

class SflowDumpTest {
    @Test
    void dump() {
        for (CaptureManifest.Row row : CaptureManifest.rowsWithProtocol("sflow5")) {
            if (row.expectedRecords().isEmpty()) continue;
            System.out.println("== " + row.path() + " expected " + row.expectedRecords());
            for (var e : SflowTestSupport.events(row.path())) System.out.println(e);
        }
    }
}
