package org.edtriage.scoring.streams;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.edtriage.model.NetworkScorer;
import org.edtriage.schemas.Topics;
import org.edtriage.schemas.events.AlertLevel;
import org.edtriage.schemas.events.EcgRecorded;
import org.edtriage.schemas.events.EcgScore;
import org.edtriage.schemas.events.EdVisit;
import org.edtriage.schemas.events.ModelRelease;
import org.edtriage.schemas.events.RejectedMessage;
import org.edtriage.schemas.events.TriageAlert;
import org.edtriage.schemas.registry.InMemorySchemaRegistry;
import org.edtriage.scoring.TestModels;
import org.edtriage.scoring.engine.EcgScoring;
import org.edtriage.scoring.engine.ScoringEngine;
import org.edtriage.scoring.model.ModelRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The scoring topology on TopologyTestDriver with a real (seeded, untrained) CNN-20k behind the real engine:
 * the visit window, ECGs before their visit, the cohort filter, escalation and de-duplication, poison records.
 */
class ScoringTopologyTest {
    private static final Instant ARRIVAL = Instant.parse("2026-11-22T08:00:00Z");
    @TempDir
    static Path dir;
    private static ModelRegistry models;
    private static ScoringEngine engine;
    private static ModelRelease release;
    private final Topics topics = new Topics(new InMemorySchemaRegistry(), true);
    private final ScoringMetrics metrics = new ScoringMetrics(new SimpleMeterRegistry());

    @BeforeAll
    static void start() throws Exception {
        release = TestModels.release(dir.resolve("ami"), "ami", "v1", 7, 0.0, 1.0, true);
        models = new ModelRegistry("ami", null, false, 1, 0, Clock.systemUTC());
        engine = new ScoringEngine(models, 8, Duration.ofMillis(2), 1, 64, n -> { });
    }

    @AfterAll
    static void stop() {
        engine.close();
        models.close();
    }

    /** Installs the fixture network with these thresholds (a new release version when they change). */
    private static void thresholds(double ruleOut, double ruleIn) {
        ModelRelease r = ModelRelease.newBuilder(release).setVersion("v-" + ruleOut + "-" + ruleIn)
                .setThresholds(new org.edtriage.schemas.events.Thresholds(ruleOut, ruleIn)).build();
        // same checkpoint, other thresholds: the registry treats a known SHA as already running, so empty the slot first
        models.champion().swap(null);
        assertEquals(ModelRegistry.Outcome.INSTALLED, models.offer(r));
    }

    private final class Harness implements AutoCloseable {
        final TopologyTestDriver driver;
        final TestInputTopic<String, byte[]> ecgs;
        final TestInputTopic<String, byte[]> visits;
        final TestOutputTopic<String, EcgScore> scores;
        final TestOutputTopic<String, TriageAlert> alerts;
        final TestOutputTopic<String, RejectedMessage> dead;
        final TestOutputTopic<String, EcgScore> shadowScores;
        final List<EcgScore> shadowed = new ArrayList<>();
        final List<EcgScore> scored = new ArrayList<>();
        final List<TriageAlert> raised = new ArrayList<>();
        final List<RejectedMessage> rejected = new ArrayList<>();

        final TestClock clock = new TestClock(ARRIVAL.plus(Duration.ofDays(1)));

        Harness() {
            this(engine);
        }

        Harness(EcgScoring engine) {
            Properties props = new Properties();
            props.put("application.id", "scoring-test");
            props.put("bootstrap.servers", "unused:9092");
            props.put("state.dir", dir.resolve("state-" + System.nanoTime()).toString());
            driver = new TopologyTestDriver(ScoringTopology.build(topics,
                    ScoringTopology.processors(topics, engine, VisitWindow.ED, clock, metrics, Duration.ofMillis(1)), clock), props);
            ecgs = driver.createInputTopic(topics.ecgRecorded.name(), new StringSerializer(), new ByteArraySerializer());
            visits = driver.createInputTopic(topics.edVisits.name(), new StringSerializer(), new ByteArraySerializer());
            scores = driver.createOutputTopic(topics.ecgScores.name(), topics.ecgScores.keySerde().deserializer(), topics.ecgScores.valueSerde().deserializer());
            alerts = driver.createOutputTopic(topics.triageAlerts.name(), topics.triageAlerts.keySerde().deserializer(),
                    topics.triageAlerts.valueSerde().deserializer());
            dead = driver.createOutputTopic(topics.deadLetter.name(), topics.deadLetter.keySerde().deserializer(), topics.deadLetter.valueSerde().deserializer());
            shadowScores = driver.createOutputTopic(topics.shadowScores.name(), topics.shadowScores.keySerde().deserializer(),
                    topics.shadowScores.valueSerde().deserializer());
        }

