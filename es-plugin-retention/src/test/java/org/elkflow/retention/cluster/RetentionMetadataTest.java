package org.elkflow.retention.cluster;

import org.elasticsearch.common.bytes.BytesReference;
import org.elasticsearch.common.io.stream.BytesStreamOutput;
import org.elasticsearch.common.io.stream.StreamInput;
import org.elasticsearch.common.xcontent.ChunkedToXContent;
import org.elasticsearch.xcontent.ToXContent;
import org.elasticsearch.xcontent.XContentBuilder;
import org.elasticsearch.xcontent.XContentParser;
import org.elasticsearch.xcontent.XContentParserConfiguration;
import org.elasticsearch.xcontent.json.JsonXContent;
import org.elkflow.retention.policy.IndexProgress;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The cluster-state custom survives the binary (transport) and XContent (gateway/API) round trips. */
class RetentionMetadataTest {

    private static RetentionMetadata sample() {
        return RetentionMetadata.EMPTY
                .withPolicy("flows", Map.of("index_patterns", List.of("flows-*"), "phases", Map.of("delete", Map.of("min_age", "8d"))))
                .withProgress("flows-2026.11.21", IndexProgress.start("flows", 1_795_219_200_000L).stepDone("warm", "warm/write_block", 1_795_219_300_000L))
                .withCheckpoint(RetentionMetadata.checkpointKey("flows", "tm-5m", "flows-2026.11.21"), 1_795_219_500_000L)
                .addStat("actions_run", 3)
                // rollups keep a text beside their counters: the last digest they could not read
                .addStat("rollup_digests_rejected/flows/tm-5m", 1)
                .withStatText("last_digest_rejection/flows/tm-5m", "index [flows-2026.11.21] document [x] field [d]: bad magic");
    }

    @Test
    void binaryRoundTrip() throws Exception {
        RetentionMetadata m = sample();
        try (BytesStreamOutput out = new BytesStreamOutput()) {
            m.writeTo(out);
            try (StreamInput in = StreamInput.wrap(BytesReference.toBytes(out.bytes()))) {
                assertEquals(m, new RetentionMetadata(in));
            }
        }
    }

    @Test
    void xContentRoundTripKeepsValues() throws Exception {
        RetentionMetadata m = sample();
        XContentBuilder b = JsonXContent.contentBuilder().startObject();
        ChunkedToXContent.wrapAsToXContent(m).toXContent(b, ToXContent.EMPTY_PARAMS);
        b.endObject();
        try (XContentParser p = JsonXContent.jsonXContent.createParser(XContentParserConfiguration.EMPTY, BytesReference.bytes(b).streamInput())) {
            p.nextToken();
            RetentionMetadata back = RetentionMetadata.fromXContent(p);
            assertEquals(m.policies(), back.policies());
            assertEquals(m.progress("flows-2026.11.21"), back.progress("flows-2026.11.21"));
            assertEquals(1_795_219_500_000L, back.checkpoint("flows", "tm-5m", "flows-2026.11.21"));
            assertEquals(3L, ((Number) back.stats().get("actions_run")).longValue());
        }
        assertNull(m.forgetIndex("flows-2026.11.21").checkpoint("flows", "tm-5m", "flows-2026.11.21"));
    }
}
