package org.edtriage.ingest.kafka;

import java.util.Arrays;

/**
 * How much of a refused input's raw bytes a dead letter can hold: Kafka takes at most 4 MiB per record here (the
 * topics' max.message.bytes and the producer's max.request.size), while an upload may be 20 MB and an MLLP message
 * 16 MiB. A larger input is kept truncated, and its reason says so, instead of making the refusal itself fail (which
 * would make the sender retry a refusal for ever).
 */
public final class DeadLetters {
    /** 3 MiB: room under 4 MiB for the reason, the ids and the Avro framing. */
    public static final int MAX_RAW_BYTES = 3 << 20;

    private DeadLetters() {
    }

    public static byte[] kept(byte[] raw) {
        return raw.length <= MAX_RAW_BYTES ? raw : Arrays.copyOf(raw, MAX_RAW_BYTES);
    }

    public static String reason(String reason, int rawLength) {
        return rawLength <= MAX_RAW_BYTES ? reason
                : reason + " (kept truncated: the first " + MAX_RAW_BYTES + " of " + rawLength + " bytes)";
    }
}
