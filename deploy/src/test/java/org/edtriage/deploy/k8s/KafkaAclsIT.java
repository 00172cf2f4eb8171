package org.edtriage.deploy.k8s;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.TransactionalIdAuthorizationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.edtriage.infra.KafkaBroker;
import org.edtriage.infra.LocalTls;
import org.edtriage.schemas.KafkaConnection;
import org.edtriage.schemas.Replication;
import org.edtriage.schemas.TopicProvisioner;
import org.edtriage.schemas.Topics;
import org.edtriage.schemas.registry.InMemorySchemaRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The principals and ACLs of {@code deploy/k8s/base/kafka-users.yaml}, applied to a real KRaft broker that only takes
 * SASL_SSL (SCRAM-SHA-512, a TLS certificate made for the test) and runs Kafka's StandardAuthorizer; each service
 * connects as the Kubernetes deployment makes it — a client properties file whose JAAS line Kafka's
 * DirectoryConfigProvider reads from a mounted-Secret-like directory ({@link KafkaConnection}). A client without
 * credentials, or with a wrong password, gets nothing; ingest may write ECGs (in its own transactions) but not alerts; the dashboard may read
 * alerts but not ECGs; training may release models but not write ECGs.
 */
class KafkaAclsIT {
    @Test
    void eachPrincipalMayDoWhatItsKafkaUserAllowsAndNothingElse(@TempDir Path dir) throws Exception {
        LocalTls tls = LocalTls.generate(dir.resolve("tls"));
        Path certificate = tls.certificate();
        String adminPassword = LocalTls.secret();
        try (KafkaBroker broker = KafkaBroker.startSecure(dir.resolve("kafka"), new KafkaBroker.Security(tls.keyStore(), tls.password(), adminPassword))) {
            String bootstrap = broker.bootstrapServers();
            Topics topics = new Topics(new InMemorySchemaRegistry(), true);
            List<KafkaUserAcls> users = KafkaUserAcls.read(K8sManifestsTest.BASE.resolve("kafka-users.yaml"));
            try (Admin admin = Admin.create(connection(dir, bootstrap, certificate, KafkaBroker.Security.ADMIN, adminPassword).config(Map.of()))) {
                new TopicProvisioner(topics).createTopics(admin, Replication.SINGLE_NODE);
                List<org.apache.kafka.clients.admin.UserScramCredentialAlteration> credentials = new ArrayList<>();
                List<AclBinding> acls = new ArrayList<>();
                for (KafkaUserAcls u : users) {
                    String password = LocalTls.secret();
                    Files.writeString(dir.resolve(u.user() + ".password"), password);
                    credentials.add(new UserScramCredentialUpsertion(u.user(), new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 4096), password));
                    acls.addAll(u.acls());
                }
                admin.alterUserScramCredentials(credentials).all().get(30, TimeUnit.SECONDS);
                admin.createAcls(acls).all().get(30, TimeUnit.SECONDS);
            }

            // no credentials at all: a plaintext client never gets an answer from the SASL_SSL listener
            try (Admin stranger = Admin.create(Map.of("bootstrap.servers", bootstrap, "request.timeout.ms", 3000, "default.api.timeout.ms", 6000))) {
                assertThrows(Exception.class, () -> stranger.describeCluster().nodes().get(10, TimeUnit.SECONDS), "a client without TLS and SASL");
            }
            // TLS, but someone else's password
            try (KafkaProducer<byte[], byte[]> wrong = producer(connection(dir, bootstrap, certificate, "ingest", "not-the-password"))) {
                ExecutionException e = assertThrows(ExecutionException.class,
                        () -> wrong.send(new ProducerRecord<>(topics.ecgRecorded.name(), new byte[]{1})).get(20, TimeUnit.SECONDS));
                assertInstanceOf(SaslAuthenticationException.class, e.getCause(), e.toString());
            }

            KafkaConnection ingest = connection(dir, bootstrap, certificate, "ingest", Files.readString(dir.resolve("ingest.password")));
            try (KafkaProducer<byte[], byte[]> p = producer(ingest)) {
                assertNotNull(p.send(new ProducerRecord<>(topics.ecgRecorded.name(), new byte[]{1})).get(30, TimeUnit.SECONDS),
                        "ingest writes ECGs (an idempotent producer with Write on the topic, nothing on the cluster)");
            }
            try (KafkaProducer<byte[], byte[]> p = producer(ingest)) {
                ExecutionException e = assertThrows(ExecutionException.class,
                        () -> p.send(new ProducerRecord<>(topics.triageAlerts.name(), new byte[]{1})).get(30, TimeUnit.SECONDS));
                assertInstanceOf(TopicAuthorizationException.class, e.getCause(), "ingest may not raise alerts: " + e);
            }
            // an HL7 message's event and its accepted-message record: one transaction under ingest's transactional ids
            try (KafkaProducer<byte[], byte[]> p = transactional(ingest, "triage-ingest-pod-1")) {
                p.initTransactions();
                p.beginTransaction();
                p.send(new ProducerRecord<>(topics.ecgRecorded.name(), new byte[]{1}));
                p.send(new ProducerRecord<>(topics.acceptedMessages.name(), "HOSP|1".getBytes(), new byte[]{1}));
                p.commitTransaction(); // throws if any part was refused
            }
            try (KafkaConsumer<byte[], byte[]> c = consumer(ingest)) {
                c.assign(List.of(new TopicPartition(topics.acceptedMessages.name(), 0)));
                c.seekToBeginning(c.assignment());
                c.poll(Duration.ofSeconds(2)); // ingest reads the accepted control ids back: no exception
            }
            try (KafkaProducer<byte[], byte[]> p = transactional(ingest, "triage-scoring-pod-1")) {
                assertThrows(TransactionalIdAuthorizationException.class, p::initTransactions,
                        "ingest may not take the scoring service's transactional ids (it could fence its exactly-once processing)");
            }

            KafkaConnection dashboard = connection(dir, bootstrap, certificate, "dashboard", Files.readString(dir.resolve("dashboard.password")));
            try (KafkaConsumer<byte[], byte[]> c = consumer(dashboard)) {
                c.assign(List.of(new TopicPartition(topics.triageAlerts.name(), 0)));
                c.seekToBeginning(c.assignment());
                c.poll(Duration.ofSeconds(2)); // allowed: no exception
            }
            try (KafkaConsumer<byte[], byte[]> c = consumer(dashboard)) {
                c.assign(List.of(new TopicPartition(topics.ecgRecorded.name(), 0)));
                c.seekToBeginning(c.assignment());
                assertThrows(TopicAuthorizationException.class, () -> c.poll(Duration.ofSeconds(10)), "the dashboard may not read ECGs");
            }

            KafkaConnection training = connection(dir, bootstrap, certificate, "training", Files.readString(dir.resolve("training.password")));
            try (KafkaProducer<byte[], byte[]> p = producer(training)) {
                assertNotNull(p.send(new ProducerRecord<>(topics.modelReleases.name(), "ami".getBytes(), new byte[]{1})).get(30, TimeUnit.SECONDS));
            }
            try (KafkaProducer<byte[], byte[]> p = producer(training)) {
                ExecutionException e = assertThrows(ExecutionException.class,
                        () -> p.send(new ProducerRecord<>(topics.ecgRecorded.name(), new byte[]{1})).get(30, TimeUnit.SECONDS));
                assertInstanceOf(TopicAuthorizationException.class, e.getCause(), "training may not write ECGs: " + e);
            }
        }
    }

    /** What the Kubernetes deployment gives a service: the kafka-client ConfigMap's file and the user's Secret as a directory. */
    private static KafkaConnection connection(Path dir, String bootstrap, Path certificate, String user, String password) throws Exception {
        Path secret = Files.createDirectories(dir.resolve("secrets").resolve(user + "-" + System.nanoTime()));
        Files.writeString(secret.resolve("sasl.jaas.config"),
                "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + user + "\" password=\"" + password + "\";");
        Path file = secret.resolveSibling(secret.getFileName() + ".properties");
        Files.writeString(file, """
                security.protocol=SASL_SSL
                sasl.mechanism=SCRAM-SHA-512
                config.providers=dir
                config.providers.dir.class=org.apache.kafka.common.config.provider.DirectoryConfigProvider
                sasl.jaas.config=${dir:%s:sasl.jaas.config}
                ssl.truststore.type=PEM
                ssl.truststore.location=%s
                """.formatted(secret, certificate));
        return KafkaConnection.of(bootstrap, Optional.of(file));
    }

    private static KafkaProducer<byte[], byte[]> producer(KafkaConnection c) {
        return new KafkaProducer<>(c.config(Map.of("acks", "all", "enable.idempotence", true, "max.block.ms", 20_000, "delivery.timeout.ms", 20_000,
                "request.timeout.ms", 10_000)), new ByteArraySerializer(), new ByteArraySerializer());
    }

    private static KafkaProducer<byte[], byte[]> transactional(KafkaConnection c, String transactionalId) {
        return new KafkaProducer<>(c.config(Map.of("acks", "all", "enable.idempotence", true, "transactional.id", transactionalId,
                "max.block.ms", 20_000, "delivery.timeout.ms", 20_000, "request.timeout.ms", 10_000)), new ByteArraySerializer(), new ByteArraySerializer());
    }

    private static KafkaConsumer<byte[], byte[]> consumer(KafkaConnection c) {
        return new KafkaConsumer<>(c.config(Map.of("enable.auto.commit", false)), new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }
}
