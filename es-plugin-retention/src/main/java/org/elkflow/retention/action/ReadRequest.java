package org.elkflow.retention.action;

import org.elasticsearch.action.IndicesRequest;
import org.elasticsearch.action.support.IndicesOptions;
import org.elasticsearch.action.support.master.MasterNodeReadRequest;
import org.elasticsearch.common.io.stream.StreamInput;
import org.elasticsearch.common.io.stream.StreamOutput;
import org.elasticsearch.core.TimeValue;

import java.io.IOException;
import java.util.Map;

/**
 * The request of the read actions: an optional target (policy name, or index for explain, which is why it is an
 * {@link IndicesRequest}: security checks index privileges on it) and an optional body (a policy to simulate).
 */
public final class ReadRequest extends MasterNodeReadRequest<ReadRequest> implements IndicesRequest {

    private final String target;
    private final boolean indexScoped;
    private final Map<String, Object> body;

    public ReadRequest(String target, boolean indexScoped, Map<String, Object> body) {
        super(TimeValue.timeValueSeconds(30));
        this.target = target;
        this.indexScoped = indexScoped;
        this.body = body;
    }

    public ReadRequest(StreamInput in) throws IOException {
        super(in);
        this.target = in.readOptionalString();
        this.indexScoped = in.readBoolean();
        this.body = in.readBoolean() ? in.readGenericMap() : null;
    }

    @Override
    public void writeTo(StreamOutput out) throws IOException {
        super.writeTo(out);
        out.writeOptionalString(target);
        out.writeBoolean(indexScoped);
        out.writeBoolean(body != null);
        if (body != null) {
            out.writeGenericMap(body);
        }
    }

    @Override
    public org.elasticsearch.action.ActionRequestValidationException validate() {
        return null;
    }

    public String target() {
        return target;
    }

    public Map<String, Object> body() {
        return body;
    }

    @Override
    public String[] indices() {
        return indexScoped && target != null ? new String[] {target} : new String[0];
    }

    @Override
    public IndicesOptions indicesOptions() {
        return IndicesOptions.strictSingleIndexNoExpandForbidClosed();
    }
}
