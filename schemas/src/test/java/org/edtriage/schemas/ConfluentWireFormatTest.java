package org.edtriage.schemas;

import org.apache.kafka.common.errors.SerializationException;
import org.edtriage.schemas.events.EdVisit;
import org.edtriage.schemas.registry.SchemaRegistry;
import org.edtriage.schemas.registry.SchemaRegistryClient;
import org.edtriage.schemas.serde.ConfluentAvroSerde;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bytes that are not in the Confluent wire format are refused with a reason, before any registry call. */
class ConfluentWireFormatTest {
    // nothing listens here: a test that reached the registry would fail with "unreachable"
    private final ConfluentAvroSerde<EdVisit> serde =
            new ConfluentAvroSerde<>(EdVisit.class, new SchemaRegistryClient("http://127.0.0.1:9"), false, true);

    @Test
    void refusesAWrongMagicByte() {
        SerializationException e = assertThrows(SerializationException.class,
                () -> serde.deserialize("ed.visits", new byte[]{1, 0, 0, 0, 1, 2, 3}));
        assertTrue(e.getMessage().contains("magic byte"), e.getMessage());
    }

    @Test
    void refusesARecordShorterThanTheHeader() {
        SerializationException e = assertThrows(SerializationException.class,
                () -> serde.deserialize("ed.visits", new byte[]{0, 0, 1}));
        assertTrue(e.getMessage().contains("fewer than the 5-byte"), e.getMessage());
    }

    @Test
    void tombstonesStayNull() {
        assertNull(serde.serialize("ed.visits", null));
        assertNull(serde.deserialize("ed.visits", null));
    }
}
