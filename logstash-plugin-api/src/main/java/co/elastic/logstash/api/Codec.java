package co.elastic.logstash.api;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.function.Consumer;

/** A Logstash codec. */
public interface Codec extends Plugin {

    void decode(ByteBuffer buffer, Consumer<Map<String, Object>> eventConsumer);

    void flush(ByteBuffer buffer, Consumer<Map<String, Object>> eventConsumer);

    void encode(Event event, OutputStream output) throws IOException;

    Codec cloneCodec();
}
