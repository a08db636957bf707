package org.elkflow.retention.action;

import org.elasticsearch.action.ActionResponse;
import org.elasticsearch.common.io.stream.StreamInput;
import org.elasticsearch.common.io.stream.StreamOutput;
import org.elasticsearch.xcontent.ToXContentObject;
import org.elasticsearch.xcontent.XContentBuilder;

import java.io.IOException;
import java.util.Map;

/** A JSON object answer of the read actions. */
public final class MapResponse extends ActionResponse implements ToXContentObject {

    private final Map<String, Object> body;

    public MapResponse(Map<String, Object> body) {
        this.body = body;
    }

    public MapResponse(StreamInput in) throws IOException {
        this.body = in.readGenericMap();
    }

    public Map<String, Object> body() {
        return body;
    }

    @Override
    public void writeTo(StreamOutput out) throws IOException {
        out.writeGenericMap(body);
    }

    @Override
    public XContentBuilder toXContent(XContentBuilder builder, Params params) throws IOException {
        return builder.map(body);
    }
}
