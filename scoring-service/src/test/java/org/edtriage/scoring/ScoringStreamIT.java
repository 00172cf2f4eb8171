package org.edtriage.scoring;

import org.edtriage.schemas.KafkaConnection;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.edtriage.infra.ChildJvm;
import org.edtriage.infra.KafkaBroker;
import org.edtriage.infra.SchemaRegistryServer;
import org.edtriage.model.NetworkScorer;
import org.edtriage.model.checkpoint.Checkpoint;
import org.edtriage.schemas.Replication;
import org.edtriage.schemas.TopicProvisioner;
import org.edtriage.schemas.Topics;
import org.edtriage.schemas.events.AlertLevel;
import org.edtriage.schemas.events.EcgRecorded;
import org.edtriage.schemas.events.EcgScore;
import org.edtriage.schemas.events.EdVisit;
import org.edtriage.schemas.events.ModelRelease;
import org.edtriage.schemas.events.RejectedMessage;
import org.edtriage.schemas.events.Thresholds;
import org.edtriage.schemas.events.TriageAlert;
import org.edtriage.schemas.mapping.EcgEvents;
import org.edtriage.schemas.mapping.ModelReleases;
import org.edtriage.schemas.registry.SchemaRegistryClient;
import org.edtriage.scoring.model.ModelRegistry;
import org.edtriage.scoring.streams.AlertPolicy;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The scoring stream on a real KRaft broker and schema registry: exactly-once across a SIGKILL of the
 * instance mid-stream, a model swap under load, a corrupt release refused, and no scoring before a release.
 */
class ScoringStreamIT {
    @TempDir
    static Path dir;
    private static KafkaBroker broker;
    private static SchemaRegistryServer registry;
    private static Topics topics;
    private static KafkaProducer<String, byte[]> producer;
    private static Collector collector;

