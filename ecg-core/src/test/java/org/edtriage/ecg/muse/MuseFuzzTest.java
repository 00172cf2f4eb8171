package org.edtriage.ecg.muse;

import org.edtriage.ecg.Ecg;
import org.edtriage.ecg.Lead;
import org.edtriage.ecg.SharedData;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Mutation fuzzing of the MUSE reader: byte flips, truncations and deleted ranges of a valid export must
 * read or be refused with {@link MuseFormatException} — never anything else — and what is read has the
 * samples of the original (every single edit of a lead's data is caught by its CRC or the counts).
 */
class MuseFuzzTest {
    private static final MuseReader READER = new MuseReader();

    /**
     * Seeded, so the counts are fixed for this code. Most single edits of the real export hit the rhythm's
     * base64 (refused by CRC) or break the XML; edits of the median beats, the diagnosis text or the base64
     * padding bits leave it readable, so both outcomes must occur.
     */
    @Test
    void mutatedSharedExportsReadOrAreRefusedByName() throws Exception {
        byte[] real = Files.readAllBytes(SharedData.require(MuseReaderTest.SHARED_FILE));
        Counts c = fuzz(real, 300, 1);
        assertTrue(c.read() >= 5, "valid mutations must still read: " + c);
        assertTrue(c.refused() >= 150, "broken mutations must be refused: " + c);
        assertTrue(c.byCheck().getOrDefault("crc32", 0) > 0, "flipped samples are caught by the CRC: " + c);
    }

    @Test
    void mutatedSyntheticExportsReadOrAreRefusedByName() {
        byte[] synthetic = MuseReaderTest.bytes(MuseDocuments.document());
        Counts c = fuzz(synthetic, 300, 2);
        assertTrue(c.read() >= 5, "valid mutations must still read: " + c);
        assertTrue(c.refused() >= 150, "broken mutations must be refused: " + c);
    }

    record Counts(int rounds, int read, int refused, Map<String, Integer> byCheck) {
    }

    private static Counts fuzz(byte[] seed, int rounds, long seedValue) {
        Ecg original = READER.read(seed, "seed");
        Random random = new Random(seedValue);
        int read = 0, refused = 0;
        Map<String, Integer> byCheck = new TreeMap<>();
        for (int i = 0; i < rounds; i++) {
            byte[] doc = mutate(seed, random);
            try {
                Ecg ecg = READER.read(doc, "fuzz-" + i);
                read++;
                // the CRC guards the samples: what is read is what was stored
                for (Lead lead : ecg.leads()) {
                    original.lead(lead.name()).ifPresent(o -> assertArrayEquals(o.samples(), lead.samples(), lead.name()));
                }
            } catch (MuseFormatException expected) {
                refused++;
                byCheck.merge(expected.check(), 1, Integer::sum);
            } catch (RuntimeException | StackOverflowError e) {
                fail("round " + i + " (" + doc.length + " bytes) threw " + e, e);
            }
        }
        assertEquals(rounds, read + refused);
        System.out.printf("MUSE fuzz (seed %d): %d documents, %d read, %d refused with MuseFormatException %s%n",
                seedValue, rounds, read, refused, byCheck);
        return new Counts(rounds, read, refused, byCheck);
    }

    /** One edit: a byte set to a random value (half the time), a truncation, or a deleted range of up to 2 kB. */
    private static byte[] mutate(byte[] seed, Random random) {
        int at = random.nextInt(seed.length);
        switch (random.nextInt(4)) {
            case 0, 1 -> {
                byte[] doc = seed.clone();
                doc[at] = (byte) random.nextInt(256);
                return doc;
            }
            case 2 -> {
                return Arrays.copyOf(seed, at);
            }
            default -> {
                int end = Math.min(seed.length, at + 1 + random.nextInt(2048));
                byte[] shorter = new byte[seed.length - (end - at)];
                System.arraycopy(seed, 0, shorter, 0, at);
                System.arraycopy(seed, end, shorter, at, seed.length - end);
                return shorter;
            }
        }
    }
}
