package org.edtriage.deploy.feed;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.edtriage.ecg.hl7.AdtWriter;
import org.edtriage.ecg.hl7.OruShape;
import org.edtriage.ecg.hl7.OruWriter;
import org.edtriage.ecg.hl7.PatientIdentity;
import org.edtriage.ecg.simulate.Cohort;
import org.edtriage.ecg.simulate.CohortEvent;
import org.edtriage.ingest.mllp.MllpClient;
import org.edtriage.schemas.Topics;
import org.edtriage.schemas.events.EdVisit;
import org.edtriage.schemas.events.Sex;
import org.edtriage.schemas.events.VisitOutcome;
import org.edtriage.schemas.mapping.EcgEvents;

import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

/**
 * Plays a simulated cohort into the platform: over MLLP as a hospital's integration engine would
 * (ADT^A04 at arrival, ORU^R01 per ECG, ADT^A03 with DG1 when the label is known), or straight onto
 * Kafka as Avro events. Paced by a fixed event rate or by simulated time sped up; bounded by a count.
 */
public final class CohortFeed {
    /** Where events go. */
    public interface Sink extends AutoCloseable {
        /** @return null when accepted, else why not */
        String send(CohortEvent event) throws Exception;

        @Override
        void close() throws Exception;
    }

    public record Progress(long sent, long refused, long visits, long ecgs, long outcomes) {
    }

    /**
     * @param ratePerSecond events per second (0: not paced by rate)
     * @param speedup       simulated seconds per real second (0: not paced by simulated time)
     * @param limit         stop after this many events (0: the whole cohort)
     */
    public static Progress play(Cohort cohort, Sink sink, double ratePerSecond, double speedup, long limit,
                                java.util.function.Consumer<String> log) throws Exception {
        long sent = 0, refused = 0, visits = 0, ecgs = 0, outcomes = 0;
        long startNanos = System.nanoTime();
        Instant simStart = null;
        while (cohort.hasNext() && (limit == 0 || sent + refused < limit)) {
            CohortEvent e = cohort.next();
            if (simStart == null) {
                simStart = e.time();
            }
            long due;
            if (ratePerSecond > 0) {
                due = startNanos + (long) ((sent + refused) * 1e9 / ratePerSecond); // open loop: the schedule does not wait for us
            } else if (speedup > 0) {
                due = startNanos + (long) ((e.time().toEpochMilli() - simStart.toEpochMilli()) * 1e6 / speedup);
            } else {
                due = 0;
            }
            long wait = due - System.nanoTime();
            if (wait > 0) {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            }
            String refusal = sink.send(e);
            if (refusal == null) {
                sent++;
            } else {
                refused++;
                log.accept("refused " + e.getClass().getSimpleName() + ": " + refusal);
            }
            if (e instanceof CohortEvent.Visit) visits++;
            else if (e instanceof CohortEvent.Recording) ecgs++;
            else outcomes++;
        }
        return new Progress(sent, refused, visits, ecgs, outcomes);
    }

    /** HL7 v2 over MLLP: one connection, ACKs checked. */
    public static Sink mllp(String host, int port) throws IOException {
        MllpClient client = new MllpClient(host, port, 60_000);
        return new Sink() {
            private long sequence;

            @Override
            public String send(CohortEvent event) throws IOException {
                String controlId = "SIMFEED" + (++sequence) + "-" + Long.toHexString(event.time().toEpochMilli());
                String message;
                if (event instanceof CohortEvent.Visit v) {
                    message = AdtWriter.registration(controlId, identity(v), v.time(), v.complaintCode(), v.complaintText(), ZoneOffset.UTC);
                } else if (event instanceof CohortEvent.Recording r) {
                    message = OruWriter.write(r.synthesize().ecg(), OruShape.PCD01, r.ecgId(), identity(r.visit()), ZoneOffset.UTC);
                } else {
                    CohortEvent.Outcome o = (CohortEvent.Outcome) event;
                    message = AdtWriter.discharge(controlId, identity(o.visit()), o.visit().time(), o.time(), o.icd10Codes(),
                            o.diagnosedAt(), ZoneOffset.UTC);
                }
                String ack = client.send(message);
                return MllpClient.ackCode(ack).equals("AA") ? null : ack.replace('\r', ' ');
            }

            @Override
            public void close() throws IOException {
                client.close();
            }
        };
    }

    /** Avro events straight onto the platform's topics (the simulator's identifiers are already pseudonymous). */
    public static Sink kafka(String bootstrapServers, Topics topics) {
        KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 4 * 1024 * 1024), new StringSerializer(), new ByteArraySerializer());
        return new Sink() {
            @Override
            public String send(CohortEvent event) throws Exception {
                if (event instanceof CohortEvent.Visit v) {
                    producer.send(new ProducerRecord<>(topics.edVisits.name(), v.visitId(), topics.edVisits.serializeValue(
                            EdVisit.newBuilder().setVisitId(v.visitId()).setPatientId(v.patientId()).setHospitalId(v.hospitalId())
                                    .setArrivalTime(v.time()).setChiefComplaintCode(v.complaintCode()).setChiefComplaintText(v.complaintText())
                                    .setChestPain(v.chestPain()).setAgeYears(v.ageYears()).setSex(Sex.valueOf(v.sex().name())).build()))).get();
                } else if (event instanceof CohortEvent.Recording r) {
                    producer.send(new ProducerRecord<>(topics.ecgRecorded.name(), r.visit().patientId(),
                            topics.ecgRecorded.serializeValue(EcgEvents.toEvent(r.synthesize().ecg(), new EcgEvents.Provenance(r.ecgId(),
                                    r.visit().patientId(), r.visit().visitId(), "simulator", r.ecgId(), r.device().model(), Instant.now()), List.of())))).get();
                } else {
                    CohortEvent.Outcome o = (CohortEvent.Outcome) event;
                    producer.send(new ProducerRecord<>(topics.visitOutcomes.name(), o.visit().visitId(),
                            topics.visitOutcomes.serializeValue(VisitOutcome.newBuilder().setVisitId(o.visit().visitId())
                                    .setPatientId(o.visit().patientId()).setAmiWithin30Days(o.amiWithin30Days()).setIcd10Codes(o.icd10Codes())
                                    .setOutcomeTime(o.diagnosedAt()).setLabelTime(o.time()).build()))).get();
                }
                return null;
            }

            @Override
            public void close() {
                producer.close();
            }
        };
    }

    private static PatientIdentity identity(CohortEvent.Visit v) {
        return new PatientIdentity(v.patientId() + "@" + v.hospitalId(), v.visitId(), null, v.sex(), v.hospitalId());
    }
}
