package org.edtriage.ecg.dicom;

import org.edtriage.ecg.Ecg;
import org.edtriage.ecg.Lead;
import org.edtriage.ecg.vendorxml.DocumentFuzz;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.zip.Deflater;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Deflated explicit VR little endian (PS3.5 A.5): the real Mortara ELI 250 object written deflated by pydicom 2.3.1
 * ({@code src/test/resources/dicom/README.md}), so the encoder is not ours. It must read as the very same ECG as the
 * original, and a damaged or oversized deflate stream is refused by name.
 */
class DeflatedDicomTest {
    private static final DicomEcgReader READER = new DicomEcgReader(ZoneOffset.UTC);

    static byte[] deflatedMortaraEli250() {
        return RealCartDicomTest.resource("waveform_ecg_deflated.dcm");
    }

    @Test
    void theDeflatedObjectReadsAsTheOriginal() {
        byte[] deflated = deflatedMortaraEli250();
        byte[] original = RealCartDicomTest.mortaraEli250();
        assertTrue(deflated.length < original.length / 2, "pydicom's deflate halves the object: " + deflated.length);
        Ecg fromDeflated = READER.read(deflated, "waveform_ecg_deflated.dcm");
        Ecg fromOriginal = READER.read(original, "waveform_ecg.dcm");
        assertSameSignal(fromOriginal, fromDeflated);
        assertNotNull(fromDeflated.deviceMedianBeat(), "the MEDIAN BEAT group survives deflation");
        assertSameSignal(fromOriginal.deviceMedianBeat(), fromDeflated.deviceMedianBeat());
        assertEquals(fromOriginal.acquiredAt(), fromDeflated.acquiredAt());
        assertEquals(fromOriginal.ageYears(), fromDeflated.ageYears());
        assertEquals(fromOriginal.sex(), fromDeflated.sex());
    }

    @Test
    void aDamagedOrOversizedDeflateStreamIsRefusedByName() {
        byte[] deflated = deflatedMortaraEli250();
        int body = bodyStart(deflated);
        byte[] damaged = deflated.clone();
        for (int k = body; k < body + 16; k++) {
            damaged[k] = (byte) 0xFF; // 0xFF.. opens a block of the reserved type 3
        }
        assertEquals("deflate", refused(damaged));
        assertEquals("deflate", refused(Arrays.copyOf(deflated, body + (deflated.length - body) / 2)), "cut in half");

        ByteArrayOutputStream bomb = new ByteArrayOutputStream();
        bomb.write(deflated, 0, body);
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION, true);
        deflater.setInput(new byte[DicomEcgReader.MAX_BYTES + 1]);
        deflater.finish();
        byte[] chunk = new byte[64 * 1024];
        while (!deflater.finished()) {
            bomb.write(chunk, 0, deflater.deflate(chunk));
        }
        deflater.end();
        assertTrue(bomb.size() < 100_000, "a few kB that inflate to 8 MB: " + bomb.size());
        assertEquals("size", refused(bomb.toByteArray()));
    }

    /**
     * Mutations of the compressed bytes mostly break the stream (refused by name) or inflate to a different data set;
     * either way: an {@code Ecg} or a named refusal, never another exception.
     */
    @Test
    void mutatedDeflatedObjectsReadOrAreRefusedByName() {
        DocumentFuzz.Counts c = DocumentFuzz.fuzz("DICOM fuzz (deflated Mortara ELI 250)", READER::read, deflatedMortaraEli250(),
                600, 13, DocumentFuzz::mutate, ecg -> assertTrue(ecg.samplesPerLead() > 0 && !ecg.leads().isEmpty()));
        assertTrue(c.refused() >= 200, "broken deflate streams and cut files are refused: " + c);
        assertTrue(c.read() >= 1, "mutations outside the stream (preamble, meta values) still read: " + c);
    }

    /** Where the deflated data set starts: after the preamble, "DICM" and the file meta group of its stated length. */
    private static int bodyStart(byte[] file) {
        int metaLength = ByteBuffer.wrap(file, 132 + 8, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
        return 132 + 12 + metaLength;
    }

    private static String refused(byte[] file) {
        return assertThrows(DicomFormatException.class, () -> READER.read(file, "mutated.dcm")).check();
    }

    private static void assertSameSignal(Ecg expected, Ecg actual) {
        assertEquals(expected.leadNames(), actual.leadNames());
        assertEquals(expected.samplingRateHz(), actual.samplingRateHz());
        for (Lead lead : expected.leads()) {
            Lead other = actual.lead(lead.name()).orElseThrow();
            assertArrayEquals(lead.samples(), other.samples(), lead.name());
            assertEquals(lead.gainPerMv(), other.gainPerMv(), 0.0, lead.name());
            assertEquals(lead.baseline(), other.baseline(), lead.name());
        }
    }
}
