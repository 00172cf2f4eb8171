package org.edtriage.training;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.edtriage.ecg.simulate.CohortEvent;
import org.edtriage.schemas.Topics;
import org.edtriage.schemas.events.EdVisit;
import org.edtriage.schemas.events.Sex;
import org.edtriage.schemas.events.VisitOutcome;
import org.edtriage.schemas.mapping.EcgEvents;

import java.time.Instant;
import java.util.List;

/** Puts a simulated ED's events on the topics the training service consumes, as ingest would. */
public final class SimulatedFeed {
    private SimulatedFeed() {
    }

    public static void send(KafkaProducer<String, byte[]> producer, Topics topics, List<CohortEvent> events) {
        for (CohortEvent e : events) {
            if (e instanceof CohortEvent.Visit v) {
                EdVisit visit = EdVisit.newBuilder().setVisitId(v.visitId()).setPatientId(v.patientId()).setHospitalId(v.hospitalId())
                        .setArrivalTime(v.time()).setChiefComplaintCode(v.complaintCode()).setChiefComplaintText(v.complaintText())
                        .setChestPain(v.chestPain()).setAgeYears(v.ageYears()).setSex(Sex.valueOf(v.sex().name())).build();
                producer.send(new ProducerRecord<>(topics.edVisits.name(), v.visitId(), topics.edVisits.serializeValue(visit)));
            } else if (e instanceof CohortEvent.Recording r) {
                var event = EcgEvents.toEvent(r.synthesize().ecg(), new EcgEvents.Provenance(r.ecgId(), r.visit().patientId(), r.visit().visitId(),
                        "simulator", r.ecgId(), r.device().model(), Instant.now()), List.of());
                producer.send(new ProducerRecord<>(topics.ecgRecorded.name(), r.visit().patientId(), topics.ecgRecorded.serializeValue(event)));
            } else if (e instanceof CohortEvent.Outcome o) {
                VisitOutcome outcome = VisitOutcome.newBuilder().setVisitId(o.visit().visitId()).setPatientId(o.visit().patientId())
                        .setAmiWithin30Days(o.amiWithin30Days()).setIcd10Codes(o.icd10Codes()).setOutcomeTime(o.diagnosedAt())
                        .setLabelTime(o.time()).build();
                producer.send(new ProducerRecord<>(topics.visitOutcomes.name(), o.visit().visitId(), topics.visitOutcomes.serializeValue(outcome)));
            }
        }
        producer.flush();
    }
}