        void visit(String visitId, String patientId, Instant arrival, boolean chestPain) {
            visits.pipeInput(visitId, topics.edVisits.serializeValue(EdVisit.newBuilder().setVisitId(visitId).setPatientId(patientId)
                    .setHospitalId("H1").setArrivalTime(arrival).setChestPain(chestPain).build()));
        }

        void ecg(EcgRecorded event) {
            ecgs.pipeInput(event.getPatientId(), topics.ecgRecorded.serializeValue(event));
        }

        /**
         * Lets the engine finish and the wall-clock punctuation emit (the processor's clock runs 20 times faster
         * than the real one, so retries come quickly), until {@code done}; fails after 30 s of real time.
         */
        void settle(BooleanSupplier done) throws InterruptedException {
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (true) {
                collect();
                if (done.getAsBoolean()) {
                    return;
                }
                if (System.nanoTime() > deadline) {
                    fail("not settled within 30 s: " + scored.size() + " scores, " + raised.size() + " alerts, " + rejected.size()
                            + " dead letters, " + inFlight() + " ECGs in flight");
                }
                Thread.sleep(5);
                clock.advance(Duration.ofMillis(100));
                driver.advanceWallClockTime(Duration.ofMillis(5));
            }
        }

        void settleScores(int n) throws InterruptedException {
            settle(() -> scored.size() >= n);
        }

        /**
         * ECGs accepted for scoring and not emitted yet. The driver runs the processor synchronously, so right after
         * a pipeInput the processor has decided: an ECG it accepted is here (or already emitted) — never "later".
         */
        long inFlight() {
            return count(driver.getKeyValueStore(ScoringProcessor.IN_FLIGHT));
        }

        long pending() {
            return count(driver.getKeyValueStore(ScoringProcessor.PENDING));
        }

        private static long count(org.apache.kafka.streams.state.KeyValueStore<?, ?> store) {
            try (var it = store.all()) {
                long n = 0;
                for (; it.hasNext(); it.next()) {
                    n++;
                }
                return n;
            }
        }

        void collect() {
            scored.addAll(scores.readValuesToList());
            raised.addAll(alerts.readValuesToList());
            rejected.addAll(dead.readValuesToList());
            shadowed.addAll(shadowScores.readValuesToList());
        }

        @Override
        public void close() {
            driver.close();
        }
    }

    @Test
    void anEcgFrom2hBeforeTo3hAfterArrivalIsScoredAndOneMinuteLaterIsNot() throws Exception {
        thresholds(0.0, 1.0);
        try (Harness h = new Harness()) {
            h.visit("v1", "p1", ARRIVAL, true);
            h.ecg(TestModels.event("two-hours-before", "p1", null, ARRIVAL.minus(Duration.ofHours(2)), 70, 0));
            h.ecg(TestModels.event("three-hours-after", "p1", null, ARRIVAL.plus(Duration.ofHours(3)), 70, 0));
            h.ecg(TestModels.event("three-hours-one-minute-after", "p1", null, ARRIVAL.plus(Duration.ofHours(3)).plus(Duration.ofMinutes(1)), 70, 0));
            h.ecg(TestModels.event("two-hours-one-minute-before", "p1", null, ARRIVAL.minus(Duration.ofHours(2)).minus(Duration.ofMinutes(1)), 70, 0));
            h.settleScores(2);
            assertEquals(0, h.inFlight(), "nothing else was accepted");
            assertEquals(2, h.pending(), "the two outside the window wait (for another visit) until they expire");
            assertEquals(List.of("two-hours-before", "three-hours-after"), h.scored.stream().map(EcgScore::getEcgId).toList());
            assertTrue(h.scored.stream().allMatch(s -> "v1".equals(s.getVisitId())));
            EcgScore s = h.scored.get(0);
            assertEquals("ami", s.getModelName());
            assertEquals("v-0.0-1.0", s.getModelVersion(), "the release that scored it");
            assertTrue(s.getLatency().getBatchSize() >= 1, s.getLatency().toString());
        }
    }

