package org.edtriage.schemas.serde;

import org.apache.avro.Schema;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;
import org.edtriage.schemas.registry.SchemaRegistry;
import org.edtriage.schemas.registry.SchemaRegistryClient;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Avro SpecificRecord serde in the Confluent wire format, with subjects named by Confluent's
 * TopicNameStrategy ({@code <topic>-value} / {@code <topic>-key}).
 *
 * <p>The serializer registers the record's schema on first use (or only looks it up when
 * auto-registration is off, as production should run), so the registry enforces the subject's
 * compatibility rule before a single incompatible record is written. The deserializer reads with the
 * writer's schema from the registry and resolves to the reader's compiled schema, so consumers built
 * against an older or newer contract keep working within the compatibility rule.
 */
public final class ConfluentAvroSerde<T extends SpecificRecord> implements Serde<T> {
    private final Class<T> type;
    private final Schema readerSchema;
    // The generated class's own model: it carries the logical-type conversions (timestamp-millis ↔ Instant,
    // also inside nullable unions) and is loaded by the class's own loader, which under Quarkus is not
    // the one SpecificData.get() would use (that finds a second copy of the class).
    private final SpecificData specificData;
    private final SchemaRegistry registry;
    private final boolean isKey;
    private final boolean autoRegister;
    private final Map<Integer, SpecificDatumReader<T>> readersByWriterId = new ConcurrentHashMap<>();
    private final Map<String, Integer> idByTopic = new ConcurrentHashMap<>();
    private final SpecificDatumWriter<T> writer;

    public ConfluentAvroSerde(Class<T> type, SchemaRegistry registry, boolean isKey, boolean autoRegister) {
        this.type = type;
        this.specificData = SpecificData.getForClass(type);
        this.readerSchema = specificData.getSchema(type);
        this.registry = registry;
        this.isKey = isKey;
        this.autoRegister = autoRegister;
        this.writer = new SpecificDatumWriter<>(readerSchema, specificData);
    }

    public static String subject(String topic, boolean isKey) {
        return topic + (isKey ? "-key" : "-value");
    }

    public Schema schema() {
        return readerSchema;
    }

    public Class<T> type() {
        return type;
    }

    @Override
    public Serializer<T> serializer() {
        return this::serialize;
    }

    @Override
    public Deserializer<T> deserializer() {
        return this::deserialize;
    }

    public byte[] serialize(String topic, T record) {
        if (record == null) {
            return null; // a tombstone stays a tombstone
        }
        int id = idByTopic.computeIfAbsent(topic, t -> autoRegister
                ? registry.register(subject(t, isKey), readerSchema)
                : registry.lookup(subject(t, isKey), readerSchema));
        ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
        ByteBuffer header = ByteBuffer.allocate(ConfluentWireFormat.HEADER_SIZE);
        ConfluentWireFormat.writeHeader(header, id);
        out.write(header.array(), 0, ConfluentWireFormat.HEADER_SIZE);
        try {
            BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
            writer.write(record, encoder);
            encoder.flush();
        } catch (IOException | RuntimeException e) {
            throw new SerializationException("cannot serialise " + type.getSimpleName() + " for " + topic + ": " + e.getMessage(), e);
        }
        return out.toByteArray();
    }

    public T deserialize(String topic, byte[] bytes) {
        if (bytes == null) {
            return null;
        }
        ByteBuffer in = ByteBuffer.wrap(bytes);
        int writerId = ConfluentWireFormat.readHeader(in, topic);
        SpecificDatumReader<T> reader = readersByWriterId.computeIfAbsent(writerId,
                id -> new SpecificDatumReader<>(registry.schemaById(id), readerSchema, specificData));
        try {
            BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(bytes, in.position(), in.remaining(), null);
            return reader.read(null, decoder);
        } catch (IOException | RuntimeException e) {
            throw new SerializationException("cannot read " + type.getSimpleName() + " from " + topic
                    + " with writer schema id " + writerId + ": " + e.getMessage(), e);
        }
    }
}
