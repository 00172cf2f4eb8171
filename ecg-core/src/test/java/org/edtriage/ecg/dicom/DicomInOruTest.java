package org.edtriage.ecg.dicom;

import org.edtriage.ecg.Ecg;
import org.edtriage.ecg.Sex;
import org.edtriage.ecg.hl7.OruEcg;
import org.edtriage.ecg.hl7.OruMapper;
import org.edtriage.ecg.hl7.OruShape;
import org.edtriage.ecg.hl7.OruWriter;
import org.edtriage.ecg.hl7.PatientIdentity;
import org.edtriage.ecg.simulate.EcgSynthesizer;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneOffset;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A DICOM ECG object sent whole in an ORU^R01 OBX of type ED (subtype DICOM, base64), as a PACS's HL7 interface may. */
class DicomInOruTest {
    @Test
    void anEmbeddedDicomObjectIsReadAsTheSameEcgAsTheFile() {
        Ecg ecg = EcgSynthesizer.example("dicom-oru", Instant.parse("2026-11-22T07:30:00Z"), 10, 80, 0, 55, Sex.MALE, 5);
        byte[] file = DicomDocuments.write(ecg, DicomDocuments.Style.implicit());
        String message = OruWriter.writeDocument(file, "CTRL-DCM-1", new PatientIdentity("4711@HOSP", "V-1", null, Sex.UNKNOWN, "HOSP"),
                null, ZoneOffset.UTC);
        assertTrue(message.contains("^Application^DICOM^Base64^"), "the ED names its subtype");
        OruEcg read = new OruMapper(ZoneOffset.UTC).read(message);
        assertEquals(OruShape.EMBEDDED_DOCUMENT, read.shape());
        assertEquals(12, read.ecg().leads().size());
        for (int i = 0; i < 12; i++) {
            assertArrayEquals(ecg.leads().get(i).samples(), read.ecg().leads().get(i).samples(), ecg.leads().get(i).name());
        }
        assertEquals(Instant.parse("2026-11-22T07:30:00Z"), read.ecg().acquiredAt(), "the object's acquisition time");
    }
}
