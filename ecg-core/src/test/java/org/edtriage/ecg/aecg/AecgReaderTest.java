package org.edtriage.ecg.aecg;

import org.edtriage.ecg.Ecg;
import org.edtriage.ecg.LeadName;
import org.edtriage.ecg.Sex;
import org.edtriage.ecg.SharedData;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AecgReaderTest {

    @Test
    void readsTheHl7ExampleRhythmNotTheRepresentativeBeat() throws Exception {
        Ecg ecg = AecgReader.read(SharedData.require("aecg/HL7_2003-12_Example_aECG.xml"));
        assertEquals(500, ecg.samplingRateHz());
        assertEquals(5000, ecg.samplesPerLead(), "10 s rhythm, not the 599-sample beat");
        assertEquals(new HashSet<>(LeadName.STANDARD_12), new HashSet<>(ecg.leadNames()));
        assertEquals(Instant.parse("2002-11-22T09:10:00Z"), ecg.acquiredAt());
        assertEquals(Sex.MALE, ecg.sex());
        assertEquals(49, ecg.ageYears()); // born 1953-05-08, recorded 2002-11-22
        // first digits of lead I are "-2 -2 ..." at 2.5 uV per unit
        assertEquals(-0.005, ecg.lead("I").orElseThrow().millivolts(0), 1e-12);
        // Einthoven holds on real data: III ≈ II − I within quantisation
        var i = ecg.lead("I").orElseThrow();
        var ii = ecg.lead("II").orElseThrow();
        var iii = ecg.lead("III").orElseThrow();
        for (int t = 0; t < 5000; t += 50) {
            assertEquals(ii.millivolts(t) - i.millivolts(t), iii.millivolts(t), 0.0151, "sample " + t);
        }
    }

    @Test
    void refusesDoctypesAndOtherDocuments() {
        String xxe = "<?xml version=\"1.0\"?><!DOCTYPE a [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><AnnotatedECG xmlns=\"urn:hl7-org:v3\">&x;</AnnotatedECG>";
        AecgFormatException e = assertThrows(AecgFormatException.class,
                () -> AecgReader.read(new ByteArrayInputStream(xxe.getBytes(StandardCharsets.UTF_8)), "xxe.xml"));
        assertTrue(e.getMessage().contains("DOCTYPE"), e.getMessage());
        assertThrows(AecgFormatException.class, () -> AecgReader.read(
                new ByteArrayInputStream("<ClinicalDocument xmlns=\"urn:hl7-org:v3\"/>".getBytes(StandardCharsets.UTF_8)), "cda.xml"));
    }
}
