package org.edtriage.ecg.signal;

import org.edtriage.ecg.Ecg;
import org.edtriage.ecg.Lead;
import org.edtriage.ecg.Sex;
import org.edtriage.ecg.simulate.EcgSynthesizer;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class QualityCheckTest {
    private final Ecg good = EcgSynthesizer.example("q", Instant.EPOCH, 10, 70, 0, 50, Sex.MALE, 8);

    @Test
    void aCleanTwelveLeadEcgPassesWithoutFlags() {
        QualityCheck.Result r = QualityCheck.check(good);
        assertTrue(r.accepted());
        assertEquals(List.of(), r.flags());
    }

    @Test
    void partiallyBadEcgsAreFlaggedNotDropped() {
        List<Lead> leads = new ArrayList<>(good.leads());
        leads.set(8, new Lead("V3", new int[5000], 1000, 0));
        int[] saturated = new int[5000];
        java.util.Arrays.fill(saturated, 32767);
        leads.set(0, new Lead("I", saturated, 1000, 0));
        leads.remove(5); // aVF
        QualityCheck.Result r = QualityCheck.check(new Ecg("q", 500, leads, null, null, null));
        assertTrue(r.accepted());
        assertTrue(r.flags().containsAll(List.of("FLAT_LEAD:V3", "SATURATED_LEAD:I", "IMPLAUSIBLE_AMPLITUDE:I", "MISSING_LEAD:aVF")), r.flags().toString());
    }

    @Test
    void shortOrUnusableEcgsAreRefusedWithTheReason() {
        Ecg shortEcg = EcgSynthesizer.example("s", Instant.EPOCH, 5, 70, 0, 50, Sex.MALE, 8);
        assertTrue(QualityCheck.check(shortEcg).rejection().contains("5.00 s"));
        Ecg flat = new Ecg("f", 500, List.of(new Lead("I", new int[5000], 1000, 0)), null, null, null);
        assertFalse(QualityCheck.check(flat).accepted());
        Ecg slow = new Ecg("r", 10, List.of(new Lead("I", new int[100], 1000, 0)), null, null, null);
        assertTrue(QualityCheck.check(slow).rejection().contains("sampling rate"));
    }
}
