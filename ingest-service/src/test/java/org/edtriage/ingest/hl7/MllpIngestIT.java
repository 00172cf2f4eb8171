package org.edtriage.ingest.hl7;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.edtriage.schemas.KafkaConnection;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.edtriage.ecg.Ecg;
import org.edtriage.ecg.Sex;
import org.edtriage.ecg.hl7.OruShape;
import org.edtriage.ecg.hl7.OruWriter;
import org.edtriage.ecg.hl7.PatientIdentity;
import org.edtriage.ecg.simulate.EcgSynthesizer;
import org.edtriage.infra.KafkaBroker;
import org.edtriage.ingest.Pseudonymiser;
import org.edtriage.ingest.RealKafka;
import org.edtriage.ingest.kafka.EventPublisher;
import org.edtriage.ingest.kafka.TransactionalPublisher;
import io.micrometer.core.instrument.MeterRegistry;
import org.edtriage.schemas.events.AcceptedMessage;
import org.edtriage.ingest.mllp.MllpClient;
import org.edtriage.ingest.mllp.MllpServer;
import org.edtriage.ingest.senders.AddressRange;
import org.edtriage.ingest.senders.Senders;
import org.edtriage.schemas.Topic;
import org.edtriage.schemas.Topics;
import org.edtriage.schemas.events.EcgRecorded;
import org.edtriage.schemas.events.EdVisit;
import org.edtriage.schemas.events.RejectedMessage;
import org.edtriage.schemas.events.VisitOutcome;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import javax.net.ServerSocketFactory;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** HL7 v2 over a real MLLP socket into a real KRaft broker with a real schema registry. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MllpIngestIT {
    private static RealKafka kafka;
    private static KafkaBroker broker;
    private static Topics topics;
    private static EventPublisher publisher;
    private static TransactionalPublisher transactions;
    private static AcceptedControlIds accepted;
    private static MllpServer server;
    private static final PatientIdentity WHO = new PatientIdentity("12345@HOSP", "V-678", LocalDate.of(1961, 3, 15), Sex.FEMALE, "HOSP");

    @BeforeAll
    static void start() throws Exception {
        kafka = RealKafka.start("mllp-it");
        broker = kafka.broker;
        topics = kafka.topics;
        publisher = new EventPublisher(kafka(), TIMEOUT);
        transactions = new TransactionalPublisher(kafka(), "it-1", TIMEOUT);
        accepted = new AcceptedControlIds(kafka(), topics.acceptedMessages, 1000, TIMEOUT);
        Hl7Ingest ingest = ingest(transactions, accepted, senders("127.0.0.1"), new SimpleMeterRegistry());
        server = new MllpServer("127.0.0.1", 0, 8, 4 * 1024 * 1024, ServerSocketFactory.getDefault(), ingest);
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) server.close();
        if (transactions != null) transactions.close();
        if (accepted != null) accepted.close();
        if (publisher != null) publisher.close();
        if (kafka != null) kafka.close();
    }

    @Test
    @Order(1)
    void anOruIsAcknowledgedOnlyOnceItIsInKafka() throws Exception {
        String message = oru("CTRL-1");
        String ack;
        try (MllpClient client = client()) {
            ack = client.send(message);
        }
        assertEquals("AA", MllpClient.ackCode(ack), ack);
        // read after the AA: the event must already be there
        List<EcgRecorded> stored = read(topics.ecgRecorded, e -> e.getSourceRef().equals("CTRL-1"));
        assertEquals(1, stored.size());
        EcgRecorded ecg = stored.get(0);
        assertEquals(12, ecg.getLeads().size());
        assertEquals(5000, ecg.getSamplesPerLead());
        assertEquals("hl7-mllp", ecg.getSource());
        assertFalse(ecg.toString().contains("12345"), "the MRN must not reach Kafka");
        assertNotEquals(null, ecg.getVisitId());
    }

    @Test
    @Order(8)
    void aMessageStoredByOneInstanceIsRecognisedByAnotherAndByItselfAfterARestart() throws Exception {
        String message = oru("CTRL-SHARED");
        try (MllpClient client = client()) {
            assertEquals("AA", MllpClient.ackCode(client.send(message)));
        }
        // a second instance, started after the first stored the message: it reads the accepted control ids at start
        SimpleMeterRegistry secondMetrics = new SimpleMeterRegistry();
        try (TransactionalPublisher secondTx = new TransactionalPublisher(kafka(), "it-2", TIMEOUT);
             AcceptedControlIds secondIds = new AcceptedControlIds(kafka(), topics.acceptedMessages, 1000, TIMEOUT);
             MllpServer second = new MllpServer("127.0.0.1", 0, 2, 4 * 1024 * 1024, ServerSocketFactory.getDefault(),
                     ingest(secondTx, secondIds, senders("127.0.0.1"), secondMetrics));
             MllpClient toSecond = new MllpClient("127.0.0.1", second.port(), 30_000)) {
            assertEquals("AA", MllpClient.ackCode(toSecond.send(message)), "the engine's retry, sent to the other instance");
            assertEquals(1.0, secondMetrics.counter("triage.ingest.duplicates", "source", Hl7Ingest.SOURCE).count(),
                    "recognised as a duplicate, not stored");
            // and the other way round, while both run: the second instance stores, the first recognises it at once
            String fresh = oru("CTRL-SHARED-2");
            assertEquals("AA", MllpClient.ackCode(toSecond.send(fresh)));
            try (MllpClient toFirst = client()) {
                assertEquals("AA", MllpClient.ackCode(toFirst.send(fresh)), "the first instance had not seen it in memory");
            }
        }
        // the first instance restarted (new memory, same transactional id): the control ids come back from Kafka
        try (TransactionalPublisher restartedTx = new TransactionalPublisher(kafka(), "it-1", TIMEOUT);
             AcceptedControlIds restartedIds = new AcceptedControlIds(kafka(), topics.acceptedMessages, 1000, TIMEOUT);
             MllpServer restarted = new MllpServer("127.0.0.1", 0, 2, 4 * 1024 * 1024, ServerSocketFactory.getDefault(),
                     ingest(restartedTx, restartedIds, senders("127.0.0.1"), new SimpleMeterRegistry()));
             MllpClient client = new MllpClient("127.0.0.1", restarted.port(), 30_000)) {
            assertEquals("AA", MllpClient.ackCode(client.send(message)));
            assertEquals("AA", MllpClient.ackCode(client.send(oru("CTRL-SHARED-2"))));
            assertTrue(restartedIds.loaded(), "read up to where the topic ended at start");
        }
        // counted on the topic itself, not on the ACKs: one event per message however often and wherever it was sent
        assertEquals(1, read(topics.ecgRecorded, e -> e.getSourceRef().equals("CTRL-SHARED")).size());
        assertEquals(1, read(topics.ecgRecorded, e -> e.getSourceRef().equals("CTRL-SHARED-2")).size());
        List<AcceptedMessage> records = kafka.readAll(topics.acceptedMessages, r -> true);
        assertTrue(records.stream().anyMatch(r -> r.getEventTopic().equals(topics.ecgRecorded.name())
                && r.getAcceptedBy().equals("triage-ingest-it-2")), "each accepted message is recorded with its event: " + records);
    }

    @Test
    @Order(2)
    void aResentControlIdIsAcknowledgedButStoredOnce() throws Exception {
        String message = oru("CTRL-DUP");
        try (MllpClient client = client()) {
            assertEquals("AA", MllpClient.ackCode(client.send(message)));
            assertEquals("AA", MllpClient.ackCode(client.send(message)));
        }
        try (MllpClient other = client()) {
            assertEquals("AA", MllpClient.ackCode(other.send(message)), "also on another connection");
        }
        assertEquals(1, read(topics.ecgRecorded, e -> e.getSourceRef().equals("CTRL-DUP")).size());
    }

    @Test
    @Order(3)
    void garbageGetsAnAeAndItsBytesGoToTheDeadLetterTopic() throws Exception {
        byte[] garbage = "this is not HL7 at all|||".getBytes(StandardCharsets.ISO_8859_1);
        String badOru = oru("CTRL-BAD").replaceFirst("\\|NA\\|(0\\^MDC_ATTR|131331)", "|NA|$1").replace("^MDC_ECG_ELEC_POTL_V2^MDC||", "^MDC_ECG_ELEC_POTL_V2^MDC||1^x^");
        try (MllpClient client = client()) {
            String ack = client.send(garbage);
            assertEquals("AE", MllpClient.ackCode(ack), ack);
            assertTrue(ack.contains("ERR|||100^"), ack);
            String bad = client.send(badOru);
            assertEquals("AE", MllpClient.ackCode(bad), bad);
            assertTrue(bad.contains("MSA|AE|CTRL-BAD|"), bad);
            String unsupported = client.send("MSH|^~\\&|X|HOSP|TRIAGE|ED|20261122||SIU^S12|CTRL-SIU|P|2.5\rSCH|1\r");
            assertEquals("AR", MllpClient.ackCode(unsupported), unsupported);
        }
        List<RejectedMessage> dead = read(topics.deadLetter, m -> m.getSource().equals("hl7-mllp"));
        assertTrue(dead.stream().anyMatch(m -> m.getRaw().equals(ByteBuffer.wrap(garbage))), "garbage kept byte for byte");
        assertTrue(dead.stream().anyMatch(m -> m.getReason().contains("V2") && m.getReason().startsWith("AE")), dead.toString());
        assertTrue(dead.stream().anyMatch(m -> m.getReason().startsWith("AR")));
    }

    @Test
    @Order(4)
    void admissionsAndDischargesBecomeVisitsAndOutcomes() throws Exception {
        String a04 = "MSH|^~\\&|ADT|HOSP|TRIAGE|ED|20261122083000||ADT^A04^ADT_A01|ADT-1|P|2.5.1\rEVN|A04|20261122083000\r"
                + "PID|1||12345^^^HOSP^MR||Doe^Jane||19610315|F\rPV1|1|E|ED^^^HOSP||||||||||||||||V-678|||||||||||||||||||||||||20261122082500\r"
                + "PV2|||R07.4^Chest pain^I10\r";
        String a03 = "MSH|^~\\&|ADT|HOSP|TRIAGE|ED|20261124120000||ADT^A03^ADT_A03|ADT-2|P|2.5.1\rEVN|A03|20261124120000\r"
                + "PID|1||12345^^^HOSP^MR||Doe^Jane||19610315|F\rPV1|1|E|ED^^^HOSP||||||||||||||||V-678|||||||||||||||||||||||||20261122082500\r"
                + "DG1|1||I21.4^NSTEMI^I10||20261122110000\r";
        try (MllpClient client = client()) {
            assertEquals("AA", MllpClient.ackCode(client.send(a04)));
            assertEquals("AA", MllpClient.ackCode(client.send(a03)));
        }
        EdVisit visit = read(topics.edVisits, v -> true).get(0);
        assertTrue(visit.getChestPain());
        assertEquals(Instant.parse("2026-11-22T08:25:00Z"), visit.getArrivalTime());
        VisitOutcome outcome = read(topics.visitOutcomes, o -> true).get(0);
        assertTrue(outcome.getAmiWithin30Days());
        assertEquals(visit.getVisitId(), outcome.getVisitId());
        // the ECG of the same visit carries the same pseudonymous visit id
        EcgRecorded ecg = read(topics.ecgRecorded, e -> e.getSourceRef().equals("CTRL-1")).get(0);
        assertEquals(visit.getVisitId(), ecg.getVisitId());
        assertEquals(visit.getPatientId(), ecg.getPatientId());
    }

    @Test
    @Order(5)
    void withTheBrokerDownTheSenderGetsNoAaAndARetryLaterIsStoredOnce() throws Exception {
        String message = oru("CTRL-OUTAGE");
        broker.stop();
        try (MllpClient client = new MllpClient("127.0.0.1", server.port(), 30_000)) {
            String ack = client.send(message);
            assertEquals("AR", MllpClient.ackCode(ack), ack);
            assertTrue(ack.contains("send it again"), ack);
        }
        broker.restart();
        try (MllpClient client = new MllpClient("127.0.0.1", server.port(), 30_000)) {
            String ack = "";
            for (int i = 0; i < 10 && !MllpClient.ackCode(ack).equals("AA"); i++) {
                ack = client.send(message); // the engine retries until it gets its AA
            }
            assertEquals("AA", MllpClient.ackCode(ack), ack);
        }
        assertEquals(1, read(topics.ecgRecorded, e -> e.getSourceRef().equals("CTRL-OUTAGE")).size());
    }

    @Test
    @Order(6)
    void aSenderOffTheAllowListGetsArAndItsBytesGoToTheDeadLetterTopic() throws Exception {
        Ecg ecg = EcgSynthesizer.example("foreign", Instant.parse("2026-11-22T08:40:00Z"), 10, 75, 0.2, null, Sex.FEMALE, 9);
        String foreign = OruWriter.write(ecg, OruShape.PCD01, "CTRL-FOREIGN",
                new PatientIdentity("999@ELSEWHERE", "V-9", null, Sex.FEMALE, "ELSEWHERE"), ZoneOffset.UTC);
        // from its own facility, but into another hospital's patient record (the patient key is MRN@PID-3-4)
        String intoForeignRecord = OruWriter.write(ecg, OruShape.PCD01, "CTRL-FOREIGN-PATIENT",
                new PatientIdentity("999@ELSEWHERE", "V-9", null, Sex.FEMALE, "HOSP"), ZoneOffset.UTC);
        try (MllpClient client = client()) {
            String ack = client.send(foreign);
            assertEquals("AR", MllpClient.ackCode(ack), ack);
            assertTrue(ack.contains("ERR|||103^Table value not found^HL70357"), ack);
            assertTrue(ack.contains("may not send for facility 'ELSEWHERE' (MSH-4)"), ack);
            String patient = client.send(intoForeignRecord);
            assertEquals("AR", MllpClient.ackCode(patient), patient);
            assertTrue(patient.contains("may not send for patients of 'ELSEWHERE' (PID-3-4)"), patient);
            assertEquals("AA", MllpClient.ackCode(client.send(oru("CTRL-AFTER-REFUSALS"))), "the sender's connection stays open for its own");
        }
        // the same core behind an allow-list that names another network: this machine is nobody's
        Hl7Ingest strict = ingest(transactions, accepted, senders("10.0.0.0/8"), new SimpleMeterRegistry());
        String stranger = oru("CTRL-STRANGER");
        try (MllpServer other = new MllpServer("127.0.0.1", 0, 2, 4 * 1024 * 1024, ServerSocketFactory.getDefault(), strict);
             MllpClient client = new MllpClient("127.0.0.1", other.port(), 20_000)) {
            String ack = client.send(stranger);
            assertEquals("AR", MllpClient.ackCode(ack), ack);
            assertTrue(ack.contains("connection from 127.0.0.1 without a client certificate is not an allowed sender"), ack);
            assertThrows(java.io.IOException.class, () -> client.send(oru("CTRL-STRANGER-2")), "a stranger's connection is closed after its answer");
            try (MllpClient again = new MllpClient("127.0.0.1", other.port(), 20_000)) {
                String garbage = again.send("not HL7 at all".getBytes(StandardCharsets.ISO_8859_1));
                assertEquals("AR", MllpClient.ackCode(garbage), "a stranger's garbage is refused, not parsed: " + garbage);
            }
        }
        List<RejectedMessage> dead = read(topics.deadLetter, m -> m.getReason().startsWith("AR 103"));
        assertTrue(dead.stream().anyMatch(m -> m.getRaw().equals(ByteBuffer.wrap(foreign.getBytes(StandardCharsets.ISO_8859_1)))),
                "the foreign facility's message kept byte for byte: " + dead);
        assertTrue(dead.stream().anyMatch(m -> m.getRaw().equals(ByteBuffer.wrap(stranger.getBytes(StandardCharsets.ISO_8859_1)))),
                "the stranger's message kept byte for byte");
        assertTrue(dead.stream().anyMatch(m -> m.getRaw().equals(ByteBuffer.wrap(intoForeignRecord.getBytes(StandardCharsets.ISO_8859_1)))),
                "the message for another hospital's patient kept byte for byte");
        assertTrue(read(topics.ecgRecorded, e -> e.getSourceRef().startsWith("CTRL-FOREIGN") || e.getSourceRef().startsWith("CTRL-STRANGER")).isEmpty(),
                "nothing of theirs was stored");
    }

    @Test
    @Order(7)
    void aGeMuseExportEmbeddedInAnOruIsStoredAsItsTwelveLeads() throws Exception {
        java.nio.file.Path muse = java.nio.file.Path.of(System.getProperty("triage.shared.data", "../../shared/data"), "vendor-xml/ge-muse/muse_ecg1.xml");
        if (!java.nio.file.Files.exists(muse)) {
            System.out.println("SKIPPED MllpIngestIT.aGeMuseExportEmbeddedInAnOruIsStoredAsItsTwelveLeads: shared data not present at " + muse);
        }
        org.junit.jupiter.api.Assumptions.assumeTrue(java.nio.file.Files.exists(muse), "shared data not present (test skipped)");
        String message = OruWriter.writeDocument(java.nio.file.Files.readAllBytes(muse), "CTRL-MUSE", WHO, null, ZoneOffset.UTC);
        try (MllpClient client = client()) {
            String ack = client.send(message);
            assertEquals("AA", MllpClient.ackCode(ack), ack);
        }
        EcgRecorded stored = read(topics.ecgRecorded, e -> e.getSourceRef().equals("CTRL-MUSE")).get(0);
        assertEquals(12, stored.getLeads().size());
        assertEquals(5000, stored.getSamplesPerLead());
    }

    @Test
    @Order(9)
    void aControlIdInAnotherInstancesTransactionCountsOnlyOnceItCommits() throws Exception {
        try (KafkaProducer<byte[], byte[]> other = new KafkaProducer<>(kafka().config(Map.of(
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, TransactionalPublisher.TRANSACTIONAL_ID_PREFIX + "it-other")),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            other.initTransactions();
            // right after another instance's commit returns, its message is known here: the coordinator may not yet
            // have written the commit markers, so the committed end still lies before the record (a CI failure)
            for (int i = 0; i < 30; i++) {
                String key = AcceptedControlIds.key("HOSP", "CTRL-RACE-" + i);
                other.beginTransaction();
                other.send(accepted(key));
                other.commitTransaction();
                assertTrue(accepted.contains(key), "stored by the other instance a moment ago: " + key);
            }
            // while the other instance's transaction is open, a message it is not storing is looked up without waiting
            // for it, and the message it is storing waits for its outcome
            String inFlight = AcceptedControlIds.key("HOSP", "CTRL-IN-FLIGHT");
            other.beginTransaction();
            other.send(accepted(inFlight));
            other.flush();
            assertFalse(accepted.contains(AcceptedControlIds.key("HOSP", "CTRL-UNRELATED")), "not held up by an unrelated open transaction");
            CompletableFuture<Boolean> lookup = CompletableFuture.supplyAsync(() -> {
                try {
                    return accepted.contains(inFlight);
                } catch (EventPublisher.PublishException e) {
                    throw new IllegalStateException(e);
                }
            });
            assertFalse(lookup.isDone(), "cannot be answered before the other transaction ends");
            other.commitTransaction();
            assertTrue(lookup.get(), "stored once the other transaction committed");
            // an aborted transaction stored nothing
            String aborted = AcceptedControlIds.key("HOSP", "CTRL-ABORTED");
            other.beginTransaction();
            other.send(accepted(aborted));
            other.flush();
            other.abortTransaction();
            assertFalse(accepted.contains(aborted), "its transaction was aborted: not stored");
        }
    }

    private static ProducerRecord<byte[], byte[]> accepted(String key) {
        TransactionalPublisher.Record r = accepted.record(key, topics.ecgRecorded.name(), "triage-ingest-it-other", Instant.now());
        return new ProducerRecord<>(r.topic(), r.key(), r.value());
    }

    /** One sender allowed to send for HOSP (the tests' facility) from the given addresses. */
    private static final Duration TIMEOUT = Duration.ofSeconds(4);

    private static KafkaConnection kafka() {
        return KafkaConnection.plaintext(broker.bootstrapServers());
    }

    /** One ingest instance's HL7 core: this test's dead-letter publisher, its own transactions and accepted control ids. */
    private static Hl7Ingest ingest(TransactionalPublisher transactions, AcceptedControlIds accepted, Senders senders, MeterRegistry metrics) {
        return new Hl7Ingest(topics, publisher, transactions, accepted, new Pseudonymiser("test-key-0123456789"), senders,
                ZoneOffset.UTC, Clock.systemUTC(), metrics);
    }

    private static Senders senders(String addresses) {
        return new Senders(List.of(new Senders.Sender("hosp-engine", List.of("HOSP"), List.of(AddressRange.parse(addresses)), Optional.empty())));
    }

    private static MllpClient client() throws Exception {
        return new MllpClient("127.0.0.1", server.port(), 20_000);
    }

    private static String oru(String controlId) {
        Ecg ecg = EcgSynthesizer.example(controlId, Instant.parse("2026-11-22T08:30:00Z"), 10, 75, 0.2, null, Sex.FEMALE, controlId.hashCode());
        return OruWriter.write(ecg, OruShape.PCD01, controlId, WHO, ZoneOffset.UTC);
    }

    private static <V> List<V> read(Topic<String, V> topic, java.util.function.Predicate<V> filter) {
        return kafka.readAll(topic, filter);
    }
}
