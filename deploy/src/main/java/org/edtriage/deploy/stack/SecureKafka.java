package org.edtriage.deploy.stack;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialAlteration;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.acl.AclBinding;
import org.edtriage.deploy.k8s.KafkaUserAcls;
import org.edtriage.infra.KafkaBroker;
import org.edtriage.infra.KafkaCluster;
import org.edtriage.infra.LocalTls;
import org.edtriage.infra.SecretFiles;
import org.edtriage.schemas.KafkaConnection;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Kafka as a hospital runs it, on this machine: a broker whose clients must sign in over TLS (SASL_SSL, SCRAM-SHA-512;
 * a certificate made at start), the StandardAuthorizer, and one principal per service with exactly the ACLs of
 * {@code deploy/k8s/base/kafka-users.yaml} ({@link KafkaUserAcls}). Each principal's password is made fresh and lands
 * only in an owner-only file; each service gets a Kafka client properties file that reaches it through Kafka's
 * {@code DirectoryConfigProvider}, as the Kubernetes deployment mounts a Secret — no password on a command line.
 * The stack's own tooling (provisioning, releasing the demo model, the console and the load generator) signs in as
 * the super-user {@code admin}.
 */
final class SecureKafka {
    private final KafkaCluster cluster;
    private final Map<String, Path> clientProperties = new LinkedHashMap<>();

    private SecureKafka(KafkaCluster cluster) {
        this.cluster = cluster;
    }

    /** @param tls the broker's certificate (the local stack's, made at start) */
    static SecureKafka start(Path dir, LocalTls tls, Path kafkaUsers) throws Exception {
        String adminPassword = LocalTls.secret();
        KafkaCluster cluster = KafkaCluster.startSecure(dir.resolve("kafka"), new KafkaBroker.Security(tls.keyStore(), tls.password(), adminPassword));
        SecureKafka kafka = new SecureKafka(cluster);
        try {
            kafka.clientProperties.put(KafkaBroker.Security.ADMIN, kafka.signIn(dir, tls, KafkaBroker.Security.ADMIN, adminPassword));
            List<UserScramCredentialAlteration> credentials = new ArrayList<>();
            List<AclBinding> acls = new ArrayList<>();
            Map<String, String> passwords = new LinkedHashMap<>();
            for (KafkaUserAcls user : KafkaUserAcls.read(kafkaUsers)) {
                String password = LocalTls.secret();
                passwords.put(user.user(), password);
                credentials.add(new UserScramCredentialUpsertion(user.user(), new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 4096), password));
                acls.addAll(user.acls());
            }
            try (Admin admin = Admin.create(kafka.connection(KafkaBroker.Security.ADMIN).config(Map.of()))) {
                admin.alterUserScramCredentials(credentials).all().get(60, TimeUnit.SECONDS);
                admin.createAcls(acls).all().get(60, TimeUnit.SECONDS);
            }
            for (var p : passwords.entrySet()) {
                kafka.clientProperties.put(p.getKey(), kafka.signIn(dir, tls, p.getKey(), p.getValue()));
            }
            return kafka;
        } catch (Exception | Error e) {
            cluster.close();
            throw e;
        }
    }

    /** The principal's secret directory (its JAAS line, owner-only) and the client properties file that points into it. */
    private Path signIn(Path dir, LocalTls tls, String user, String password) throws java.io.IOException {
        Path secret = dir.resolve("secrets").resolve("kafka-" + user);
        SecretFiles.write(secret.resolve("sasl.jaas.config"),
                "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + user + "\" password=\"" + password + "\";");
        return SecretFiles.write(dir.resolve("secrets").resolve("kafka-" + user + ".properties"), """
                # %s's Kafka client settings; the password stays in the directory the config provider reads
                security.protocol=SASL_SSL
                sasl.mechanism=%s
                config.providers=dir
                config.providers.dir.class=org.apache.kafka.common.config.provider.DirectoryConfigProvider
                sasl.jaas.config=${dir:%s:sasl.jaas.config}
                ssl.truststore.type=PEM
                ssl.truststore.location=%s
                """.formatted(user, KafkaBroker.Security.MECHANISM, secret, tls.certificate()));
    }

    KafkaCluster cluster() {
        return cluster;
    }

    /** The client properties file of a principal of kafka-users.yaml, or of {@code admin}. */
    Path clientProperties(String user) {
        Path file = clientProperties.get(user);
        if (file == null) {
            throw new IllegalArgumentException("no Kafka principal " + user + " (kafka-users.yaml declares " + clientProperties.keySet() + ")");
        }
        return file;
    }

    KafkaConnection connection(String user) {
        return KafkaConnection.of(cluster.bootstrapServers(), Optional.of(clientProperties(user)));
    }
}
