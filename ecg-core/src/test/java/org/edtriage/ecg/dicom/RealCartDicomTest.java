package org.edtriage.ecg.dicom;

import org.edtriage.ecg.Ecg;
import org.edtriage.ecg.Lead;
import org.edtriage.ecg.LeadName;
import org.edtriage.ecg.Sex;
import org.edtriage.ecg.documents.EcgDocuments;
import org.edtriage.ecg.vendorxml.DocumentFuzz;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A real cart's object: pydicom's Mortara ELI 250 12-lead ECG ({@code src/test/resources/dicom}, with its source and
 * licence). The expected figures were read from the same file by pydicom 2.3.1, an independent decoder.
 */
class RealCartDicomTest {
    private static final DicomEcgReader READER = new DicomEcgReader(ZoneOffset.UTC);

    static byte[] mortaraEli250() {
        return resource("waveform_ecg.dcm");
    }

    /** A file of {@code src/test/resources/dicom}. */
    static byte[] resource(String file) {
        try (InputStream in = RealCartDicomTest.class.getResourceAsStream("/dicom/" + file)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void theRhythmGroupReadsAsPydicomDecodesIt() {
        Ecg ecg = READER.read(mortaraEli250(), "waveform_ecg.dcm");
        assertEquals(LeadName.STANDARD_12, ecg.leadNames(), "SCP-ECG codes 5.6.3-9-1 … -64 mapped; the rhythm, not the median beat");
        assertEquals(1000.0, ecg.samplingRateHz());
        assertEquals(10_000, ecg.samplesPerLead(), "10 s; the 1,200-sample MEDIAN BEAT group is not the rhythm");
        // pydicom: raw int16 of each channel — the first five samples and the sum of all 10,000
        assertLead(ecg, "I", new int[]{80, 65, 50, 35, 37}, 741_291);
        assertLead(ecg, "III", new int[]{10, 20, 30, 40, 40}, -14_421);
        assertLead(ecg, "aVR", new int[]{-85, -75, -65, -55, -57}, -731_598);
        assertLead(ecg, "V1", new int[]{40, 40, 40, 40, 35}, 286_220);
        assertLead(ecg, "V6", new int[]{-40, -40, -40, -40, -40}, 307_350);
        for (Lead lead : ecg.leads()) {
            assertEquals(800.0, lead.gainPerMv(), 1e-9, "Channel Sensitivity 1.25 uV × correction 1: " + lead.name());
            assertEquals(0, lead.baseline(), lead.name());
        }
        // pydicom's waveform_array(0) in µV at sample 1000
        Lead i = ecg.lead("I").orElseThrow();
        assertEquals(0.07125, i.millivolts(1000), 1e-9);
        assertEquals(-0.03125, ecg.lead("V6").orElseThrow().millivolts(1000), 1e-9);
        assertEquals(42, ecg.ageYears(), "Patient's Age 042Y");
        assertEquals(Sex.FEMALE, ecg.sex());
        assertEquals(Instant.parse("2013-01-25T10:59:19Z"), ecg.acquiredAt(), "20130125105919 carries no offset: the site's zone (UTC here)");
    }

    /** The cart stores all 12 leads; the four derived ones must agree with Einthoven and Goldberger to half a unit (rounding). */
    @Test
    void theCartsDerivedLeadsAgreeWithTheIndependentOnes() {
        Ecg ecg = READER.read(mortaraEli250(), "waveform_ecg.dcm");
        int[] lI = samples(ecg, "I"), lII = samples(ecg, "II"), lIII = samples(ecg, "III");
        int[] aVR = samples(ecg, "aVR"), aVL = samples(ecg, "aVL"), aVF = samples(ecg, "aVF");
        for (int k = 0; k < lI.length; k++) {
            assertEquals(lII[k] - lI[k], lIII[k], "III = II − I at " + k);
            assertEquals(-(lI[k] + lII[k]) / 2.0, aVR[k], 0.5, "aVR at " + k);
            assertEquals((lI[k] - lIII[k]) / 2.0, aVL[k], 0.5, "aVL at " + k);
            assertEquals((lII[k] + lIII[k]) / 2.0, aVF[k], 0.5, "aVF at " + k);
        }
    }

    @Test
    void theDocumentDoorAndTheSiteZoneApply() throws Exception {
        byte[] file = mortaraEli250();
        assertEquals(EcgDocuments.Kind.DICOM, EcgDocuments.kind(file));
        Ecg ecg = new EcgDocuments(ZoneId.of("Europe/Rome")).read(file, "waveform_ecg.dcm");
        assertEquals(Instant.parse("2013-01-25T09:59:19Z"), ecg.acquiredAt(), "recorded in Genoa at 10:59:19 CET");
        assertEquals(12, ecg.leads().size());
    }

    /**
     * Seeded mutation fuzzing of the real object: each mutation reads or is refused by name, never another exception.
     * DICOM has no checksum, so most edits of the 240 KB of samples read (as other sample values); what reads must still
     * be a whole 12-lead ECG.
     */
    @Test
    void mutatedRealObjectsReadOrAreRefusedByName() {
        DocumentFuzz.Counts c = DocumentFuzz.fuzz("DICOM fuzz (Mortara ELI 250)", READER::read, mortaraEli250(), 1500, 11,
                DocumentFuzz::mutate, ecg -> assertTrue(ecg.samplesPerLead() > 0 && !ecg.leads().isEmpty()));
        assertTrue(c.read() >= 50, "edits of sample values still read: " + c);
        assertTrue(c.refused() >= 300, "truncations and broken structure are refused: " + c);
    }

    private static void assertLead(Ecg ecg, String name, int[] first, long sum) {
        int[] s = samples(ecg, name);
        assertArrayEquals(first, Arrays.copyOf(s, first.length), name);
        assertEquals(sum, Arrays.stream(s).asLongStream().sum(), name);
    }

    private static int[] samples(Ecg ecg, String name) {
        return ecg.lead(name).orElseThrow().samples();
    }
}
