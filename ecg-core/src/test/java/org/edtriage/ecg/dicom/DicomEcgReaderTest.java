package org.edtriage.ecg.dicom;

import org.edtriage.ecg.Ecg;
import org.edtriage.ecg.Lead;
import org.edtriage.ecg.LeadName;
import org.edtriage.ecg.Sex;
import org.edtriage.ecg.documents.EcgDocuments;
import org.edtriage.ecg.simulate.EcgSynthesizer;
import org.edtriage.ecg.vendorxml.DocumentFuzz;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DicomEcgReaderTest {
    private static final DicomEcgReader READER = new DicomEcgReader(ZoneOffset.UTC);
    private static final Ecg ECG = EcgSynthesizer.example("dicom", Instant.parse("2026-11-22T07:30:00Z"), 10, 72, 0.15, 63, Sex.FEMALE, 21);

    @Test
    void explicitVrWithItemsOfUndefinedLengthReadsSampleExact() {
        assertSameEcg(READER.read(DicomDocuments.write(ECG, DicomDocuments.Style.explicit()), "explicit.dcm"));
    }

    @Test
    void implicitVrWithDefinedLengthsAndOnlyScpEcgCodesReadsSampleExact() {
        assertSameEcg(READER.read(DicomDocuments.write(ECG, DicomDocuments.Style.implicit()), "implicit.dcm"));
    }

    @Test
    void theDocumentDoorRecognisesAndReadsIt() throws Exception {
        byte[] file = DicomDocuments.write(ECG, DicomDocuments.Style.explicit());
        assertEquals(EcgDocuments.Kind.DICOM, EcgDocuments.kind(file));
        assertSameEcg(new EcgDocuments(ZoneOffset.UTC).read(file, "door.dcm"));
    }

    @Test
    void whatTheEcgObjectsDoNotUseIsRefusedByName() {
        byte[] good = DicomDocuments.write(ECG, DicomDocuments.Style.explicit());
        assertEquals("preamble", refused(Arrays.copyOfRange(good, 4, good.length)));
        assertEquals("transfer syntax", refused(DicomDocuments.write(ECG, DicomDocuments.Style.explicit()
                .with("1.2.840.10008.1.2.2", DicomEcgReader.TWELVE_LEAD_ECG))), "big endian");
        assertEquals("sop class", refused(DicomDocuments.write(ECG, DicomDocuments.Style.explicit()
                .with(DicomEcgReader.EXPLICIT_LITTLE, "1.2.840.10008.5.1.4.1.1.2"))), "a CT image");
        assertEquals("element", refused(Arrays.copyOf(good, good.length - 1000)), "cut inside the waveform data");
        DicomFormatException e = assertThrows(DicomFormatException.class, () -> READER.read(Arrays.copyOf(good, good.length - 1000), "cut.dcm"));
        assertTrue(e.getMessage().startsWith("DICOM 'cut.dcm': element failed: (5400,1010) says"), e.getMessage());
    }

    /**
     * Seeded mutation fuzzing (byte flips, truncations, deleted ranges) of both encodings: each mutation reads or is
     * refused by name. DICOM has no checksum, so a flipped sample reads as another value; what reads must still be a
     * whole ECG.
     */
    @Test
    void mutatedFilesReadOrAreRefusedByName() {
        for (DicomDocuments.Style style : new DicomDocuments.Style[]{DicomDocuments.Style.explicit(), DicomDocuments.Style.implicit()}) {
            DocumentFuzz.Counts c = DocumentFuzz.fuzz("DICOM fuzz (" + (style.explicitVr() ? "explicit" : "implicit") + " VR)", READER::read,
                    DicomDocuments.write(ECG, style), 1500, 7, DocumentFuzz::mutate, ecg -> assertTrue(ecg.samplesPerLead() > 0));
            assertTrue(c.read() >= 50, "edits of sample values and padding still read: " + c);
            assertTrue(c.refused() >= 300, "truncations and broken structure are refused: " + c);
        }
    }

    private static String refused(byte[] file) {
        return assertThrows(DicomFormatException.class, () -> READER.read(file, "bad.dcm")).check();
    }

    private static void assertSameEcg(Ecg read) {
        assertEquals(LeadName.STANDARD_12, read.leadNames(), "the rhythm group, not the two-lead median beat before it");
        assertEquals(ECG.samplingRateHz(), read.samplingRateHz());
        for (Lead lead : ECG.leads()) {
            Lead other = read.lead(lead.name()).orElseThrow();
            assertArrayEquals(lead.samples(), other.samples(), lead.name());
            assertEquals(lead.gainPerMv(), other.gainPerMv(), 1e-9 * lead.gainPerMv(), lead.name());
            assertEquals(lead.baseline(), other.baseline(), lead.name());
        }
        assertEquals(Instant.parse("2026-11-22T07:30:00Z"), read.acquiredAt(), "20261122083000 at +0100");
        assertEquals(63, read.ageYears());
        assertEquals(Sex.FEMALE, read.sex());
    }
}
