package org.edtriage.training.dataset;

import org.edtriage.schemas.KafkaConnection;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.edtriage.ecg.simulate.Cohort;
import org.edtriage.ecg.simulate.CohortConfig;
import org.edtriage.ecg.simulate.CohortEvent;
import org.edtriage.infra.KafkaBroker;
import org.edtriage.training.SimulatedFeed;
import org.edtriage.infra.SchemaRegistryServer;
import org.edtriage.schemas.Replication;
import org.edtriage.schemas.TopicProvisioner;
import org.edtriage.schemas.Topics;
import org.edtriage.schemas.registry.SchemaRegistryClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The dataset store fed from a real KRaft broker and schema registry: stops and restarts without
 * losing or duplicating anything (re-sent ECGs included), and rebuilds from scratch into an empty store.
 */
class DatasetFeedIT {
    static KafkaBroker broker;
    static SchemaRegistryServer registry;
    static Topics topics;
    static KafkaProducer<String, byte[]> producer;
    @TempDir
    static Path dir;

    @BeforeAll
    static void start() throws Exception {
        broker = KafkaBroker.start(dir.resolve("kafka"), 0);
        registry = SchemaRegistryServer.start(SchemaRegistryServer.locateJar(Path.of(System.getProperty("triage.root", ".."))),
                dir.resolve("registry"), 0);
        topics = new Topics(new SchemaRegistryClient(registry.confluentApiUrl()), true);
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
            TopicProvisioner provisioner = new TopicProvisioner(topics);
            provisioner.createTopics(admin, Replication.SINGLE_NODE);
            provisioner.registerSchemas();
        }
        producer = new KafkaProducer<>(Map.of("bootstrap.servers", broker.bootstrapServers(), "enable.idempotence", true),
                new StringSerializer(), new ByteArraySerializer());
    }

    @AfterAll
    static void stop() {
        if (producer != null) {
            producer.close();
        }
        if (registry != null) {
            registry.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void theStoreResumesAfterARestartWithoutDuplicatesAndRebuildsFromScratch() throws Exception {
        List<CohortEvent> events = new ArrayList<>();
        Cohort cohort = new Cohort(CohortConfig.defaults(21, 40));
        while (cohort.hasNext()) {
            events.add(cohort.next());
        }
        int half = events.size() / 2;
        long ecgs = events.stream().filter(e -> e instanceof CohortEvent.Recording).count();
        long visits = events.stream().filter(e -> e instanceof CohortEvent.Visit).count();
        long outcomes = events.stream().filter(e -> e instanceof CohortEvent.Outcome).count();

        Path storeDir = dir.resolve("dataset");
        SimulatedFeed.send(producer, topics, events.subList(0, half));
        try (DatasetStore store = DatasetStore.open(storeDir)) {
            DatasetFeed feed = new DatasetFeed(KafkaConnection.plaintext(broker.bootstrapServers()), "training-it", topics, store);
            feed.start();
            long firstHalf = events.subList(0, half).stream().filter(e -> e instanceof CohortEvent.Recording).count();
            await(() -> store.counts().ecgs() == firstHalf, "first half stored");
            feed.close();
        }
        // while the service is down: the rest, and the first half's ECGs sent again (a sender's retry)
        SimulatedFeed.send(producer, topics, events.subList(half, events.size()));
        SimulatedFeed.send(producer, topics, events.subList(0, half).stream().filter(e -> e instanceof CohortEvent.Recording).toList());
        try (DatasetStore store = DatasetStore.open(storeDir)) {
            DatasetFeed feed = new DatasetFeed(KafkaConnection.plaintext(broker.bootstrapServers()), "training-it", topics, store);
            feed.start();
            await(() -> store.counts().ecgs() == ecgs && store.counts().outcomes() == outcomes && store.counts().visits() == visits, "everything stored");
            Thread.sleep(2000); // and nothing more arrives
            DatasetStore.Counts c = store.counts();
            assertEquals(ecgs, c.ecgs(), "each ECG once, re-sends included");
            assertEquals(visits, c.visits());
            assertEquals(outcomes, c.outcomes());
            assertEquals(0, feed.undecodable());
            feed.close();
            // the stored signal is the sent one
            CohortEvent.Recording first = (CohortEvent.Recording) events.stream().filter(e -> e instanceof CohortEvent.Recording).findFirst().orElseThrow();
            assertArrayEquals(first.synthesize().ecg().leads().get(1).samples(), store.signal(first.ecgId()).leads().get(1).samples());
        }
        // a new instance with an empty store rebuilds the same dataset from the topics
        try (DatasetStore fresh = DatasetStore.open(dir.resolve("rebuilt"))) {
            DatasetFeed feed = new DatasetFeed(KafkaConnection.plaintext(broker.bootstrapServers()), "training-it-rebuild", topics, fresh);
            feed.start();
            await(() -> fresh.counts().ecgs() == ecgs && fresh.counts().outcomes() == outcomes, "rebuilt");
            feed.close();
        }
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("timed out waiting for: " + what);
            }
            Thread.sleep(200);
        }
    }
}
