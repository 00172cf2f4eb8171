package org.edtriage.ingest;

import org.edtriage.schemas.KafkaConnection;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.edtriage.ingest.hl7.AcceptedControlIds;
import org.edtriage.ingest.hl7.Hl7Ingest;
import org.edtriage.ingest.kafka.EventPublisher;
import org.edtriage.ingest.kafka.TransactionalPublisher;
import org.edtriage.ingest.mllp.MllpServer;
import org.edtriage.ingest.mllp.TlsServerSockets;
import org.edtriage.ingest.senders.SenderConfig;
import org.edtriage.ingest.senders.Senders;
import org.edtriage.ingest.wfdb.HotFolder;
import org.edtriage.ingest.wfdb.WfdbIngest;
import org.edtriage.schemas.Topics;
import org.edtriage.schemas.registry.SchemaRegistryClient;
import org.jboss.logging.Logger;

import javax.net.ServerSocketFactory;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.security.KeyStore;
import java.time.Clock;
import java.time.ZoneId;
import java.time.Duration;
import java.util.Optional;

/** Builds the plain-Java ingest core from configuration; the only place this service wires things. */
@ApplicationScoped
public class IngestComponents {
    private static final Logger LOG = Logger.getLogger(IngestComponents.class);

    @ConfigProperty(name = "triage.kafka.bootstrap-servers")
    String bootstrapServers;
    @ConfigProperty(name = KafkaConnection.PROPERTIES_SETTING)
    Optional<java.nio.file.Path> kafkaClientProperties;
    @ConfigProperty(name = "triage.registry.url")
    String registryUrl;
    /** A PEM certificate to trust for an https registry whose certificate the JVM's trust store does not hold. */
    @ConfigProperty(name = "triage.registry.trust-certificate")
    java.util.Optional<java.nio.file.Path> registryTrustCertificate;
    @ConfigProperty(name = "triage.registry.auto-register", defaultValue = "true")
    boolean autoRegister;
    @ConfigProperty(name = PseudonymKey.SETTING)
    Optional<String> pseudonymKey;
    @ConfigProperty(name = PseudonymKey.FILE_SETTING)
    Optional<java.nio.file.Path> pseudonymKeyFile;
    /**
     * How long a sender waits for Kafka before it is told to retry (AR, HTTP 503): long enough for a leader election in
     * a replicated cluster (one lost node), short enough that an outage of the whole cluster does not hold every
     * integration engine's connection half a minute per message.
     */
    @ConfigProperty(name = "triage.ingest.publish-timeout", defaultValue = "PT5S")
    Duration publishTimeout;

    @ConfigProperty(name = "triage.mllp.enabled", defaultValue = "true")
    boolean mllpEnabled;
    @ConfigProperty(name = "triage.mllp.host", defaultValue = "127.0.0.1")
    String mllpHost;
    @ConfigProperty(name = "triage.mllp.port", defaultValue = "2575")
    int mllpPort;
    @ConfigProperty(name = "triage.mllp.max-connections", defaultValue = "64")
    int mllpMaxConnections;
    @ConfigProperty(name = "triage.mllp.max-message-bytes", defaultValue = "16777216")
    int mllpMaxMessageBytes;
    @ConfigProperty(name = "triage.mllp.tls.keystore")
    Optional<String> tlsKeystore;
    @ConfigProperty(name = "triage.mllp.tls.keystore-password")
    Optional<String> tlsKeystorePassword;
    /** The certificate authorities whose client certificates MLLP senders may present; with it, client authentication is on. */
    @ConfigProperty(name = "triage.mllp.tls.truststore")
    Optional<String> tlsTruststore;
    @ConfigProperty(name = "triage.mllp.tls.truststore-password")
    Optional<String> tlsTruststorePassword;
    /** need (the default with a truststore): no client certificate, no connection; want: senders known by address may omit it. */
    @ConfigProperty(name = "triage.mllp.tls.client-auth", defaultValue = "need")
    TlsServerSockets.ClientAuth tlsClientAuth;
    @ConfigProperty(name = "triage.hl7.zone", defaultValue = "UTC")
    String hospitalZone;
    /** How many accepted control ids each instance keeps in memory (the topic keeps seven days of them). */
    @ConfigProperty(name = "triage.hl7.duplicate-window", defaultValue = "100000")
    int duplicateWindow;
    /**
     * This instance's name among the ingest instances, unique per running instance and stable across its restarts
     * (a restart then aborts what it left open at once): its Kafka transactional id is triage-ingest-NAME. Defaults
     * to the host name, which Kubernetes sets to the pod's name.
     */
    @ConfigProperty(name = "triage.ingest.instance-id")
    Optional<String> instanceId;

    @ConfigProperty(name = "triage.hotfolder.path")
    Optional<String> hotFolderPath;
    @ConfigProperty(name = "triage.hotfolder.poll", defaultValue = "PT1S")
    Duration hotFolderPoll;

    private EventPublisher publisher;
    private TransactionalPublisher transactions;
    private AcceptedControlIds accepted;
    private MllpServer mllp;
    private HotFolder hotFolder;

    @Produces
    @Singleton
    Topics topics() {
        return new Topics(SchemaRegistryClient.of(registryUrl, registryTrustCertificate), autoRegister);
    }

    @Produces
    @Singleton
    EventPublisher publisher() {
        publisher = new EventPublisher(kafka(), publishTimeout);
        return publisher;
    }

    @Produces
    @Singleton
    WfdbIngest wfdbIngest(Topics topics, EventPublisher publisher) {
        // MUSE writes local acquisition times without an offset: they are read in the hospital's zone, as HL7 times are
        return new WfdbIngest(topics, publisher, new Pseudonymiser(key()), Clock.systemUTC(), ZoneId.of(hospitalZone));
    }

