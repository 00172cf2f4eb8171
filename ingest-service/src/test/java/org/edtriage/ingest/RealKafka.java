package org.edtriage.ingest;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.edtriage.ecg.io.Folders;
import org.edtriage.infra.KafkaBroker;
import org.edtriage.infra.SchemaRegistryServer;
import org.edtriage.schemas.Topic;
import org.edtriage.schemas.Replication;
import org.edtriage.schemas.TopicProvisioner;
import org.edtriage.schemas.Topics;
import org.edtriage.schemas.registry.SchemaRegistryClient;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/** A real KRaft broker and schema registry with the catalogue's topics and schemas, for the ingest integration tests. */
public final class RealKafka implements AutoCloseable {
    public final KafkaBroker broker;
    public final SchemaRegistryServer registry;
    public final Topics topics;
    private final Path dir;

    private RealKafka(Path dir, KafkaBroker broker, SchemaRegistryServer registry, Topics topics) {
        this.dir = dir;
        this.broker = broker;
        this.registry = registry;
        this.topics = topics;
    }

    public static RealKafka start(String name) throws Exception {
        Path dir = Files.createTempDirectory(name);
        KafkaBroker broker = KafkaBroker.start(dir.resolve("kafka"), 0);
        SchemaRegistryServer registry = SchemaRegistryServer.start(
                SchemaRegistryServer.locateJar(Path.of(System.getProperty("triage.root", ".."))), dir.resolve("registry"), 0);
        Topics topics = new Topics(new SchemaRegistryClient(registry.confluentApiUrl()), true);
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
            TopicProvisioner provisioner = new TopicProvisioner(topics);
            provisioner.createTopics(admin, Replication.SINGLE_NODE);
            provisioner.registerSchemas();
        }
        return new RealKafka(dir, broker, registry, topics);
    }

    /** Every value on the topic from the beginning that matches (read_committed), once the topic is quiet. */
    public <V> List<V> readAll(Topic<String, V> topic, Predicate<V> filter) {
        List<V> out = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of("bootstrap.servers", broker.bootstrapServers(),
                "group.id", "it-" + System.nanoTime(), "auto.offset.reset", "earliest", "isolation.level", "read_committed"),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic.name()));
            int quiet = 0;
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < deadline && quiet < 3) {
                var records = consumer.poll(Duration.ofMillis(500));
                quiet = records.isEmpty() && !consumer.assignment().isEmpty() ? quiet + 1 : 0;
                for (ConsumerRecord<String, byte[]> r : records) {
                    V v = topic.deserializeValue(r.value());
                    if (filter.test(v)) {
                        out.add(v);
                    }
                }
            }
        }
        return out;
    }

    @Override
    public void close() throws java.io.IOException {
        registry.close();
        broker.close();
        // the broker's and registry's logs: hundreds of megabytes per run that must not pile up in /tmp
        Folders.deleteTree(dir);
    }
}
