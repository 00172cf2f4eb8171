package org.edtriage.schemas.serde;

import org.apache.kafka.common.errors.SerializationException;

import java.nio.ByteBuffer;

/**
 * The Confluent wire format: magic byte 0, the writer schema's registry id as a 4-byte big-endian
 * integer, then the Avro binary encoding. Any Confluent-compatible consumer can read what we write.
 */
public final class ConfluentWireFormat {
    public static final byte MAGIC_BYTE = 0;
    public static final int HEADER_SIZE = 5;

    private ConfluentWireFormat() {
    }

    public static void writeHeader(ByteBuffer out, int schemaId) {
        out.put(MAGIC_BYTE).putInt(schemaId);
    }

    /** The writer schema id; the buffer's position is left at the start of the Avro payload. */
    public static int readHeader(ByteBuffer in, String topic) {
        if (in.remaining() < HEADER_SIZE) {
            throw new SerializationException("record on " + topic + " has " + in.remaining()
                    + " bytes, fewer than the 5-byte Confluent wire-format header");
        }
        byte magic = in.get();
        if (magic != MAGIC_BYTE) {
            throw new SerializationException("record on " + topic + " starts with byte " + magic
                    + ", not the Confluent wire-format magic byte 0");
        }
        return in.getInt();
    }
}
