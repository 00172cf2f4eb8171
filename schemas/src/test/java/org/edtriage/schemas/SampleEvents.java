package org.edtriage.schemas;

import org.edtriage.schemas.events.EcgRecorded;
import org.edtriage.schemas.events.EdVisit;
import org.edtriage.schemas.events.LeadSignal;
import org.edtriage.schemas.events.Sex;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Events of realistic size for contract tests (random samples: compression must not flatter the size). */
final class SampleEvents {
    static final List<String> TWELVE_LEADS = List.of("I", "II", "III", "aVR", "aVL", "aVF", "V1", "V2", "V3", "V4", "V5", "V6");

    private SampleEvents() {
    }

    static EcgRecorded twelveLeadEcg(String ecgId, int samplesPerLead) {
        Random random = new Random(42);
        List<LeadSignal> leads = new ArrayList<>();
        for (String name : TWELVE_LEADS) {
            ByteBuffer samples = ByteBuffer.allocate(2 * samplesPerLead).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < samplesPerLead; i++) {
                samples.putShort((short) (random.nextInt(4000) - 2000));
            }
            samples.flip();
            leads.add(LeadSignal.newBuilder().setName(name).setGainPerMv(1000).setBaseline(0).setSamples(samples).build());
        }
        Instant now = Instant.parse("2026-11-22T08:00:00Z");
        return EcgRecorded.newBuilder()
                .setEcgId(ecgId).setPatientId("p-1").setVisitId("v-1")
                .setAcquiredAt(now).setIngestedAt(now)
                .setSource("test").setSourceRef("sample").setDevice(null)
                .setSamplingRateHz(500).setSamplesPerLead(samplesPerLead)
                .setLeads(leads).setAgeYears(61).setSex(Sex.FEMALE)
                .build();
    }

    static EdVisit visit(String visitId) {
        return EdVisit.newBuilder().setVisitId(visitId).setPatientId("p-1").setHospitalId("h-1")
                .setArrivalTime(Instant.parse("2026-11-22T07:30:00Z"))
                .setChiefComplaintCode("CP").setChiefComplaintText("chest pain").setChestPain(true)
                .setAgeYears(61).setSex(Sex.MALE).build();
    }
}
