package org.edtriage.infra;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The broker and the registry are real processes that start, serve, survive a restart and stop without leftovers. */
class LocalInfraIT {

    @Test
    void brokerServesRecordsAndKeepsThemAcrossARestart(@TempDir Path dir) throws Exception {
        try (KafkaBroker broker = KafkaBroker.start(dir.resolve("kafka"), 0)) {
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
                admin.createTopics(List.of(new NewTopic("probe", 1, (short) 1))).all().get();
            }
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                    "bootstrap.servers", broker.bootstrapServers(), "acks", "all", "enable.idempotence", "true"),
                    new StringSerializer(), new StringSerializer())) {
                producer.send(new ProducerRecord<>("probe", "k", "before restart")).get();
            }
            broker.stop();
            assertFalse(broker.process().isAlive(), "broker process must be gone after stop");
            broker.restart();
            try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                    "bootstrap.servers", broker.bootstrapServers(), "group.id", "probe", "auto.offset.reset", "earliest"),
                    new StringDeserializer(), new StringDeserializer())) {
                consumer.subscribe(List.of("probe"));
                ConsumerRecords<String, String> records = ConsumerRecords.empty();
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (records.isEmpty() && System.nanoTime() < deadline) {
                    records = consumer.poll(Duration.ofMillis(500));
                }
                assertEquals(1, records.count());
                assertEquals("before restart", records.iterator().next().value());
            }
        }
    }

    @Test
    void registryAnswersTheConfluentApiAndStopsCleanly(@TempDir Path dir) throws Exception {
        Path jar = SchemaRegistryServer.locateJar(Path.of(System.getProperty("triage.root", "..")));
        SchemaRegistryServer registry = SchemaRegistryServer.start(jar, dir, 0);
        try {
            HttpResponse<String> subjects = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(registry.confluentApiUrl() + "/subjects")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, subjects.statusCode());
            assertEquals("[]", subjects.body().trim());
            assertTrue(registry.process().isAlive());
        } finally {
            registry.close();
        }
        assertFalse(registry.process().isAlive(), "registry process must be gone after close");
    }
}
