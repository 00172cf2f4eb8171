package org.edtriage.schemas;

import org.apache.kafka.common.serialization.Serde;

import java.time.Duration;

/**
 * One Kafka topic with everything needed to use it: its name, key and value serdes, and how it is
 * provisioned. The only place a topic's name is spelled is {@link Topics}.
 *
 * @param retention how long records are kept; {@code null} means forever (compacted or audit topics)
 */
public record Topic<K, V>(String name, Serde<K> keySerde, Serde<V> valueSerde, int partitions,
                          Duration retention, boolean compacted, String purpose) {

    public byte[] serializeValue(V value) {
        return valueSerde.serializer().serialize(name, value);
    }

    public V deserializeValue(byte[] bytes) {
        return valueSerde.deserializer().deserialize(name, bytes);
    }
}
