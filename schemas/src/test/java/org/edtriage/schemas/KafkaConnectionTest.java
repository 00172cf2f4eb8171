package org.edtriage.schemas;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.*;

/** The site's Kafka client properties reach every client, secrets stay in their mounted files and out of logs. */
class KafkaConnectionTest {

    @Test
    void theClientPropertiesFileIsMergedIntoEveryClientsOwnSettings(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("client.properties");
        Files.writeString(file, """
                security.protocol=SASL_SSL
                sasl.mechanism=SCRAM-SHA-512
                sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="ingest" password="s3cret";
                """);
        KafkaConnection kafka = KafkaConnection.of("kafka:9093", Optional.of(file));
        Map<String, Object> config = kafka.config(Map.of("acks", "all"));
        assertEquals("kafka:9093", config.get("bootstrap.servers"));
        assertEquals("SASL_SSL", config.get("security.protocol"));
        assertEquals("all", config.get("acks"));
        assertFalse(kafka.toString().contains("s3cret"), "a JAAS line's password never reaches a log: " + kafka);
        assertTrue(kafka.toString().contains("sasl.jaas.config"), "but the log says which properties are set");
        assertThrows(IllegalArgumentException.class, () -> kafka.config(Map.of("security.protocol", "PLAINTEXT")),
                "no client quietly drops the site's security");
    }

    @Test
    void withoutAFileTheConnectionIsPlaintextAndAFileMayNotMoveTheBootstrap(@TempDir Path dir) throws Exception {
        assertEquals(Map.of("bootstrap.servers", "127.0.0.1:9092"), KafkaConnection.of("127.0.0.1:9092", Optional.empty()).config(Map.of()));
        Path file = dir.resolve("client.properties");
        Files.writeString(file, "bootstrap.servers=elsewhere:9092\n");
        assertThrows(IllegalArgumentException.class, () -> KafkaConnection.of("kafka:9093", Optional.of(file)));
        assertThrows(java.io.UncheckedIOException.class, () -> KafkaConnection.of("kafka:9093", Optional.of(dir.resolve("missing"))));
    }

    @Test
    void aRealClientResolvesASecretFromAMountedDirectoryThroughKafkasConfigProviders(@TempDir Path dir) throws Exception {
        // what a Kubernetes Secret mount looks like: one file per key
        Path secret = Files.createDirectories(dir.resolve("kafka-user"));
        Files.writeString(secret.resolve("client-name"), "ingest-from-secret");
        Path file = dir.resolve("client.properties");
        Files.writeString(file, """
                config.providers=dir
                config.providers.dir.class=org.apache.kafka.common.config.provider.DirectoryConfigProvider
                client.id=${dir:%s:client-name}
                """.formatted(secret));
        KafkaConnection kafka = KafkaConnection.of("127.0.0.1:1", Optional.of(file));
        // a producer connects lazily: building one resolves its configuration without a broker
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(kafka.config(Map.of()), new ByteArraySerializer(), new ByteArraySerializer())) {
            assertTrue(producer.metrics().keySet().stream().anyMatch(m -> "ingest-from-secret".equals(m.tags().get("client-id"))),
                    "the client id came from the mounted file");
        }
    }
}
