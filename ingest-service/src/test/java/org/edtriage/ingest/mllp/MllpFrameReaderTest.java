package org.edtriage.ingest.mllp;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MllpFrameReaderTest {

    @Test
    void framesStrayBytesLoneEndBytesAndOversizedBlocksSurviveAnyChunking() throws Exception {
        byte[] big = new byte[300_000];
        new Random(1).nextBytes(big);
        for (int i = 0; i < big.length; i++) {
            if (big[i] == 0x1C) {
                big[i] = 0x1B; // keep the big one free of delimiters
            }
        }
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        frame(wire, "MSH|first".getBytes(StandardCharsets.US_ASCII));
        wire.writeBytes("garbage outside".getBytes(StandardCharsets.US_ASCII));
        frame(wire, new byte[]{'A', 0x1C, 'B'});
        wire.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII)); // blank between blocks: ignored
        frame(wire, big);
        frame(wire, "MSH|last".getBytes(StandardCharsets.US_ASCII));
        byte[] bytes = wire.toByteArray();
        for (int chunk : new int[]{1, 7, 4096, 1 << 20}) {
            MllpFrameReader reader = new MllpFrameReader(chunked(bytes, chunk), 100_000);
            assertEquals("MSH|first", text(reader.next()));
            MllpFrameReader.Frame stray = reader.next();
            assertTrue(stray.unframed());
            assertEquals("garbage outside", text(stray));
            assertArrayEquals(new byte[]{'A', 0x1C, 'B'}, reader.next().payload(), "chunk " + chunk);
            MllpFrameReader.Frame oversized = reader.next();
            assertTrue(oversized.oversized());
            assertEquals(300_000, oversized.fullLength());
            assertEquals(100_000, oversized.payload().length);
            MllpFrameReader.Frame last = reader.next();
            assertFalse(last.oversized());
            assertEquals("MSH|last", text(last), "chunk " + chunk);
            assertNull(reader.next());
        }
    }

    @Test
    void aConnectionClosedInsideABlockIsAnError() {
        byte[] cut = {0x0B, 'M', 'S', 'H'};
        assertThrows(IOException.class, () -> new MllpFrameReader(new ByteArrayInputStream(cut), 1000).next());
    }

    private static void frame(ByteArrayOutputStream out, byte[] payload) {
        out.write(0x0B);
        out.writeBytes(payload);
        out.write(0x1C);
        out.write(0x0D);
    }

    private static String text(MllpFrameReader.Frame f) {
        return new String(f.payload(), StandardCharsets.US_ASCII);
    }

    private static InputStream chunked(byte[] bytes, int chunk) {
        return new ByteArrayInputStream(bytes) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, chunk));
            }
        };
    }
}
