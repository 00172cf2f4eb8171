package org.edtriage.scoring.streams;

import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.edtriage.ecg.Ecg;
import org.edtriage.ecg.Sex;
import org.edtriage.ecg.simulate.MinimalEcgGenerator;
import org.edtriage.model.PlaceholderModel;
import org.edtriage.schemas.Topics;
import org.edtriage.schemas.events.AlertLevel;
import org.edtriage.schemas.events.EcgRecorded;
import org.edtriage.schemas.events.EcgScore;
import org.edtriage.schemas.events.RejectedMessage;
import org.edtriage.schemas.events.TriageAlert;
import org.edtriage.schemas.mapping.EcgEvents;
import org.edtriage.schemas.registry.InMemorySchemaRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ScoringTopologyTest {
    private static PlaceholderModel model;
    private final Topics topics = new Topics(new InMemorySchemaRegistry(), true);

    @BeforeAll
    static void loadModel() {
        model = new PlaceholderModel();
    }

    @AfterAll
    static void closeModel() {
        model.close();
    }

    private TopologyTestDriver driver(AlertPolicy policy) {
        EcgScoring scoring = new EcgScoring(topics.ecgRecorded, model, policy, Clock.systemUTC());
        Properties props = new Properties();
        props.put("application.id", "scoring-test");
        props.put("bootstrap.servers", "unused:9092");
        return new TopologyTestDriver(ScoringTopology.build(topics, scoring), props);
    }

    @Test
    void everyEcgIsScoredUnderItsVisitAndAlertsFollowTheThresholds() {
        try (TopologyTestDriver driver = driver(new AlertPolicy(0.0, 2.0))) { // everything is OBSERVE
            TestInputTopic<String, byte[]> in = driver.createInputTopic(topics.ecgRecorded.name(), new StringSerializer(), new ByteArraySerializer());
            TestOutputTopic<String, EcgScore> scores = driver.createOutputTopic(topics.ecgScores.name(),
                    topics.ecgScores.keySerde().deserializer(), topics.ecgScores.valueSerde().deserializer());
            TestOutputTopic<String, TriageAlert> alerts = driver.createOutputTopic(topics.triageAlerts.name(),
                    topics.triageAlerts.keySerde().deserializer(), topics.triageAlerts.valueSerde().deserializer());
            in.pipeInput("p-1", topics.ecgRecorded.serializeValue(event("ecg-1", "v-1")));
            in.pipeInput("p-2", topics.ecgRecorded.serializeValue(event("ecg-2", null, "p-2")));

            var s1 = scores.readKeyValue();
            assertEquals("v-1", s1.key);
            assertEquals("ecg-1", s1.value.getEcgId());
            assertTrue(s1.value.getPlaceholderModel());
            assertEquals(PlaceholderModel.VERSION, s1.value.getModelVersion());
            var s2 = scores.readKeyValue();
            assertEquals("p-2", s2.key, "without a visit the score is keyed by patient");
            assertTrue(scores.isEmpty());

            List<TriageAlert> raised = alerts.readValuesToList();
            assertEquals(2, raised.size());
            assertEquals(AlertLevel.OBSERVE, raised.get(0).getLevel());
            assertEquals("ecg-1", raised.get(0).getEcgId());
        }
    }

    @Test
    void ruleOutScoresRaiseNoAlert() {
        try (TopologyTestDriver driver = driver(new AlertPolicy(1.5, 2.0))) {
            TestInputTopic<String, byte[]> in = driver.createInputTopic(topics.ecgRecorded.name(), new StringSerializer(), new ByteArraySerializer());
            in.pipeInput("p-1", topics.ecgRecorded.serializeValue(event("ecg-3", "v-3")));
            assertEquals(1, driver.createOutputTopic(topics.ecgScores.name(), topics.ecgScores.keySerde().deserializer(),
                    topics.ecgScores.valueSerde().deserializer()).readValuesToList().size());
            assertTrue(driver.createOutputTopic(topics.triageAlerts.name(), topics.triageAlerts.keySerde().deserializer(),
                    topics.triageAlerts.valueSerde().deserializer()).isEmpty());
        }
    }

    @Test
    void aPoisonRecordGoesToTheDeadLetterTopicAndTheStreamGoesOn() {
        try (TopologyTestDriver driver = driver(new AlertPolicy(0.0, 2.0))) {
            TestInputTopic<String, byte[]> in = driver.createInputTopic(topics.ecgRecorded.name(), new StringSerializer(), new ByteArraySerializer());
            byte[] garbage = "not avro".getBytes(StandardCharsets.US_ASCII);
            in.pipeInput("p-9", garbage);
            in.pipeInput("p-1", topics.ecgRecorded.serializeValue(event("ecg-after-poison", "v-1")));

            RejectedMessage rejected = driver.createOutputTopic(topics.deadLetter.name(), topics.deadLetter.keySerde().deserializer(),
                    topics.deadLetter.valueSerde().deserializer()).readValue();
            assertEquals("p-9", rejected.getSourceId());
            assertTrue(rejected.getReason().contains("magic byte"), rejected.getReason());
            assertEquals(java.nio.ByteBuffer.wrap(garbage), rejected.getRaw());
            EcgScore after = driver.createOutputTopic(topics.ecgScores.name(), topics.ecgScores.keySerde().deserializer(),
                    topics.ecgScores.valueSerde().deserializer()).readValue();
            assertEquals("ecg-after-poison", after.getEcgId());
        }
    }

    private static EcgRecorded event(String ecgId, String visitId) {
        return event(ecgId, visitId, "p-1");
    }

    private static EcgRecorded event(String ecgId, String visitId, String patientId) {
        Ecg ecg = new MinimalEcgGenerator(ecgId.hashCode()).generate(ecgId, Instant.parse("2026-11-22T08:00:00Z"), 10, 75, 0.1, 66, Sex.MALE);
        return EcgEvents.toEvent(ecg, new EcgEvents.Provenance(ecgId, patientId, visitId, "test", ecgId, null,
                Instant.parse("2026-11-22T08:00:01Z")), List.of());
    }
}
