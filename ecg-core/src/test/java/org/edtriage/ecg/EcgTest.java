package org.edtriage.ecg;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class EcgTest {

    @Test
    void eightLeadEcgsGetTheirLimbLeadsDerived() {
        Lead i = new Lead("i", new int[]{100, 200, -50}, 1000, 0);
        Lead ii = new Lead("II", new int[]{300, 100, 50}, 1000, 0);
        Ecg ecg = new Ecg("eight", 500, List.of(i, ii), null, null, null).withDerivedLimbLeads();
        assertEquals(List.of("I", "II", "III", "aVR", "aVL", "aVF"), ecg.leadNames());
        assertArrayEquals(new int[]{200, -100, 100}, ecg.lead("III").orElseThrow().samples());
        assertArrayEquals(new int[]{-200, -150, 0}, ecg.lead("aVR").orElseThrow().samples());
        assertArrayEquals(new int[]{-50, 150, -75}, ecg.lead("aVL").orElseThrow().samples());
        assertArrayEquals(new int[]{250, 0, 75}, ecg.lead("aVF").orElseThrow().samples());
    }

    @Test
    void leadNamesAreNormalisedAndOthersKept() {
        assertEquals("aVR", LeadName.normalise("AVR"));
        assertEquals("V1", LeadName.normalise("v1"));
        assertEquals("vx", LeadName.normalise("vx"));
        assertEquals("MLII", LeadName.normalise("MLII"));
    }

    @Test
    void leadsOfDifferentLengthsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new Ecg("bad", 500,
                List.of(new Lead("I", new int[3], 1000, 0), new Lead("II", new int[4], 1000, 0)), null, null, null));
    }
}