    @Test
    void anEcgThatArrivesBeforeItsVisitIsScoredWhenTheVisitComes() throws Exception {
        thresholds(0.0, 1.0);
        try (Harness h = new Harness()) {
            h.ecg(TestModels.event("ambulance-ecg", "p2", null, ARRIVAL.minus(Duration.ofMinutes(40)), 90, 0.2));
            assertEquals(0, h.inFlight(), "nothing to score before the visit is known");
            assertEquals(1, h.pending(), "the ECG waits for its visit");
            h.visit("v2", "p2", ARRIVAL, true);
            assertEquals(0, h.pending(), "taken from the waiting ECGs when the visit came");
            h.settleScores(1);
            assertEquals(1, h.scored.size());
            assertEquals("v2", h.scored.get(0).getVisitId());
            assertEquals(1, h.raised.size(), "the first score of a visit raises its first alert");
            assertEquals(AlertLevel.OBSERVE, h.raised.get(0).getLevel());
            assertFalse(h.raised.get(0).getEscalation());
            assertEquals("H1", h.raised.get(0).getHospitalId());
        }
    }

    @Test
    void onlyChestPainVisitsAreScored() throws Exception {
        thresholds(0.0, 1.0);
        try (Harness h = new Harness()) {
            h.visit("v3", "p3", ARRIVAL, false);
            h.ecg(TestModels.event("sprained-ankle-ecg", "p3", null, ARRIVAL.plus(Duration.ofMinutes(10)), 70, 0));
            h.ecg(TestModels.event("no-visit-ecg", "p4", null, ARRIVAL, 70, 0));
            assertEquals(1, metrics.count(ScoringMetrics.EcgOutcome.NOT_CHEST_PAIN), 0.0);
            assertEquals(0, h.inFlight(), "neither ECG was sent to the model");
            // results leave in acceptance order: had either been accepted, it would be emitted before this one
            h.visit("v3b", "p3", ARRIVAL.plus(Duration.ofDays(2)), true);
            h.ecg(TestModels.event("chest-pain-ecg", "p3", null, ARRIVAL.plus(Duration.ofDays(2)).plusSeconds(60), 70, 0));
            h.settleScores(1);
            assertEquals(List.of("chest-pain-ecg"), h.scored.stream().map(EcgScore::getEcgId).toList());
            assertEquals(List.of("chest-pain-ecg"), h.raised.stream().map(TriageAlert::getEcgId).toList());
            assertTrue(h.rejected.isEmpty());
        }
    }

    @Test
    void aVisitAlertsOnItsFirstScoreAndAgainOnlyWhenALaterEcgEscalatesNeverTwiceForALevel() throws Exception {
        // real scores of the fixture network decide the thresholds: lowest → rule-out, middle → observe, highest → rule-in
        List<EcgRecorded> candidates = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            candidates.add(TestModels.event("c" + i, "p5", "v5", ARRIVAL.plus(Duration.ofMinutes(10 + i)), 50 + 15 * i, 0.1 * i));
        }
        float[] p;
        try (NetworkScorer bare = NetworkScorer.fromCheckpoint(Path.of(URI.create(release.getArtifactUri())), 1)) {
            p = bare.score(candidates.stream().map(e -> bare.contract().prepare(org.edtriage.schemas.mapping.EcgEvents.toEcg(e))).toList());
        }
        List<Integer> order = new ArrayList<>(List.of(0, 1, 2, 3, 4, 5));
        order.sort(Comparator.comparingDouble(i -> p[i]));
        EcgRecorded low = candidates.get(order.get(0)), mid = candidates.get(order.get(2)), mid2 = candidates.get(order.get(3)),
                high = candidates.get(order.get(5));
        double pLow = p[order.get(0)], pMid = p[order.get(2)], pMid2 = p[order.get(3)], pHigh = p[order.get(5)];
        assertTrue(pMid - pLow > 1e-4 && pHigh - pMid2 > 1e-4, "distinct scores to put thresholds between: " + java.util.Arrays.toString(p));
        thresholds((pLow + p[order.get(1)]) / 2, (pMid2 + pHigh) / 2);

