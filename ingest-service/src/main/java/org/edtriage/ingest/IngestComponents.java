package org.edtriage.ingest;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.edtriage.ingest.hl7.Hl7Ingest;
import org.edtriage.ingest.kafka.EventPublisher;
import org.edtriage.ingest.mllp.MllpServer;
import org.edtriage.ingest.wfdb.HotFolder;
import org.edtriage.ingest.wfdb.WfdbIngest;
import org.edtriage.schemas.Topics;
import org.edtriage.schemas.registry.SchemaRegistryClient;
import org.jboss.logging.Logger;

import javax.net.ServerSocketFactory;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
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
    @ConfigProperty(name = "triage.registry.url")
    String registryUrl;
    @ConfigProperty(name = "triage.registry.auto-register", defaultValue = "true")
    boolean autoRegister;
    @ConfigProperty(name = PseudonymKey.SETTING)
    Optional<String> pseudonymKey;
    @ConfigProperty(name = PseudonymKey.FILE_SETTING)
    Optional<java.nio.file.Path> pseudonymKeyFile;
    @ConfigProperty(name = "triage.ingest.publish-timeout", defaultValue = "PT30S")
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
    @ConfigProperty(name = "triage.hl7.zone", defaultValue = "UTC")
    String hospitalZone;
    @ConfigProperty(name = "triage.hl7.duplicate-window", defaultValue = "100000")
    int duplicateWindow;

    @ConfigProperty(name = "triage.hotfolder.path")
    Optional<String> hotFolderPath;
    @ConfigProperty(name = "triage.hotfolder.poll", defaultValue = "PT1S")
    Duration hotFolderPoll;

    private EventPublisher publisher;
    private MllpServer mllp;
    private HotFolder hotFolder;

    @Produces
    @Singleton
    Topics topics() {
        return new Topics(new SchemaRegistryClient(registryUrl), autoRegister);
    }

    @Produces
    @Singleton
    EventPublisher publisher() {
        publisher = new EventPublisher(bootstrapServers, publishTimeout);
        return publisher;
    }

    @Produces
    @Singleton
    WfdbIngest wfdbIngest(Topics topics, EventPublisher publisher) {
        return new WfdbIngest(topics, publisher, new Pseudonymiser(key()), Clock.systemUTC());
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
    Hl7Ingest hl7Ingest(Topics topics, EventPublisher publisher, MeterRegistry metrics) {
        return new Hl7Ingest(topics, publisher, new Pseudonymiser(key()), ZoneId.of(hospitalZone), duplicateWindow,
                Clock.systemUTC(), metrics);
    }

    void start(@Observes StartupEvent event, Hl7Ingest hl7, WfdbIngest wfdb) throws Exception {
        if (hotFolderPath.isPresent()) {
            hotFolder = new HotFolder(java.nio.file.Path.of(hotFolderPath.get()), wfdb, hotFolderPoll, Duration.ofSeconds(2), Duration.ofMinutes(5));
            LOG.infof("watching hot folder %s", hotFolderPath.get());
        }
        if (!mllpEnabled) {
            return;
        }
        mllp = new MllpServer(mllpHost, mllpPort, mllpMaxConnections, mllpMaxMessageBytes, socketFactory(), hl7);
        LOG.infof("MLLP listening on %s:%d%s", mllp.host(), mllp.port(), tlsKeystore.isPresent() ? " (TLS)" : "");
    }

    /** TLS when a keystore is configured (PKCS12 or JKS), plain TCP otherwise. */
    private ServerSocketFactory socketFactory() throws Exception {
        if (tlsKeystore.isEmpty()) {
            return ServerSocketFactory.getDefault();
        }
        char[] password = tlsKeystorePassword.orElse("").toCharArray();
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        try (var in = java.nio.file.Files.newInputStream(java.nio.file.Path.of(tlsKeystore.get()))) {
            store.load(in, password);
        }
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store, password);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(keys.getKeyManagers(), null, null);
        return tls.getServerSocketFactory();
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
        if (publisher != null) {
            publisher.close();
        }
    }
}
