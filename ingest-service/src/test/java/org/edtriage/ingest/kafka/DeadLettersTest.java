package org.edtriage.ingest.kafka;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

class DeadLettersTest {
    @Test
    void anInputOverWhatKafkaTakesIsKeptTruncatedAndSaysSo() {
        byte[] small = new byte[1000];
        assertSame(small, DeadLetters.kept(small));
        assertEquals("checksum failed", DeadLetters.reason("checksum failed", small.length));
        byte[] upload = new byte[20_000_000];
        upload[DeadLetters.MAX_RAW_BYTES - 1] = 7;
        byte[] kept = DeadLetters.kept(upload);
        assertEquals(DeadLetters.MAX_RAW_BYTES, kept.length);
        assertEquals(7, kept[kept.length - 1], "the first bytes, in order");
        assertEquals("size (kept truncated: the first 3145728 of 20000000 bytes)", DeadLetters.reason("size", upload.length));
    }
}
