package org.elkflow.retention.action;

import org.elasticsearch.action.support.master.AcknowledgedRequest;
import org.elasticsearch.common.io.stream.StreamInput;
import org.elasticsearch.common.io.stream.StreamOutput;
import org.elasticsearch.core.TimeValue;

import java.io.IOException;
import java.util.Map;

/** Put (with a source) or delete (without) of a named policy; routed to the master. */
public final class PolicyRequest extends AcknowledgedRequest<PolicyRequest> {

    private final String name;
    private final Map<String, Object> source;

    public PolicyRequest(String name, Map<String, Object> source) {
        super(TimeValue.timeValueSeconds(30), DEFAULT_ACK_TIMEOUT);
        this.name = name;
        this.source = source;
    }

    public PolicyRequest(StreamInput in) throws IOException {
        super(in);
        this.name = in.readString();
        this.source = in.readBoolean() ? in.readGenericMap() : null;
    }

    @Override
    public void writeTo(StreamOutput out) throws IOException {
        super.writeTo(out);
        out.writeString(name);
        out.writeBoolean(source != null);
        if (source != null) {
            out.writeGenericMap(source);
        }
    }

    public String name() {
        return name;
    }

    public Map<String, Object> source() {
        return source;
    }
}
