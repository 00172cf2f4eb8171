package org.edtriage.schemas;

import org.edtriage.schemas.events.VisitOutcome;
import org.edtriage.schemas.registry.InMemorySchemaRegistry;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Timestamps inside nullable unions need the generated model's conversions; a plain SpecificData fails on them. */
class LogicalTypesTest {
    private final Topics topics = new Topics(new InMemorySchemaRegistry(), true);

    @Test
    void nullableTimestampsRoundTripSetAndUnset() {
        for (Instant outcomeTime : new Instant[]{Instant.parse("2026-11-22T11:00:00Z"), null}) {
            VisitOutcome o = VisitOutcome.newBuilder().setVisitId("v").setPatientId("p").setAmiWithin30Days(outcomeTime != null)
                    .setIcd10Codes(List.of("I21.4")).setOutcomeTime(outcomeTime).setLabelTime(Instant.parse("2026-11-24T12:00:00Z")).build();
            assertEquals(o, topics.visitOutcomes.deserializeValue(topics.visitOutcomes.serializeValue(o)));
        }
    }
}
