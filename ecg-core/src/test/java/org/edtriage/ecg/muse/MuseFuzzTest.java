package org.edtriage.ecg.muse;

import org.edtriage.ecg.Ecg;
import org.edtriage.ecg.Lead;
import org.edtriage.ecg.SharedData;
import org.edtriage.ecg.vendorxml.DocumentFuzz;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Mutation fuzzing of the MUSE reader: byte flips, truncations and deleted ranges of a valid export must
 * read or be refused with {@link MuseFormatException} — never anything else — and what is read has the
 * samples of the original (every single edit of a lead's data is caught by its CRC or the counts).
 */
class MuseFuzzTest {
    private static final MuseReader READER = new MuseReader();

    /**
     * Seeded, so the counts are fixed for this code. Most single edits of the real export hit the rhythm's or the
     * median beats' base64 (refused by CRC: both are decoded and checked) or break the XML; edits of the diagnosis
     * text or the base64 padding bits leave it readable, so both outcomes must occur.
     */
    @Test
    void mutatedSharedExportsReadOrAreRefusedByName() throws Exception {
        byte[] real = Files.readAllBytes(SharedData.require(MuseReaderTest.SHARED_FILE));
        DocumentFuzz.Counts c = fuzz(real, 300, 1);
        assertTrue(c.read() >= 1, "valid mutations must still read: " + c);
        assertTrue(c.refused() >= 150, "broken mutations must be refused: " + c);
        assertTrue(c.byCheck().getOrDefault("crc32", 0) > 0, "flipped samples are caught by the CRC: " + c);
    }

    @Test
    void mutatedSyntheticExportsReadOrAreRefusedByName() {
        byte[] synthetic = MuseReaderTest.bytes(MuseDocuments.document());
        DocumentFuzz.Counts c = fuzz(synthetic, 300, 2);
        assertTrue(c.read() >= 5, "valid mutations must still read: " + c);
        assertTrue(c.refused() >= 150, "broken mutations must be refused: " + c);
    }

    private static DocumentFuzz.Counts fuzz(byte[] seed, int rounds, long seedValue) {
        Ecg original = READER.read(seed, "seed");
        // the CRC guards the samples: what is read is what was stored
        return DocumentFuzz.fuzz("MUSE fuzz", READER::read, seed, rounds, seedValue, DocumentFuzz::mutate, ecg -> {
            for (Lead lead : ecg.leads()) {
                original.lead(lead.name()).ifPresent(o -> assertArrayEquals(o.samples(), lead.samples(), lead.name()));
            }
        });
    }
}
