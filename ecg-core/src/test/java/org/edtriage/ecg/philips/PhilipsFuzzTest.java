package org.edtriage.ecg.philips;

import org.edtriage.ecg.Ecg;
import org.edtriage.ecg.SharedData;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.BiFunction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

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
        Counts c = fuzz("file bytes", real, 300, 1, PhilipsFuzzTest::mutate);
        assertTrue(c.read() >= 20, "valid mutations must still read: " + c);
        assertTrue(c.refused() >= 100, "broken mutations must be refused: " + c);
    }

    /** Edits of the real export's decoded XLI payload, encoded again: the decoder's own refusals. */
    @Test
    void mutatedSharedXliPayloadsReadOrAreRefusedByName() throws Exception {
        String real = PhilipsDocuments.text(Files.readAllBytes(SharedData.require(PhilipsReaderTest.SHARED_FILE)));
        Counts c = fuzz("XLI payload", PhilipsDocuments.utf16(real), 300, 2, PhilipsFuzzTest::mutatePayload);
        assertTrue(c.read() >= 5, "edits of the unread chunks and header bytes must still read: " + c);
        assertTrue(c.byCheck().getOrDefault("xli", 0) >= 50, "corrupt XLI is refused as such: " + c);
        assertTrue(c.byCheck().getOrDefault("sample count", 0) >= 10, "wrong lengths are refused as such: " + c);
    }

    /** The same without the shared data, on a document built here. */
    @Test
    void mutatedSyntheticPayloadsReadOrAreRefusedByName() {
        byte[] synthetic = PhilipsDocuments.utf16(PhilipsDocuments.document(PhilipsDocuments.physicalLeadsWithCalibration(900, 50, 100)));
        Counts c = fuzz("synthetic XLI payload", synthetic, 300, 3, PhilipsFuzzTest::mutatePayload);
        assertTrue(c.refused() >= 100, "broken mutations must be refused: " + c);
    }

    record Counts(int rounds, int read, int refused, Map<String, Integer> byCheck) {
    }

    private static Counts fuzz(String what, byte[] seed, int rounds, long seedValue, BiFunction<byte[], Random, byte[]> mutation) {
        READER.read(seed, "seed");
        Random random = new Random(seedValue);
        int read = 0, refused = 0;
        Map<String, Integer> byCheck = new TreeMap<>();
        for (int i = 0; i < rounds; i++) {
            byte[] doc = mutation.apply(seed, random);
            try {
                Ecg ecg = READER.read(doc, "fuzz-" + i);
                read++;
                assertTrue(ecg.samplesPerLead() > 0);
            } catch (PhilipsFormatException expected) {
                refused++;
                byCheck.merge(expected.check(), 1, Integer::sum);
            } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
                fail("round " + i + " (" + doc.length + " bytes) threw " + e, e);
            }
        }
        assertEquals(rounds, read + refused);
        System.out.printf("Philips fuzz, %s (seed %d): %d documents, %d read, %d refused with PhilipsFormatException %s%n",
                what, seedValue, rounds, read, refused, byCheck);
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

    /** The same edits, made to the decoded XLI payload of the document, which is then encoded again. */
    private static byte[] mutatePayload(byte[] seed, Random random) {
        String xml = PhilipsReaderTest.withPayload(PhilipsDocuments.text(seed), payload -> mutate(payload, random));
        return PhilipsDocuments.utf16(xml);
    }
}
