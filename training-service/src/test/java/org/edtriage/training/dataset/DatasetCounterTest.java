package org.edtriage.training.dataset;

import org.edtriage.schemas.events.EcgRecorded;
import org.edtriage.schemas.events.LeadSignal;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DatasetCounterTest {
    @Test
    void aRedeliveredEcgIsStoredOnce() {
        DatasetCounter dataset = new DatasetCounter();
        assertTrue(dataset.store(ecg("e1", "p1")));
        assertTrue(dataset.store(ecg("e2", "p1")));
        assertFalse(dataset.store(ecg("e1", "p1")));
        assertEquals(new DatasetCounter.Stats(2, 1, 1, 2 * 2 * 500), dataset.stats());
    }

    private static EcgRecorded ecg(String id, String patient) {
        LeadSignal lead = LeadSignal.newBuilder().setName("I").setGainPerMv(1000).setBaseline(0)
                .setSamples(ByteBuffer.allocate(1000)).build();
        return EcgRecorded.newBuilder().setEcgId(id).setPatientId(patient).setAcquiredAt(Instant.EPOCH).setIngestedAt(Instant.EPOCH)
                .setSource("test").setSamplingRateHz(500).setSamplesPerLead(500).setLeads(List.of(lead, lead)).build();
    }
}
