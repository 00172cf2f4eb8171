package org.edtriage.schemas;

import org.edtriage.ecg.Ecg;
import org.edtriage.ecg.Lead;
import org.edtriage.ecg.Sex;
import org.edtriage.ecg.simulate.EcgSynthesizer;
import org.edtriage.schemas.events.EcgRecorded;
import org.edtriage.schemas.mapping.EcgEvents;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class EcgEventsTest {
    private static final EcgEvents.Provenance PROVENANCE = new EcgEvents.Provenance("e1", "p1", null, "test", "r1", null,
            Instant.parse("2026-11-22T08:00:00Z"));

    @Test
    void int16LeadsTravelExactly() {
        Ecg ecg = EcgSynthesizer.example("r1", Instant.parse("2026-11-22T07:59:00Z"), 10, 80, 0, 70, Sex.FEMALE, 3);
        EcgRecorded event = EcgEvents.toEvent(ecg, PROVENANCE, List.of());
        Ecg back = EcgEvents.toEcg(event);
        assertEquals(ecg.leadNames(), back.leadNames());
        assertEquals(ecg.acquiredAt(), back.acquiredAt());
        assertEquals(Sex.FEMALE, back.sex());
        for (int i = 0; i < 12; i++) {
            assertArrayEquals(ecg.leads().get(i).samples(), back.leads().get(i).samples());
        }
    }

    @Test
    void wideAdcLeadsAreRescaledKeepingMillivolts() {
        int[] wide = {0, 100_000, -200_000, 5};
        Ecg ecg = new Ecg("wide", 500, List.of(new Lead("II", wide, 100_000, 0)), null, null, null);
        Lead back = EcgEvents.toEcg(EcgEvents.toEvent(ecg, PROVENANCE, List.of())).leads().get(0);
        for (int i = 0; i < wide.length; i++) {
            assertEquals(ecg.leads().get(0).millivolts(i), back.millivolts(i), 1e-4);
        }
    }
}