    private String key() {
        boolean devOrTest = io.quarkus.runtime.LaunchMode.current().isDevOrTest();
        if (devOrTest && pseudonymKey.isEmpty() && pseudonymKeyFile.isEmpty()) {
            LOG.warn(PseudonymKey.SETTING + " is not set: using the development key (dev/test profile only)");
        }
        return PseudonymKey.resolve(pseudonymKey, pseudonymKeyFile, devOrTest);
    }

    @Produces
    @Singleton
    Senders senders(SenderConfig config) {
        Senders senders = config.toSenders();
        if (senders.isEmpty()) {
            LOG.warn("no senders configured (triage.senders.\"NAME\".facilities=...): every MLLP message gets AR and every upload 403");
        }
        for (Senders.Sender s : senders.all()) {
            LOG.infof("sender '%s': facilities %s, MLLP from %s%s", s.name(), s.facilities(),
                    s.addresses().isEmpty() ? (s.certificate().isEmpty() ? "nowhere (HTTP only)" : "any address") : s.addresses(),
                    s.certificate().map(c -> " with certificate " + c.getName()).orElse(""));
        }
        return senders;
    }

    @Produces
    @Singleton
    AcceptedControlIds acceptedControlIds(Topics topics) {
        accepted = new AcceptedControlIds(kafka(), topics.acceptedMessages, duplicateWindow, publishTimeout);
        return accepted;
    }

    @Produces
    @Singleton
    Hl7Ingest hl7Ingest(Topics topics, EventPublisher publisher, AcceptedControlIds accepted, Senders senders, MeterRegistry metrics) {
        String instance = instanceId.filter(s -> !s.isBlank()).orElseGet(IngestComponents::hostName);
        transactions = new TransactionalPublisher(kafka(), instance, publishTimeout);
        LOG.infof("HL7 events are written in transactions as %s", transactions.transactionalId());
        return new Hl7Ingest(topics, publisher, transactions, accepted, new Pseudonymiser(key()), senders, ZoneId.of(hospitalZone),
                Clock.systemUTC(), metrics);
    }

    private KafkaConnection kafka() {
        return KafkaConnection.of(bootstrapServers, kafkaClientProperties);
    }

    private static String hostName() {
        String host = System.getenv("HOSTNAME");
        if (host != null && !host.isBlank()) {
            return host;
        }
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            return "instance";
        }
    }

    void start(@Observes StartupEvent event, Hl7Ingest hl7, WfdbIngest wfdb, Senders senders) throws Exception {
        if (hotFolderPath.isPresent()) {
            hotFolder = new HotFolder(java.nio.file.Path.of(hotFolderPath.get()), wfdb, hotFolderPoll, Duration.ofSeconds(2), Duration.ofMinutes(5));
            LOG.infof("watching hot folder %s", hotFolderPath.get());
        }
        if (!mllpEnabled) {
            return;
        }
        if (senders.anyCertificate() && (tlsTruststore.isEmpty() || tlsClientAuth == TlsServerSockets.ClientAuth.NONE)) {
            throw new IllegalStateException("a sender is recognised by its client certificate, but MLLP does not ask for one: set "
                    + "triage.mllp.tls.keystore and triage.mllp.tls.truststore (a truststore holding only the CA that issues senders' "
                    + "certificates: any CA in it could issue a matching subject)");
        }
        mllp = new MllpServer(mllpHost, mllpPort, mllpMaxConnections, mllpMaxMessageBytes, socketFactory(), hl7);
        LOG.infof("MLLP listening on %s:%d%s", mllp.host(), mllp.port(), tlsKeystore.isEmpty() ? ""
                : tlsTruststore.isEmpty() ? " (TLS)" : " (TLS, client certificates: " + tlsClientAuth.name().toLowerCase() + ")");
    }

    /**
     * TLS when a keystore is configured (PKCS12 or JKS), plain TCP otherwise; with a truststore too, clients present
     * certificates signed by one of its authorities (the allow-list then maps certificate subjects to senders).
     */
    private ServerSocketFactory socketFactory() throws Exception {
        if (tlsKeystore.isEmpty()) {
            if (tlsTruststore.isPresent()) {
                throw new IllegalStateException("triage.mllp.tls.truststore is set but triage.mllp.tls.keystore is not: "
                        + "client certificates need TLS, and TLS needs the server's own key");
            }
            return ServerSocketFactory.getDefault();
        }
        char[] password = tlsKeystorePassword.orElse("").toCharArray();
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(load(tlsKeystore.get(), password), password);
        TrustManagerFactory trust = null;
        if (tlsTruststore.isPresent()) {
            trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(load(tlsTruststore.get(), tlsTruststorePassword.orElse("").toCharArray()));
        }
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(keys.getKeyManagers(), trust == null ? null : trust.getTrustManagers(), null);
        return TlsServerSockets.of(tls, trust == null ? TlsServerSockets.ClientAuth.NONE : tlsClientAuth);
    }

    private static KeyStore load(String file, char[] password) throws Exception {
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType()); // PKCS12, which also reads JKS
        try (var in = java.nio.file.Files.newInputStream(java.nio.file.Path.of(file))) {
            store.load(in, password);
        }
        return store;
    }

    public MllpServer mllp() {
        return mllp;
    }

    void stop(@Observes ShutdownEvent event) {
        if (hotFolder != null) {
            hotFolder.close();
        }
        if (mllp != null) {
            mllp.close();
        }
        if (transactions != null) {
            transactions.close();
        }
        if (accepted != null) {
            accepted.close();
        }
        if (publisher != null) {
            publisher.close();
        }
    }
}
