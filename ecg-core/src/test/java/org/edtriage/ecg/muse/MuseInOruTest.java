package org.edtriage.ecg.muse;

import org.edtriage.ecg.Ecg;
import org.edtriage.ecg.Sex;
import org.edtriage.ecg.hl7.Hl7Rejection;
import org.edtriage.ecg.hl7.OruEcg;
import org.edtriage.ecg.hl7.OruMapper;
import org.edtriage.ecg.hl7.OruShape;
import org.edtriage.ecg.hl7.OruWriter;
import org.edtriage.ecg.hl7.PatientIdentity;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A MUSE export sent whole in an ORU^R01 OBX of type ED, as ECG management systems' outbound interfaces do. */
class MuseInOruTest {
    private static final PatientIdentity WHO = new PatientIdentity("4711@HOSP", "V-1", null, Sex.UNKNOWN, "HOSP");
    private final OruMapper mapper = new OruMapper(ZoneOffset.UTC);

    @Test
    void anEmbeddedMuseDocumentIsReadAsTheSameEcgAsTheFile() {
        byte[] document = MuseDocuments.document().getBytes(StandardCharsets.UTF_8);
        Ecg file = new MuseReader().read(document, "muse");
        OruEcg read = mapper.read(OruWriter.writeDocument(document, "CTRL-ED-1", WHO, Instant.parse("2026-11-22T08:00:00Z"), ZoneOffset.UTC));
        assertEquals(OruShape.EMBEDDED_DOCUMENT, read.shape());
        assertEquals("4711@HOSP", read.patient().mrn(), "the patient is the message's");
        assertEquals("CTRL-ED-1", read.ecg().recordName());
        assertEquals(file.samplingRateHz(), read.ecg().samplingRateHz(), 0);
        assertEquals(file.leads().size(), read.ecg().leads().size());
        for (int i = 0; i < file.leads().size(); i++) {
            assertArrayEquals(file.leads().get(i).samples(), read.ecg().leads().get(i).samples(), file.leads().get(i).name());
        }
    }

    @Test
    void aBrokenOrForeignEmbeddedDocumentIsRefusedWithTheReason() {
        String muse = MuseDocuments.document();
        int crc = muse.indexOf("<LeadDataCRC32>", muse.indexOf("Rhythm")) + "<LeadDataCRC32>".length(); // the median is not read
        String broken = muse.substring(0, crc) + "1" + muse.substring(crc);
        Hl7Rejection refused = assertThrows(Hl7Rejection.class, () -> mapper.read(OruWriter.writeDocument(
                broken.getBytes(StandardCharsets.UTF_8), "CTRL-ED-2", WHO, null, ZoneOffset.UTC)));
        assertTrue(refused.getMessage().startsWith("embedded document refused (crc32)"), refused.getMessage());
        assertEquals("AE", refused.ackCode());

        Hl7Rejection pdf = assertThrows(Hl7Rejection.class, () -> mapper.read(OruWriter.writeDocument(
                "%PDF-1.4 a report, not a waveform".getBytes(StandardCharsets.US_ASCII), "CTRL-ED-3", WHO, null, ZoneOffset.UTC)));
        assertTrue(pdf.getMessage().contains("no ED observation holds a GE MUSE, Philips, HL7 aECG or DICOM document"), pdf.getMessage());
    }
}
