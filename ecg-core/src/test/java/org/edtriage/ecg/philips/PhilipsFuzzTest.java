package org.edtriage.ecg.philips;

import org.edtriage.ecg.SharedData;
import org.edtriage.ecg.vendorxml.DocumentFuzz;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.util.Random;
import java.util.function.BiFunction;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Mutation fuzzing of the Philips reader: each mutated document must read or be refused with {@link
 * PhilipsFormatException} — never anything else. XLI has no checksum, so an edit of the compressed data
 * may still read (with other samples); what must never happen is an exception of another kind, a hang or
 * an allocation beyond the bounds.
 */
class PhilipsFuzzTest {
    private static final PhilipsReader READER = new PhilipsReader();

    /**
     * Byte edits of the real export, seeded so the counts are fixed for this code. The file is UTF-16: most
     * edits break the XML or a base64 character; edits of text and attributes the reader does not use
     * leave it readable, so both outcomes must occur.
     */
    @Test
    void mutatedSharedExportsReadOrAreRefusedByName() throws Exception {
        byte[] real = Files.readAllBytes(SharedData.require(PhilipsReaderTest.SHARED_FILE));
        DocumentFuzz.Counts c = fuzz("file bytes", real, 300, 1, DocumentFuzz::mutate);
        assertTrue(c.read() >= 20, "valid mutations must still read: " + c);
        assertTrue(c.refused() >= 100, "broken mutations must be refused: " + c);
    }

    /** Edits of the real export's decoded XLI payload, encoded again: the decoder's own refusals. */
    @Test
    void mutatedSharedXliPayloadsReadOrAreRefusedByName() throws Exception {
        String real = PhilipsDocuments.text(Files.readAllBytes(SharedData.require(PhilipsReaderTest.SHARED_FILE)));
        DocumentFuzz.Counts c = fuzz("XLI payload", PhilipsDocuments.utf16(real), 300, 2, PhilipsFuzzTest::mutatePayload);
        assertTrue(c.read() >= 5, "edits of the unread chunks and header bytes must still read: " + c);
        assertTrue(c.byCheck().getOrDefault("xli", 0) >= 50, "corrupt XLI is refused as such: " + c);
        assertTrue(c.byCheck().getOrDefault("sample count", 0) >= 10, "wrong lengths are refused as such: " + c);
    }

    /** The same without the shared data, on a document built here. */
    @Test
    void mutatedSyntheticPayloadsReadOrAreRefusedByName() {
        byte[] synthetic = PhilipsDocuments.utf16(PhilipsDocuments.document(PhilipsDocuments.physicalLeadsWithCalibration(900, 50, 100)));
        DocumentFuzz.Counts c = fuzz("synthetic XLI payload", synthetic, 300, 3, PhilipsFuzzTest::mutatePayload);
        assertTrue(c.refused() >= 100, "broken mutations must be refused: " + c);
    }

    private static DocumentFuzz.Counts fuzz(String what, byte[] seed, int rounds, long seedValue, BiFunction<byte[], Random, byte[]> mutation) {
        // XLI has no checksum: a mutation that reads may carry other samples; it must only be an ECG
        return DocumentFuzz.fuzz("Philips fuzz, " + what, READER::read, seed, rounds, seedValue, mutation,
                ecg -> assertTrue(ecg.samplesPerLead() > 0));
    }

    /** The same edits, made to the decoded XLI payload of the document, which is then encoded again. */
    private static byte[] mutatePayload(byte[] seed, Random random) {
        String xml = PhilipsReaderTest.withPayload(PhilipsDocuments.text(seed), payload -> DocumentFuzz.mutate(payload, random));
        return PhilipsDocuments.utf16(xml);
    }
}