    @BeforeAll
    static void startInfrastructure() throws Exception {
        broker = KafkaBroker.start(dir.resolve("kafka"), 0);
        registry = SchemaRegistryServer.start(SchemaRegistryServer.locateJar(Path.of(System.getProperty("triage.root", ".."))), dir.resolve("registry"), 0);
        topics = new Topics(new SchemaRegistryClient(registry.confluentApiUrl()), true);
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
            TopicProvisioner provisioner = new TopicProvisioner(topics);
            provisioner.createTopics(admin, Replication.SINGLE_NODE);
            provisioner.registerSchemas();
        }
        producer = new KafkaProducer<>(Map.of("bootstrap.servers", broker.bootstrapServers(), "acks", "all", "enable.idempotence", true,
                "max.request.size", 4 * 1024 * 1024), new StringSerializer(), new ByteArraySerializer());
        collector = new Collector();
        collector.start();
    }

    @AfterAll
    static void stopInfrastructure() {
        if (collector != null) collector.close();
        if (producer != null) producer.close();
        if (registry != null) registry.close();
        if (broker != null) broker.close();
    }

    @Test
    void killedWithSigkillMidStreamAndRestartedOnAnEmptyDiskNoScoreOrAlertIsLostOrDoubled() throws Exception {
        String model = "ami-eos";
        Cohort cohort = Cohort.of("eos", 40, 3);
        ModelRelease release = thresholdsFromScores(TestModels.release(dir.resolve("eos-model"), model, "v1", 31, 0, 1, true), cohort);
        publish(release);
        Map<String, String> expectedAlerts = cohort.expectedAlerts(release);

        ChildJvm first = scoringJvm("first", model, dir.resolve("eos-state-1"));
        awaitReady(first);
        cohort.sendVisits();
        int killAfter = cohort.ecgs.size() / 2;
        for (int i = 0; i < killAfter; i++) {
            cohort.sendEcg(i);
            Thread.sleep(20);
        }
        await(() -> collector.scoresOf(model, cohort).size() >= 10, Duration.ofSeconds(120), "some scores before the kill");
        first.kill(); // SIGKILL: no shutdown hook, no commit, whatever was in flight is lost with the process
        int scoredBeforeKill = collector.scoresOf(model, cohort).size();
        for (int i = killAfter; i < cohort.ecgs.size(); i++) {
            cohort.sendEcg(i); // the feed goes on while no instance runs
        }
        ChildJvm second = scoringJvm("second", model, dir.resolve("eos-state-2")); // a new disk: state comes back from the changelogs
        try {
            awaitReady(second);
            await(() -> collector.scoresOf(model, cohort).size() >= cohort.ecgs.size(), Duration.ofSeconds(180), "every ECG scored");
            Thread.sleep(3000); // anything doubled would show by now
        } finally {
            second.close();
        }
        List<EcgScore> scores = collector.scoresOf(model, cohort);
        Map<String, Long> perEcg = scores.stream().collect(Collectors.groupingBy(EcgScore::getEcgId, Collectors.counting()));
        assertEquals(cohort.ecgs.size(), perEcg.size(), "every ECG scored");
        assertTrue(perEcg.values().stream().allMatch(n -> n == 1), "none scored twice: " + perEcg);
        List<TriageAlert> alerts = collector.alertsOf(model, cohort);
        Map<String, String> seen = alerts.stream().collect(Collectors.toMap(TriageAlert::getAlertId, TriageAlert::getEcgId, (a, b) -> {
            throw new AssertionError("alert raised twice for the ECGs " + a + " and " + b);
        }));
        assertEquals(expectedAlerts, seen, "exactly the alerts the scores call for, each once");
        assertTrue(scoredBeforeKill < cohort.ecgs.size(), "the kill came mid-stream");
        System.out.printf("[exactly-once] %d ECGs, %d scored before the SIGKILL, %d alerts (%s), 0 lost, 0 doubled%n", cohort.ecgs.size(),
                scoredBeforeKill, alerts.size(), alerts.stream().collect(Collectors.groupingBy(a -> a.getLevel() + (a.getEscalation() ? "/escalation" : ""),
                        Collectors.counting())));
    }

    @Test
    void unreadyWithoutAReleaseThenAModelSwapUnderLoadLosesNothingAndACorruptReleaseIsRefused() throws Exception {
        String model = "ami-swap";
        Cohort cohort = Cohort.of("swap", 30, 4);
        ModelRelease a = thresholdsFromScores(TestModels.release(dir.resolve("swap-a"), model, "a", 41, 0, 1, true), cohort);
        ModelRelease b = thresholdsFromScores(TestModels.release(dir.resolve("swap-b"), model, "b", 42, 0, 1, true), cohort);
        ModelRelease corrupt = TestModels.release(dir.resolve("swap-c"), model, "c", 43, 0.2, 0.6, true);
        Files.write(dir.resolve("swap-c").resolve(Checkpoint.PARAMETERS), new byte[]{42}, StandardOpenOption.APPEND);

        ScoringSettings settings = ScoringSettings.defaults(broker.bootstrapServers(), dir.resolve("swap-state").toString()).withApplicationId("it-swap");
        settings = new ScoringSettings(settings.kafka(), settings.applicationId(), settings.stateDir(), model, null, null, false,
                settings.maxBatch(), settings.maxWait(), settings.workers(), settings.streamThreads(), settings.commitInterval(), settings.window(),
                settings.warmUp(), settings.standbyReplicas());
        try (ScoringRuntime runtime = ScoringRuntime.start(settings, topics, new SimpleMeterRegistry())) {
            await(() -> runtime.notReadyBecause() != null && runtime.notReadyBecause().contains("no released model"), Duration.ofSeconds(60),
                    "unready, saying why");
            assertTrue(runtime.notReadyBecause().contains("'" + model + "'"), runtime.notReadyBecause());
            publish(a);
            await(() -> runtime.notReadyBecause() == null, Duration.ofSeconds(120), "ready once a release runs");

            cohort.sendVisits();
            for (int i = 0; i < cohort.ecgs.size(); i++) {
                if (i == cohort.ecgs.size() / 3) {
                    publish(b);
                }
                if (i == 2 * cohort.ecgs.size() / 3) {
                    publish(corrupt);
                }
                cohort.sendEcg(i);
                Thread.sleep(40); // ~25 ECG/s, open loop
            }
            await(() -> collector.scoresOf(model, cohort).size() >= cohort.ecgs.size(), Duration.ofSeconds(180), "every ECG scored");
            Thread.sleep(2000);
            assertEquals(List.of("c"), runtime.models().refusals().stream().map(ModelRegistry.Refusal::version).toList());
            assertTrue(runtime.models().refusals().get(0).reason().contains("cannot be loaded"), runtime.models().refusals().get(0).reason());
            assertEquals("b", runtime.models().champion().info().orElseThrow().release(), "the corrupt release left b running");
        }
        List<EcgScore> scores = collector.scoresOf(model, cohort);
        Map<String, List<EcgScore>> perEcg = scores.stream().collect(Collectors.groupingBy(EcgScore::getEcgId));
        assertEquals(cohort.ecgs.size(), perEcg.size(), "every ECG scored: " + new java.util.TreeSet<>(perEcg.keySet()));
        assertTrue(perEcg.values().stream().allMatch(l -> l.size() == 1), "none scored twice");
        Map<String, float[]> bare = Map.of("a", cohort.bareScores(a), "b", cohort.bareScores(b));
        Map<String, Integer> byVersion = new HashMap<>();
        for (int i = 0; i < cohort.ecgs.size(); i++) {
            EcgScore s = perEcg.get(cohort.ecgs.get(i).getEcgId()).get(0);
            byVersion.merge(s.getModelVersion(), 1, Integer::sum);
            assertTrue(bare.containsKey(s.getModelVersion()), "scored only by released, verified models: " + s.getModelVersion());
            assertEquals(bare.get(s.getModelVersion())[i], s.getProbability(), 1e-4, "scored wholly by the model it names");
        }
        assertTrue(byVersion.containsKey("a") && byVersion.containsKey("b"), "the swap happened under load: " + byVersion);
        assertTrue(collector.rejected.stream().noneMatch(r -> r.getSourceId().startsWith(cohort.prefix() + "-")), "no error around the swap");
        List<Instant> times = scores.stream().map(EcgScore::getScoredAt).sorted().toList();
        long maxGap = 0;
        for (int i = 1; i < times.size(); i++) {
            maxGap = Math.max(maxGap, Duration.between(times.get(i - 1), times.get(i)).toMillis());
        }
        System.out.printf("[swap] %d ECGs at ~25/s: %s; longest gap between consecutive scores %d ms%n", cohort.ecgs.size(), byVersion, maxGap);
    }

    @Test
    void withNoReleaseOnTheTopicItStartsFromTheModelStoresActiveRelease() throws Exception {
        String model = "ami-store";
        org.edtriage.model.store.ModelStore store = org.edtriage.model.store.ModelStore.open(dir.resolve("store").toString());
        TestModels.release(dir.resolve("store-ckpt"), model, "unused", 51, 0.2, 0.6, true);
        var decision = store.record(model, dir.resolve("store-ckpt"), java.util.Set.of("p1"), true, "released before the topic existed");
        ScoringSettings d = ScoringSettings.defaults(broker.bootstrapServers(), dir.resolve("store-state").toString());
        ScoringSettings settings = new ScoringSettings(d.kafka(), "it-store", d.stateDir(), model, null, dir.resolve("store").toString(), false,
                d.maxBatch(), d.maxWait(), d.workers(), d.streamThreads(), d.commitInterval(), d.window(), d.warmUp(), d.standbyReplicas());
        try (ScoringRuntime runtime = ScoringRuntime.start(settings, topics, new SimpleMeterRegistry())) {
            await(() -> runtime.notReadyBecause() == null, Duration.ofSeconds(120), "ready from the model store");
            var running = runtime.models().champion().info().orElseThrow();
            assertEquals(decision.version(), running.release());
            assertEquals(decision.sha256(), running.version());
            assertEquals(0.6, running.policy().ruleIn(), 1e-12, "the thresholds the store recorded");
        }
    }

    // ---------------------------------------------------------------- fixtures

    /** Chest-pain visits with a few ECGs each, all within the window, keyed and ordered as ingest would send them. */
    private record Cohort(String prefix, List<EdVisit> visits, List<EcgRecorded> ecgs) {
        static Cohort of(String prefix, int visitCount, int ecgsPerVisit) {
            List<EdVisit> visits = new ArrayList<>();
            List<EcgRecorded> ecgs = new ArrayList<>();
            Instant base = Instant.now().minus(Duration.ofMinutes(30));
            for (int v = 0; v < visitCount; v++) {
                String patient = prefix + "-p" + v;
                String visit = prefix + "-v" + v;
                Instant arrival = base.plusSeconds(v);
                visits.add(EdVisit.newBuilder().setVisitId(visit).setPatientId(patient).setHospitalId("H" + (v % 3)).setArrivalTime(arrival)
                        .setChestPain(true).build());
                for (int k = 0; k < ecgsPerVisit; k++) {
                    ecgs.add(TestModels.event(prefix + "-e" + v + "-" + k, patient, null, arrival.plus(Duration.ofMinutes(5 + 10L * k)),
                            55 + 7 * ((v + 3 * k) % 9), 0.05 * ((v * 7 + k) % 5)));
                }
            }
            // ECGs interleaved across visits, each visit's in acquisition order
            List<EcgRecorded> interleaved = new ArrayList<>();
            for (int k = 0; k < ecgsPerVisit; k++) {
                for (int v = 0; v < visitCount; v++) {
                    interleaved.add(ecgs.get(v * ecgsPerVisit + k));
                }
            }
            return new Cohort(prefix, visits, interleaved);
        }

        void sendVisits() throws Exception {
            for (EdVisit v : visits) {
                producer.send(new ProducerRecord<>(topics.edVisits.name(), v.getVisitId(), topics.edVisits.serializeValue(v))).get();
            }
        }

        void sendEcg(int i) throws Exception {
            EcgRecorded e = EcgRecorded.newBuilder(ecgs.get(i)).setIngestedAt(Instant.now()).build();
            producer.send(new ProducerRecord<>(topics.ecgRecorded.name(), e.getPatientId(), topics.ecgRecorded.serializeValue(e))).get();
        }

        float[] bareScores(ModelRelease release) throws Exception {
            try (NetworkScorer scorer = NetworkScorer.fromCheckpoint(Path.of(URI.create(release.getArtifactUri())), 1)) {
                return scorer.score(ecgs.stream().map(e -> scorer.contract().prepare(EcgEvents.toEcg(e))).toList());
            }
        }

        /** Per visit: the first score's level, then every level above the highest so far, in ECG order. */
        Map<String, String> expectedAlerts(ModelRelease release) throws Exception {
            float[] p = bareScores(release);
            AlertPolicy policy = new AlertPolicy(release.getThresholds().getRuleOut(), release.getThresholds().getRuleIn());
            Map<String, AlertLevel> highest = new HashMap<>();
            Map<String, String> alerts = new HashMap<>();
            for (int i = 0; i < ecgs.size(); i++) {
                String visit = prefix + "-v" + ecgs.get(i).getPatientId().substring((prefix + "-p").length());
                AlertLevel level = policy.level(p[i]);
                AlertLevel before = highest.get(visit);
                if (before == null || level.ordinal() > before.ordinal()) {
                    alerts.put(visit + ":" + level, ecgs.get(i).getEcgId());
                    highest.put(visit, level);
                }
            }
            return alerts;
        }
    }

    /**
     * Thresholds in the widest gap between neighbouring scores around the 40th and the 75th percentiles, so every level
     * occurs and no score sits near a threshold: an untrained network's scores crowd together, and a gap picked at a fixed
     * rank can be narrower than the difference between a batched and a single score on another CPU.
     */
    private static ModelRelease thresholdsFromScores(ModelRelease release, Cohort cohort) throws Exception {
        float[] p = cohort.bareScores(release);
        float[] sorted = p.clone();
        Arrays.sort(sorted);
        int lo = widestGap(sorted, 0.3, 0.5), hi = widestGap(sorted, 0.65, 0.85);
        return ModelRelease.newBuilder(release).setThresholds(new Thresholds((sorted[lo - 1] + sorted[lo]) / 2.0, (sorted[hi - 1] + sorted[hi]) / 2.0)).build();
    }

    /** The rank i in [from, to) of the sorted scores with the widest gap below it; the gap must exceed the scoring tolerance. */
    private static int widestGap(float[] sorted, double from, double to) {
        int best = -1;
        for (int i = Math.max(1, (int) (from * sorted.length)); i < (int) (to * sorted.length); i++) {
            if (best < 0 || sorted[i] - sorted[i - 1] > sorted[best] - sorted[best - 1]) {
                best = i;
            }
        }
        assertTrue(sorted[best] - sorted[best - 1] > 1e-4, "distinct scores between the " + from + " and " + to + " quantiles: " + Arrays.toString(sorted));
        System.out.printf("[thresholds] gap %.2e at rank %d of %d (scores %.4f..%.4f)%n", sorted[best] - sorted[best - 1], best, sorted.length, sorted[0], sorted[sorted.length - 1]);
        return best;
    }

    private static void publish(ModelRelease release) throws Exception {
        ModelReleases.publish(KafkaConnection.plaintext(broker.bootstrapServers()), topics, release);
    }

    private static ChildJvm scoringJvm(String name, String model, Path stateDir) throws Exception {
        return ChildJvm.builder("scoring-" + name).classPath(System.getProperty("java.class.path")).jvmOption("-Xmx512m")
                .systemProperty("ai.djl.offline", "true")
                .systemProperty("ai.djl.pytorch.num_threads", "1").systemProperty("ai.djl.pytorch.num_interop_threads", "1")
                .env("DJL_CACHE_DIR", System.getenv().getOrDefault("DJL_CACHE_DIR", System.getProperty("DJL_CACHE_DIR", "")))
                .main(ScoringMain.class.getName(), broker.bootstrapServers(), registry.confluentApiUrl(), stateDir.toString(), model, "it-eos")
                .log(dir.resolve("logs").resolve("scoring-" + name + ".log")).start();
    }

    private static void awaitReady(ChildJvm jvm) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (!jvm.logTail(200).contains("READY")) {
            jvm.checkAlive();
            if (System.nanoTime() > deadline) {
                fail(jvm.name() + " not ready in 120 s:\n" + jvm.logTail(60));
            }
            Thread.sleep(100);
        }
    }

    private static void await(BooleanSupplier condition, Duration timeout, String what) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("timed out waiting for: " + what + " (scores so far: " + collector.scores.size() + ")");
            }
            Thread.sleep(50);
        }
    }

    /** Reads the output topics read_committed, as a dashboard would: only what the stream committed. */
    private static final class Collector extends Thread {
        final List<EcgScore> scores = new CopyOnWriteArrayList<>();
        final List<TriageAlert> alerts = new CopyOnWriteArrayList<>();
        final List<RejectedMessage> rejected = new CopyOnWriteArrayList<>();
        private volatile boolean closed;
        private final KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of("bootstrap.servers", broker.bootstrapServers(),
                "isolation.level", "read_committed", "max.partition.fetch.bytes", 8 * 1024 * 1024), new StringDeserializer(), new ByteArrayDeserializer());

        Collector() {
            setDaemon(true);
            List<TopicPartition> partitions = new ArrayList<>();
            for (var t : List.of(topics.ecgScores, topics.triageAlerts, topics.deadLetter)) {
                for (int p = 0; p < t.partitions(); p++) {
                    partitions.add(new TopicPartition(t.name(), p));
                }
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
        }

        @Override
        public void run() {
            while (!closed) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    if (r.topic().equals(topics.ecgScores.name())) scores.add(topics.ecgScores.deserializeValue(r.value()));
                    else if (r.topic().equals(topics.triageAlerts.name())) alerts.add(topics.triageAlerts.deserializeValue(r.value()));
                    else rejected.add(topics.deadLetter.deserializeValue(r.value()));
                }
            }
            consumer.close();
        }

        /** A test's scores: its model on its cohort (a new application id also scores the ECGs earlier tests sent). */
        List<EcgScore> scoresOf(String model, Cohort cohort) {
            return scores.stream().filter(s -> s.getModelName().equals(model) && s.getPatientId().startsWith(cohort.prefix() + "-")).toList();
        }

        List<TriageAlert> alertsOf(String model, Cohort cohort) {
            return alerts.stream().filter(a -> a.getModelName().equals(model) && a.getPatientId().startsWith(cohort.prefix() + "-")).toList();
        }

        void close() {
            closed = true;
            try {
                join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