        try (Harness h = new Harness()) {
            h.visit("v5", "p5", ARRIVAL, true);
            h.ecg(mid);   // first score: OBSERVE alert
            h.ecg(low);   // RULE_OUT: lower, no alert
            h.ecg(mid2);  // OBSERVE again: no second alert for a level
            h.ecg(mid);   // the same ECG re-sent: not scored twice
            h.ecg(high);  // RULE_IN: escalation
            h.ecg(high);  // re-sent again
            h.settleScores(4);
            assertEquals(0, h.inFlight(), "the re-sent ones were never accepted");
            assertEquals(List.of(mid.getEcgId(), low.getEcgId(), mid2.getEcgId(), high.getEcgId()),
                    h.scored.stream().map(EcgScore::getEcgId).toList(), "each ECG scored once, in order");
            assertEquals(2, h.raised.size(), "alerts: " + h.raised);
            assertEquals(AlertLevel.OBSERVE, h.raised.get(0).getLevel());
            assertFalse(h.raised.get(0).getEscalation());
            assertEquals(AlertLevel.RULE_IN, h.raised.get(1).getLevel());
            assertTrue(h.raised.get(1).getEscalation());
            assertEquals(high.getEcgId(), h.raised.get(1).getEcgId());
            assertEquals("v5:RULE_IN", h.raised.get(1).getAlertId());
            assertEquals(2, metrics.count(ScoringMetrics.EcgOutcome.DUPLICATE), 0.0);
        }
    }

    @Test
    void aShadowModelScoresBesideTheChampionOnItsOwnTopicAndNeverAlerts() throws Exception {
        try (ModelRegistry both = new ModelRegistry("ami", "ami-challenger", false, 1, 0, Clock.systemUTC());
             ScoringEngine shadowing = new ScoringEngine(both, 8, Duration.ofMillis(2), 1, 64, n -> { })) {
            assertEquals(ModelRegistry.Outcome.INSTALLED, both.offer(release));
            ModelRelease challenger = TestModels.release(dir.resolve("challenger"), "ami-challenger", "c1", 8, 0.0, 0.0, true);
            assertEquals(ModelRegistry.Outcome.INSTALLED, both.offer(challenger));
            try (Harness h = new Harness(shadowing)) {
                h.visit("v7", "p7", ARRIVAL, true);
                h.ecg(TestModels.event("shadowed", "p7", null, ARRIVAL.plusSeconds(300), 80, 0.1));
                h.settleScores(1);
                h.settle(() -> !h.shadowed.isEmpty());
                assertEquals(1, h.scored.size());
                assertEquals("ami", h.scored.get(0).getModelName());
                assertEquals(1, h.shadowed.size(), "one shadow score on ecg.scores.shadow");
                assertEquals("ami-challenger", h.shadowed.get(0).getModelName());
                assertEquals("c1", h.shadowed.get(0).getModelVersion());
                assertNotEquals(h.scored.get(0).getProbability(), h.shadowed.get(0).getProbability(), "scored by another network");
                assertEquals(1, h.raised.size(), "only the champion alerts");
                assertEquals("ami", h.raised.get(0).getModelName());
            }
        }
    }

    @Test
    void poisonRecordsGoToTheDeadLetterTopicWithTheReasonAndTheStreamGoesOn() throws Exception {
        thresholds(0.0, 1.0);
        try (Harness h = new Harness()) {
            byte[] garbage = "not avro".getBytes(StandardCharsets.US_ASCII);
            h.ecgs.pipeInput("p6", garbage);
            h.visits.pipeInput("v-garbage", garbage);
            h.visit("v6", "p6", ARRIVAL, true);
            EcgRecorded wrongKey = TestModels.event("keyed-by-visit", "p6", "v6", ARRIVAL, 70, 0);
            h.ecgs.pipeInput("v6", topics.ecgRecorded.serializeValue(wrongKey));
            EcgRecorded zeroGain = TestModels.event("zero-gain", "p6", "v6", ARRIVAL.plusSeconds(60), 70, 0);
            zeroGain.getLeads().forEach(l -> l.setGainPerMv(0.0));
            h.ecg(zeroGain);
            h.ecg(TestModels.event("after-the-poison", "p6", "v6", ARRIVAL.plusSeconds(120), 70, 0));
            h.settleScores(1);
            h.settle(() -> h.rejected.size() >= 4);

            assertEquals(List.of("after-the-poison"), h.scored.stream().map(EcgScore::getEcgId).toList());
            assertEquals(4, h.rejected.size(), "rejected: " + h.rejected.stream().map(RejectedMessage::getReason).toList());
            RejectedMessage first = h.rejected.stream().filter(r -> r.getSource().equals("scoring:ecg.recorded") && r.getSourceId().equals("p6")
                    && r.getRaw().equals(java.nio.ByteBuffer.wrap(garbage))).findFirst().orElseThrow();
            assertTrue(first.getReason().contains("undecodable"), first.getReason());
            RejectedMessage visit = h.rejected.stream().filter(r -> r.getSource().equals("scoring:ed.visits") && r.getSourceId().equals("v-garbage"))
                    .findFirst().orElseThrow();
            assertTrue(!visit.getRejectedAt().isBefore(ARRIVAL.plus(Duration.ofDays(1))) && visit.getRejectedAt().isBefore(ARRIVAL.plus(Duration.ofDays(2))),
                    "stamped by the processor's clock, not the system's: " + visit.getRejectedAt());
            assertTrue(h.rejected.stream().anyMatch(r -> r.getReason().contains("must be keyed by patientId")));
            assertTrue(h.rejected.stream().anyMatch(r -> r.getReason().contains("non-finite") || r.getReason().contains("gain")),
                    "an impossible signal is refused: " + h.rejected.stream().map(RejectedMessage::getReason).toList());
        }
    }

    @Test
    void anEcgTheModelFailsOnIsTriedAFewTimesThenDeadLetteredAndTheStreamGoesOn() throws Exception {
        thresholds(0.0, 1.0);
        java.util.concurrent.atomic.AtomicInteger tries = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicBoolean broken = new java.util.concurrent.atomic.AtomicBoolean(true);
        EcgScoring failingOnOne = ecg -> {
            if (broken.get() && ecg.recordName().equals("the-model-fails-on-this")) {
                tries.incrementAndGet();
                return java.util.concurrent.CompletableFuture.failedFuture(new IllegalStateException("PyTorch: shape mismatch"));
            }
            return engine.submit(ecg);
        };
        try (Harness h = new Harness(failingOnOne)) {
            h.visit("v8", "p8", ARRIVAL, true);
            EcgRecorded poison = TestModels.event("the-model-fails-on-this", "p8", null, ARRIVAL.plusSeconds(60), 70, 0);
            h.ecg(poison);
            h.ecg(TestModels.event("behind-it", "p8", null, ARRIVAL.plusSeconds(120), 70, 0));
            h.settleScores(1);
            assertEquals(List.of("behind-it"), h.scored.stream().map(EcgScore::getEcgId).toList());
            assertEquals(ScoringProcessor.MAX_ATTEMPTS, tries.get());
            assertEquals(1, h.rejected.size());
            RejectedMessage dead = h.rejected.get(0);
            assertEquals("scoring:ecg.recorded", dead.getSource());
            assertTrue(dead.getReason().contains("scoring failed in 3 tries") && dead.getReason().contains("shape mismatch"), dead.getReason());
            byte[] raw = new byte[dead.getRaw().remaining()];
            dead.getRaw().duplicate().get(raw);
            assertEquals("the-model-fails-on-this", topics.ecgRecorded.deserializeValue(raw).getEcgId(), "the ECG's own bytes");
            assertEquals(1, metrics.count(ScoringMetrics.EcgOutcome.FAILED), 0.0);
            assertEquals(0, h.inFlight());

            // ops fixed the fault and replay the dead letter: the same ECG is scored, not dropped as a duplicate
            broken.set(false);
            h.ecgs.pipeInput(dead.getSourceId(), raw);
            h.settleScores(2);
            assertEquals(List.of("behind-it", "the-model-fails-on-this"), h.scored.stream().map(EcgScore::getEcgId).toList());
            assertEquals(0, metrics.count(ScoringMetrics.EcgOutcome.DUPLICATE), 0.0);
        }
    }

    @Test
    void withNoModelAnEcgWaitsInFlightInsteadOfBeingDeadLettered() throws Exception {
        java.util.concurrent.atomic.AtomicInteger tries = new java.util.concurrent.atomic.AtomicInteger();
        EcgScoring noModel = ecg -> {
            tries.incrementAndGet();
            return java.util.concurrent.CompletableFuture.failedFuture(new org.edtriage.scoring.engine.NoModelException());
        };
        try (Harness h = new Harness(noModel)) {
            h.visit("v9", "p9", ARRIVAL, true);
            h.ecg(TestModels.event("waits-for-a-model", "p9", null, ARRIVAL.plusSeconds(60), 70, 0));
            h.settle(() -> tries.get() > 2 * ScoringProcessor.MAX_ATTEMPTS);
            assertEquals(1, h.inFlight(), "still in flight");
            assertTrue(h.rejected.isEmpty(), "never dead-lettered for want of a model: " + h.rejected);
            assertEquals(0, metrics.count(ScoringMetrics.EcgOutcome.FAILED), 0.0);
        }
    }

    /** A clock the test moves: the processor's retries and stamps follow it, not the machine's time. */
    static final class TestClock extends Clock {
        private volatile Instant now;

        TestClock(Instant start) {
            this.now = start;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public java.time.ZoneId getZone() {
            return java.time.ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
