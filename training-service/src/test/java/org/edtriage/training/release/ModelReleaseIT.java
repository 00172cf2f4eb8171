package org.edtriage.training.release;

import org.edtriage.schemas.KafkaConnection;
import org.edtriage.model.store.ModelStore;
import ai.djl.ndarray.NDManager;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.edtriage.infra.KafkaBroker;
import org.edtriage.infra.SchemaRegistryServer;
import org.edtriage.model.checkpoint.Checkpoint;
import org.edtriage.model.checkpoint.ModelManifest;
import org.edtriage.model.zoo.Architectures;
import org.edtriage.model.zoo.EcgNetwork;
import org.edtriage.model.zoo.Head;
import org.edtriage.schemas.Replication;
import org.edtriage.schemas.TopicProvisioner;
import org.edtriage.schemas.Topics;
import org.edtriage.schemas.events.ModelRelease;
import org.edtriage.schemas.mapping.ModelReleases;
import org.edtriage.schemas.registry.SchemaRegistryClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

/** A release and a rollback recorded in the model store reach a real broker as ModelRelease events, intervals and digest intact. */
class ModelReleaseIT {

    @Test
    void releasesAndRollbacksArePublishedAsModelReleaseEvents(@TempDir Path dir) throws Exception {
        try (KafkaBroker broker = KafkaBroker.start(dir.resolve("kafka"), 0);
             SchemaRegistryServer registry = SchemaRegistryServer.start(SchemaRegistryServer.locateJar(Path.of(System.getProperty("triage.root", ".."))),
                     dir.resolve("registry"), 0)) {
            Topics topics = new Topics(new SchemaRegistryClient(registry.confluentApiUrl()), true);
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
                TopicProvisioner provisioner = new TopicProvisioner(topics);
                provisioner.createTopics(admin, Replication.SINGLE_NODE);
                provisioner.registerSchemas();
            }
            Path checkpoint = dir.resolve("ckpt");
            Instant from = Instant.parse("2025-01-01T00:00:00Z");
            Instant to = Instant.parse("2025-06-30T00:00:00Z");
            try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
                EcgNetwork net = Architectures.cnn20k(new Head.NystromTransfer());
                net.initialize(manager);
                Checkpoint.save(checkpoint, net, new ModelManifest(ModelManifest.FORMAT_VERSION, "ami-test", "cnn20k", net.head().id(),
                        ModelManifest.Contract.of(net.contract()), new ModelManifest.TrainingData(from, to, 10, 10, "test"),
                        Map.of("auc.temporalTest", 0.81, "auc.temporalTest.lower", 0.76, "auc.temporalTest.upper", 0.86),
                        Map.of("ruleOut", 0.02, "ruleIn", 0.3), null, Instant.now(), 0, null));
            }
            ModelStore store = ModelStore.open(dir.resolve("models").toString());
            ModelStore.Decision released = store.record("ami", checkpoint, Set.of("p1"), true, "test release");
            ModelStore.Decision rolledBack = store.rollback("ami", released.version(), "test rollback");
            for (ModelStore.Decision d : List.of(released, rolledBack)) {
                Instant[] window = d.trainingWindow();
                ModelReleases.publish(KafkaConnection.plaintext(broker.bootstrapServers()), topics, ModelReleases.of(d.model(), d.version(), d.architecture(),
                        d.artifactUri(), d.sha256(), d.metrics(), d.thresholds(), window[0], window[1], d.at(), d.reason()));
            }

            List<ModelRelease> seen = new ArrayList<>();
            try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of("bootstrap.servers", broker.bootstrapServers(),
                    "group.id", "it", "auto.offset.reset", "earliest"), new StringDeserializer(), new ByteArrayDeserializer())) {
                consumer.subscribe(List.of(topics.modelReleases.name()));
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (seen.size() < 2 && System.nanoTime() < deadline) {
                    consumer.poll(Duration.ofMillis(500)).forEach(r -> {
                        assertEquals("ami", r.key());
                        seen.add(topics.modelReleases.deserializeValue(r.value()));
                    });
                }
            }
            assertEquals(2, seen.size());
            ModelRelease first = seen.get(0);
            assertEquals(released.version(), first.getVersion());
            assertEquals(Checkpoint.verifySums(store.checkpoint("ami", released.version())), first.getSha256());
            assertEquals("cnn20k", first.getArchitecture());
            assertEquals(0.81, first.getMetrics().get("auc.temporalTest").getValue(), 1e-12);
            assertEquals(0.76, first.getMetrics().get("auc.temporalTest").getCiLow(), 1e-12);
            assertEquals(0.86, first.getMetrics().get("auc.temporalTest").getCiHigh(), 1e-12);
            assertEquals(0.3, first.getThresholds().getRuleIn(), 1e-12);
            assertEquals(from, first.getTrainingWindowStart());
            assertEquals(to, first.getTrainingWindowEnd());
            assertEquals(released.version(), seen.get(1).getVersion(), "a rollback announces the earlier version again");
        }
    }
}
