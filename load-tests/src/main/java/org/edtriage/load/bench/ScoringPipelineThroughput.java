package org.edtriage.load.bench;

import org.edtriage.schemas.KafkaConnection;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
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
import org.edtriage.ecg.Ecg;
import org.edtriage.ecg.simulate.Cohort;
import org.edtriage.ecg.simulate.CohortConfig;
import org.edtriage.ecg.simulate.CohortEvent;
import org.edtriage.infra.KafkaBroker;
import org.edtriage.infra.SchemaRegistryServer;
import org.edtriage.model.NetworkScorer;
import org.edtriage.model.checkpoint.Checkpoint;
import org.edtriage.model.checkpoint.ModelManifest;
import org.edtriage.model.zoo.Architectures;
import org.edtriage.model.zoo.EcgNetwork;
import org.edtriage.model.zoo.Head;
import org.edtriage.schemas.Replication;
import org.edtriage.schemas.TopicProvisioner;
import org.edtriage.schemas.Topics;
import org.edtriage.schemas.events.EcgScore;
import org.edtriage.schemas.events.EdVisit;
import org.edtriage.schemas.mapping.EcgEvents;
import org.edtriage.schemas.mapping.ModelReleases;
import org.edtriage.schemas.registry.SchemaRegistryClient;
import org.edtriage.scoring.ScoringRuntime;
import org.edtriage.scoring.ScoringSettings;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The scoring pipeline on a real KRaft broker and schema registry (visit join, micro-batching engine,
 * exactly-once commits) beside the bare scorer on the same prepared ECGs, per architecture, in one run:
 * <ol>
 *   <li>bare: {@code NetworkScorer.score} on batches of 32 prepared ECGs, ECGs/s;</li>
 *   <li>saturation: as many chest-pain ECGs as the producer can send at once; ECGs/s from first send to last
 *       committed score (the pipeline's throughput; its ratio to bare is the pipeline's cost);</li>
 *   <li>latency: an open-loop feed at half the saturation rate ({@code -Dfeed.fraction}); p50/p90/p99/max of ingest→score (the
 *       event's ingestedAt, set at send, to its committed score as a read_committed consumer sees it).</li>
 * </ol>
 * Untrained networks (seeded): throughput does not depend on training. Bounded in count and time.
 *
 * <p>{@code java -Dai.djl.offline=true -Dai.djl.pytorch.num_threads=1 -Dtriage.home=. -cp "load-tests/target/load-tests.jar:load-tests/target/lib/*"
 * org.edtriage.load.bench.ScoringPipelineThroughput [ecgs] [seconds] [architectures…]}
 */
public final class ScoringPipelineThroughput {

    public static void main(String[] args) throws Exception {
        System.setProperty("ai.djl.offline", "true");
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 600;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 30;
        List<String> architectures = args.length > 2 ? List.of(args).subList(2, args.length) : List.of("cnn20k", "rn900k");
        Path root = Path.of(System.getProperty("triage.home", ".")).toAbsolutePath();
        List<Ecg> ecgs = chestPainEcgs(200);
        List<String> lines = new ArrayList<>();
        for (String arch : architectures) {
            // a broker of its own per architecture: a new scoring application reads ecg.recorded from the
            // beginning, and would otherwise first score every ECG the previous architecture was fed
            try (ScratchDir dir = ScratchDir.create("scoring-bench-" + arch);
                 KafkaBroker broker = KafkaBroker.start(dir.resolve("kafka"), 0);
                 SchemaRegistryServer registry = SchemaRegistryServer.start(SchemaRegistryServer.locateJar(root), dir.resolve("registry"), 0)) {
                Topics topics = new Topics(new SchemaRegistryClient(registry.confluentApiUrl()), true);
                try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
                    TopicProvisioner provisioner = new TopicProvisioner(topics);
                    provisioner.createTopics(admin, Replication.SINGLE_NODE);
                    provisioner.registerSchemas();
                }
                lines.add(run(arch, dir.path(), broker, topics, ecgs, count, seconds));
            }
        }
        System.out.println();
        System.out.println("architecture | bare ECG/s (batch 32) | pipeline ECG/s (saturated) | pipeline/bare | feed ECG/s | ingest→score p50 / p90 / p99 / max ms | batch size p50");
        lines.forEach(System.out::println);
        System.out.println("machine: " + Runtime.getRuntime().availableProcessors() + " cores, DJL threads " + System.getProperty("ai.djl.pytorch.num_threads", "default"));
    }

    private static String run(String arch, Path dir, KafkaBroker broker, Topics topics, List<Ecg> ecgs, int count, int seconds) throws Exception {
        String model = "bench-" + arch;
        Path checkpoint = dir.resolve(model);
        String sha;
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            Engine.getEngine("PyTorch").setRandomSeed(7);
            EcgNetwork net = Architectures.build(arch, new Head.NystromTransfer());
            net.initialize(manager);
            sha = Checkpoint.save(checkpoint, net, new ModelManifest(ModelManifest.FORMAT_VERSION, model, arch, net.head().id(),
                    ModelManifest.Contract.of(net.contract()), null, Map.of(), Map.of(), null, Instant.now(), 0, null));
        }
        double bare = bare(checkpoint, ecgs, Math.max(5, seconds / 3));
        System.out.printf(Locale.ROOT, "%s bare: %.1f ECG/s%n", arch, bare);

        ModelReleases.publish(KafkaConnection.plaintext(broker.bootstrapServers()), topics, ModelReleases.of(model, "v1", arch, checkpoint.toUri().toString(), sha,
                Map.of(), Map.of("ruleOut", 0.3, "ruleIn", 0.7), null, null, Instant.now(), "benchmark: an untrained network"));
        ScoringSettings d = ScoringSettings.defaults(broker.bootstrapServers(), dir.resolve("state-" + arch).toString());
        ScoringSettings settings = new ScoringSettings(d.kafka(), "bench-" + arch, d.stateDir(), model, null, null, true,
                d.maxBatch(), d.maxWait(), d.workers(), d.streamThreads(), d.commitInterval(), d.window(), d.warmUp(), d.standbyReplicas());
        var meters = new SimpleMeterRegistry();
        try (ScoringRuntime runtime = ScoringRuntime.start(settings, topics, meters);
             KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of("bootstrap.servers", broker.bootstrapServers(), "acks", "all",
                     "linger.ms", 5, "max.request.size", 8 * 1024 * 1024, "compression.type", "lz4"), new StringSerializer(), new ByteArraySerializer());
             Scores scores = new Scores(broker.bootstrapServers(), topics, model)) {
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (runtime.notReadyBecause() != null) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(arch + " pipeline not ready: " + runtime.notReadyBecause());
                }
                Thread.sleep(100);
            }
            // warm-up, then saturation
            feed(producer, topics, ecgs, arch + "-warm", Math.min(100, count / 4), 0);
            scores.await(Math.min(100, count / 4), Duration.ofSeconds(300));
            scores.reset();
            long t0 = System.nanoTime();
            feed(producer, topics, ecgs, arch + "-sat", count, 0);
            scores.await(count, Duration.ofSeconds(600));
            double saturated = count / ((System.nanoTime() - t0) / 1e9);
            System.out.printf(Locale.ROOT, "%s pipeline saturated: %.1f ECG/s (%d ECGs)%n", arch, saturated, count);
            // latency at half the saturation rate, open loop
            scores.reset();
            double rate = saturated * Double.parseDouble(System.getProperty("feed.fraction", "0.5"));
            int n = (int) Math.max(20, rate * seconds);
            feed(producer, topics, ecgs, arch + "-lat", n, rate);
            scores.await(n, Duration.ofSeconds(600));
            System.out.printf(Locale.ROOT, "%s ECG outcomes: %s%n", arch, runtime.metrics().registry().find("triage.scoring.ecgs").counters().stream()
                    .map(c -> c.getId().getTag("outcome") + "=" + (long) c.count()).toList());
            long[] lat = scores.latencies();
            Arrays.sort(lat);
            double batchP50 = meters.find("triage.scoring.batch.size").summary().takeSnapshot().percentileValues()[0].value();
            return String.format(Locale.ROOT, "%s | %.1f | %.1f | %.2f | %.1f | %d / %d / %d / %d | %.0f", arch, bare, saturated, saturated / bare, rate,
                    pct(lat, 0.5), pct(lat, 0.9), pct(lat, 0.99), lat[lat.length - 1], batchP50);
        }
    }

    private static double bare(Path checkpoint, List<Ecg> ecgs, int seconds) throws Exception {
        try (NetworkScorer scorer = NetworkScorer.fromCheckpoint(checkpoint, 1)) {
            List<float[][]> inputs = ecgs.stream().map(e -> scorer.contract().prepare(e)).toList();
            for (int i = 0; i < 3; i++) {
                scorer.score(inputs.subList(0, 32));
            }
            long n = 0, t0 = System.nanoTime(), end = t0 + seconds * 1_000_000_000L;
            for (int i = 0; System.nanoTime() < end; i = (i + 32) % (inputs.size() - 32)) {
                scorer.score(inputs.subList(i, i + 32));
                n += 32;
            }
            return n / ((System.nanoTime() - t0) / 1e9);
        }
    }

    /** One chest-pain visit per ECG, registered just before it; {@code rate} 0 sends as fast as the producer goes. */
    private static void feed(KafkaProducer<String, byte[]> producer, Topics topics, List<Ecg> ecgs, String prefix, int n, double rate) throws Exception {
        long start = System.nanoTime();
        Instant arrival = Instant.now().minusSeconds(600);
        for (int i = 0; i < n; i++) {
            if (rate > 0) {
                long due = start + (long) (i * 1e9 / rate);
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                }
            }
            String patient = prefix + "-p" + i, visit = prefix + "-v" + i;
            producer.send(new ProducerRecord<>(topics.edVisits.name(), visit, topics.edVisits.serializeValue(EdVisit.newBuilder()
                    .setVisitId(visit).setPatientId(patient).setHospitalId("BENCH").setArrivalTime(arrival).setChestPain(true).build())));
            Ecg ecg = ecgs.get(i % ecgs.size());
            var event = EcgEvents.toEvent(new Ecg(prefix + "-e" + i, ecg.samplingRateHz(), ecg.leads(), arrival.plusSeconds(60), ecg.ageYears(), ecg.sex()),
                    new EcgEvents.Provenance(prefix + "-e" + i, patient, visit, "bench", null, null, Instant.now()), List.of());
            producer.send(new ProducerRecord<>(topics.ecgRecorded.name(), patient, topics.ecgRecorded.serializeValue(event)));
        }
        producer.flush();
    }

    private static List<Ecg> chestPainEcgs(int n) {
        Cohort cohort = new Cohort(CohortConfig.defaults(11, 5_000));
        List<Ecg> out = new ArrayList<>();
        while (out.size() < n && cohort.hasNext()) {
            if (cohort.next() instanceof CohortEvent.Recording r && r.visit().chestPain()) {
                out.add(r.synthesize().ecg());
            }
        }
        return out;
    }

    private static long pct(long[] sorted, double q) {
        return sorted[(int) Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
    }

    /** Committed scores of one model, as a dashboard would read them. */
    private static final class Scores implements AutoCloseable {
        private final KafkaConsumer<String, byte[]> consumer;
        private final Topics topics;
        private final String model;
        private final Map<String, Long> latencyByEcg = new ConcurrentHashMap<>();
        private final Thread thread;
        private volatile boolean closed;

        Scores(String bootstrap, Topics topics, String model) {
            this.topics = topics;
            this.model = model;
            consumer = new KafkaConsumer<>(Map.of("bootstrap.servers", bootstrap, "isolation.level", "read_committed"),
                    new StringDeserializer(), new ByteArrayDeserializer());
            List<TopicPartition> parts = new ArrayList<>();
            for (int p = 0; p < topics.ecgScores.partitions(); p++) {
                parts.add(new TopicPartition(topics.ecgScores.name(), p));
            }
            consumer.assign(parts);
            consumer.seekToEnd(parts);
            parts.forEach(consumer::position);
            thread = new Thread(this::run, "bench-scores");
            thread.setDaemon(true);
            thread.start();
        }

        private void run() {
            while (!closed) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                    long seen = System.currentTimeMillis();
                    EcgScore s = topics.ecgScores.deserializeValue(r.value());
                    if (s.getModelName().equals(model)) {
                        latencyByEcg.put(s.getEcgId(), seen - s.getIngestedAt().toEpochMilli());
                    }
                }
            }
            consumer.close();
        }

        void reset() {
            latencyByEcg.clear();
        }

        void await(int n, Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            long report = System.nanoTime() + 5_000_000_000L;
            while (latencyByEcg.size() < n) {
                if (System.nanoTime() > report) {
                    System.out.printf(Locale.ROOT, "  … %d of %d scores%n", latencyByEcg.size(), n);
                    report += 5_000_000_000L;
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("only " + latencyByEcg.size() + " of " + n + " scores in " + timeout);
                }
                Thread.sleep(20);
            }
        }

        long[] latencies() {
            return latencyByEcg.values().stream().mapToLong(Long::longValue).toArray();
        }

        @Override
        public void close() throws InterruptedException {
            closed = true;
            thread.join(5000);
        }
    }
}
